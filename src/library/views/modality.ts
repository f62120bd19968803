import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
  type InteractionUpdateOptions,
} from 'discord.js';
import { customId } from '../../discord/custom-id.js';
import { apiJson, NO_MENTIONS } from '../../discord/replies.js';
import { type Library, type PageInfo, SECTION_LABELS, type SectionKey } from '../types.js';

/** Long enough to show a whole section of a typical page, short enough to leave room for the note (embed total 6,000). */
export const EXCERPT_MAX_CHARS = 3_500;
const LIBRARY_COLOUR = 0x7b9e6b;

export type ModalityMessage = Required<Pick<InteractionUpdateOptions, 'embeds' | 'components' | 'allowedMentions'>>;

/** The excerpt embed and its section buttons. `update` buttons switch in place; the others open a new reply. */
export function modalityMessage(library: Library, page: PageInfo, section: SectionKey): ModalityMessage {
  const excerpt = library.excerpt(page.slug, section, EXCERPT_MAX_CHARS);
  const heading = page.sections.find((entry) => entry.key === section)?.heading ?? SECTION_LABELS[section];
  let description = excerpt?.text ?? 'This section is empty.';
  if (excerpt?.truncated) description += page.source ? '\n\n*Read on in the full page.*' : '\n\n*…*';
  const embed: APIEmbed = {
    author: { name: 'Healing Library' },
    title: `${page.title}: ${heading}`.slice(0, 256),
    description,
    color: LIBRARY_COLOUR,
    fields: [{ name: 'A note from the library', value: library.healthcareNote.slice(0, 1024) }],
    footer: { text: `Last reviewed ${page.lastReviewed}` },
  };
  if (page.source) embed.url = page.source;

  const sectionButtons: APIButtonComponent[] = page.sections.slice(0, 5).map((entry) => ({
    type: ComponentType.Button,
    style: entry.key === section ? ButtonStyle.Primary : ButtonStyle.Secondary,
    label: SECTION_LABELS[entry.key],
    custom_id: customId('mod', page.slug, entry.key),
    disabled: entry.key === section,
  }));
  const components: APIActionRowComponent<APIButtonComponent>[] = [
    { type: ComponentType.ActionRow, components: sectionButtons },
  ];
  if (page.source) {
    components.push({
      type: ComponentType.ActionRow,
      components: [{ type: ComponentType.Button, style: ButtonStyle.Link, label: 'Full page', url: page.source }],
    });
  }
  return { embeds: [apiJson(embed)], components: components.map(apiJson), allowedMentions: NO_MENTIONS };
}
