import {
  type APIApplicationCommandBasicOption,
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  ChannelType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Deps } from '../src/deps.js';
import type { ComponentRoutes } from '../src/discord/command.js';
import { UserError } from '../src/errors.js';
import {
  listAttendees,
  listMine,
  listQuestions,
  listUpcoming,
  pageAttendees,
  showInfo,
} from '../src/firesides/browse.js';
import { eventChoices } from '../src/firesides/choices.js';
import { DESCRIPTION_MAX, DURATION_MAX, TITLE_MAX } from '../src/firesides/input.js';
import { cancelDiscussion, editDiscussion, scheduleDiscussion } from '../src/firesides/manage.js';
import { suggestTimeZones } from '../src/firesides/time.js';
import { autocompleteSeries, executeSeries, seriesGroup } from './fireside-series.js';

const S = ApplicationCommandOptionType;

const event = {
  type: S.String,
  name: 'event',
  description: 'The discussion (pick from the list)',
  required: true,
  autocomplete: true,
  max_length: 100,
} as const satisfies APIApplicationCommandBasicOption;

/** The options of schedule and edit; schedule requires title and start, edit requires nothing but the event. */
function discussionOptions(forSchedule: boolean): APIApplicationCommandBasicOption[] {
  return [
    {
      type: S.String,
      name: 'title',
      description: 'Title, up to 100 characters',
      required: forSchedule,
      max_length: TITLE_MAX,
    },
    {
      type: S.String,
      name: 'start',
      description: 'When: 2026-12-03 19:00, Dec 3 7pm, next thursday 7pm, in 2 hours',
      required: forSchedule,
      max_length: 100,
    },
    { type: S.String, name: 'description', description: 'What it is about', max_length: DESCRIPTION_MAX },
    {
      type: S.Integer,
      name: 'duration',
      description: forSchedule ? 'Length in minutes (default 60)' : 'Length in minutes',
      min_value: 1,
      max_value: DURATION_MAX,
    },
    { type: S.User, name: 'facilitator', description: 'Who leads it' },
    {
      type: S.Channel,
      name: 'location',
      description: 'Voice or stage channel where it happens',
      channel_types: [ChannelType.GuildVoice, ChannelType.GuildStageVoice],
    },
    { type: S.String, name: 'link', description: 'Web link where it happens (https://…)', max_length: 500 },
    { type: S.Integer, name: 'capacity', description: 'Most people who can join; more go on a waitlist', min_value: 1 },
    {
      type: S.String,
      name: 'timezone',
      description: 'Time zone of the start (default: the server’s)',
      autocomplete: true,
    },
    {
      type: S.Channel,
      name: 'channel',
      description: 'Where to announce it (default: the announcement channel)',
      channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
    },
    { type: S.String, name: 'reminders', description: 'Reminders before it, e.g. 24h,1h or none', max_length: 100 },
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
      options: [event, ...discussionOptions(false)],
    },
    {
      type: S.Subcommand,
      name: 'cancel',
      description: 'Cancel a discussion (moderators)',
      options: [event, { type: S.String, name: 'reason', description: 'Told to members', max_length: 500 }],
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
  if (!interaction.inGuild()) return;
  if (interaction.options.getSubcommandGroup(false) === 'series') return executeSeries(interaction, deps);
  const name = interaction.options.getSubcommand(true);
  const handler = Object.hasOwn(handlers, name) ? handlers[name as keyof typeof handlers] : undefined;
  if (!handler) throw new UserError('This command is no longer available. Type `/fireside` to see the current ones.');
  await handler(interaction, deps);
}

export async function autocomplete(interaction: AutocompleteInteraction, deps: Deps): Promise<void> {
  if (!interaction.inGuild()) return interaction.respond([]);
  if (interaction.options.getSubcommandGroup(false) === 'series') return autocompleteSeries(interaction, deps);
  const focused = interaction.options.getFocused(true);
  if (focused.name === 'timezone') {
    return interaction.respond(suggestTimeZones(String(focused.value)).map((zone) => ({ name: zone, value: zone })));
  }
  if (focused.name === 'event') {
    return interaction.respond(eventChoices(deps, interaction.guildId, String(focused.value)));
  }
  await interaction.respond([]);
}

export const components: ComponentRoutes = {
  attendees: (interaction, [id, page], deps) => pageAttendees(interaction, deps, id, page),
};
