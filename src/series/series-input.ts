import { UserError } from '../core/errors.js';
import {
  checkDetails,
  checkGiven,
  checkLinkFor,
  checkTitle,
  type DiscussionOptions,
  type DiscussionOptionValues,
  formatDuration,
  type GuildSettings,
  parseDuration,
  readDiscussionOptions,
  requireAnnouncementChannel,
  type TopicPages,
} from '../firesides/index.js';
import {
  CRON_EXAMPLES,
  HORIZON_YEARS,
  MIN_SERIES_INTERVAL_MINUTES,
  nextOccurrences,
  shortestIntervalMinutes,
  validateSeriesCron,
} from './occurrences.js';
import type { NewSeries, Series, SeriesPatch } from './series-store.js';

/** Three days, unless the series meets more often than that. */
export const DEFAULT_ANNOUNCE_BEFORE_MINUTES = 3 * 1_440;

export type SeriesInput = Omit<NewSeries, 'guildId' | 'createdBy' | 'createdAt'> & { next: number[] };

/** The options of /fireside series create and edit: those of /fireside schedule (but `start`), the cron and the lead time. */
export interface SeriesOptions extends Omit<DiscussionOptions, 'start'> {
  schedule: string | null;
  announceBefore: string | null;
}

/** Those options as the command kit reads them, named as in the JSON of /fireside series create and edit. */
export interface SeriesOptionValues extends Omit<DiscussionOptionValues, 'start'> {
  readonly schedule: string | null;
  readonly 'announce-before': string | null;
}

export function readSeriesOptions(values: SeriesOptionValues, pages: TopicPages): SeriesOptions {
  const { start: _start, ...options } = readDiscussionOptions({ ...values, start: null }, pages);
  return { ...options, schedule: values.schedule, announceBefore: values['announce-before'] };
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
  if (next.length === 0) {
    throw new UserError(
      `\`${cron}\` never occurs: not once in the next ${HORIZON_YEARS} years. Examples: ${CRON_EXAMPLES}.`,
    );
  }
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
  /** Only what differs from the series: a value given again is no change. */
  patch: SeriesPatch;
  /** Where occurrences will be announced: the series' channel, else the server's. */
  channelId: string;
  /** The schedule, its zone or the announcement lead time changed: occurrences not seen yet are made again. */
  rescheduled: boolean;
  /** What changed (option names), for the reply and the log. */
  changed: string[];
  /** Reminder offsets at least as early as the announcement: skipped, since members cannot answer before it. */
  early: number[];
}

/**
 * /fireside series edit: only the options given change, each with the check of /fireside series create; the
 * schedule that results is checked as a whole (a new cron against the old lead time, and the other way round), and
 * so is the channel occurrences will be announced in.
 */
/** What `clear:` of /fireside series edit unsets, by the option that sets it. */
export const SERIES_CLEARABLE = { topic: 'topicSlug' } as const;

export function validateSeriesEdit(
  options: SeriesOptions,
  series: Series,
  settings: GuildSettings,
  now: Date,
  cleared?: (typeof SERIES_CLEARABLE)[keyof typeof SERIES_CLEARABLE],
): SeriesEdit {
  const given: SeriesPatch = checkGiven(options, 'series');
  // The title is kept only to name a topic whose page is gone: no topic, no title.
  if (cleared === 'topicSlug') Object.assign(given, { topicSlug: null, topicTitle: null });
  if (options.schedule !== null) given.cron = validateSeriesCron(options.schedule);
  if (options.announceBefore !== null)
    given.announceBeforeMinutes = parseDuration(options.announceBefore, 'announce-before duration');
  if (Object.keys(given).length === 0) throw new UserError('Nothing to change: give at least one option to edit.');

  const edited = { ...series, ...given };
  checkLinkFor(edited.link, edited.linkFor, `the series **${series.title}**`);
  const { interval } = checkCadence(edited.cron, edited.timezone, now);
  checkAnnounceBefore(edited.announceBeforeMinutes, interval);
  const channelId = edited.channelId ?? requireAnnouncementChannel(null, settings);
  const keys = (Object.keys(given) as (keyof SeriesPatch)[]).filter(
    (key) => JSON.stringify(given[key]) !== JSON.stringify(series[key]),
  );
  const patch = Object.fromEntries(keys.map((key) => [key, given[key]])) as SeriesPatch;
  const rescheduled = keys.some((key) => key === 'cron' || key === 'timezone' || key === 'announceBeforeMinutes');
  const early = earlyReminders(edited.announceBeforeMinutes, edited.reminders ?? settings.reminders);
  const changed = [...new Set(keys.map((key) => FIELD_NAMES[key]))];
  return { patch, channelId, rescheduled, changed, early };
}

/** Offsets at or before the announcement: those reminders are always skipped ("due before the announcement"). */
export function earlyReminders(announceBeforeMinutes: number, offsets: readonly number[]): number[] {
  return offsets.filter((minutes) => minutes >= announceBeforeMinutes);
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
  linkFor: 'link-for',
  capacity: 'capacity',
  channelId: 'channel',
  reminders: 'reminders',
  topicSlug: 'topic',
  topicTitle: 'topic',
};
