import { type APIActionRowComponent, type APIButtonComponent, ButtonStyle, ComponentType } from 'discord.js';
import { clip } from '../../discord/typed-text.js';
import { announcementUrl, type Discussion, type MemberPayload, seconds } from '../../firesides/index.js';

function linkRow(url: string): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, style: ButtonStyle.Link, label: 'Open the announcement', url }],
  };
}

/**
 * The one DM a member gets for "I'd join a discussion on this": which discussion, when (in the reader's own zone),
 * and where to answer. It names the page only by its title, and says nothing of why the member asked.
 */
export function interestDmPayload(discussion: Discussion, topicTitle: string, serverName?: string): MemberPayload {
  const at = seconds(discussion.startsAt);
  const link = announcementUrl(discussion);
  const where = serverName ? ` in **${clip(serverName, 100)}**` : '';
  const lines = [
    `You asked to hear when a discussion on **${clip(topicTitle, 100)}** is planned${where}. One is:`,
    `**${clip(discussion.title, 200)}**, <t:${at}:F> (<t:${at}:R>).`,
    link ? `Answer on its announcement: ${link}` : 'Its announcement was removed: see `/fireside list` in the server.',
    'This is the only message you get about it; your request for this page is now closed.',
  ];
  return { content: lines.join('\n'), ...(link ? { components: [linkRow(link)] } : {}) };
}
