import { type APIActionRowComponent, type APIButtonComponent, ButtonStyle, ComponentType } from 'discord.js';
import { customId } from '../../discord/custom-id.js';
import { clip } from '../../discord/typed-text.js';
import { type Discussion, type MemberPayload, seconds, whereText } from '../../firesides/index.js';

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

function placeLine(discussion: Pick<Discussion, 'locationChannelId' | 'link'>): string {
  const where = whereText(discussion);
  return where ? `Where: ${where.replace('\n', ' · ')}` : 'Where: see the announcement';
}

/** A reminder: the time as Discord renders it for each reader, the place or link, and Can't make it. */
export function reminderPayload(discussion: Discussion, note?: string): MemberPayload {
  const at = seconds(discussion.startsAt);
  const lines = [
    `⏰ Reminder: **${clip(discussion.title, 200)}** starts <t:${at}:R> (<t:${at}:f>).`,
    placeLine(discussion),
  ];
  if (note) lines.push(`> ${note.replaceAll('\n', '\n> ')}`);
  return { content: clip(lines.join('\n'), TEXT_MAX), components: [cantMakeIt(discussion.id)] };
}

export function startPostBody(discussion: Discussion) {
  const content = [`🔥 **${clip(discussion.title, 200)}** is starting now.`, placeLine(discussion)].join('\n');
  return { content, allowed_mentions: { parse: [] } };
}

/** A moderator's /remind to the channel rather than to members: nobody is pinged. */
export function channelNoticeBody(discussion: Discussion, note?: string) {
  return { ...reminderPayload(discussion, note), allowed_mentions: { parse: [] } };
}
