import {
  type APIApplicationCommandBasicOption,
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Deps } from '../src/deps.js';
import type { ComponentRoutes } from '../src/discord/command.js';
import { outsideServer, UserError } from '../src/errors.js';
import { isModerator } from '../src/firesides/access.js';
import {
  listAttendees,
  listMine,
  listQuestions,
  listUpcoming,
  pageAttendees,
  pageUpcoming,
  showInfo,
} from '../src/firesides/browse.js';
import { eventChoices } from '../src/firesides/choices.js';
import { REASON_MAX } from '../src/firesides/input.js';
import { cancelDiscussion, editDiscussion, scheduleDiscussion } from '../src/firesides/manage.js';
import { suggestTimeZones } from '../src/firesides/time.js';
import { DETAIL_FIELDS, discussionFields, eventOption } from './fireside-options.js';
import { autocompleteSeries, executeSeries, seriesGroup } from './fireside-series.js';

const S = ApplicationCommandOptionType;

const event = eventOption;
const field = discussionFields;

/** The options of schedule and edit; schedule requires title and start, edit requires nothing but the event. */
function discussionOptions(forSchedule: boolean): APIApplicationCommandBasicOption[] {
  return [
    { ...field.title, required: forSchedule },
    { ...field.start, required: forSchedule },
    ...DETAIL_FIELDS.map((name) =>
      name === 'duration' && !forSchedule ? { ...field.duration, description: 'Length in minutes' } : field[name],
    ),
  ];
}

export const data = {
  name: 'fireside',
  description: 'Fireside Discussions: schedule, browse and manage',
  contexts: [InteractionContextType.Guild],
  // Members use list, info and mine; moderator subcommands check Manage Events or the moderator role at run time.
  options: [
    {
      type: S.Subcommand,
      name: 'schedule',
      description: 'Schedule a discussion (moderators)',
      options: discussionOptions(true),
    },
    { type: S.Subcommand, name: 'list', description: 'Upcoming discussions' },
    { type: S.Subcommand, name: 'info', description: 'Details of a discussion', options: [event] },
    { type: S.Subcommand, name: 'mine', description: 'Your upcoming RSVPs' },
    {
      type: S.Subcommand,
      name: 'attendees',
      description: 'Who is going (moderators and the facilitator)',
      options: [event],
    },
    {
      type: S.Subcommand,
      name: 'edit',
      description: 'Change a discussion (moderators)',
      options: [
        event,
        ...discussionOptions(false),
        {
          type: S.String,
          name: 'clear',
          description: 'Unset one detail',
          choices: [
            { name: 'Description', value: 'description' },
            { name: 'Facilitator', value: 'facilitator' },
            { name: 'Location (voice or stage channel)', value: 'location' },
            { name: 'Link', value: 'link' },
            { name: 'Capacity (no limit: the waitlist gets in)', value: 'capacity' },
            { name: "Reminders (back to the server's)", value: 'reminders' },
          ],
        },
      ],
    },
    {
      type: S.Subcommand,
      name: 'cancel',
      description: 'Cancel a discussion (moderators)',
      options: [event, { type: S.String, name: 'reason', description: 'Told to members', max_length: REASON_MAX }],
    },
    {
      type: S.Subcommand,
      name: 'questions',
      description: 'Questions members asked (moderators and the facilitator)',
      options: [event],
    },
    seriesGroup,
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const handlers = {
  schedule: scheduleDiscussion,
  list: listUpcoming,
  info: showInfo,
  mine: listMine,
  attendees: listAttendees,
  edit: editDiscussion,
  cancel: cancelDiscussion,
  questions: listQuestions,
} as const;

export async function execute(interaction: ChatInputCommandInteraction, deps: Deps): Promise<void> {
  if (!interaction.inGuild()) throw outsideServer();
  if (interaction.options.getSubcommandGroup(false) === 'series') return executeSeries(interaction, deps);
  const name = interaction.options.getSubcommand(true);
  const handler = Object.hasOwn(handlers, name) ? handlers[name as keyof typeof handlers] : undefined;
  if (!handler) throw new UserError('This command is no longer available. Type `/fireside` to see the current ones.');
  await handler(interaction, deps);
}

/** Where moderators may pick a discussion that is not announced yet (a series occurrence). */
const SEES_UNANNOUNCED = new Set(['info', 'edit', 'cancel']);

export async function autocomplete(interaction: AutocompleteInteraction, deps: Deps): Promise<void> {
  if (!interaction.inGuild()) return interaction.respond([]);
  const focused = interaction.options.getFocused(true);
  if (focused.name === 'timezone') {
    return interaction.respond(suggestTimeZones(String(focused.value)).map((zone) => ({ name: zone, value: zone })));
  }
  if (interaction.options.getSubcommandGroup(false) === 'series') return autocompleteSeries(interaction, deps);
  if (focused.name === 'event') {
    const includeUnannounced =
      SEES_UNANNOUNCED.has(interaction.options.getSubcommand(false) ?? '') && isModerator(interaction, deps);
    return interaction.respond(eventChoices(deps, interaction.guildId, String(focused.value), { includeUnannounced }));
  }
  await interaction.respond([]);
}

export const components: ComponentRoutes = {
  attendees: (interaction, [id, page], deps) => pageAttendees(interaction, deps, id, page),
  events: (interaction, [page], deps) => pageUpcoming(interaction, deps, page),
};
