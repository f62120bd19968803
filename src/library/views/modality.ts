import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
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

/**
 * A page's message in parts, so that other features can add to it (src/topics adds the page's discussions, its
 * buttons and the explore menu) without the library knowing of them.
 */
export interface ModalityParts {
  embed: APIEmbed;
  /** The section buttons: `mod` buttons switch in place. */
  sectionButtons: APIButtonComponent[];
  /** Link buttons (the full page on the website), for a row of their own. */
  linkButtons: APIButtonComponent[];
}

/** The library's healthcare note, as every excerpt of its pages carries it (a field holds 1,024 characters). */
export const healthcareNoteField = (note: string) => ({ name: 'A note from the library', value: note.slice(0, 1024) });

export function modalityParts(library: Library, page: PageInfo, section: SectionKey): ModalityParts {
  const excerpt = library.excerpt(page.slug, section, EXCERPT_MAX_CHARS);
  const heading = page.sections.find((entry) => entry.key === section)?.heading ?? SECTION_LABELS[section];
  let description = excerpt?.text ?? 'This section is empty.';
  if (excerpt?.truncated) description += page.source ? '\n\n*Read on in the full page.*' : '\n\n*…*';
  const embed: APIEmbed = {
    author: { name: 'Healing Library' },
    title: `${page.title}: ${heading}`.slice(0, 256),
    description,
    color: LIBRARY_COLOUR,
    fields: [healthcareNoteField(library.healthcareNote)],
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
  const linkButtons: APIButtonComponent[] = page.source
    ? [{ type: ComponentType.Button, style: ButtonStyle.Link, label: 'Full page', url: page.source }]
    : [];
  return { embed, sectionButtons, linkButtons };
}

/** Parts put together as a message: one embed, then rows of components (Discord allows five). */
export function composeModality(
  embed: APIEmbed,
  rows: readonly APIActionRowComponent<APIComponentInMessageActionRow>[],
): ModalityMessage {
  return {
    embeds: [apiJson(embed)],
    components: rows.filter((row) => row.components.length > 0).map(apiJson),
    allowedMentions: NO_MENTIONS,
  };
}

/** Discord takes at most five buttons in a row and refuses the whole message otherwise. */
const ROW_MAX = 5;

/** A row of buttons. A sixth is a mistake in the caller, never to be dropped silently (which one would go?). */
export function buttonRow(buttons: APIButtonComponent[]): APIActionRowComponent<APIButtonComponent> {
  if (buttons.length > ROW_MAX) throw new Error(`a row holds at most ${ROW_MAX} buttons, not ${buttons.length}`);
  return { type: ComponentType.ActionRow, components: buttons };
}
