import type { Db } from '../db/open.js';
import { phrase } from './fts-query.js';
import { foldForIndex, splitsAsFts5, words } from './normalise.js';
import type { ParsedSection } from './parse-page.js';
import { SNIPPET_SCAN_CHARS, sectionSnippet } from './snippet.js';
import type { PageInfo, SectionKey } from './types.js';

/** Bump when the way pages are indexed changes, so existing databases are re-indexed once. */
const INDEX_VERSION = '7';
/**
 * What the stored index was made by: this way of indexing, and the Unicode version of the NFKC that folded its text
 * (a newer Node may fold a character otherwise, and FTS5 forgets a row only when given the values it indexed).
 */
const INDEXED_BY = `${INDEX_VERSION}:${process.versions.unicode}`;
const HASH_KEY = 'content_hash';
/**
 * Ranking a word costs time in proportion to the sections that hold it (about 1 µs each), so a query's word in
 * more sections than this is served from its champion list, and a query's "any word" pass spends at most
 * this budget, on its rarest words.
 */
export const COMMON_DOCS = 1000;
/**
 * A word in more sections than this keeps its champion list (its best sections, stored), so that a search whose
 * pass is this one word reads the list instead of ranking every section holding it, when the list can promise FTS5's
 * order (`listed`): about 50 µs instead of 0.2–1 ms.
 */
export const LISTED_DOCS = 200;
/** Enough for the largest page of results a caller may ask for. */
export const CHAMPIONS = 25;
/**
 * How many champions are stored: the best `CHAMPIONS` are served, the rest are reserves, so a reload that pushes
 * a champion down or out still knows the next best without ranking every section holding the word.
 */
const CHAMPION_DEPTH = 2 * CHAMPIONS;
/** FTS5's bm25 constants (fts5_aux.c), for ranking a section against the stored champions as FTS5 would. */
const K1 = 1.2;
const B = 0.75;
/** A relative margin for the rounding of weights computed at different totals. */
const ROUNDING = 1e-9;
/** How far past a list's last section its ranking is read, looking for the first section unlike it. */
const TIE_WINDOW = 200;
/** The start of a hit's section, for its snippet; `more` is 1 when the section goes on after it. */
const SECTION_HEAD = `substr(s.body, 1, ${SNIPPET_SCAN_CHARS}) AS head, length(substr(s.body, ${SNIPPET_SCAN_CHARS + 1}, 1)) AS more`;

export interface IndexedPage {
  info: PageInfo;
  sections: ParsedSection[];
  /** The page file's content hash, kept so a later update re-reads only the pages that changed. */
  hash?: string;
}

/** How many pages an update indexed again, by what happened to their files. */
export interface IndexUpdate {
  added: number;
  changed: number;
  removed: number;
}

interface SectionRow {
  id: number;
  section: SectionKey;
  title: string;
  aliases: string;
  heading: string;
  body: string;
}

export interface RawHit {
  slug: string;
  section: SectionKey;
  heading: string;
  snippet: string;
}

/** A section's part in its rank for one word: the word's count weighted by column, and the section's length. */
interface Contender {
  id: number;
  freq: number;
  size: number;
}

/** What bm25 needs of the whole index: its sections, their words in all, and the average section's length. */
interface Totals {
  rows: number;
  tokens: number;
  avgdl: number;
}

const totalsOf = (rows: number, tokens: number): Totals => ({ rows, tokens, avgdl: tokens / rows });

/** A section's part in its bm25 score for one word, before the word's idf: what orders the sections holding it. */
function weight(section: Contender, totals: Totals): number {
  return (section.freq * (K1 + 1)) / (section.freq + damping(section.size, totals));
}

/** FTS5's bm25 score of one word in one section, computed the same way (fts5Bm25Function), so it sorts the same. */
function bm25(section: Contender, docs: number, totals: Totals): number {
  return idf(docs, totals) * weight(section, totals);
}

/**
 * What a list's bound (see `library_list_bounds`) becomes at another average section length: a section's weight
 * grows at most in proportion to the average, when the average grows, and does not grow when it shrinks.
 */
const carried = (stored: { bound: number; avgdl: number }, totals: Totals) =>
  stored.bound * Math.max(1, totals.avgdl / stored.avgdl) * (1 + ROUNDING);

/** A section a reload wrote: its words with their weighted counts, its size, and whether FTS5 splits it alike. */
interface FreshSection {
  id: number;
  terms: Map<string, number>;
  size: number;
  plain: boolean;
}

/** What a list promises about the sections it does not hold (migration 021, `library_list_bounds`). */
interface ListBound {
  bound: number;
  avgdl: number;
  tie_id: number | null;
  tie_freq: number | null;
  tie_size: number | null;
}

function idf(docs: number, totals: Totals): number {
  const value = Math.log((totals.rows - docs + 0.5) / (docs + 0.5));
  return value <= 0 ? 1e-6 : value;
}

const damping = (size: number, totals: Totals) => K1 * (1 - B + (B * size) / totals.avgdl);

/** Best score first; ties go to the lower row id, as FTS5 orders them. */
const ahead = (a: { id: number; score: number }, b: { id: number; score: number }) => b.score - a.score || a.id - b.id;

/** SQLite's varints, as FTS5 stores its totals and row sizes. */
function varints(blob: Uint8Array): number[] {
  const values: number[] = [];
  let value = 0;
  for (const byte of blob) {
    value = value * 128 + (byte & 0x7f);
    if (byte & 0x80) continue;
    values.push(value);
    value = 0;
  }
  return values;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** A word of a search: the bot's form, how FTS5 matches it when not by that form, and the sections holding it. */
interface SearchTerm {
  token: string;
  match?: string;
  docs: number;
}

interface HitRow {
  id: number;
  slug: string;
  section: SectionKey;
  heading: string;
  head: string;
  more: number;
}

export type SearchIndex = ReturnType<typeof createSearchIndex>;

export function createSearchIndex(db: Db) {
  const getMeta = db.prepare<[string], { value: string }>('SELECT value FROM library_meta WHERE key = ?');
  const setMeta = db.prepare<[string, string]>(
    'INSERT INTO library_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const insertSection = db.prepare<[string, string, string, string, string, string]>(
    'INSERT INTO library_sections (slug, section, title, aliases, heading, body) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertFts = db.prepare<[number | bigint, string, string, string, string]>(
    'INSERT INTO library_fts (rowid, title, aliases, heading, body) VALUES (?, ?, ?, ?, ?)',
  );
  const readSection = db
    .prepare<[string, string], string>('SELECT body FROM library_sections WHERE slug = ? AND section = ?')
    .pluck();
  const searchFts = db.prepare<[string, number], HitRow>(`
    SELECT s.id, s.slug, s.section, s.heading, ${SECTION_HEAD}
    FROM (
      SELECT rowid AS id, rank FROM library_fts WHERE library_fts MATCH ? ORDER BY rank LIMIT ?
    ) AS m JOIN library_sections AS s ON s.id = m.id
    ORDER BY m.rank`);
  const docsOf = db.prepare<[string], number>('SELECT docs FROM library_terms WHERE term = ?').pluck();
  // FTS5's own count, for a word whose count in library_terms came from text the bot splits otherwise.
  const matching = db.prepare<[string], number>('SELECT count(*) FROM library_fts WHERE library_fts MATCH ?').pluck();
  // The same, counting no further than `limit`: its cost stays bounded for a word in every section.
  const matchingUpTo = db
    .prepare<[string, number], number>(
      'SELECT count(*) FROM (SELECT 1 FROM library_fts WHERE library_fts MATCH ? LIMIT ?)',
    )
    .pluck();
  const listedTerms = db.prepare<[number], { term: string; docs: number }>(
    'SELECT term, docs FROM library_terms WHERE docs > ?',
  );
  const bestFor = db.prepare<[string, number], { id: number; rank: number }>(
    'SELECT rowid AS id, rank FROM library_fts WHERE library_fts MATCH ? ORDER BY rank LIMIT ?',
  );
  const insertChampion = db.prepare<[string, number, number, number, number]>(
    'INSERT INTO library_champions (term, position, id, freq, size) VALUES (?, ?, ?, ?, ?)',
  );
  const listOf = db.prepare<[string], Contender>(
    'SELECT id, freq, size FROM library_champions WHERE term = ? ORDER BY position',
  );
  const weakestOf = db.prepare<[string], Contender>(
    'SELECT id, freq, size FROM library_champions WHERE term = ? ORDER BY position DESC LIMIT 1',
  );
  const listsHolding = db
    .prepare<[string], string>(
      'SELECT DISTINCT term FROM library_champions WHERE id IN (SELECT value FROM json_each(?))',
    )
    .pluck();
  const dropList = db.prepare<[string]>('DELETE FROM library_champions WHERE term = ?');
  const boundOf = db.prepare<[string], ListBound>(
    'SELECT bound, avgdl, tie_id, tie_freq, tie_size FROM library_list_bounds WHERE term = ?',
  );
  const setBound = db.prepare<[string, number, number, number | null, number | null, number | null]>(
    `INSERT OR REPLACE INTO library_list_bounds (term, bound, avgdl, tie_id, tie_freq, tie_size)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const moveBound = db.prepare<[number, number, string]>(
    'UPDATE library_list_bounds SET bound = ?, avgdl = ? WHERE term = ?',
  );
  const dropBound = db.prepare<[string]>('DELETE FROM library_list_bounds WHERE term = ?');
  // Sections that are champions of the most query words first, then the best placed; reserves are not served.
  const championsOf = db
    .prepare<[string, number], number>(`
      SELECT id FROM library_champions WHERE term IN (SELECT value FROM json_each(?)) AND position < ${CHAMPIONS}
      GROUP BY id ORDER BY count(*) DESC, min(position), id LIMIT ?`)
    .pluck();
  // FTS5's own records (the "averages" record and the row sizes), read rather than counted again.
  const averages = db.prepare<[], Buffer>('SELECT block FROM library_fts_data WHERE id = 1').pluck();
  const docSize = db.prepare<[number], Buffer>('SELECT sz FROM library_fts_docsize WHERE id = ?').pluck();
  const allSizes = db.prepare<[], Buffer>('SELECT sz FROM library_fts_docsize').pluck();
  const rankConfig = db.prepare<[], string>(`SELECT v FROM library_fts_config WHERE k = 'rank'`).pluck().get();
  // The column weights ORDER BY rank uses (migration 001), so a word's count here is weighted as FTS5 weighs it.
  const weights = (rankConfig?.match(/\((.*)\)/)?.[1]?.split(',') ?? []).map(Number);
  const weightOf = (column: number) => weights[column] ?? 1;
  const sectionById = db.prepare<[number], HitRow>(
    `SELECT s.id, s.slug, s.section, s.heading, ${SECTION_HEAD} FROM library_sections AS s WHERE s.id = ?`,
  );
  const indexedPages = db.prepare<[], { slug: string; hash: string }>('SELECT slug, hash FROM library_pages');
  const setPageHash = db.prepare<[string, string]>(
    'INSERT INTO library_pages (slug, hash) VALUES (?, ?) ON CONFLICT (slug) DO UPDATE SET hash = excluded.hash',
  );
  const pageHash = db.prepare<[string], string>('SELECT hash FROM library_pages WHERE slug = ?').pluck();
  const deletePageHash = db.prepare<[string]>('DELETE FROM library_pages WHERE slug = ?');
  const sectionsOf = db.prepare<[string], SectionRow>(
    'SELECT id, section, title, aliases, heading, body FROM library_sections WHERE slug = ?',
  );
  const deleteFts = db.prepare<[number, string, string, string, string]>(
    `INSERT INTO library_fts (library_fts, rowid, title, aliases, heading, body) VALUES ('delete', ?, ?, ?, ?, ?)`,
  );
  /**
   * FTS5 indexes a section's text in its compatibility forms (NFKC): a ligature pasted from a PDF (ﬁ) or full-width
   * letters become the letters members type, as the bot's own words fold them. library_sections keeps the text as
   * written, which excerpts and snippets quote. External content: FTS5 forgets a row only when given the values it
   * indexed, so both fold alike. So FTS5's 'rebuild' (which would index library_sections as written) and its
   * 'integrity-check' against the content table (rank 1) do not apply to this index; a full index does the first.
   */
  const fts = (statement: typeof insertFts, id: number | bigint, values: readonly string[]) =>
    statement.run(id, ...(values.map(foldForIndex) as [string, string, string, string]));
  const updateSection = db.prepare<[string, string, string, string, number]>(
    'UPDATE library_sections SET title = ?, aliases = ?, heading = ?, body = ? WHERE id = ?',
  );
  const deleteSection = db.prepare<[number]>('DELETE FROM library_sections WHERE id = ?');
  const addDocs = db.prepare<[string, number]>(
    'INSERT INTO library_terms (term, docs) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET docs = docs + excluded.docs',
  );
  const dropTerm = db.prepare<[string]>('DELETE FROM library_terms WHERE term = ? AND docs <= 0');

  const indexedValues = (info: PageInfo, section: ParsedSection) => {
    const names = section.key === 'overview';
    return {
      title: names ? info.title : '',
      aliases: names ? info.aliases.join(' ; ') : '',
      heading: section.heading,
      body: section.text,
    };
  };
  /** The words FTS5 holds for a section (as library_vocab counts them), each with its count weighted by column. */
  const termsOf = (row: { title: string; aliases: string; heading: string; body: string }) => {
    const counts = new Map<string, number>();
    [row.title, row.aliases, row.heading, row.body].forEach((text, column) => {
      const weight = weightOf(column);
      for (const word of words(text)) counts.set(word, (counts.get(word) ?? 0) + weight);
    });
    return counts;
  };

  /**
   * FTS5's totals as last committed: its "averages" record, which FTS5 writes only when a transaction commits, so
   * inside one that wrote sections it is out of date (FTS5 itself ranks with the totals it keeps in memory).
   */
  const committedTotals = (): Totals => {
    const [rows = 0, ...columns] = varints(averages.get() ?? new Uint8Array());
    return totalsOf(rows, sum(columns));
  };
  /** The same, counted from every section's size, which FTS5 writes at once: for a transaction that wrote them all. */
  const countedTotals = (): Totals => {
    let rows = 0;
    let tokens = 0;
    for (const size of allSizes.iterate()) {
      rows++;
      tokens += sum(varints(size));
    }
    return totalsOf(rows, tokens);
  };
  const sizeOf = (id: number) => sum(varints(docSize.get(id) ?? new Uint8Array()));

  const writeList = (term: string, list: readonly Contender[]) => {
    dropList.run(term);
    list.forEach(({ id, freq, size }, position) => {
      insertChampion.run(term, position, id, freq, size);
    });
  };
  const forgetList = (term: string) => {
    dropList.run(term);
    dropBound.run(term);
  };

  /**
   * Ranks every section holding `term` (as search would) and stores the best as its champion list, with what it
   * promises about the rest: read on past the list, sections just like its last one (same count, same length) weigh
   * the same as it under any totals and come after it by row id (its twins); the first section unlike it bounds all
   * the others.
   */
  const rankTerm = (term: string, docs: number, all: Totals) => {
    const best: Contender[] = [];
    const read = CHAMPION_DEPTH + TIE_WINDOW;
    let seen = 0;
    let unlike: Contender | undefined;
    let tie: Contender | undefined;
    let lastRank = 0;
    for (const { id, rank } of bestFor.iterate(phrase(term), read)) {
      seen++;
      const size = sizeOf(id);
      // The weighted count, solved from FTS5's score; it is a sum of column weights, so rounding recovers it.
      const share = -rank / idf(docs, all);
      const section = { id, size, freq: Math.round(((share * damping(size, all)) / (K1 + 1 - share)) * 1e6) / 1e6 };
      const last = best.at(-1);
      if (!last || best.length < CHAMPION_DEPTH) {
        best.push(section);
        lastRank = rank;
      } else if (rank === lastRank && size === last.size && section.freq === last.freq) {
        tie = last;
      } else {
        unlike = section;
        break;
      }
    }
    const last = best.at(-1);
    // Past the window, sections rank no higher than the last twin read, which weighs what the list's last one does.
    const bound = unlike ? weight(unlike, all) : seen === read && last ? weight(last, all) : 0;
    writeList(term, best);
    setBound.run(term, bound, all.avgdl, tie?.id ?? null, tie?.freq ?? null, tie?.size ?? null);
  };

  /**
   * Keeps the champion lists the best sections of their words, after the sections in `changed` were removed or
   * written again (`fresh`: those written, with their words and sizes), at the totals `all` the index has now.
   * A list only changes when one of its sections changed or a fresh section beats its last one; a word is ranked from
   * scratch when it comes to be listed (`LISTED_DOCS`), when its list falls below `CHAMPIONS`, or when a section
   * written holds it in text the bot splits otherwise than FTS5 (`splitsAsFts5`). Each list's bound
   * is kept covering every section outside it: the bound carried to `all`, and each section that does not make it.
   * `delta`: the words of every changed section, old and new, with the change in the number of sections holding it.
   */
  const refreshChampions = (
    delta: ReadonlyMap<string, number>,
    changed: ReadonlySet<number>,
    fresh: readonly FreshSection[],
    all: Totals,
  ) => {
    if (!delta.size) return;
    const unsure = new Set(fresh.flatMap((row) => (row.plain ? [] : [...row.terms.keys()])));
    // Ranked with FTS5's count of the sections holding the word: the one in library_terms may be off (see splitsAsFts5).
    const rerank = (term: string) => rankTerm(term, matching.get(phrase(term)) ?? 0, all);
    const holding = new Set(changed.size ? listsHolding.all(JSON.stringify([...changed])) : []);
    for (const [term, by] of delta) {
      const docs = docsOf.get(term) ?? 0;
      const wasListed = docs - by > LISTED_DOCS;
      if (docs <= LISTED_DOCS) {
        if (wasListed) forgetList(term);
        continue;
      }
      const stored = wasListed ? boundOf.get(term) : undefined;
      if (!stored || unsure.has(term)) {
        rerank(term);
        continue;
      }
      const scored = (contender: Contender) => ({ ...contender, score: bm25(contender, docs, all) });
      const contenders = fresh.flatMap(({ id, terms, size }) => {
        const freq = terms.get(term);
        return freq ? [scored({ id, freq, size })] : [];
      });
      // Sections now left out of the list: the bound stays as stored when it covers them at its own average (most
      // sections are far below it); otherwise it is carried to today's average and raised to them.
      const leaveOut = (left: readonly Contender[]) => {
        const then = { ...all, avgdl: stored.avgdl };
        if (left.every((section) => weight(section, then) <= stored.bound)) return;
        const bound = left.reduce((most, section) => Math.max(most, weight(section, all)), carried(stored, all));
        moveBound.run(bound, all.avgdl, term);
      };
      if (!holding.has(term)) {
        if (!contenders.length) continue;
        const weakest = weakestOf.get(term);
        if (weakest && contenders.every((contender) => ahead(contender, scored(weakest)) > 0)) {
          leaveOut(contenders);
          continue;
        }
      }
      const kept = listOf
        .all(term)
        .filter((champion) => !changed.has(champion.id))
        .map(scored)
        .sort(ahead);
      const last = kept.at(-1);
      if (!last) {
        rerank(term);
        continue;
      }
      const behind = contenders.filter((contender) => ahead(contender, last) > 0);
      const joined = [...kept, ...contenders.filter((contender) => ahead(contender, last) < 0)].sort(ahead);
      const list = joined.slice(0, CHAMPION_DEPTH);
      if (list.length < CHAMPIONS) rerank(term);
      else {
        writeList(term, list);
        leaveOut([...behind, ...joined.slice(CHAMPION_DEPTH)]);
      }
    }
  };

  const hitOf = (row: HitRow, tokens: readonly string[]): RawHit => ({
    slug: row.slug,
    section: row.section,
    heading: row.heading,
    snippet: sectionSnippet(row.head, row.more > 0, tokens),
  });

  /**
   * The best sections for one listed word, as FTS5 would rank them now, or undefined when the list cannot promise it:
   * the stored list scored again with the current totals (every section's weight moves a little when pages change),
   * served only when its last result weighs more than any section outside the list can (its bound, carried to the
   * current average, with a margin for rounding) and is ahead of the twins of the list's last section.
   */
  const listed = (term: string, docs: number, limit: number): HitRow[] | undefined => {
    const stored = boundOf.get(term);
    if (!stored) return undefined;
    const all = committedTotals();
    const wordIdf = idf(docs, all);
    const best = listOf
      .all(term)
      .map((contender) => {
        const part = weight(contender, all);
        return { id: contender.id, part, score: wordIdf * part };
      })
      .sort(ahead)
      .slice(0, limit);
    const last = best.at(-1);
    if (best.length < limit || !last || last.part <= carried(stored, all)) return undefined;
    if (stored.tie_id !== null) {
      const twin = { id: stored.tie_id, freq: stored.tie_freq ?? 0, size: stored.tie_size ?? 0 };
      if (ahead(last, { id: twin.id, score: wordIdf * weight(twin, all) }) > 0) return undefined;
    }
    return best.flatMap(({ id }) => sectionById.get(id) ?? []);
  };

  const versionedHash = (contentHash: string) => `${INDEXED_BY}:${contentHash}`;

  /** Every page indexed anew, inside the caller's transaction. */
  const indexAll = (contentHash: string, pages: () => Iterable<IndexedPage>) => {
    db.exec(`INSERT INTO library_fts (library_fts) VALUES ('delete-all');
            DELETE FROM library_sections; DELETE FROM library_pages;`);
    for (const { info, sections, hash } of pages()) {
      for (const section of sections) {
        const { title, aliases, heading, body } = indexedValues(info, section);
        const { lastInsertRowid } = insertSection.run(info.slug, section.key, title, aliases, heading, body);
        fts(insertFts, lastInsertRowid, [title, aliases, heading, body]);
      }
      if (hash !== undefined) setPageHash.run(info.slug, hash);
    }
    // One merged b-tree per term keeps every later query on the fast path.
    db.exec(`INSERT INTO library_fts (library_fts) VALUES ('optimize')`);
    db.exec(`DELETE FROM library_terms; DELETE FROM library_champions;
            INSERT INTO library_terms (term, docs) SELECT term, doc FROM library_vocab;`);
    const all = countedTotals();
    db.exec('DELETE FROM library_list_bounds');
    for (const { term, docs } of listedTerms.all(LISTED_DOCS)) rankTerm(term, docs, all);
    setMeta.run(HASH_KEY, versionedHash(contentHash));
  };

  return {
    isCurrent(contentHash: string): boolean {
      return getMeta.get(HASH_KEY)?.value === versionedHash(contentHash);
    },

    /**
     * Replaces the whole index in one transaction. `pages` is read lazily (one file at a time) inside it,
     * which is why it must be synchronous. Returns false when another process indexed this content first.
     */
    rebuild(contentHash: string, pages: () => Iterable<IndexedPage>): boolean {
      return db
        .transaction(() => {
          if (getMeta.get(HASH_KEY)?.value === versionedHash(contentHash)) return false;
          indexAll(contentHash, pages);
          return true;
        })
        .immediate();
    },

    /**
     * Indexes again only the pages whose hash differs from the one indexed (`hashes`: every page of the new
     * content, by slug), in one transaction, so a search sees the old library or the new one, never a mix.
     * `candidates`, when given, are the only slugs that may differ (the pages added, changed or removed since the
     * content last indexed), so the other pages are not compared. `read` gives a page's texts; it runs inside the
     * transaction (so it is synchronous) and throws when the file no longer matches its hash, which rolls everything
     * back. Sections whose indexed text is the same are left alone; word counts are adjusted by the words of the
     * sections replaced, and the champion lists as ranking from scratch would give them.
     */
    update(
      contentHash: string,
      hashes: ReadonlyMap<string, string>,
      read: (slug: string) => IndexedPage,
      candidates?: Iterable<string>,
    ): IndexUpdate {
      return db
        .transaction((): IndexUpdate => {
          const done: IndexUpdate = { added: 0, changed: 0, removed: 0 };
          const stored = getMeta.get(HASH_KEY)?.value;
          if (stored === versionedHash(contentHash)) return done;
          if (stored !== undefined && !stored.startsWith(`${INDEXED_BY}:`)) {
            // Indexed by another version of the bot (one sharing the file during an upgrade): its rows may hold
            // values this version would not give FTS5 to forget them, so every page is indexed anew.
            const before = new Map(indexedPages.all().map((row) => [row.slug, row.hash]));
            for (const [slug, hash] of hashes) {
              if (!before.has(slug)) done.added++;
              else if (before.get(slug) !== hash) done.changed++;
            }
            done.removed = [...before.keys()].filter((slug) => !hashes.has(slug)).length;
            indexAll(contentHash, function* () {
              for (const slug of hashes.keys()) yield read(slug);
            });
            return done;
          }
          const indexed = candidates
            ? new Map(
                [...candidates].flatMap((slug) => {
                  const hash = pageHash.get(slug);
                  return hash === undefined ? [] : [[slug, hash] as const];
                }),
              )
            : new Map(indexedPages.all().map((row) => [row.slug, row.hash]));
          const compared = candidates ? new Set(candidates) : hashes.keys();
          const delta = new Map<string, number>();
          const count = (terms: Map<string, number>, by: number) => {
            for (const term of terms.keys()) delta.set(term, (delta.get(term) ?? 0) + by);
          };
          const changed = new Set<number>();
          const fresh: FreshSection[] = [];
          // The totals this transaction leaves, followed from the last committed ones (see committedTotals).
          let { rows, tokens } = committedTotals();
          const remove = (row: SectionRow) => {
            rows--;
            tokens -= sizeOf(row.id);
            fts(deleteFts, row.id, [row.title, row.aliases, row.heading, row.body]);
            deleteSection.run(row.id);
            count(termsOf(row), -1);
            changed.add(row.id);
          };

          for (const slug of indexed.keys()) {
            if (hashes.has(slug)) continue;
            for (const row of sectionsOf.all(slug)) remove(row);
            deletePageHash.run(slug);
            done.removed++;
          }

          for (const slug of compared) {
            const hash = hashes.get(slug);
            const before = indexed.get(slug);
            if (hash === undefined || before === hash) continue;
            const { info, sections } = read(slug);
            const old = new Map(sectionsOf.all(slug).map((row) => [row.section, row]));
            for (const section of sections) {
              const values = indexedValues(info, section);
              const row = old.get(section.key);
              old.delete(section.key);
              if (
                row &&
                row.title === values.title &&
                row.aliases === values.aliases &&
                row.heading === values.heading &&
                row.body === values.body
              )
                continue;
              let id: number;
              if (row) {
                tokens -= sizeOf(row.id);
                fts(deleteFts, row.id, [row.title, row.aliases, row.heading, row.body]);
                updateSection.run(values.title, values.aliases, values.heading, values.body, row.id);
                fts(insertFts, row.id, [values.title, values.aliases, values.heading, values.body]);
                count(termsOf(row), -1);
                id = row.id;
              } else {
                const { title, aliases, heading, body } = values;
                id = Number(insertSection.run(slug, section.key, title, aliases, heading, body).lastInsertRowid);
                fts(insertFts, id, [title, aliases, heading, body]);
                rows++;
              }
              const terms = termsOf(values);
              const size = sizeOf(id);
              tokens += size;
              count(terms, 1);
              changed.add(id);
              const plain = [values.title, values.aliases, values.heading, values.body].every((value) =>
                splitsAsFts5(foldForIndex(value)),
              );
              fresh.push({ id, terms, size, plain });
            }
            for (const row of old.values()) remove(row);
            setPageHash.run(slug, hash);
            if (before === undefined) done.added++;
            else done.changed++;
          }

          for (const [term, by] of delta) {
            if (by === 0) continue;
            addDocs.run(term, by);
            if (by < 0) dropTerm.run(term);
          }
          refreshChampions(delta, changed, fresh, totalsOf(rows, tokens));
          setMeta.run(HASH_KEY, versionedHash(contentHash));
          return done;
        })
        .immediate();
    },

    sectionText(slug: string, section: SectionKey): string | undefined {
      return readSection.get(slug, section);
    },

    /**
     * All the words first; when that finds too little, any of the rarer words, best first.
     * Words that no section holds are dropped; very common words are left to the champion lists,
     * used when the query has nothing else.
     */
    search(tokens: readonly string[], limit: number, spelled: ReadonlyMap<string, string> = new Map()): RawHit[] {
      // A word FTS5 splits otherwise than the bot is matched as typed too, and counted by FTS5 (see typedSpellings);
      // when it is in more sections than bm25 may rank quickly, it is left to the bot's form and its champion list.
      const known = tokens
        .map((token): SearchTerm => {
          const match = spelled.get(token);
          const docs = match === undefined ? undefined : matchingUpTo.get(match, COMMON_DOCS + 1);
          return match !== undefined && docs !== undefined && docs <= COMMON_DOCS
            ? { token, match, docs }
            : { token, docs: docsOf.get(token) ?? 0 };
        })
        .filter((term) => term.docs > 0)
        .sort((a, b) => a.docs - b.docs);
      if (!known.length) return [];
      if ((known[0] as { docs: number }).docs > COMMON_DOCS)
        return this.searchCommon(
          known.map((term) => term.token),
          limit,
        );

      // bm25 counts every section holding each word (for its weight), so very common words would make the
      // query slow; they barely change the order anyway, so only the rarer words are searched.
      const searched = known.filter((term) => term.docs <= COMMON_DOCS);
      const hits: RawHit[] = [];
      const seen = new Set<number>();
      const collect = (terms: readonly SearchTerm[], mode: 'all' | 'any') => {
        if (!terms.length || hits.length >= limit) return;
        const [only] = terms;
        const listable = terms.length === 1 && only && only.match === undefined && only.docs > LISTED_DOCS;
        const rows =
          (listable ? listed(only.token, only.docs, limit) : undefined) ??
          searchFts.all(
            // FTS5 takes an implicit AND between phrases only, not beside a parenthesised OR.
            terms.map((term) => term.match ?? phrase(term.token)).join(mode === 'all' ? ' AND ' : ' OR '),
            limit,
          );
        for (const row of rows) {
          if (seen.has(row.id) || hits.length >= limit) continue;
          seen.add(row.id);
          hits.push(hitOf(row, tokens));
        }
      };
      collect(searched, 'all');
      if (searched.length > 1) {
        // Sorted rarest first, and the rarest is within budget, so at least one word is kept.
        const rarest: typeof searched = [];
        let spent = 0;
        for (const term of searched) {
          spent += term.docs;
          if (spent > COMMON_DOCS) break;
          rarest.push(term);
        }
        collect(rarest, 'any');
      }
      return hits;
    },

    searchCommon(tokens: readonly string[], limit: number): RawHit[] {
      return championsOf.all(JSON.stringify(tokens), limit).flatMap((id) => {
        const row = sectionById.get(id);
        return row ? [hitOf(row, tokens)] : [];
      });
    },
  };
}
