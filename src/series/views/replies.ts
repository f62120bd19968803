import { count } from '../../discord/count.js';
import { clip } from '../../discord/typed-text.js';
import { formatDuration, formatOffsets, LINK_WITHHELD_TEXT, seconds } from '../../firesides/index.js';
import { rareScheduleNote } from '../occurrences.js';
import type { SeriesEdit } from '../series-input.js';
import type { Series } from '../series-store.js';

/** Where a moderator reads what a series command did when neither its reply nor a DM reached them. */
export const SERIES_LIST = '`/fireside series list`';

const nextText = (times: number[]) => times.map((at) => `<t:${seconds(at)}:F>`).join(', ');

/** "Next three: …", said plainly when the schedule is rare (29 February): the starts are years apart, or fewer. */
export function nextStartsText(series: Pick<Series, 'cron' | 'timezone'>, times: number[], now: number, label: string) {
  const rare = rareScheduleNote(series.cron, series.timezone, now);
  return `${times.length === 3 ? label : 'Next'}: ${nextText(times)}.${rare ? ` ${rare}` : ''}`;
}

/** One line of `/fireside series list`; a paused series still has the discussions members have seen. */
export function seriesLine(series: Series, start: number | undefined): string {
  const next = [
    series.paused ? 'paused' : '',
    start === undefined ? '' : `next <t:${seconds(start)}:F>`,
    series.topicTitle ? `topic: ${clip(series.topicTitle, 60)}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return `**#${series.id} ${clip(series.title, 80)}** · \`${series.cron}\` (${series.timezone}) · announced ${formatDuration(series.announceBeforeMinutes)} ahead · ${next}`;
}

/** The autocomplete choice's name for a series. */
export const seriesChoiceName = (series: Series) =>
  clip(`#${series.id} ${series.title} · ${series.cron} ${series.timezone}${series.paused ? ' · paused' : ''}`, 100);

export const them = (n: number) => (n === 1 ? 'it' : 'them');

const remindersText = (own: readonly number[] | null, server: readonly number[]) => {
  const offsets = own ?? server;
  const whose = own ? '' : ' (the server’s)';
  return offsets.length ? `Reminders: ${formatOffsets(offsets)} before the start${whose}.` : `No reminders${whose}.`;
};

const earlyNote = (early: number[], announceBeforeMinutes: number) =>
  `Note: reminders ${formatOffsets(early)} before would come at or before each announcement (${formatDuration(announceBeforeMinutes)} ahead), so they are skipped: members can answer only once it is announced.`;

export function createdText(
  series: Series,
  made: { next: number[]; now: number; channelId: string | null; serverReminders: readonly number[]; early: number[] },
): string {
  return [
    `Created the series **${series.title}** (#${series.id}): \`${series.cron}\` in ${series.timezone}.`,
    nextStartsText(series, made.next, made.now, 'Next three'),
    `Each is announced ${formatDuration(series.announceBeforeMinutes)} ahead in <#${made.channelId}>. ${remindersText(series.reminders, made.serverReminders)}`,
    ...(made.early.length ? [earlyNote(made.early, series.announceBeforeMinutes)] : []),
    ...(series.linkFor === 'going' ? [GOING_ONLY_NOTE] : []),
  ].join('\n');
}

/** A series' link kept for members going: what each occurrence's public posts say instead. */
const GOING_ONLY_NOTE = `Each occurrence's link goes only to members going; its announcement, Discord event and channel posts say "${LINK_WITHHELD_TEXT}".`;

export interface EditResult {
  updated: Series;
  replaced: number;
  followed: number;
  problem?: string | undefined;
  kept: number[];
  next: number[];
  now: number;
}

/** What a moderator should know after an edit: where the schedule stands, and what did and did not follow. */
export function editedText(edit: SeriesEdit, result: EditResult): string {
  const { updated } = result;
  const notes = [`Updated the series **${updated.title}** (#${updated.id}): ${edit.changed.join(', ')}.`];
  if (edit.rescheduled) {
    notes.push(
      updated.paused
        ? `It is paused: \`${updated.cron}\` in ${updated.timezone} applies once you resume it.`
        : `\`${updated.cron}\` in ${updated.timezone}, announced ${formatDuration(updated.announceBeforeMinutes)} ahead. ${nextStartsText(updated, result.next, result.now, 'Next')}`,
    );
    if (result.replaced) {
      notes.push(
        `Not announced yet, so dropped and made again at the new times: ${count(result.replaced, 'occurrence')} (changes made to ${them(result.replaced)} with \`/fireside edit\` do not carry over).`,
      );
    }
  } else if (result.followed) {
    notes.push(`Not announced yet, so changed too: ${count(result.followed, 'occurrence')}.`);
  }
  const kept = result.kept.length;
  if (kept) {
    const still = edit.rescheduled ? ` and still taking place; the new schedule starts after ${them(kept)}` : '';
    notes.push(
      `Already seen by members (announced or answered), so kept as ${kept === 1 ? 'it was' : 'they were'}${still}: ${count(kept, 'discussion')}. Change ${kept === 1 ? 'it' : 'each'} with \`/fireside edit\` if needed.`,
    );
  }
  if (edit.early.length) notes.push(earlyNote(edit.early, updated.announceBeforeMinutes));
  if (edit.patch.linkFor === 'going') notes.push(GOING_ONLY_NOTE);
  if (result.problem) notes.push(`Warning: ${result.problem}.`);
  return notes.join('\n');
}

export const unchangedText = (series: Series) =>
  `Nothing changed in **${series.title}** (#${series.id}): it already has those details.`;

export const noSeriesText = 'No series yet. Create one with `/fireside series create`.';

export function pausedText(series: Series, removed: number, upcoming: number): string {
  const kept = upcoming
    ? ` Still taking place, as members have seen ${them(upcoming)} (announced or answered): ${count(upcoming, 'discussion')}; cancel with \`/fireside cancel\` if needed.`
    : '';
  return `Paused **${series.title}** (#${series.id}); dropped ${count(removed, 'occurrence')} not announced yet.${kept}`;
}

export function resumedText(series: Series, made: { problem?: string | undefined; next: number[]; now: number }) {
  // With a problem (no channel) nothing is made, so the schedule's starts would mislead.
  const after = made.problem ? `Warning: ${made.problem}.` : nextStartsText(series, made.next, made.now, 'Next three');
  return `Resumed **${series.title}** (#${series.id}). ${after}`;
}

export const deletedText = (series: Series, removed: number) =>
  `Deleted the series **${series.title}** (#${series.id}); dropped ${count(removed, 'occurrence')} not announced yet.`;

export const keptAsOneOffsText = (announced: number) =>
  announced ? `\nStill taking place as one-offs: ${count(announced, 'announced discussion')}.` : '';

export const cancelledUpcomingText = (cancelled: number, told: number) =>
  `Cancelled ${count(cancelled, 'announced discussion')} and told the ${count(told, 'member')} who had answered.`;
