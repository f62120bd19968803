import type { APIEmbed } from 'discord.js';
import { apiJson, NO_MENTIONS } from '../../discord/replies.js';
import { announcementUrl } from '../../firesides/index.js';
import type { ModalityMessage } from '../../library/index.js';
import type { TopicDiscussion, TopicPlan } from '../topic-discussions.js';

const COLOUR = 0x7b9e6b;
/** Lines of /library interest: 20 of at most ~170 characters stay well inside a description's 4,096. */
const REPORT_LINES = 20;

export function interestAnswer(title: string, result: 'added' | 'withdrawn'): string {
  return result === 'added'
    ? `Recorded: you would join a discussion on **${title}**. When one is announced in this server, you will get one DM with its link. Only you see this; moderators see how many asked, never who. Tap the button again to withdraw.`
    : `Withdrawn: you will not get a DM about a discussion on **${title}**. Tap the button again if you change your mind.`;
}

export function plannedMeanwhile(title: string, discussion: TopicDiscussion): string {
  const at = Math.floor(discussion.startsAt / 1000);
  const url = announcementUrl(discussion);
  const where = url ? `: ${url}` : '. Answer it with `/rsvp`.';
  return `A discussion on **${title}** is already planned, <t:${at}:f>${where} Nothing was recorded.`;
}

export interface InterestRow {
  slug: string;
  members: number;
  /** Undefined when the page left the library since. */
  title: string | undefined;
  plan: TopicPlan | undefined;
}

function planText(plan: TopicPlan | undefined): string {
  if (plan?.nextAnnouncedAt != null) return `next discussion <t:${Math.floor(plan.nextAnnouncedAt / 1000)}:f>`;
  if (plan?.all) return 'a discussion is planned, not announced yet';
  return 'no discussion planned';
}

function reportLine(row: InterestRow): string {
  const page = row.title ? `**${row.title}**` : `\`${row.slug}\` (no longer in the library)`;
  return `${page}: ${row.members} ${row.members === 1 ? 'member' : 'members'} · ${planText(row.plan)}`;
}

/** For moderators: which pages members would discuss, most wanted first. Counts only, never who. */
export function interestReport(rows: readonly InterestRow[]): ModalityMessage {
  const lines = rows.slice(0, REPORT_LINES).map(reportLine);
  if (rows.length > REPORT_LINES) lines.push(`…and ${rows.length - REPORT_LINES} more pages.`);
  const embed: APIEmbed = {
    author: { name: 'Healing Library' },
    title: 'Discussions members would join',
    color: COLOUR,
    description: lines.length
      ? lines.join('\n')
      : "No member has asked for a discussion yet. Pages with no discussion planned show an **I'd join a discussion on this** button.",
    footer: { text: 'Counts of members who tapped the button on a page; who they are is never shown.' },
  };
  return { embeds: [apiJson(embed)], components: [], allowedMentions: NO_MENTIONS };
}
