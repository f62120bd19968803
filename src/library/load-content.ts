import { createHash } from 'node:crypto';
import { stat as statWithCallback } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, join, sep } from 'node:path';
import { promisify } from 'node:util';
import { normaliseName } from './normalise.js';
import { PAGE_MAX_BYTES } from './page-schema.js';
import { type ParsedPage, parsePage } from './parse-page.js';
import { SharedMap } from './shared-map.js';
import type { ContentError, PageInfo } from './types.js';

export const PAGES_DIR = 'modalities';
export const HEALTHCARE_NOTE_FILE = 'healthcare-note.md';
/** Shown under every excerpt, so it must fit one embed field (1,024 characters). */
export const HEALTHCARE_NOTE_MAX = 1000;

export interface ContentScan {
  /** Sorted by title; metadata only, the section texts are not kept. */
  pages: PageInfo[];
  /** Page file paths by slug, to read the texts again when indexing. */
  files: ReadonlyMap<string, string>;
  /** The content hash of each valid page file, by slug: the index re-reads only the pages whose hash changed. */
  pageHashes: ReadonlyMap<string, string>;
  healthcareNote: string;
  /**
   * Changes whenever any page file changes (names, bytes): the files' digests combined by exclusive or, so a reload
   * changes it by the files it read again.
   */
  hash: string;
  errors: ContentError[];
  /** What each file gave, by path, for the next scan to reuse while the file is unchanged. */
  scanned: ReadonlyMap<string, ScannedFile>;
  /** Which page claimed each normalised name (slug, title, alias), for the next scan to check only new names. */
  claims: ReadonlyMap<string, Claim>;
}

interface Claim {
  slug: string;
  file: string;
  line: number;
}

/** One page file as last read: reused while its inode, size and times stay the same. */
export interface ScannedFile {
  stamp: string;
  hash: string;
  /** The file's name and hash, hashed: its part in the content hash. */
  digest: Buffer;
  page?: PageInfo;
  /** Slug, title and aliases with their lines, which must be unique across pages. */
  names: OwnName[];
  errors: ContentError[];
}

type OwnName = [field: string, name: string, line: number, key: string];

export interface ScanOptions {
  /** The last scan: files whose stamp did not change are not read again. */
  previous?: ContentScan;
  /**
   * Names of the page files that file-system events reported; the other files of `previous` are trusted without
   * even a stat, and when `previous` had no errors the folder is not listed either (a new file is named by its
   * event). Undefined: every file is checked (the periodic re-check, where events may have been missed).
   */
  changed?: ReadonlySet<string>;
}

/** Files stat'ed and read at once, so a re-check of a large library waits on the disk in parallel. */
const SCAN_CONCURRENCY = 64;

export function hashText(raw: string): string {
  return createHash('sha256').update(raw).digest('hex');
}

export function pageInfo(parsed: ParsedPage): PageInfo {
  const { meta } = parsed;
  return {
    slug: meta.slug,
    title: meta.title,
    aliases: meta.aliases,
    summary: meta.summary,
    tags: meta.tags,
    ...(meta.source === undefined ? {} : { source: meta.source }),
    lastReviewed: meta.last_reviewed,
    sections: parsed.sections.map(({ key, heading }) => ({ key, heading })),
  };
}

/**
 * The page files, sorted. Symbolic links are refused rather than followed: the library is health information,
 * reviewed as the files in content/ are, and a link would show whatever it points to.
 */
export async function pageFiles(contentDir: string, errors: ContentError[]): Promise<string[]> {
  const dir = join(contentDir, PAGES_DIR);
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  // Sorted by name and joined by hand (an entry's name holds no separator): path.join normalises each of 10,000
  // paths again, and the event loop waits on this loop (some 10 ms at that size).
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    // Hidden names are never pages: editors leave lock links (Emacs's .#page.md) and swap files beside the one edited.
    if (entry.name.startsWith('.')) continue;
    const file = `${dir}${sep}${entry.name}`;
    if (entry.isSymbolicLink()) errors.push(linkError(file, 'page'));
    else if (!entry.name.endsWith('.md')) continue;
    else if (entry.isFile()) files.push(file);
    else errors.push({ file, line: 1, field: 'page', message: 'is not a file (a page is one .md file)' });
  }
  return files;
}

function linkError(file: string, field: string): ContentError {
  return { file, line: 1, field, message: 'is a symbolic link, which is not followed: put the file itself here' };
}

/**
 * Reads and validates every page one file at a time, so only metadata stays in memory
 * however large the library is. Errors are collected, never thrown. With `previous`, only the files that
 * changed since are read again.
 */
export async function scanContent(contentDir: string, options: ScanOptions = {}): Promise<ContentScan> {
  const errors: ContentError[] = [];
  const pages: PageInfo[] = [];
  const files = new Map<string, string>();
  const pageHashes = new Map<string, string>();
  const { previous, changed } = options;
  if (previous && changed && !previous.errors.length) {
    const quick = await rescanNamed(contentDir, previous, changed);
    if (quick) return quick;
  }
  const scanned = new Map<string, ScannedFile>();
  const hash = Buffer.alloc(32);
  const names = new Map<string, Claim>();

  let paths: string[] = [];
  try {
    paths = await pageFiles(contentDir, errors);
    if (!paths.length && !errors.length) errors.push(dirError(contentDir, 'no page files (*.md) found'));
  } catch (error) {
    errors.push(dirError(contentDir, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`));
  }

  const results = await mapLimit(paths, SCAN_CONCURRENCY, (file) => {
    const before = previous?.scanned.get(file);
    if (before && changed && !changed.has(basename(file))) return Promise.resolve(before);
    return scanFile(file, before, changed !== undefined);
  });

  const noteErrors: ContentError[] = [];
  const healthcareNote = await readHealthcareNote(contentDir, noteErrors);
  if (previous && !errors.length && !noteErrors.length && healthcareNote === previous.healthcareNote) {
    if (unchangedFiles(previous, paths, results)) return previous;
  }

  paths.forEach((file, at) => {
    // undefined: the file went away between the listing and its reading, as if it had been removed first.
    const result = results[at];
    if (!result) return;
    scanned.set(file, result);
    xorInto(hash, result.digest);
    errors.push(...result.errors);
    if (!result.page) return;
    claimNames(file, result.page.slug, result.names, names, errors);
    pages.push(result.page);
    files.set(result.page.slug, file);
    pageHashes.set(result.page.slug, result.hash);
  });
  errors.push(...noteErrors);

  return {
    pages: previous ? sortedAfter(previous.pages, pages) : pages.sort(byTitle),
    files: SharedMap.over(files),
    pageHashes: SharedMap.over(pageHashes),
    healthcareNote,
    hash: hash.toString('hex'),
    errors,
    scanned: SharedMap.over(scanned),
    claims: SharedMap.over(names),
  };
}

/**
 * Whether a scan found exactly the files of `previous` (which had no errors), each giving what it gave then: the
 * periodic re-check of an unchanged library then keeps `previous` rather than building the same maps again (some
 * 80 ms of the event loop for 10,000 pages, every re-check).
 */
function unchangedFiles(
  previous: ContentScan,
  paths: readonly string[],
  results: readonly (ScannedFile | undefined)[],
): boolean {
  if (previous.errors.length || paths.length !== previous.scanned.size) return false;
  return paths.every((file, at) => results[at] !== undefined && results[at] === previous.scanned.get(file));
}

/**
 * The scan after the files named in `changed` changed, made from `previous` (which had no errors) without listing
 * the folder or looking at other files. Undefined when something needs the whole scan's report: a named entry that
 * is not a page file, a page with errors, a name already another page's, no pages left.
 */
async function rescanNamed(
  contentDir: string,
  previous: ContentScan,
  changed: ReadonlySet<string>,
): Promise<ContentScan | undefined> {
  const dir = join(contentDir, PAGES_DIR);
  const updates: { file: string; before?: ScannedFile; after?: ScannedFile }[] = [];
  for (const name of changed) {
    if (name !== basename(name)) return undefined;
    const file = join(dir, name);
    const entry = await lstat(file).catch(ifGone);
    if (entry?.isSymbolicLink()) return undefined;
    if (!name.endsWith('.md')) continue;
    if (entry && !entry.isFile()) return undefined;
    const before = previous.scanned.get(file);
    const after = entry ? await scanFile(file, before, true) : undefined;
    if (after?.errors.length) return undefined;
    if (after !== before) updates.push({ file, before, after });
  }

  const pages = previous.pages.slice();
  // Shared with `previous`, which stays as it is: it is served until this scan is swapped in.
  const files = SharedMap.copyOf(previous.files);
  const pageHashes = SharedMap.copyOf(previous.pageHashes);
  const scanned = SharedMap.copyOf(previous.scanned);
  const claims = SharedMap.copyOf(previous.claims);
  const hash = Buffer.from(previous.hash, 'hex');
  for (const { file, before } of updates) {
    if (!before) continue;
    xorInto(hash, before.digest);
    scanned.delete(file);
    const page = before.page;
    if (!page) continue;
    pages.splice(pages.indexOf(page), 1);
    files.delete(page.slug);
    pageHashes.delete(page.slug);
    for (const [, , , key] of before.names) if (claims.get(key)?.slug === page.slug) claims.delete(key);
  }
  for (const { file, after } of updates) {
    if (!after?.page) continue;
    const { page } = after;
    for (const [, , line, key] of after.names) {
      const claim = claims.get(key);
      if (!key || (claim && claim.slug !== page.slug)) return undefined;
      if (!claim) claims.set(key, { slug: page.slug, file, line });
    }
    xorInto(hash, after.digest);
    scanned.set(file, after);
    pages.splice(insertionPoint(pages, page), 0, page);
    files.set(page.slug, file);
    pageHashes.set(page.slug, after.hash);
  }
  if (!pages.length) return undefined;
  const errors: ContentError[] = [];
  const healthcareNote = await readHealthcareNote(contentDir, errors);
  return { pages, files, pageHashes, healthcareNote, hash: hash.toString('hex'), errors, scanned, claims };
}

function xorInto(target: Buffer, digest: Buffer): void {
  for (let at = 0; at < target.length; at++) target[at] = (target[at] as number) ^ (digest[at] as number);
}

function insertionPoint(sorted: readonly PageInfo[], page: PageInfo): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (byTitle(sorted[mid] as PageInfo, page) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * `pages` sorted by title, from the previous sorted list: the pages read again are placed by binary search, so a
 * reload of a large library compares titles a few hundred times rather than sorting them all (about 100 ms).
 */
function sortedAfter(previous: readonly PageInfo[], pages: PageInfo[]): PageInfo[] {
  const now = new Set(pages);
  const before = new Set(previous);
  const sorted = previous.filter((page) => now.has(page));
  for (const page of pages) {
    if (before.has(page)) continue;
    sorted.splice(insertionPoint(sorted, page), 0, page);
  }
  return sorted;
}

/**
 * `named`: an event named the file, so it is read even when its stamp did not change: two writes of the same size
 * within one tick of the file system's coarse clock leave the same times, and the second would go unseen.
 */
async function scanFile(
  file: string,
  before: ScannedFile | undefined,
  named = false,
): Promise<ScannedFile | undefined> {
  const stats = await statWithOneBuffer(file).catch(ifGone);
  if (!stats) return undefined;
  const stamp = `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
  if (before?.stamp === stamp && !named) return before;
  if (stats.size > PAGE_MAX_BYTES) {
    const message = `is ${stats.size} bytes, at most ${PAGE_MAX_BYTES}`;
    const digest = entryDigest(file, stamp);
    return { stamp, hash: stamp, digest, names: [], errors: [{ file, line: 1, field: 'page', message }] };
  }
  const raw = await readFile(file, 'utf8').catch(ifGone);
  if (raw === undefined) return undefined;
  const hash = hashText(raw);
  if (before?.stamp === stamp && before.hash === hash) return before;
  const { page, errors } = parsePage(file, raw);
  const result: ScannedFile = { stamp, hash, digest: entryDigest(file, hash), names: [], errors };
  if (!page) return result;
  const expected = basename(file, '.md');
  if (page.meta.slug !== expected) {
    errors.push({ file, line: page.lines.slug, field: 'slug', message: `must match the file name ("${expected}")` });
    return result;
  }
  const { meta, lines } = page;
  const own: [string, string, number][] = [
    ['slug', meta.slug, lines.slug],
    ['title', meta.title, lines.title],
    ...meta.aliases.map((alias, index): [string, string, number] => [
      `aliases.${index}`,
      alias,
      lines.aliases[index] ?? 1,
    ]),
  ];
  result.names = own.map(([field, name, line]) => [field, name, line, normaliseName(name)]);
  result.page = pageInfo(page);
  return result;
}

function entryDigest(file: string, hash: string): Buffer {
  return createHash('sha256')
    .update(`${basename(file)}\0${hash}`)
    .digest();
}

/**
 * fs/promises' stat allocates a buffer for each call's figures; the callback form reuses one. Over the 10,000 files of
 * a periodic re-check, the stat calls' time on the event loop fell from about 160 to 80 ms (CPU profile).
 */
const statWithOneBuffer = promisify(statWithCallback);

function ifGone(error: NodeJS.ErrnoException): undefined {
  if (error.code === 'ENOENT') return undefined;
  throw error;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await run(items[at] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
export const byTitle = (a: PageInfo, b: PageInfo) => collator.compare(a.title, b.title) || (a.slug < b.slug ? -1 : 1);

/** Slugs, titles and aliases share one namespace: a name may lead to one page only. */
function claimNames(
  file: string,
  slug: string,
  own: readonly OwnName[],
  names: Map<string, Claim>,
  errors: ContentError[],
): void {
  for (const [field, name, line, key] of own) {
    if (!key) {
      errors.push({ file, line, field, message: 'must contain letters or digits' });
      continue;
    }
    const previous = names.get(key);
    if (!previous) names.set(key, { slug, file, line });
    else if (previous.slug !== slug) {
      const where = `${previous.file}:${previous.line}`;
      errors.push({ file, line, field, message: `"${name}" is already a name of ${previous.slug} (${where})` });
    }
  }
}

async function readHealthcareNote(contentDir: string, errors: ContentError[]): Promise<string> {
  const file = join(contentDir, HEALTHCARE_NOTE_FILE);
  let note = '';
  try {
    if ((await lstat(file)).isSymbolicLink()) {
      errors.push(linkError(file, 'healthcare note'));
      return note;
    }
    note = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '').trim();
  } catch {
    errors.push({ file, line: 1, field: 'healthcare note', message: 'file is missing' });
    return note;
  }
  if (!note) errors.push({ file, line: 1, field: 'healthcare note', message: 'is empty' });
  if (note.length > HEALTHCARE_NOTE_MAX) {
    const message = `must be at most ${HEALTHCARE_NOTE_MAX} characters (is ${note.length})`;
    errors.push({ file, line: 1, field: 'healthcare note', message });
  }
  return note;
}

function dirError(contentDir: string, message: string): ContentError {
  return { file: join(contentDir, PAGES_DIR), line: 1, field: 'pages', message };
}

export async function validateContent(contentDir: string): Promise<{ pages: number; errors: ContentError[] }> {
  const scan = await scanContent(contentDir);
  return { pages: scan.pages.length, errors: scan.errors };
}
