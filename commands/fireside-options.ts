import { type APIApplicationCommandBasicOption, ApplicationCommandOptionType, ChannelType } from 'discord.js';
import { DESCRIPTION_MAX, DURATION_MAX, TITLE_MAX } from '../src/firesides/index.js';

/**
 * Option definitions shared by /fireside schedule and edit, and /fireside series create and edit (and the `event:`
 * option of every command that names a discussion), so the limits and wording cannot drift apart.
 * Each command picks the ones it takes, in its own order, and may mark one required or reword it.
 */
const S = ApplicationCommandOptionType;

export const eventOption = {
  type: S.String,
  name: 'event',
  description: 'The discussion (pick from the list)',
  required: true,
  autocomplete: true,
  max_length: 100,
} as const satisfies APIApplicationCommandBasicOption;

export const discussionFields = {
  title: { type: S.String, name: 'title', description: 'Title, up to 100 characters', max_length: TITLE_MAX },
  start: {
    type: S.String,
    name: 'start',
    description: 'When: 2026-12-03 19:00, Dec 3 7pm, next thursday 7pm, in 2 hours',
    max_length: 100,
  },
  description: { type: S.String, name: 'description', description: 'What it is about', max_length: DESCRIPTION_MAX },
  topic: {
    type: S.String,
    name: 'topic',
    description: 'The Healing Library page it is about (pick from the list)',
    autocomplete: true,
    max_length: 100,
  },
  duration: {
    type: S.Integer,
    name: 'duration',
    description: 'Length in minutes (default 60)',
    min_value: 1,
    max_value: DURATION_MAX,
  },
  facilitator: { type: S.User, name: 'facilitator', description: 'Who leads it' },
  location: {
    type: S.Channel,
    name: 'location',
    description: 'Voice or stage channel where it happens',
    channel_types: [ChannelType.GuildVoice, ChannelType.GuildStageVoice],
  },
  link: { type: S.String, name: 'link', description: 'Web link where it happens (https://…)', max_length: 500 },
  'link-for': {
    type: S.String,
    name: 'link-for',
    description: 'Who sees the link: everyone (default), or only members going (never shown publicly)',
    choices: [
      { name: 'Everyone (shown on the announcement)', value: 'everyone' },
      { name: 'Only members going (sent to them, never public)', value: 'going' },
    ],
  },
  capacity: {
    type: S.Integer,
    name: 'capacity',
    description: 'Most people who can join; more go on a waitlist',
    min_value: 1,
  },
  timezone: {
    type: S.String,
    name: 'timezone',
    description: 'Time zone of the start (default: the server’s)',
    autocomplete: true,
  },
  channel: {
    type: S.Channel,
    name: 'channel',
    description: 'Where to announce it (default: the announcement channel)',
    channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
  },
  reminders: {
    type: S.String,
    name: 'reminders',
    description: 'Reminders before it, e.g. 24h,1h or none',
    max_length: 100,
  },
} as const satisfies Record<string, APIApplicationCommandBasicOption>;

/** The fields after title and start, in the order /fireside schedule and /fireside edit list them. */
export const DETAIL_FIELDS = [
  'description',
  'topic',
  'duration',
  'facilitator',
  'location',
  'link',
  'link-for',
  'capacity',
  'timezone',
  'channel',
  'reminders',
] as const satisfies readonly (keyof typeof discussionFields)[];
