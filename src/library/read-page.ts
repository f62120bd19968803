import { UserError } from '../core/errors.js';
import { quoteTyped } from '../discord/typed-text.js';
import type { Library, PageInfo, SectionKey } from './types.js';

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

/** The section asked for (overview by default), refused when the page has none such. */
export function pageSection(page: PageInfo, requested: SectionKey | null): SectionKey {
  const section = requested ?? 'overview';
  if (page.sections.some((entry) => entry.key === section)) return section;
  throw new UserError(
    `The page **${page.title}** has no such section. It has: ${page.sections.map((s) => s.heading).join(', ')}.`,
  );
}

/** A slug from a custom id or a menu's value: the page may have been removed since, or the value forged. */
export function currentPage(library: Pick<Library, 'get'>, slug: string): PageInfo {
  const page = library.get(slug);
  if (!page)
    throw new UserError('That page has been removed from the library. Try `/library list` to see the current pages.');
  return page;
}
