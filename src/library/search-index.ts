import type { Db } from '../db/open.js';
import { matchExpression } from './fts-query.js';
import { words } from './normalise.js';
import type { ParsedSection } from './parse-page.js';
import { SNIPPET_SCAN_CHARS, sectionSnippet } from './snippet.js';
import type { PageInfo, SectionKey } from './types.js';

/** Bump when the way pages are indexed changes, so existing databases are re-indexed once. */
const INDEX_VERSION = '2';
const HASH_KEY = 'content_hash';
/**
 * Ranking a word costs time in proportion to the sections that hold it (about 1 µs each), so a word in
 * more sections than this is served from its champion list, and a query's "any word" pass spends at most
 * this budget, on its rarest words.
 */
export const COMMON_DOCS = 1000;
/** Enough for the largest page of results a caller may ask for. */
export const CHAMPIONS = 25;
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
  const commonTerms = db.prepare<[number], string>('SELECT term FROM library_terms WHERE docs > ?').pluck();
  const bestFor = db
    .prepare<[string, number], number>('SELECT rowid FROM library_fts WHERE library_fts MATCH ? ORDER BY rank LIMIT ?')
    .pluck();
  const insertChampion = db.prepare<[string, number, number]>(
    'INSERT INTO library_champions (term, position, id) VALUES (?, ?, ?)',
  );
  // Sections that are champions of the most query words first, then the best placed.
  const championsOf = db
    .prepare<[string, number], number>(`
      SELECT id FROM library_champions WHERE term IN (SELECT value FROM json_each(?))
      GROUP BY id ORDER BY count(*) DESC, min(position), id LIMIT ?`)
    .pluck();
  const sectionById = db.prepare<[number], HitRow>(
    `SELECT s.id, s.slug, s.section, s.heading, ${SECTION_HEAD} FROM library_sections AS s WHERE s.id = ?`,
  );
  const indexedPages = db.prepare<[], { slug: string; hash: string }>('SELECT slug, hash FROM library_pages');
  const setPageHash = db.prepare<[string, string]>(
    'INSERT INTO library_pages (slug, hash) VALUES (?, ?) ON CONFLICT (slug) DO UPDATE SET hash = excluded.hash',
  );
  const deletePageHash = db.prepare<[string]>('DELETE FROM library_pages WHERE slug = ?');
  const sectionsOf = db.prepare<[string], SectionRow>(
    'SELECT id, section, title, aliases, heading, body FROM library_sections WHERE slug = ?',
  );
  // External content: FTS5 forgets a row only when given the values it indexed.
  const deleteFts = db.prepare<[number, string, string, string, string]>(
    `INSERT INTO library_fts (library_fts, rowid, title, aliases, heading, body) VALUES ('delete', ?, ?, ?, ?, ?)`,
  );
  const updateSection = db.prepare<[string, string, string, string, number]>(
    'UPDATE library_sections SET title = ?, aliases = ?, heading = ?, body = ? WHERE id = ?',
  );
  const deleteSection = db.prepare<[number]>('DELETE FROM library_sections WHERE id = ?');
  const deleteChampions = db.prepare<[string]>(
    'DELETE FROM library_champions WHERE id IN (SELECT value FROM json_each(?))',
  );
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
  /** The words FTS5 holds for a section, as library_vocab counts them (one per section, whatever the column). */
  const termsOf = (row: { title: string; aliases: string; heading: string; body: string }) =>
    new Set(words(`${row.title} ${row.aliases} ${row.heading} ${row.body}`));

  const hitOf = (row: HitRow, tokens: readonly string[]): RawHit => ({
    slug: row.slug,
    section: row.section,
    heading: row.heading,
    snippet: sectionSnippet(row.head, row.more > 0, tokens),
  });

  const versionedHash = (contentHash: string) => `${INDEX_VERSION}:${contentHash}`;

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
          db.exec(`INSERT INTO library_fts (library_fts) VALUES ('delete-all');
            DELETE FROM library_sections; DELETE FROM library_pages;`);
          for (const { info, sections, hash } of pages()) {
            for (const section of sections) {
              const { title, aliases, heading, body } = indexedValues(info, section);
              const { lastInsertRowid } = insertSection.run(info.slug, section.key, title, aliases, heading, body);
              insertFts.run(lastInsertRowid, title, aliases, heading, body);
            }
            if (hash !== undefined) setPageHash.run(info.slug, hash);
          }
          // One merged b-tree per term keeps every later query on the fast path.
          db.exec(`INSERT INTO library_fts (library_fts) VALUES ('optimize')`);
          db.exec(`DELETE FROM library_terms; DELETE FROM library_champions;
            INSERT INTO library_terms (term, docs) SELECT term, doc FROM library_vocab;`);
          for (const term of commonTerms.all(COMMON_DOCS)) {
            bestFor.all(matchExpression([term], 'all') as string, CHAMPIONS).forEach((id, position) => {
              insertChampion.run(term, position, id);
            });
          }
          setMeta.run(HASH_KEY, versionedHash(contentHash));
          return true;
        })
        .immediate();
    },

    /**
     * Indexes again only the pages whose hash differs from the one indexed (`hashes`: every page of the new
     * content, by slug), in one transaction, so a search sees the old library or the new one, never a mix.
     * `read` gives a page's texts; it runs inside the transaction (so it is synchronous) and throws when the file
     * no longer matches its hash, which rolls everything back. Word counts are adjusted by the words of the
     * sections replaced; the champion lists of very common words lose the sections removed and are otherwise kept
     * until the next full index (at a start with changed content), since ranking such a word costs milliseconds.
     */
    update(contentHash: string, hashes: ReadonlyMap<string, string>, read: (slug: string) => IndexedPage): IndexUpdate {
      return db
        .transaction((): IndexUpdate => {
          const done: IndexUpdate = { added: 0, changed: 0, removed: 0 };
          if (getMeta.get(HASH_KEY)?.value === versionedHash(contentHash)) return done;
          const indexed = new Map(indexedPages.all().map((row) => [row.slug, row.hash]));
          const delta = new Map<string, number>();
          const count = (terms: Set<string>, by: number) => {
            for (const term of terms) delta.set(term, (delta.get(term) ?? 0) + by);
          };
          const removed: number[] = [];
          const remove = (row: SectionRow) => {
            deleteFts.run(row.id, row.title, row.aliases, row.heading, row.body);
            deleteSection.run(row.id);
            count(termsOf(row), -1);
            removed.push(row.id);
          };

          for (const slug of indexed.keys()) {
            if (hashes.has(slug)) continue;
            for (const row of sectionsOf.all(slug)) remove(row);
            deletePageHash.run(slug);
            done.removed++;
          }

          for (const [slug, hash] of hashes) {
            const before = indexed.get(slug);
            if (before === hash) continue;
            const { info, sections } = read(slug);
            const old = new Map(sectionsOf.all(slug).map((row) => [row.section, row]));
            for (const section of sections) {
              const values = indexedValues(info, section);
              const row = old.get(section.key);
              old.delete(section.key);
              // The same row id keeps the section's place in the champion lists.
              if (row) {
                deleteFts.run(row.id, row.title, row.aliases, row.heading, row.body);
                updateSection.run(values.title, values.aliases, values.heading, values.body, row.id);
                insertFts.run(row.id, values.title, values.aliases, values.heading, values.body);
                count(termsOf(row), -1);
              } else {
                const { title, aliases, heading, body } = values;
                const { lastInsertRowid } = insertSection.run(slug, section.key, title, aliases, heading, body);
                insertFts.run(lastInsertRowid, title, aliases, heading, body);
              }
              count(termsOf(values), 1);
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
          if (removed.length) deleteChampions.run(JSON.stringify(removed));
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
    search(tokens: readonly string[], limit: number): RawHit[] {
      const known = tokens
        .map((token) => ({ token, docs: docsOf.get(token) ?? 0 }))
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
      const collect = (match: string | undefined) => {
        if (!match || hits.length >= limit) return;
        for (const row of searchFts.all(match, limit)) {
          if (seen.has(row.id) || hits.length >= limit) continue;
          seen.add(row.id);
          hits.push(hitOf(row, tokens));
        }
      };
      collect(
        matchExpression(
          searched.map((term) => term.token),
          'all',
        ),
      );
      if (searched.length > 1) {
        // Sorted rarest first, and the rarest is within budget, so at least one word is kept.
        const rarest: typeof searched = [];
        let spent = 0;
        for (const term of searched) {
          spent += term.docs;
          if (spent > COMMON_DOCS) break;
          rarest.push(term);
        }
        collect(
          matchExpression(
            rarest.map((term) => term.token),
            'any',
          ),
        );
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
