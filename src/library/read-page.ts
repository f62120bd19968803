import { UserError } from '../core/errors.js';
import type { GuildButton, GuildChatInput } from '../discord/guild-interaction.js';
import { quoteTyped } from '../discord/typed-text.js';
import type { LibraryDeps } from './deps.js';
import type { Library, PageInfo, SectionKey } from './types.js';
import { modalityMessage } from './views/modality.js';

/**
 * A page named by a member (a title, alias or slug): autocomplete is only a suggestion, so the typed value is
 * resolved again here, with "did you mean" when it names none. /modality and a discussion's `topic:` use it.
 */
export function resolvePage(library: Pick<Library, 'find' | 'suggest'>, name: string): PageInfo {
  const page = library.find(name);
  if (page) return page;
  const suggestions = library.suggest(name, 3);
  const hint = suggestions.length
    ? ` Did you mean ${suggestions.map((entry) => `**${entry.title}**`).join(', ')}?`
    : ' Try `/library list` to see every page, or `/library search` to search them.';
  throw new UserError(`${quoteTyped(name, 60)} is not in the Healing Library.${hint}`);
}

function pageSection(page: PageInfo, requested: SectionKey | null): SectionKey {
  const section = requested ?? 'overview';
  if (page.sections.some((entry) => entry.key === section)) return section;
  throw new UserError(
    `The page **${page.title}** has no such section. It has: ${page.sections.map((s) => s.heading).join(', ')}.`,
  );
}

function pageFromButton(deps: LibraryDeps, slug: string): PageInfo {
  const page = deps.library.get(slug);
  if (!page)
    throw new UserError('That page has been removed from the library. Try `/library list` to see the current pages.');
  return page;
}

/** `/modality`: a page of the library, at the section asked for. */
export async function showModality(
  interaction: GuildChatInput,
  deps: LibraryDeps,
  options: { readonly name: string; readonly section: SectionKey | null },
): Promise<void> {
  const page = resolvePage(deps.library, options.name);
  await interaction.reply(modalityMessage(deps.library, page, pageSection(page, options.section)));
}

/** A section button on a page: the same message turns to that section. */
export async function turnToSection(interaction: GuildButton, deps: LibraryDeps, slug: string, section: SectionKey) {
  const page = pageFromButton(deps, slug);
  await interaction.update(modalityMessage(deps.library, page, pageSection(page, section)));
}

/** A page opened from a list or search result: shown to the member alone. */
export async function openPage(interaction: GuildButton, deps: LibraryDeps, slug: string, section: SectionKey) {
  const page = pageFromButton(deps, slug);
  await interaction.reply({
    ...modalityMessage(deps.library, page, pageSection(page, section)),
    flags: 'Ephemeral',
  });
}
