import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord.js';
import { customId } from '../../discord/custom-id.js';
import { clampPage, lastPage, pagerRow } from '../../discord/pager.js';
import { clip } from '../../discord/typed-text.js';
import { announcementUrl, isAnnounced } from '../announced.js';
import { type LinkReader, privateLinkLine } from '../link-for.js';
import { formatOffsets } from '../offsets.js';
import { formatInZone } from '../time.js';
import type { TopicRef } from '../topic.js';
import type { Discussion, GuildSettings, Question, Rsvp, RsvpCounts, RsvpStatus } from '../types.js';
import { countsText, formatMinutes, seconds, whenText, whereText } from './announcement.js';

const EMBED_DESCRIPTION_MAX = 4_096;
const COLOUR = 0xe67e22;

export const STATUS_LABEL: Record<RsvpStatus, string> = {
  going: 'Going',
  maybe: 'Maybe',
  no: "Can't go",
  waitlist: 'On the waitlist',
};

/** Where a member stands, in the words of the ephemeral follow-up. */
export function standingText(discussion: Discussion, status: RsvpStatus | null, waitlistPosition?: number): string {
  const title = `**${discussion.title}**`;
  switch (status) {
    case 'going': {
      const going = `You're going to ${title} (<t:${seconds(discussion.startsAt)}:F>).`;
      const link = privateLinkLine(discussion, 'going');
      return link ? `${going}\n${link}` : going;
    }
    case 'maybe':
      return `You're a maybe for ${title}.`;
    case 'no':
      return `You're not going to ${title}. Thanks for letting us know.`;
    case 'waitlist':
      return `${title} is full: you're number ${waitlistPosition ?? '?'} on the waitlist. I'll message you if a spot opens up.`;
    default:
      return `You haven't answered for ${title} yet.`;
  }
}

export function upcomingListView(
  entries: { discussion: Discussion; counts: RsvpCounts; mine: RsvpStatus | null }[],
  heading: string,
  empty: string,
): APIEmbed {
  if (entries.length === 0) return { title: heading, description: empty, color: COLOUR };
  const blocks: string[] = [];
  let length = 0;
  for (const { discussion, counts, mine } of entries) {
    const block = [
      `**#${discussion.id} · ${discussion.title}**`,
      discussion.topicTitle ? `Topic: ${discussion.topicTitle}` : undefined,
      whenText(discussion),
      countsText(discussion, counts),
      mine ? `Your answer: **${STATUS_LABEL[mine]}**` : undefined,
    ]
      .filter(Boolean)
      .join('\n');
    if (length + block.length + 2 > EMBED_DESCRIPTION_MAX - 100) {
      blocks.push(`…and ${entries.length - blocks.length} more.`);
      break;
    }
    blocks.push(block);
    length += block.length + 2;
  }
  return { title: heading, description: blocks.join('\n\n'), color: COLOUR };
}

/** `notAnnounced` is what moderators read in place of the announcement's link before it goes out. */
export const EVENTS_PER_PAGE = 10;

/**
 * One page of /fireside list; Previous and Next carry the page they lead to in their custom id (kind `events`),
 * so paging works after a restart. `page` is already within range.
 */
export function upcomingPageView(
  entries: { discussion: Discussion; counts: RsvpCounts; mine: RsvpStatus | null }[],
  page: number,
  total: number,
): { embeds: APIEmbed[]; components: APIActionRowComponent<APIButtonComponent>[] } {
  const embed = upcomingListView(
    entries,
    'Upcoming Fireside Discussions',
    'No discussions are scheduled yet. Moderators can add one with `/fireside schedule`.',
  );
  const last = lastPage(total, EVENTS_PER_PAGE);
  if (last === 0) return { embeds: [embed], components: [] };
  embed.footer = { text: `Page ${page + 1} of ${last + 1} · ${total} discussions` };
  return { embeds: [embed], components: [pagerRow((target) => customId('events', target), page, last)] };
}

export function infoView(
  discussion: Discussion,
  counts: RsvpCounts,
  mine: RsvpStatus | null,
  /** Who reads it: `going` for a member going, and for whoever runs the discussion (its facilitator, moderators). */
  reader: LinkReader,
  notAnnounced?: string,
  /** The topic's page if the library still has it: then the field says how to read it. */
  topicPage?: TopicRef,
): APIEmbed {
  const fields = [
    { name: 'When', value: `${whenText(discussion)}\n${formatInZone(discussion.startsAt, discussion.timezone)}` },
    { name: 'Duration', value: formatMinutes(discussion.durationMinutes), inline: true },
  ];
  if (discussion.facilitatorId)
    fields.push({ name: 'Facilitator', value: `<@${discussion.facilitatorId}>`, inline: true });
  const where = whereText(discussion, reader);
  if (where) fields.push({ name: 'Where', value: where, inline: true });
  if (discussion.topicTitle) {
    const read = topicPage ? ` · read it with \`/modality name:${topicPage.slug}\`` : '';
    fields.push({ name: 'Topic', value: `${discussion.topicTitle}${read}` });
  }
  fields.push({ name: 'RSVPs', value: countsText(discussion, counts) });
  if (discussion.purgedAt !== null) {
    fields.push({ name: 'Kept for the record', value: purgedText(discussion, counts) });
  } else {
    fields.push({ name: 'Your answer', value: mine ? STATUS_LABEL[mine] : 'Not answered yet' });
  }
  if (discussion.status === 'cancelled') {
    fields.unshift({ name: 'Cancelled', value: discussion.cancelReason ?? 'This discussion will not take place.' });
  }
  const url = announcementUrl(discussion);
  if (url) {
    fields.push({ name: 'Announcement', value: url });
  } else if (notAnnounced) {
    fields.push({ name: 'Announcement', value: notAnnounced });
  } else if (isAnnounced(discussion)) {
    fields.push({
      name: 'Announcement',
      value: 'Deleted in Discord. Answer with `/rsvp`; moderators post it again with `/fireside edit channel:`.',
    });
  }
  return {
    title: `${discussion.status === 'cancelled' ? 'Cancelled: ' : ''}${discussion.title}`,
    ...(discussion.description ? { description: discussion.description } : {}),
    color: COLOUR,
    fields,
    footer: { text: `Fireside #${discussion.id}` },
  };
}

/** A purged discussion (the server's retention): what it keeps, and since when it keeps only that. */
export function purgedText(discussion: Discussion, counts: RsvpCounts): string {
  const questions = discussion.keptQuestions ?? 0;
  const declined = counts.no ? `, ${counts.no} can't go` : '';
  const asked = `${questions} ${questions === 1 ? 'question' : 'questions'} asked`;
  return `Counts only (${asked}${declined}): who answered and what was asked were deleted <t:${seconds(discussion.purgedAt ?? 0)}:D>, after the server's retention period.`;
}

export const ATTENDEES_PER_PAGE = 40;

export interface AttendeeGroups {
  going: Rsvp[];
  maybe: Rsvp[];
  waitlist: Rsvp[];
  no: Rsvp[];
}

/** Every attendee line in order (going in RSVP order, maybe, waitlist, declined), cut into pages. */
export function attendeesView(
  discussion: Discussion,
  groups: AttendeeGroups,
  page: number,
): { embeds: APIEmbed[]; components: APIActionRowComponent<APIButtonComponent>[] } {
  const going =
    discussion.capacity === null ? `${groups.going.length}` : `${groups.going.length} / ${discussion.capacity}`;
  const sections: [string, Rsvp[]][] = [
    [`Going (${going})`, groups.going],
    [`Maybe (${groups.maybe.length})`, groups.maybe],
    [`Waitlist (${groups.waitlist.length})`, groups.waitlist],
    [`Can't go (${groups.no.length})`, groups.no],
  ];
  const lines = sections.flatMap(([title, rows]) => [
    `**${title}**`,
    ...(rows.length ? rows.map((row, index) => `${index + 1}. <@${row.userId}>`) : ['—']),
  ]);
  const last = lastPage(lines.length, ATTENDEES_PER_PAGE);
  const current = clampPage(page, last);
  const embed: APIEmbed = {
    title: clip(`Attendees: ${discussion.title}`, 256),
    description: lines.slice(current * ATTENDEES_PER_PAGE, (current + 1) * ATTENDEES_PER_PAGE).join('\n'),
    color: COLOUR,
    footer: { text: `Fireside #${discussion.id} · page ${current + 1} of ${last + 1}` },
  };
  if (last === 0) return { embeds: [embed], components: [] };
  return {
    embeds: [embed],
    components: [pagerRow((target) => customId('attendees', discussion.id, target), current, last)],
  };
}

/** Attendees or questions of a purged discussion: there are none to list, only what was kept. */
export function purgedListView(title: string, discussion: Discussion, counts: RsvpCounts): APIEmbed {
  const questions = discussion.keptQuestions ?? 0;
  return {
    title: clip(title, 256),
    description: `Deleted <t:${seconds(discussion.purgedAt ?? 0)}:D>, after the server's retention period. Kept: ${questions} ${questions === 1 ? 'question' : 'questions'} asked; ${countsText(discussion, counts)}${counts.no ? ` · Can't go: **${counts.no}**` : ''}.`,
    color: COLOUR,
    footer: { text: `Fireside #${discussion.id}` },
  };
}

/** Oldest first. What does not fit in the embed goes in the attached text file, which always has them all. */
export function questionsView(discussion: Discussion, questions: Question[]): { embed: APIEmbed; file?: string } {
  const title = clip(`Questions: ${discussion.title}`, 256);
  if (questions.length === 0) {
    return { embed: { title, description: 'No questions yet.', color: COLOUR } };
  }
  const who = (question: Question) => (question.anonymous ? 'anonymous' : `<@${question.userId}>`);
  const blocks: string[] = [];
  let length = 0;
  for (const [index, question] of questions.entries()) {
    const block = `**${index + 1}.** ${who(question)}, <t:${seconds(question.askedAt)}:R>\n${question.text}`;
    if (length + block.length + 2 > EMBED_DESCRIPTION_MAX - 80) break;
    blocks.push(block);
    length += block.length + 2;
  }
  const rest = questions.length - blocks.length;
  const description = rest > 0 ? `${blocks.join('\n\n')}\n\n…${rest} more in the attached file.` : blocks.join('\n\n');
  const embed: APIEmbed = {
    title,
    description,
    color: COLOUR,
    footer: { text: `${questions.length} ${questions.length === 1 ? 'question' : 'questions'}` },
  };
  if (rest === 0) return { embed };
  const file = questions
    .map(
      (q, i) =>
        `${i + 1}. ${q.anonymous ? 'anonymous' : `user ${q.userId}`}, ${new Date(q.askedAt).toISOString()}\n${q.text}`,
    )
    .join('\n\n');
  return { embed, file };
}

export function settingsView(settings: GuildSettings): APIEmbed {
  const channel = (id: string | null) => (id ? `<#${id}>` : 'not set');
  const role = (id: string | null) => (id ? `<@&${id}>` : 'not set');
  return {
    title: 'Fireside settings',
    color: COLOUR,
    fields: [
      { name: 'Announcements', value: channel(settings.announcementChannelId), inline: true },
      {
        name: 'Moderator role',
        value: settings.moderatorRoleId
          ? `${role(settings.moderatorRoleId)}, and members with Manage Events`
          : 'not set: members with Manage Events moderate',
        inline: true,
      },
      {
        name: 'Time zone',
        value: `${settings.timezone}${settings.timezoneIsDefault ? ' (default)' : ''}`,
        inline: true,
      },
      { name: 'Reminders', value: `\`${formatOffsets(settings.reminders)}\` before`, inline: true },
      { name: 'Reminder delivery', value: settings.reminderDelivery, inline: true },
      { name: 'Remind maybe members', value: settings.remindMaybe ? 'yes' : 'no', inline: true },
      { name: 'Ping role', value: role(settings.pingRoleId), inline: true },
      { name: 'Discord events', value: settings.nativeEvents ? 'on' : 'off', inline: true },
      {
        name: 'Retention',
        value: `${settings.retentionDays} ${settings.retentionDays === 1 ? 'day' : 'days'}${settings.retentionIsDefault ? ' (default)' : ''} after a discussion ends or is cancelled`,
        inline: true,
      },
    ],
  };
}
