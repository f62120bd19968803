import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { openDatabase } from '../src/db/open.js';
import { type Library, loadLibrary } from '../src/library/index.js';
import { SECTION_MAX_CHARS } from '../src/library/page-schema.js';
import { createSearchIndex } from '../src/library/search-index.js';
import { buildOnce } from './built.js';
import { generatedAlias, generatedTitle, generateLibrary, pickWord, VOCABULARY } from './library-generate.js';
import { percentile, round } from './stats.js';

const QUERIES = 3000;

/** A full collection before measuring, so the garbage of loading (every page read once) is not timed. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function time(queries: string[], run: (query: string) => unknown): { p50: number; p99: number } {
  for (const query of queries.slice(0, 200)) run(query);
  const samples = queries.map((query) => {
    const start = performance.now();
    run(query);
    return performance.now() - start;
  });
  return { p50: round(percentile(samples, 50), 3), p99: round(percentile(samples, 99), 3) };
}

export function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** What members type while choosing a page: prefixes of titles and aliases, typos, later words, nothing. */
export function autocompleteInputs(pages: number, next: () => number): string[] {
  return Array.from({ length: QUERIES }, (_, index) => {
    const page = Math.floor(next() * pages);
    const name = next() < 0.7 ? generatedTitle(page) : generatedAlias(page);
    switch (index % 6) {
      case 0:
        return '';
      case 1:
        return name.slice(0, 1 + Math.floor(next() * name.length));
      case 2: {
        const at = Math.floor(next() * name.length);
        return `${name.slice(0, at)}${name.slice(at + 1)}`;
      }
      case 3:
        return name.split(' ').at(-1) ?? name;
      case 4:
        return `${name.slice(0, 4)}zq`;
      default:
        return name.toLowerCase();
    }
  });
}

/** Plain-words searches: common and rare words, pairs, titles, and syntax a member might paste. */
export function searchQueries(pages: number, next: () => number): string[] {
  const nasty = ['"', 'NEAR(a b)', '*', 'a OR', '(x', '^y -z', 'title: reiki', 'x'.repeat(500)];
  return Array.from({ length: QUERIES }, (_, index) => {
    switch (index % 6) {
      case 0:
        return pickWord(next);
      case 1:
        return `${pickWord(next)} ${pickWord(next)}`;
      case 2:
        return VOCABULARY[Math.floor(next() * VOCABULARY.length)] as string;
      case 3:
        return generatedTitle(Math.floor(next() * pages));
      case 4:
        return `${pickWord(next)} ${pickWord(next)} ${VOCABULARY[Math.floor(next() * VOCABULARY.length)]}`;
      default:
        return nasty[index % nasty.length] as string;
    }
  });
}

/** Generates a library in a temp folder, then measures indexing, lookups and memory on a temp database. */
/**
 * A restarted bot's memory: a process of plain node that loads (and checks) a large library whose index is already
 * built, with the bot's modules as tsc built them in dist/ (`npm start` runs the same code linked into one file), so
 * neither tsx nor the benchmark's own allocations count. Its memory before loading is Node's with those modules.
 */
const RESIDENT = `
const { LIBRARY_DIST, CONTENT_DIR, DATABASE_PATH } = process.env;
const { openDatabase } = await import(LIBRARY_DIST + '/db/open.js');
const { loadLibrary } = await import(LIBRARY_DIST + '/library/index.js');
const before = process.memoryUsage().rss;
const db = openDatabase(DATABASE_PATH);
const library = await loadLibrary({ db, contentDir: CONTENT_DIR });
globalThis.gc();
library.autocomplete('a');
library.search('the', 5);
const after = process.memoryUsage().rss;
console.log(JSON.stringify({ baseMb: Math.round(before / 1e6), loadedMb: Math.round(after / 1e6) }));
db.close();
`;

function residentInFreshProcess(contentDir: string, databasePath: string): { baseMb: number; loadedMb: number } {
  buildOnce();
  const output = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '--eval', RESIDENT], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      LIBRARY_DIST: new URL('../dist/src', import.meta.url).href,
      CONTENT_DIR: contentDir,
      DATABASE_PATH: databasePath,
    },
  });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}');
}

/**
 * Pages made of one word, every section of it a match: before snippets were bounded, a 500 kB page of this kind
 * held the event loop for seconds per search. The largest sections content:check accepts go through loadLibrary;
 * a 500 kB section, which it refuses, is indexed directly to show the cost no longer depends on the size.
 */
async function worstCaseSearch(root: string): Promise<Record<string, string>> {
  const section = 'a '.repeat(SECTION_MAX_CHARS / 2).trim();
  const pages = Array.from({ length: 5 }, (_, page) => {
    const body = ['Overview', 'Advantages', 'Disadvantages', 'Legality', 'In short'].map(
      (heading) => `## ${heading}\n\n${section}\n`,
    );
    return [
      `p${page}.md`,
      `---\ntitle: P${page}\nslug: p${page}\nsummary: s\nlast_reviewed: 2025-01-01\n---\n\n${body.join('\n')}`,
    ];
  });
  const contentDir = join(root, 'worst');
  mkdirSync(join(contentDir, 'modalities'), { recursive: true });
  writeFileSync(join(contentDir, 'healthcare-note.md'), 'Consult a professional.');
  for (const [file, text] of pages) writeFileSync(join(contentDir, 'modalities', file as string), text as string);
  const library = await loadLibrary({ db: openDatabase(':memory:'), contentDir });
  const queries = Array.from({ length: 300 }, () => 'a');
  const accepted = time(queries, (query) => library.search(query, 5));

  const index = createSearchIndex(openDatabase(':memory:'));
  const info = {
    slug: 'big',
    title: 'Big',
    aliases: [],
    summary: 's',
    tags: [],
    lastReviewed: '2025-01-01',
    sections: [],
  };
  const text = 'calm '.repeat(100_000).trim();
  index.rebuild('big', () => [{ info, sections: [{ key: 'overview', heading: 'Overview', text }] }]);
  const refused = time(queries, () => index.search(['calm'], 5));
  return {
    'search, 25 sections of 6,000 chars all matching: p50 / p99 (ms)': `${accepted.p50} / ${accepted.p99}`,
    'search, one 500 kB section of one word: p50 / p99 (ms)': `${refused.p50} / ${refused.p99}`,
  };
}

export async function benchLibrary(opts: { pages: number; words: number }): Promise<Record<string, number | string>> {
  const root = mkdtempSync(join(tmpdir(), 'library-bench-'));
  try {
    const contentDir = join(root, 'content');
    let start = performance.now();
    await generateLibrary(contentDir, opts.pages, opts.words);
    const generateMs = Math.round(performance.now() - start);

    const db = openDatabase(join(root, 'library.sqlite'));
    start = performance.now();
    await loadLibrary({ db, contentDir });
    const coldMs = Math.round(performance.now() - start);
    start = performance.now();
    const library: Library = await loadLibrary({ db, contentDir });
    const warmMs = Math.round(performance.now() - start);
    collectGarbage();
    const rss = residentInFreshProcess(contentDir, join(root, 'library.sqlite'));

    const next = seeded(12345);
    const autocomplete = time(autocompleteInputs(opts.pages, next), (input) => library.autocomplete(input));
    const search = time(searchQueries(opts.pages, next), (query) => library.search(query, 5));
    const excerpt = time(
      library.pages.slice(0, QUERIES).map((page) => page.slug),
      (slug) => library.excerpt(slug, 'benefits', 1024),
    );
    db.close();
    const worst = await worstCaseSearch(root);
    return {
      pages: opts.pages,
      wordsPerPage: opts.words,
      generateMs,
      indexColdMs: coldMs,
      indexWarmSkipMs: warmMs,
      'rss of a fresh process before loading (MB)': rss.baseMb,
      'rss after loading the library (MB, target < 200)': rss.loadedMb,
      autocompleteP50Ms: autocomplete.p50,
      autocompleteP99Ms: autocomplete.p99,
      searchP50Ms: search.p50,
      searchP99Ms: search.p99,
      excerptP50Ms: excerpt.p50,
      excerptP99Ms: excerpt.p99,
      ...worst,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
