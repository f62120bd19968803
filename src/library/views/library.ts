import { type APIButtonComponent, type APIEmbed, ButtonStyle, ComponentType } from 'discord.js';
import { customId } from '../../discord/custom-id.js';
import { clampPage, lastPage, pagerRow } from '../../discord/pager.js';
import { NO_MENTIONS } from '../../discord/replies.js';
import type { PageInfo, SearchHit } from '../types.js';
import type { ModalityMessage } from './modality.js';

export const LIST_PAGE_SIZE = 10;
const LIBRARY_COLOUR = 0x7b9e6b;

export function searchResultsMessage(query: string, hits: readonly SearchHit[]): ModalityMessage {
  const embed: APIEmbed = {
    author: { name: 'Healing Library' },
    title: `Search: ${query}`.slice(0, 256),
    color: LIBRARY_COLOUR,
    fields: hits.map((hit, index) => ({
      name: `${index + 1}. ${hit.title}: ${hit.heading}`.slice(0, 256),
      value: hit.snippet.slice(0, 1024) || '…',
    })),
    footer: { text: 'Open a result to read it here. Share a page with /modality.' },
  };
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
