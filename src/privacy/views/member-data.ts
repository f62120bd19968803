import { count } from '../../discord/count.js';
import { clip } from '../../discord/typed-text.js';
import { STATUS_LABEL, seconds } from '../../firesides/index.js';
import type { MemberData } from '../member-data-store.js';

const CONTENT_MAX = 2_000;
/** At most this many of a list in the message; the attached file has them all. */
const LIST_MAX = 10;

export const ANONYMOUS_NOTE =
  'Anonymous questions cannot be listed: they are stored without their author, so nobody, me included, can tell which are yours.';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A page's title as the library has it now, else its slug (the page was removed since). */
export type PageTitle = (slug: string) => string;

interface List {
  heading: string;
  lines: string[];
  shown: number;
}

function renderList(list: List): string {
  if (list.lines.length === 0) return `**${list.heading}**: none`;
  const more = list.lines.length - list.shown;
  const rows = list.lines.slice(0, list.shown).map((line) => `• ${line}`);
  if (more > 0) rows.push(`• …and ${more} more (in the attached file)`);
  return [`**${list.heading}** (${list.lines.length})`, ...rows].join('\n');
}

/**
 * /privacy show's message: every kind of data, long lists cut to what fits Discord's 2,000 characters (the longest
 * list shortened first), each cut said with "and N more"; the attached file has everything.
 */
export function memberDataText(data: MemberData, pageTitle: PageTitle): string {
  const lists: List[] = [
    {
      heading: 'Your RSVPs',
      lines: data.rsvps.map(
        (r) =>
          `${STATUS_LABEL[r.answer]}: **${clip(r.title, 100)}**, <t:${seconds(r.startsAt)}:f>${r.discussionStatus === 'cancelled' ? ' (cancelled)' : ''}`,
      ),
      shown: 0,
    },
    {
      heading: 'Questions you asked under your name',
      lines: data.questions.map(
        (q) =>
          `**${clip(q.discussionTitle, 100)}**, <t:${seconds(q.askedAt)}:d>: ${clip(q.text.replace(/\s+/g, ' '), 80)}`,
      ),
      shown: 0,
    },
    { heading: 'Topics you would join a discussion on', lines: data.interests.map((i) => pageTitle(i.slug)), shown: 0 },
  ];
  for (const list of lists) list.shown = Math.min(list.lines.length, LIST_MAX);
  const reminders = data.reminders
    ? `**Reminders**: ${data.reminders.on ? 'on' : 'off'} (your choice since <t:${seconds(data.reminders.since)}:d>)`
    : '**Reminders**: on (you never chose otherwise)';
  const { reminders: r, moderatorReminders: m, mentionsOwed: o, promotionNotices: p } = data.deliveries;
  const deliveries = `**Delivery records**: ${count(r + m, 'reminder')} recorded as reaching you (so none comes twice)${o ? `, ${count(o, 'mention')} owed in a channel while your DMs are closed` : ''}${p ? `, ${count(p, 'notice')} that you moved up from a waitlist, not sent yet` : ''}`;
  const dm = data.dm.channelId
    ? `**Direct messages**: I remember the DM channel to you (for every server we share)${data.dm.closedSince !== null ? `, and that your DMs refused me <t:${seconds(data.dm.closedSince)}:R>` : ''}.`
    : data.dm.closedSince !== null
      ? `**Direct messages**: I remember that your DMs refused me <t:${seconds(data.dm.closedSince)}:R>.`
      : undefined;

  const render = () =>
    [
      '**What I hold about you in this server** (all of it in the attached file)',
      ...lists.map(renderList),
      reminders,
      deliveries,
      ...(dm ? [dm] : []),
      ANONYMOUS_NOTE,
      '`/privacy forget` erases it.',
    ].join('\n');
  let text = render();
  while (text.length > CONTENT_MAX) {
    const longest = lists.reduce((a, b) => (b.shown > a.shown ? b : a));
    if (longest.shown === 0) return clip(text, CONTENT_MAX);
    longest.shown -= 1;
    text = render();
  }
  return text;
}

/** The attached file: everything, with dates as ISO 8601 (UTC) so any program reads them. */
export function memberDataJson(
  data: MemberData,
  context: { guildId: string; userId: string; now: number },
  pageTitle: PageTitle,
): string {
  return JSON.stringify(
    {
      server: context.guildId,
      member: context.userId,
      exportedAt: iso(context.now),
      rsvps: data.rsvps.map((r) => ({
        discussionId: r.discussionId,
        title: r.title,
        startsAt: iso(r.startsAt),
        timezone: r.timezone,
        discussionStatus: r.discussionStatus,
        answer: r.answer,
        firstAnsweredAt: iso(r.firstAnsweredAt),
        answerSince: iso(r.answerSince),
      })),
      questionsUnderYourName: data.questions.map((q) => ({
        discussionId: q.discussionId,
        discussionTitle: q.discussionTitle,
        askedAt: iso(q.askedAt),
        text: q.text,
      })),
      anonymousQuestions: ANONYMOUS_NOTE,
      reminders: data.reminders
        ? { choice: data.reminders.on ? 'on' : 'off', chosenAt: iso(data.reminders.since) }
        : { choice: 'not chosen (on)', chosenAt: null },
      topicInterests: data.interests.map((i) => ({ page: i.slug, title: pageTitle(i.slug), since: iso(i.since) })),
      deliveryRecords: data.deliveries,
      directMessages: {
        note: 'Not per server: kept for every server the bot shares with you.',
        dmChannelId: data.dm.channelId,
        dmsRefusedAt: iso(data.dm.closedSince),
      },
    },
    null,
    2,
  );
}
