import { ChannelType, type ChatInputCommandInteraction } from 'discord.js';
import { UserError } from '../errors.js';
import { type GuildSettings, requireTimeZone } from '../firesides/index.js';
import { DESCRIPTION_MAX, DURATION_MAX, TITLE_MAX } from '../firesides/input.js';
import { formatDuration, parseDuration, parseOffsets } from '../firesides/offsets.js';
import {
  CRON_EXAMPLES,
  MIN_SERIES_INTERVAL_MINUTES,
  nextOccurrences,
  shortestIntervalMinutes,
  validateSeriesCron,
} from './occurrences.js';
import type { NewSeries } from './series-store.js';

/** Three days, unless the series meets more often than that. */
export const DEFAULT_ANNOUNCE_BEFORE_MINUTES = 3 * 1_440;

export type SeriesInput = Omit<NewSeries, 'guildId' | 'createdBy' | 'createdAt'> & { next: number[] };

/**
 * Every check of /fireside series create, before anything is stored or posted.
 * The field rules are those of /fireside schedule (same limits and messages).
 */
export function validateSeriesInput(
  interaction: ChatInputCommandInteraction,
  settings: GuildSettings,
  now: Date,
): SeriesInput {
  const options = interaction.options;
  const title = options.getString('title', true).trim();
  if (!title) throw new UserError('The title is empty. Give the series a title.');
  if (title.length > TITLE_MAX)
    throw new UserError(`The title is ${title.length} characters long; keep it to ${TITLE_MAX}.`);
  const description = options.getString('description')?.trim() || null;
  if (description && description.length > DESCRIPTION_MAX) {
    throw new UserError(`The description is ${description.length} characters long; keep it to ${DESCRIPTION_MAX}.`);
  }
  const durationMinutes = options.getInteger('duration') ?? 60;
  if (durationMinutes < 1 || durationMinutes > DURATION_MAX) {
    throw new UserError(`The duration is in minutes, from 1 to ${DURATION_MAX} (24 hours).`);
  }
  const capacity = options.getInteger('capacity');
  if (capacity !== null && capacity < 1)
    throw new UserError('The capacity must be at least 1. Leave it out for no limit.');
  const link = options.getString('link')?.trim() || null;
  if (link !== null && !/^https?:\/\/[^\s]+$/i.test(link)) {
    throw new UserError(
      'The link must be a web address starting with `https://` (or `http://`), such as `https://meet.example.org/fireside`.',
    );
  }
  const location = options.getChannel('location');
  if (location && location.type !== ChannelType.GuildVoice && location.type !== ChannelType.GuildStageVoice) {
    throw new UserError(
      `<#${location.id}> is not a voice or stage channel. Pick one for the location, or use \`link\`.`,
    );
  }
  const channel = options.getChannel('channel');
  if (channel && channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) {
    throw new UserError(`<#${channel.id}> is not a text channel. Pick a text channel for the announcements.`);
  }
  const channelId = channel?.id ?? settings.announcementChannelId;
  if (!channelId) {
    throw new UserError(
      'There is no announcement channel yet. Ask an admin to run `/setup announcements:#channel`, or pass `channel:` here.',
    );
  }
  const remindersText = options.getString('reminders');
  const reminders = remindersText === null ? null : parseOffsets(remindersText);
  const timezone = requireTimeZone(options.getString('timezone')?.trim() || settings.timezone);
  const cron = validateSeriesCron(options.getString('schedule', true));

  const from = now.getTime();
  const next = nextOccurrences(cron, timezone, from, 3);
  if (next.length === 0) throw new UserError(`\`${cron}\` never occurs. Examples: ${CRON_EXAMPLES}.`);
  const interval = shortestIntervalMinutes(cron, timezone, from);
  if (interval !== undefined && interval < MIN_SERIES_INTERVAL_MINUTES) {
    throw new UserError(
      `\`${cron}\` meets every ${interval} minutes; a series meets at most once an hour. Examples: ${CRON_EXAMPLES}.`,
    );
  }
  const beforeText = options.getString('announce-before');
  const defaultBefore = Math.min(DEFAULT_ANNOUNCE_BEFORE_MINUTES, interval ?? DEFAULT_ANNOUNCE_BEFORE_MINUTES);
  const announceBeforeMinutes =
    beforeText === null ? defaultBefore : parseDuration(beforeText, 'announce-before duration');
  if (interval !== undefined && announceBeforeMinutes > interval) {
    throw new UserError(
      `\`announce-before\` is ${formatDuration(announceBeforeMinutes)}, longer than the ${formatDuration(interval)} between two occurrences: each would be announced before the previous one took place. Use at most \`${formatDuration(interval)}\`.`,
    );
  }
  return {
    title,
    description,
    cron,
    timezone,
    announceBeforeMinutes,
    durationMinutes,
    facilitatorId: options.getUser('facilitator')?.id ?? null,
    locationChannelId: location?.id ?? null,
    link,
    capacity,
    channelId: channel?.id ?? null,
    reminders,
    next,
  };
}
