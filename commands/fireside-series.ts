import { type APIApplicationCommandSubcommandGroupOption, ApplicationCommandOptionType } from 'discord.js';
import { createSeries, deleteSeries, editSeries, listSeries, pauseSeries, resumeSeries } from '../src/series/index.js';
import type { GroupRoutes } from './command-kit.js';
import { discussionFields } from './fireside-options.js';

const S = ApplicationCommandOptionType;
const field = discussionFields;

const seriesOption = {
  type: S.String,
  name: 'series',
  description: 'The series (pick from the list)',
  required: true,
  autocomplete: true,
  max_length: 100,
} as const;

/** The options of create; edit takes the same, all optional. */
const seriesFields = [
  { ...field.title, required: true },
  {
    type: S.String,
    name: 'schedule',
    // Option descriptions stop at 100 characters: this one carries the one rule that surprises people.
    description: 'Cron, e.g. 0 19 * * 4 = Thu 19:00. Day of month AND day of week must both match',
    required: true,
    max_length: 100,
  },
  { ...field.timezone, description: 'Time zone of the schedule (default: the server’s)' },
  {
    type: S.String,
    name: 'announce-before',
    description: 'How early each is announced, e.g. 3d (default 3d, or less for denser series)',
    max_length: 10,
  },
  field.description,
  { ...field.topic, description: 'The Healing Library page each occurrence is about (pick from the list)' },
  field.duration,
  field.facilitator,
  field.location,
  field.link,
  { ...field['link-for'], description: 'Who sees each occurrence’s link: everyone (default), or only members going' },
  field.capacity,
  { ...field.channel, description: 'Where to announce (default: the announcement channel)' },
  { ...field.reminders, description: 'Reminders before each, e.g. 24h,1h or none' },
] as const;

/** `/fireside series …`, wired into /fireside by commands/fireside.ts. */
export const seriesGroup = {
  type: S.SubcommandGroup,
  name: 'series',
  description: 'Recurring discussions (moderators)',
  options: [
    { type: S.Subcommand, name: 'create', description: 'Create a recurring discussion', options: [...seriesFields] },
    {
      type: S.Subcommand,
      name: 'edit',
      description: 'Change a series: occurrences not announced yet follow, announced ones keep their details',
      options: [
        seriesOption,
        ...seriesFields.map((option) => ({ ...option, required: false })),
        {
          type: S.String,
          name: 'clear',
          description: 'Unset one detail',
          // The one detail a series is ever without once set; its occurrences not announced yet follow.
          choices: [{ name: 'Topic (library page)', value: 'topic' }],
        },
      ],
    },
    { type: S.Subcommand, name: 'list', description: 'The series of this server (moderators)' },
    { type: S.Subcommand, name: 'pause', description: 'Stop creating occurrences for now', options: [seriesOption] },
    { type: S.Subcommand, name: 'resume', description: 'Start creating occurrences again', options: [seriesOption] },
    {
      type: S.Subcommand,
      name: 'delete',
      description: 'Delete a series',
      options: [
        seriesOption,
        {
          type: S.Boolean,
          name: 'cancel-upcoming',
          description: 'Also cancel its announced upcoming discussions (default: keep them)',
        },
      ],
    },
  ],
} as const satisfies APIApplicationCommandSubcommandGroupOption;

/** Routed by /fireside (commands/fireside.ts) from the `series` group of its definition. */
export const seriesRoutes: GroupRoutes<typeof seriesGroup> = {
  create: (interaction, options, deps) => createSeries(interaction, deps, options),
  edit: (interaction, options, deps) => editSeries(interaction, deps, options),
  list: (interaction, _options, deps) => listSeries(interaction, deps),
  pause: (interaction, options, deps) => pauseSeries(interaction, deps, options),
  resume: (interaction, options, deps) => resumeSeries(interaction, deps, options),
  delete: (interaction, options, deps) => deleteSeries(interaction, deps, options),
};
