import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import {
  autocompleteEvent,
  cancelDiscussion,
  editDiscussion,
  listAttendees,
  listMine,
  listQuestions,
  listUpcoming,
  pageAttendees,
  pageUpcoming,
  REASON_MAX,
  scheduleDiscussion,
  showInfo,
  timeZoneChoices,
} from '../src/firesides/index.js';
import { autocompleteSeries } from '../src/series/index.js';
import { openTopicPage } from '../src/topics/index.js';
import { defineCommand } from './command-kit.js';
import { DETAIL_FIELDS, discussionFields, eventOption } from './fireside-options.js';
import { seriesGroup, seriesRoutes } from './fireside-series.js';

const S = ApplicationCommandOptionType;

const event = eventOption;
const field = discussionFields;

/** The options of schedule and edit; schedule requires title and start, edit requires nothing but the event. */
function discussionOptions<const Required extends boolean>(required: Required) {
  return [
    { ...field.title, required },
    { ...field.start, required },
    ...DETAIL_FIELDS.map((name) =>
      name === 'duration' && !required ? { ...field.duration, description: 'Length in minutes' } : field[name],
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
            { name: 'Topic (library page)', value: 'topic' },
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
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Where moderators may pick a discussion that is not announced yet (a series occurrence). */
const SEES_UNANNOUNCED: ReadonlySet<string> = new Set(['info', 'edit', 'cancel']);

export const command = defineCommand(data, {
  run: {
    schedule: (interaction, options, deps) => scheduleDiscussion(interaction, deps, options),
    list: (interaction, _options, deps) => listUpcoming(interaction, deps),
    info: (interaction, options, deps) => showInfo(interaction, deps, options.event),
    mine: (interaction, _options, deps) => listMine(interaction, deps),
    attendees: (interaction, options, deps) => listAttendees(interaction, deps, options.event),
    edit: (interaction, options, deps) => editDiscussion(interaction, deps, options),
    cancel: (interaction, options, deps) => cancelDiscussion(interaction, deps, options),
    questions: (interaction, options, deps) => listQuestions(interaction, deps, options.event),
    series: seriesRoutes,
  },
  autocomplete: async (interaction, focused, deps) => {
    if (focused.name === 'timezone') return interaction.respond(timeZoneChoices(focused.value));
    // The library's own page names: what /modality offers anyone, nothing of the server's discussions.
    if (focused.name === 'topic') return interaction.respond(deps.library.autocomplete(focused.value));
    if (focused.group === 'series') return autocompleteSeries(interaction, deps, focused.value);
    await autocompleteEvent(interaction, deps, focused.value, SEES_UNANNOUNCED.has(focused.subcommand));
  },
  components: {
    attendees: (interaction, [id, page], deps) => pageAttendees(interaction, deps, id, page),
    events: (interaction, [page], deps) => pageUpcoming(interaction, deps, page),
    // Read: <page title> on an announcement: the topic's page, to the member alone, its section buttons in place.
    read: (interaction, [slug], deps) => openTopicPage(interaction, deps, slug, 'overview'),
  },
});
