import { type APIButtonComponent, type APIEmbed, ButtonStyle, ComponentType } from 'discord.js';
import { customId } from '../../discord/custom-id.js';
import { clampPage, lastPage, pagerRow } from '../../discord/pager.js';
import { NO_MENTIONS } from '../../discord/replies.js';
import { codePointBoundary } from '../graphemes.js';
import type { PageInfo, SearchHit } from '../types.js';
import { healthcareNoteField, type ModalityMessage } from './modality.js';

export const LIST_PAGE_SIZE = 10;
const LIBRARY_COLOUR = 0x7b9e6b;

/** Discord's limit on all the text of a message's embeds (title, author, fields, footer). */
const EMBED_TOTAL_MAX = 6_000;

/** The best hits, each with its passage, and under them the healthcare note that goes with every excerpt. */
export function searchResultsMessage(
  query: string,
  hits: readonly SearchHit[],
  healthcareNote: string,
): ModalityMessage {
  const names = hits.map((hit, index) => `${index + 1}. ${hit.title}: ${hit.heading}`.slice(0, 256));
  const note = healthcareNoteField(healthcareNote);
  const embed: APIEmbed = {
    author: { name: 'Healing Library' },
    title: `Search: ${query}`.slice(0, 256),
    color: LIBRARY_COLOUR,
    footer: { text: 'Open a result to read it here. Share a page with /modality.' },
  };
  // Five passages at their longest (a page of escaped symbols) and a 1,000-character note would pass 6,000: the
  // passages share what the rest leaves, so the note is always whole.
  let room =
    EMBED_TOTAL_MAX -
    [embed.author?.name, embed.title, embed.footer?.text, note.name, note.value, ...names].join('').length;
  const fields = hits.map((hit, index) => {
    const value = clipPassage(hit.snippet, Math.min(1024, Math.floor(room / (hits.length - index)))) || '…';
    room -= value.length;
    return { name: names[index] as string, value };
  });
  embed.fields = [...fields, note];
  const buttons: APIButtonComponent[] = hits.map((hit, index) => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label: `Open ${index + 1}`,
    custom_id: customId('open', hit.slug, hit.section),
  }));
  return {
    embeds: [embed],
    components: buttons.length ? [{ type: ComponentType.ActionRow, components: buttons }] : [],
    allowedMentions: NO_MENTIONS,
  };
}

/**
 * A passage at most `max` long. Cut at a space, which never falls inside a bold word or an escape (the snippet's
 * words hold none), so the markdown stays whole.
 */
function clipPassage(passage: string, max: number): string {
  if (passage.length <= max) return passage;
  const space = passage.lastIndexOf(' ', max - 1);
  let cut = space > 0 ? space : codePointBoundary(passage, max - 1);
  // Without a space, do not leave half an escape (an odd run of backslashes) to escape the ellipsis.
  let run = 0;
  while (passage[cut - run - 1] === '\\') run++;
  if (run % 2) cut--;
  return `${passage.slice(0, cut)}…`;
}

/**
 * `note` adds a few words after a page's summary (src/topics: its upcoming discussions), so that the list can say
 * more than the library knows.
 */
export function libraryListMessage(
  pages: readonly PageInfo[],
  page: number,
  note: (entry: PageInfo) => string | undefined = () => undefined,
): ModalityMessage {
  const last = lastPage(pages.length, LIST_PAGE_SIZE);
  const current = clampPage(page, last);
  const shown = pages.slice(current * LIST_PAGE_SIZE, (current + 1) * LIST_PAGE_SIZE);
  const embed: APIEmbed = {
    author: { name: 'Healing Library' },
    title: 'Pages in the library',
    color: LIBRARY_COLOUR,
    description: shown.length
      ? shown
          .map((entry) => {
            const extra = note(entry);
            return `**${entry.title}**: ${entry.summary}${extra ? ` · ${extra}` : ''}`;
          })
          .join('\n')
      : 'The library has no pages yet.',
    footer: {
      text: `Page ${current + 1} of ${last + 1} · ${pages.length} ${pages.length === 1 ? 'page' : 'pages'} · read one with /modality`,
    },
  };
  const components = last > 0 ? [pagerRow((target) => customId('list', target), current, last)] : [];
  return { embeds: [embed], components, allowedMentions: NO_MENTIONS };
}
