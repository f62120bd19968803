import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIStringSelectComponent,
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
} from 'discord.js';
import { customId } from '../../discord/custom-id.js';
import { clip } from '../../discord/typed-text.js';
import { announcementUrl } from '../../firesides/index.js';
import {
  buttonRow,
  composeModality,
  type ModalityMessage,
  type ModalityParts,
  type PageInfo,
} from '../../library/index.js';
import type { TopicDiscussion } from '../topic-discussions.js';

/** Discussions listed under a page; the nearest also gets a link button. */
export const SHOWN_DISCUSSIONS = 3;
/** A string select holds at most 25 options. */
export const EXPLORE_MAX = 25;
export const EXPLORE_PLACEHOLDER = 'Explore more healing modalities';
export const INTEREST_LABEL = "I'd join a discussion on this";
const FIELD_NAME = 'Discussions on this topic';
const FIELD_VALUE_MAX = 1_024;
const BUTTON_LABEL_MAX = 80;

/** A moderator's title inside a masked link: no markdown of its own, and no bracket that would end the link. */
const linkText = (title: string) => escapeMarkdown(clip(title, 80)).replace(/[[\]]/g, '\\$&');

function discussionLine(discussion: TopicDiscussion): string {
  const at = Math.floor(discussion.startsAt / 1000);
  const url = announcementUrl(discussion);
  const name = url
    ? `[${linkText(discussion.title)}](${url})`
    : `${linkText(discussion.title)} (answer with \`/rsvp\`)`;
  return `**${name}** · <t:${at}:f> (<t:${at}:R>) · ${discussion.going} going`;
}

const NONE_PLANNED = `Would you join one? Tap **${INTEREST_LABEL}**: you will get one DM when one is announced.`;

/**
 * The field under the excerpt: the discussions listed (one under way included), or a line saying none is planned.
 * `planned` is whether one has yet to start: without one, the interest button is offered, and the field says why.
 */
export function discussionsField(
  discussions: readonly TopicDiscussion[],
  planned: boolean,
): { name: string; value: string } {
  if (!discussions.length) return { name: FIELD_NAME, value: `None planned yet. ${NONE_PLANNED}` };
  let value = '';
  for (const line of discussions.slice(0, SHOWN_DISCUSSIONS).map(discussionLine)) {
    const next = value ? `${value}\n${line}` : line;
    if (next.length > FIELD_VALUE_MAX) break;
    value = next;
  }
  const after = `None planned after ${discussions.length === 1 ? 'it' : 'these'}. ${NONE_PLANNED}`;
  if (!planned && value.length + 1 + after.length <= FIELD_VALUE_MAX) value = `${value}\n${after}`;
  return { name: FIELD_NAME, value };
}

/** The link to the nearest discussion's announcement, and the interest button while none has yet to start. */
function discussionButtons(
  page: PageInfo,
  discussions: readonly TopicDiscussion[],
  planned: boolean,
): APIButtonComponent[] {
  const buttons: APIButtonComponent[] = [];
  const nearest = discussions[0];
  const url = nearest && announcementUrl(nearest);
  if (nearest && url) {
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Link,
      label: clip(`Discussion: ${nearest.title}`, BUTTON_LABEL_MAX),
      url,
    });
  }
  if (!planned) {
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: INTEREST_LABEL,
      custom_id: customId('interest', page.slug),
    });
  }
  return buttons;
}

/** Pages sharing a tag with this one first, then the rest; each group by title, as the library keeps its pages. */
export function explorePages(pages: readonly PageInfo[], page: PageInfo, limit = EXPLORE_MAX): PageInfo[] {
  const tags = new Set(page.tags.map((tag) => tag.toLowerCase()));
  // One pass: asking of each page whether it was among the related ones cost the square of the library's size.
  const related: PageInfo[] = [];
  const rest: PageInfo[] = [];
  for (const entry of pages) {
    if (entry.slug === page.slug) continue;
    const group = entry.tags.some((tag) => tags.has(tag.toLowerCase())) ? related : rest;
    if (group.length < limit) group.push(entry);
  }
  return [...related, ...rest].slice(0, limit);
}

function exploreMenu(page: PageInfo, others: readonly PageInfo[]): APIActionRowComponent<APIStringSelectComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: customId('explore', page.slug),
        placeholder: EXPLORE_PLACEHOLDER,
        options: others.slice(0, EXPLORE_MAX).map((entry) => ({
          label: clip(entry.title, 100),
          value: entry.slug,
          description: clip(entry.summary, 100),
        })),
      },
    ],
  };
}

/**
 * A library page with what the community does about it: the library's own parts, then the discussions field, a
 * row of links (the full page, the nearest discussion) and the interest button while no discussion has yet to start
 * (`planned`: the same test as the button's answer and its DM), and the explore menu (three rows of Discord's five).
 */
export function topicPageMessage(
  parts: ModalityParts,
  page: PageInfo,
  discussions: readonly TopicDiscussion[],
  others: readonly PageInfo[],
  planned: boolean,
): ModalityMessage {
  const embed = { ...parts.embed, fields: [...(parts.embed.fields ?? []), discussionsField(discussions, planned)] };
  const rows: APIActionRowComponent<APIButtonComponent | APIStringSelectComponent>[] = [
    buttonRow(parts.sectionButtons),
    buttonRow([...parts.linkButtons, ...discussionButtons(page, discussions, planned)]),
  ];
  if (others.length) rows.push(exploreMenu(page, others));
  return composeModality(embed, rows);
}
