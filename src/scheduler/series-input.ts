import type { ChatInputCommandInteraction } from 'discord.js';
import { UserError } from '../errors.js';
import type { GuildSettings } from '../firesides/index.js';
import {
  checkDetails,
  checkGiven,
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
import type { NewSeries, Series, SeriesPatch } from './series-store.js';

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

  const { next, interval } = checkCadence(cron, timezone, now);
  const defaultBefore = Math.min(DEFAULT_ANNOUNCE_BEFORE_MINUTES, interval ?? DEFAULT_ANNOUNCE_BEFORE_MINUTES);
  const announceBeforeMinutes = checkAnnounceBefore(
    options.announceBefore === null ? defaultBefore : parseDuration(options.announceBefore, 'announce-before duration'),
    interval,
  );
  return {
    ...details,
    title,
    cron,
    announceBeforeMinutes,
    channelId,
    next,
  };
}

/** The next three occurrences and the shortest interval; a schedule that never occurs or meets too often is refused. */
function checkCadence(cron: string, timezone: string, now: Date): { next: number[]; interval: number | undefined } {
  const from = now.getTime();
  const next = nextOccurrences(cron, timezone, from, 3);
  if (next.length === 0) throw new UserError(`\`${cron}\` never occurs. Examples: ${CRON_EXAMPLES}.`);
  const interval = shortestIntervalMinutes(cron, timezone, from);
  if (interval !== undefined && interval < MIN_SERIES_INTERVAL_MINUTES) {
    throw new UserError(
      `\`${cron}\` meets every ${interval} minutes; a series meets at most once an hour. Examples: ${CRON_EXAMPLES}.`,
    );
  }
  return { next, interval };
}

/** Announced no earlier than the previous occurrence takes place. */
function checkAnnounceBefore(minutes: number, interval: number | undefined): number {
  if (interval !== undefined && minutes > interval) {
    throw new UserError(
      `\`announce-before\` is ${formatDuration(minutes)}, longer than the ${formatDuration(interval)} between two occurrences: each would be announced before the previous one took place. Use at most \`${formatDuration(interval)}\`.`,
    );
  }
  return minutes;
}

export interface SeriesEdit {
  patch: SeriesPatch;
  /** The next three occurrences under the edited schedule. */
  next: number[];
  /** The schedule, its zone or the announcement lead time changed: occurrences not announced yet are made again. */
  rescheduled: boolean;
  /** What changed, for the reply and the log. */
  changed: string[];
}

/**
 * /fireside series edit: only the options given change, each with the check of /fireside series create; the
 * schedule that results is checked as a whole (a new cron against the old lead time, and the other way round).
 */
export function validateSeriesEdit(options: SeriesOptions, series: Series, now: Date): SeriesEdit {
  const patch: SeriesPatch = checkGiven(options, 'series');
  if (options.schedule !== null) patch.cron = validateSeriesCron(options.schedule);
  if (options.announceBefore !== null)
    patch.announceBeforeMinutes = parseDuration(options.announceBefore, 'announce-before duration');
  if (Object.keys(patch).length === 0) throw new UserError('Nothing to change: give at least one option to edit.');

  const next = { ...series, ...patch };
  const { next: times, interval } = checkCadence(next.cron, next.timezone, now);
  checkAnnounceBefore(next.announceBeforeMinutes, interval);
  const changed = (Object.keys(patch) as (keyof SeriesPatch)[]).filter(
    (key) => JSON.stringify(patch[key]) !== JSON.stringify(series[key]),
  );
  const rescheduled = changed.some((key) => key === 'cron' || key === 'timezone' || key === 'announceBeforeMinutes');
  return { patch, next: times, rescheduled, changed: changed.map((key) => FIELD_NAMES[key]) };
}

/** The option names moderators typed, for "changed: …". */
const FIELD_NAMES: Record<keyof SeriesPatch, string> = {
  title: 'title',
  description: 'description',
  cron: 'schedule',
  timezone: 'timezone',
  announceBeforeMinutes: 'announce-before',
  durationMinutes: 'duration',
  facilitatorId: 'facilitator',
  locationChannelId: 'location',
  link: 'link',
  capacity: 'capacity',
  channelId: 'channel',
  reminders: 'reminders',
};
