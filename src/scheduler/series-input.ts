import type { ChatInputCommandInteraction } from 'discord.js';
import { UserError } from '../errors.js';
import type { GuildSettings } from '../firesides/index.js';
import {
  checkDetails,
  checkTitle,
  type DiscussionOptions,
  readDiscussionOptions,
  requireAnnouncementChannel,
} from '../firesides/input.js';
import { formatDuration, parseDuration } from '../firesides/offsets.js';
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

/** The options of /fireside series create: those of /fireside schedule (but `start`), the cron and the lead time. */
export interface SeriesOptions extends Omit<DiscussionOptions, 'start'> {
  schedule: string | null;
  announceBefore: string | null;
}

export function readSeriesOptions(interaction: ChatInputCommandInteraction): SeriesOptions {
  const { start: _start, ...options } = readDiscussionOptions(interaction);
  return {
    ...options,
    schedule: interaction.options.getString('schedule'),
    announceBefore: interaction.options.getString('announce-before'),
  };
}

/**
 * Every check of /fireside series create, before anything is stored or posted.
 * The field checks are those of /fireside schedule (src/firesides/input.ts): same limits, same messages.
 */
export function validateSeriesInput(options: SeriesOptions, settings: GuildSettings, now: Date): SeriesInput {
  if (options.title === null || options.schedule === null) throw new UserError('Give both a `title` and a `schedule`.');
  const title = checkTitle(options.title, 'series');
  const details = checkDetails(options, settings);
  requireAnnouncementChannel(options.channel, settings);
  // Stored as given: no channel means the server's announcement channel at the time of each announcement.
  const channelId = options.channel?.id ?? null;
  const { timezone } = details;
  const cron = validateSeriesCron(options.schedule);

  const from = now.getTime();
  const next = nextOccurrences(cron, timezone, from, 3);
  if (next.length === 0) throw new UserError(`\`${cron}\` never occurs. Examples: ${CRON_EXAMPLES}.`);
  const interval = shortestIntervalMinutes(cron, timezone, from);
  if (interval !== undefined && interval < MIN_SERIES_INTERVAL_MINUTES) {
    throw new UserError(
      `\`${cron}\` meets every ${interval} minutes; a series meets at most once an hour. Examples: ${CRON_EXAMPLES}.`,
    );
  }
  const defaultBefore = Math.min(DEFAULT_ANNOUNCE_BEFORE_MINUTES, interval ?? DEFAULT_ANNOUNCE_BEFORE_MINUTES);
  const announceBeforeMinutes =
    options.announceBefore === null ? defaultBefore : parseDuration(options.announceBefore, 'announce-before duration');
  if (interval !== undefined && announceBeforeMinutes > interval) {
    throw new UserError(
      `\`announce-before\` is ${formatDuration(announceBeforeMinutes)}, longer than the ${formatDuration(interval)} between two occurrences: each would be announced before the previous one took place. Use at most \`${formatDuration(interval)}\`.`,
    );
  }
  return {
    ...details,
    title,
    cron,
    announceBeforeMinutes,
    channelId,
    next,
  };
}
