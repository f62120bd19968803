import { readFileSync } from 'node:fs';
import { StartupError } from '../core/errors.js';
import type { Db } from '../db/open.js';
import { count } from '../discord/count.js';
import { cutExcerpt } from './excerpt.js';
import { queryTokens } from './fts-query.js';
import { pageInfo, scanContent } from './load-content.js';
import { NameIndex } from './names.js';
import { parsePage } from './parse-page.js';
import { createSearchIndex, type IndexedPage } from './search-index.js';
import { formatContentError, type Library, type PageInfo, type SearchHit, type SectionKey } from './types.js';

export interface LoadLibraryOptions {
  db: Db;
  contentDir: string;
  logger?: { info(obj: object, msg?: string): void };
}

const DEFAULT_RESULTS = 5;
const MAX_RESULTS = 25;

/**
 * Validates the content (refusing to start on any error), re-indexes it when it changed since the
 * last start, and returns the library. Only page metadata is kept in memory; texts stay in SQLite.
 */
export async function loadLibrary({ db, contentDir, logger }: LoadLibraryOptions): Promise<Library> {
  const started = performance.now();
  const scan = await scanContent(contentDir);
  if (scan.errors.length) {
    const list = scan.errors.map((error) => `  ${formatContentError(error)}`).join('\n');
    throw new StartupError(`The library content in ${contentDir} has ${count(scan.errors.length, 'error')}:\n${list}`);
  }

  const index = createSearchIndex(db);
  let rebuilt = false;
  if (!index.isCurrent(scan.hash)) {
    // Read again file by file inside the transaction rather than keeping every text from the scan.
    rebuilt = index.rebuild(scan.hash, () => readPages(scan.pages, scan.files));
  }
  logger?.info(
    { pages: scan.pages.length, rebuilt, ms: Math.round(performance.now() - started) },
    rebuilt ? 'library indexed' : 'library index up to date',
  );
  return createLibrary(scan.pages, scan.healthcareNote, index);
}

function* readPages(pages: readonly PageInfo[], files: Map<string, string>): Generator<IndexedPage> {
  for (const info of pages) {
    const file = files.get(info.slug) as string;
    const { page, errors } = parsePage(file, readFileSync(file, 'utf8'));
    if (!page || page.meta.slug !== info.slug) {
      const detail = errors.map(formatContentError).join('; ') || 'its slug changed';
      throw new StartupError(`${file} changed while the library was loading: ${detail}`);
    }
    yield { info: pageInfo(page), sections: page.sections };
  }
}

function createLibrary(
  pages: readonly PageInfo[],
  healthcareNote: string,
  index: ReturnType<typeof createSearchIndex>,
): Library {
  const bySlug = new Map(pages.map((page) => [page.slug, page]));
  const names = new NameIndex(pages);
  // Plain functions rather than methods using `this`, so callers may pass them around detached.
  const sectionText = (slug: string, section: SectionKey) =>
    bySlug.has(slug) ? index.sectionText(slug, section) : undefined;

  return {
    pages,
    healthcareNote,
    get: (slug) => bySlug.get(slug),
    find: (name) => names.find(name),
    suggest: (name, limit = 3) => names.suggest(name, limit),
    autocomplete: (input) => names.autocomplete(input),
    search(query, limit = DEFAULT_RESULTS): SearchHit[] {
      const tokens = queryTokens(query);
      const count = Math.min(Math.max(1, Math.floor(limit)), MAX_RESULTS);
      if (!tokens.length) return [];
      return index.search(tokens, count).flatMap((hit) => {
        const page = bySlug.get(hit.slug);
        return page ? [{ ...hit, title: page.title }] : [];
      });
    },
    sectionText,
    excerpt(slug, section, maxChars) {
      const text = sectionText(slug, section);
      return text === undefined ? undefined : cutExcerpt(text, maxChars);
    },
  };
}
