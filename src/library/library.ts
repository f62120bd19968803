import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StartupError } from '../core/errors.js';
import type { Db } from '../db/open.js';
import { count } from '../discord/count.js';
import { cutExcerpt } from './excerpt.js';
import { queryTokens, typedSpellings } from './fts-query.js';
import { type ContentScan, hashText, PAGES_DIR, pageInfo, scanContent } from './load-content.js';
import { NameIndex } from './names.js';
import { parsePage } from './parse-page.js';
import { createSearchIndex, type IndexedPage, type IndexUpdate, type SearchIndex } from './search-index.js';
import {
  type ContentError,
  formatContentError,
  type Library,
  type PageInfo,
  type SearchHit,
  type SectionKey,
} from './types.js';

export interface LoadLibraryOptions {
  db: Db;
  contentDir: string;
  logger?: { info(obj: object, msg?: string): void };
}

/** What a reload did; the library goes on serving its previous content unless the status is `served`. */
export type ReloadOutcome =
  | { status: 'unchanged' }
  | ({ status: 'served'; pages: number; ms: number } & IndexUpdate)
  | { status: 'refused'; errors: ContentError[] }
  /** The pages folder (or the content folder) is not there. */
  | { status: 'missing'; folder: string }
  /** A page file changed or went away while it was being indexed: nothing was swapped, try again. */
  | { status: 'interrupted'; detail: string };

/** The library the bot serves, which can read its content again while the bot runs. */
export interface LiveLibrary extends Library {
  /**
   * Scans the content again (only the files named in `changed`, and new ones, when given) and, when it is valid
   * and differs, re-indexes the pages that changed and swaps the library in one synchronous step.
   * Reloads queue behind each other.
   */
  reload(changed?: ReadonlySet<string>): Promise<ReloadOutcome>;
}

const DEFAULT_RESULTS = 5;
const MAX_RESULTS = 25;

class ContentChangedError extends Error {}

/**
 * Validates the content (refusing to start on any error), re-indexes it when it changed since the
 * last start, and returns the library. Only page metadata is kept in memory; texts stay in SQLite.
 */
export async function loadLibrary({ db, contentDir, logger }: LoadLibraryOptions): Promise<LiveLibrary> {
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
    try {
      rebuilt = index.rebuild(scan.hash, () => readPages(scan));
    } catch (error) {
      if (error instanceof ContentChangedError) throw new StartupError(error.message);
      throw error;
    }
  }
  logger?.info(
    { pages: scan.pages.length, rebuilt, ms: Math.round(performance.now() - started) },
    rebuilt ? 'library indexed' : 'library index up to date',
  );
  return createLibrary(contentDir, scan, index);
}

function* readPages(scan: ContentScan): Generator<IndexedPage> {
  for (const info of scan.pages) yield readPage(scan, info.slug);
}

/** A page's texts as the scan saw them: throws when the file was removed or changed since. */
function readPage(scan: ContentScan, slug: string): IndexedPage {
  const file = scan.files.get(slug) as string;
  const hash = scan.pageHashes.get(slug) as string;
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ContentChangedError(`${file} went away while the library was loading (${code})`);
  }
  const { page, errors } = parsePage(file, raw);
  if (hashText(raw) !== hash || !page || page.meta.slug !== slug) {
    const detail = errors.map(formatContentError).join('; ') || 'it changed';
    throw new ContentChangedError(`${file} changed while the library was loading: ${detail}`);
  }
  return { info: pageInfo(page), sections: page.sections, hash };
}

/**
 * What is served. A reload changes it in the synchronous step that commits the index update, so a reader sees one
 * version or the next; only the pages that changed are indexed again.
 */
interface Served {
  scan: ContentScan;
  bySlug: Map<string, PageInfo>;
  names: NameIndex;
}

/** The pages a reload takes out (as served) and puts in, and the slugs of both, for the index to compare. */
interface Change {
  removed: PageInfo[];
  added: PageInfo[];
  candidates: string[];
}

function servedFirst(scan: ContentScan): Served {
  return { scan, bySlug: new Map(scan.pages.map((page) => [page.slug, page])), names: NameIndex.build(scan.pages) };
}

/** A scan keeps the page objects of the files it did not read again, so the pages that differ are found by identity. */
function changeTo(before: Served, scan: ContentScan): Change {
  const change: Change = { removed: [], added: [], candidates: [] };
  let known = 0;
  for (const page of scan.pages) {
    const old = before.bySlug.get(page.slug);
    if (old) known++;
    if (old === page) continue;
    if (old) change.removed.push(old);
    change.added.push(page);
    change.candidates.push(page.slug);
  }
  if (known < before.bySlug.size) {
    for (const [slug, page] of before.bySlug) {
      if (scan.files.has(slug)) continue;
      change.removed.push(page);
      change.candidates.push(slug);
    }
  }
  return change;
}

/** Called right after the index update commits, in the same synchronous step. */
function applyChange(before: Served, scan: ContentScan, { removed, added }: Change): Served {
  const { bySlug, names } = before;
  try {
    for (const page of removed) bySlug.delete(page.slug);
    for (const page of added) bySlug.set(page.slug, page);
    names.update(scan.pages, removed, added);
    return { scan, bySlug, names };
  } catch {
    // Half changed: index every name again rather than serve a mix.
    return servedFirst(scan);
  }
}

function createLibrary(contentDir: string, first: ContentScan, index: SearchIndex): LiveLibrary {
  let current = servedFirst(first);
  let version = 1;
  // The newest scan, valid or not: its files are reused by the next one.
  let latest = first;
  let queue: Promise<unknown> = Promise.resolve();

  // Plain functions rather than methods using `this`, so callers may pass them around detached.
  const sectionText = (slug: string, section: SectionKey) =>
    current.bySlug.has(slug) ? index.sectionText(slug, section) : undefined;

  async function reloadNow(changed?: ReadonlySet<string>): Promise<ReloadOutcome> {
    const started = performance.now();
    const folder = join(contentDir, PAGES_DIR);
    if (
      !(await stat(folder).then(
        (stats) => stats.isDirectory(),
        () => false,
      ))
    )
      return { status: 'missing', folder };
    const scan = await scanContent(contentDir, { previous: latest, changed });
    latest = scan;
    if (scan.errors.length) return { status: 'refused', errors: scan.errors };
    if (scan.hash === current.scan.hash && scan.healthcareNote === current.scan.healthcareNote) {
      return { status: 'unchanged' };
    }
    // Worked out before the transaction and applied right after it, in the same synchronous step.
    const change = changeTo(current, scan);
    let update: IndexUpdate;
    try {
      update = index.update(scan.hash, scan.pageHashes, (slug) => readPage(scan, slug), change.candidates);
    } catch (error) {
      if (!(error instanceof ContentChangedError)) throw error;
      // The scan's view of that file is out of date: the next reload reads every file again.
      latest = current.scan;
      return { status: 'interrupted', detail: error.message };
    }
    current = applyChange(current, scan, change);
    version++;
    return { status: 'served', pages: scan.pages.length, ms: Math.round(performance.now() - started), ...update };
  }

  return {
    get pages() {
      return current.scan.pages;
    },
    get healthcareNote() {
      return current.scan.healthcareNote;
    },
    get version() {
      return version;
    },
    get: (slug) => current.bySlug.get(slug),
    find: (name) => current.names.find(name),
    suggest: (name, limit = 3) => current.names.suggest(name, limit),
    autocomplete: (input) => current.names.autocomplete(input),
    search(query, limit = DEFAULT_RESULTS): SearchHit[] {
      const tokens = queryTokens(query);
      const count = Math.min(Math.max(1, Math.floor(limit)), MAX_RESULTS);
      if (!tokens.length) return [];
      const { bySlug } = current;
      return index.search(tokens, count, typedSpellings(query, tokens)).flatMap((hit) => {
        const page = bySlug.get(hit.slug);
        return page ? [{ ...hit, title: page.title }] : [];
      });
    },
    sectionText,
    excerpt(slug, section, maxChars) {
      const text = sectionText(slug, section);
      return text === undefined ? undefined : cutExcerpt(text, maxChars);
    },
    reload(changed) {
      const run = queue.then(() => reloadNow(changed));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
