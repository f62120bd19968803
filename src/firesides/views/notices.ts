import type { APIEmbed } from 'discord.js';
import { announcementUrl } from '../announced.js';
import type { MemberPayload } from '../deliver.js';
import type { LinkReader } from '../link-for.js';
import type { Discussion } from '../types.js';
import { whenText, whereText } from './announcement.js';

const COLOUR = 0xe67e22;

function summary(discussion: Discussion, reader: LinkReader): APIEmbed {
  const fields = [{ name: 'When', value: whenText(discussion) }];
  const where = whereText(discussion, reader);
  if (where) fields.push({ name: 'Where', value: where });
  const link = announcementUrl(discussion);
  if (link) fields.push({ name: 'Announcement', value: link });
  return { title: discussion.title, color: COLOUR, fields, footer: { text: `Fireside #${discussion.id}` } };
}

/**
 * To the member moved up, by DM (`going`: a link kept for members going is theirs now); a member whose DMs are
 * closed is mentioned in the channel instead, which everyone reads (`others`).
 */
export function promotedNotice(discussion: Discussion, reader: LinkReader): MemberPayload {
  return {
    content: `A spot opened up: you're now **going** to **${discussion.title}**. If you can't make it any more, click "Can't go" on the announcement so the next person gets your place.`,
    embeds: [summary(discussion, reader)],
  };
}

export function changedNotice(discussion: Discussion, what: string[], reader: LinkReader): MemberPayload {
  return {
    content: `**${discussion.title}** has changed (${what.join(' and ')}). Here are the new details.`,
    embeds: [summary(discussion, reader)],
  };
}

export function cancelledNotice(discussion: Discussion): MemberPayload {
  const reason = discussion.cancelReason ? ` Reason: ${discussion.cancelReason}` : '';
  return {
    content: `**${discussion.title}** (${whenText(discussion)}) has been cancelled.${reason}`,
  };
}
