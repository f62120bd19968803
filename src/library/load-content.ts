import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { normaliseName } from './normalise.js';
import { PAGE_MAX_BYTES } from './page-schema.js';
import { type ParsedPage, parsePage } from './parse-page.js';
import type { ContentError, PageInfo } from './types.js';

export const PAGES_DIR = 'modalities';
export const HEALTHCARE_NOTE_FILE = 'healthcare-note.md';
/** Shown under every excerpt, so it must fit one embed field (1,024 characters). */
export const HEALTHCARE_NOTE_MAX = 1000;

export interface ContentScan {
  /** Sorted by title; metadata only, the section texts are not kept. */
  pages: PageInfo[];
  /** Page file paths by slug, to read the texts again when indexing. */
  files: Map<string, string>;
  healthcareNote: string;
  /** Changes whenever any page file changes (names, bytes, order). */
  hash: string;
  errors: ContentError[];
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
  for (const entry of entries) {
    const file = join(dir, entry.name);
    if (entry.isSymbolicLink()) errors.push(linkError(file, 'page'));
    else if (!entry.name.endsWith('.md')) continue;
    else if (entry.isFile()) files.push(file);
    else errors.push({ file, line: 1, field: 'page', message: 'is not a file (a page is one .md file)' });
  }
  return files.sort();
}

function linkError(file: string, field: string): ContentError {
  return { file, line: 1, field, message: 'is a symbolic link, which is not followed: put the file itself here' };
}

/**
 * Reads and validates every page one file at a time, so only metadata stays in memory
 * however large the library is. Errors are collected, never thrown.
 */
export async function scanContent(contentDir: string): Promise<ContentScan> {
  const errors: ContentError[] = [];
  const pages: PageInfo[] = [];
  const files = new Map<string, string>();
  const hash = createHash('sha256');
  const names = new Map<string, { slug: string; file: string; line: number }>();

  let paths: string[] = [];
  try {
    paths = await pageFiles(contentDir, errors);
    if (!paths.length && !errors.length) errors.push(dirError(contentDir, 'no page files (*.md) found'));
  } catch (error) {
    errors.push(dirError(contentDir, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`));
  }

  for (const file of paths) {
    const { size } = await stat(file);
    if (size > PAGE_MAX_BYTES) {
      errors.push({ file, line: 1, field: 'page', message: `is ${size} bytes, at most ${PAGE_MAX_BYTES}` });
      continue;
    }
    const raw = await readFile(file, 'utf8');
    hash.update(`${basename(file)}\0${raw}\0`);
    const { page, errors: pageErrors } = parsePage(file, raw);
    errors.push(...pageErrors);
    if (!page) continue;
    const expected = basename(file, '.md');
    if (page.meta.slug !== expected) {
      errors.push({ file, line: page.lines.slug, field: 'slug', message: `must match the file name ("${expected}")` });
      continue;
    }
    claimNames(file, page, names, errors);
    pages.push(pageInfo(page));
    files.set(page.meta.slug, file);
  }

  const healthcareNote = await readHealthcareNote(contentDir, errors);
  pages.sort(byTitle);
  return { pages, files, healthcareNote, hash: hash.digest('hex'), errors };
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
export const byTitle = (a: PageInfo, b: PageInfo) => collator.compare(a.title, b.title) || (a.slug < b.slug ? -1 : 1);

/** Slugs, titles and aliases share one namespace: a name may lead to one page only. */
function claimNames(
  file: string,
  page: ParsedPage,
  names: Map<string, { slug: string; file: string; line: number }>,
  errors: ContentError[],
): void {
  const { meta, lines } = page;
  const own: [field: string, name: string, line: number][] = [
    ['slug', meta.slug, lines.slug],
    ['title', meta.title, lines.title],
    ...meta.aliases.map((alias, index): [string, string, number] => [
      `aliases.${index}`,
      alias,
      lines.aliases[index] ?? 1,
    ]),
  ];
  for (const [field, name, line] of own) {
    const key = normaliseName(name);
    if (!key) {
      errors.push({ file, line, field, message: 'must contain letters or digits' });
      continue;
    }
    const previous = names.get(key);
    if (!previous) names.set(key, { slug: meta.slug, file, line });
    else if (previous.slug !== meta.slug) {
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
