import { type APIActionRowComponent, type APIButtonComponent, ButtonStyle, ComponentType } from 'discord.js';
import { customId } from '../../discord/custom-id.js';
import { clip } from '../../discord/typed-text.js';
import {
  type Discussion,
  type LinkReader,
  linkWithheld,
  type MemberPayload,
  seconds,
  whereText,
} from '../../firesides/index.js';

/** Room left in a 2,000-character message for the mentions of channel delivery. */
const TEXT_MAX = 1_400;

function cantMakeIt(discussionId: number): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        custom_id: customId('cant', discussionId),
        label: "Can't make it",
        style: ButtonStyle.Secondary,
      },
    ],
  };
}

function placeLine(discussion: Pick<Discussion, 'locationChannelId' | 'link' | 'linkFor'>, reader: LinkReader): string {
  const where = whereText(discussion, reader);
  if (!where) return 'Where: see the announcement';
  // Members going read a channel post too (channel delivery): it tells them where their link is.
  const hint = linkWithheld(discussion, reader) ? ' (members going: `/fireside info` shows it)' : '';
  return `Where: ${where.replace('\n', ' · ')}${hint}`;
}

/**
 * A reminder: the time as Discord renders it for each reader, the place or link, and Can't make it. `reader`:
 * `going` only for a DM to a member going; a post in the channel (and a DM to a Maybe) is `others`.
 */
export function reminderPayload(discussion: Discussion, reader: LinkReader, note?: string): MemberPayload {
  const at = seconds(discussion.startsAt);
  const lines = [
    `⏰ Reminder: **${clip(discussion.title, 200)}** starts <t:${at}:R> (<t:${at}:f>).`,
    placeLine(discussion, reader),
  ];
  if (note) lines.push(`> ${note.replaceAll('\n', '\n> ')}`);
  return { content: clip(lines.join('\n'), TEXT_MAX), components: [cantMakeIt(discussion.id)] };
}

export function startPostBody(discussion: Discussion) {
  const content = [`🔥 **${clip(discussion.title, 200)}** is starting now.`, placeLine(discussion, 'others')].join(
    '\n',
  );
  return { content, allowed_mentions: { parse: [] } };
}

/** A moderator's /remind to the channel rather than to members: nobody is pinged. */
export function channelNoticeBody(discussion: Discussion, note?: string) {
  return { ...reminderPayload(discussion, 'others', note), allowed_mentions: { parse: [] } };
}
