import type { Db } from '../db/open.js';
import { matchExpression } from './fts-query.js';
import type { ParsedSection } from './parse-page.js';
import { SNIPPET_SCAN_CHARS, sectionSnippet } from './snippet.js';
import type { PageInfo, SectionKey } from './types.js';

/** Bump when the way pages are indexed changes, so existing databases are re-indexed once. */
const INDEX_VERSION = '1';
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
          db.exec(`INSERT INTO library_fts (library_fts) VALUES ('delete-all'); DELETE FROM library_sections;`);
          for (const { info, sections } of pages()) {
            for (const section of sections) {
              const names = section.key === 'overview';
              const title = names ? info.title : '';
              const aliases = names ? info.aliases.join(' ; ') : '';
              const { lastInsertRowid } = insertSection.run(
                info.slug,
                section.key,
                title,
                aliases,
                section.heading,
                section.text,
              );
              insertFts.run(lastInsertRowid, title, aliases, section.heading, section.text);
            }
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
