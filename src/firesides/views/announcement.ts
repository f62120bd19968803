import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import { customId } from '../../discord/custom-id.js';
import { clip } from '../../discord/typed-text.js';
import { LINK_WITHHELD_TEXT, type LinkReader, linkWithheld, shownLink } from '../link-for.js';
import type { TopicRef } from '../topic.js';
import type { Discussion, RsvpCounts } from '../types.js';

export interface FiresideView {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
}

const COLOUR = { scheduled: 0xe67e22, cancelled: 0x95a5a6 } as const;

export const seconds = (ms: number) => Math.floor(ms / 1_000);

export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export function whenText(discussion: Pick<Discussion, 'startsAt'>): string {
  const at = seconds(discussion.startsAt);
  return `<t:${at}:F> (<t:${at}:R>)`;
}

/** The channel and the link as this reader may see them; a link kept for members going is named, never shown. */
export function whereText(
  discussion: Pick<Discussion, 'locationChannelId' | 'link' | 'linkFor'>,
  reader: LinkReader,
): string | undefined {
  const withheld = linkWithheld(discussion, reader) ? `🔒 ${LINK_WITHHELD_TEXT}` : undefined;
  const parts = [
    discussion.locationChannelId ? `<#${discussion.locationChannelId}>` : undefined,
    shownLink(discussion, reader) ?? withheld,
  ].filter((part) => part !== undefined);
  return parts.length ? parts.join('\n') : undefined;
}

export function countsText(discussion: Pick<Discussion, 'capacity'>, counts: RsvpCounts): string {
  const going = discussion.capacity === null ? `${counts.going}` : `${counts.going} / ${discussion.capacity}`;
  const parts = [`Going: **${going}**`, `Maybe: **${counts.maybe}**`];
  if (discussion.capacity !== null) parts.push(`Spots left: **${Math.max(0, discussion.capacity - counts.going)}**`);
  if (counts.waitlist > 0) parts.push(`Waitlist: **${counts.waitlist}**`);
  return parts.join(' · ');
}

/** The announcement: posted once, then edited in place as RSVPs arrive and when it is edited or cancelled. */
/** The announcement's embed: all that an RSVP click changes. */
export function announcementEmbed(discussion: Discussion, counts: RsvpCounts): APIEmbed {
  const cancelled = discussion.status === 'cancelled';
  const fields: APIEmbedField[] = [
    { name: 'When', value: whenText(discussion), inline: false },
    { name: 'Duration', value: formatMinutes(discussion.durationMinutes), inline: true },
  ];
  if (discussion.facilitatorId)
    fields.push({ name: 'Facilitator', value: `<@${discussion.facilitatorId}>`, inline: true });
  // Public: a link kept for members going is only named.
  const where = whereText(discussion, 'others');
  if (where) fields.push({ name: 'Where', value: where, inline: true });
  // Plain text from what was stored, so it still names the topic after its page left the library.
  if (discussion.topicTitle) fields.push({ name: 'Topic', value: discussion.topicTitle, inline: false });
  fields.push({ name: 'RSVPs', value: countsText(discussion, counts), inline: false });
  if (cancelled) {
    fields.unshift({ name: 'Cancelled', value: discussion.cancelReason ?? 'This discussion will not take place.' });
  }
  const embed: APIEmbed = {
    title: cancelled ? `Cancelled: ${discussion.title}` : discussion.title,
    color: COLOUR[discussion.status],
    fields,
    footer: { text: `Fireside #${discussion.id} · times show in your own time zone` },
  };
  if (discussion.description) embed.description = discussion.description;
  return embed;
}

/** Discord's limit on a button's label. */
const LABEL_MAX = 80;

/**
 * `topicPage`: the discussion's topic page as the library has it now; undefined when it has none or the page was
 * removed, and then there is no Read button (the embed still names the topic).
 */
export function announcementView(
  discussion: Discussion,
  counts: RsvpCounts,
  pingRoleId: string | null,
  topicPage?: TopicRef,
): FiresideView {
  const cancelled = discussion.status === 'cancelled';
  const components = [announcementButtons(discussion.id, cancelled)];
  if (topicPage) components.push(readButtonRow(topicPage, cancelled));
  return {
    content: pingRoleId && !cancelled ? `<@&${pingRoleId}> a new Fireside Discussion` : undefined,
    embeds: [announcementEmbed(discussion, counts)],
    components,
  };
}

/** Read: <page title>, on a row of its own: the first row holds Discord's five buttons already. */
function readButtonRow(page: TopicRef, disabled: boolean): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        custom_id: customId('read', page.slug),
        label: clip(`Read: ${page.title}`, LABEL_MAX),
        style: ButtonStyle.Secondary,
        disabled,
      },
    ],
  };
}

export function announcementButtons(id: number, disabled: boolean): APIActionRowComponent<APIButtonComponent> {
  const button = (
    custom_id: string,
    label: string,
    style: ButtonStyle.Success | ButtonStyle.Primary | ButtonStyle.Secondary,
  ): APIButtonComponent => ({
    type: ComponentType.Button,
    custom_id,
    label,
    style,
    disabled,
  });
  return {
    type: ComponentType.ActionRow,
    components: [
      button(customId('rsvp', id, 'going'), 'Going', ButtonStyle.Success),
      button(customId('rsvp', id, 'maybe'), 'Maybe', ButtonStyle.Primary),
      button(customId('rsvp', id, 'no'), "Can't go", ButtonStyle.Secondary),
      button(customId('ask', id), 'Ask a question', ButtonStyle.Secondary),
      button(customId('ics', id), 'Add to calendar', ButtonStyle.Secondary),
    ],
  };
}
