import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/open.js';
import { loadLibrary } from '../../src/library/index.js';
import { CHAMPIONS, COMMON_DOCS, LISTED_DOCS } from '../../src/library/search-index.js';
import { pageText, tempContent, tempDir } from './helpers.js';

/** Two sections per page holding "calm", of varied lengths and counts, so its champion lists have an order. */
function background(index: number) {
  const slug = `page-${String(index).padStart(3, '0')}`;
  const overview = ['Calm', ...Array.from({ length: index % 23 }, () => 'rest')].join(' ');
  const advantages = `${'calm '.repeat(1 + (index % 3))}${'still '.repeat(index % 17)}done`;
  return { slug, body: `## Overview\n\n${overview}\n\n## Advantages\n\n${advantages}\n` };
}

/** Each very common word's served champions, by page and section (row ids differ between databases). */
function lists(db: Db) {
  return db
    .prepare(
      `SELECT c.term, c.position, s.slug, s.section FROM library_champions c JOIN library_sections s ON s.id = c.id
       WHERE c.position < ${CHAMPIONS} ORDER BY c.term, c.position`,
    )
    .all();
}

describe('champion lists after a reload', () => {
  it('serves the sections of very common words a full index would, after pages are added, changed and removed', {
    timeout: 60_000,
  }, async () => {
    const pages = Array.from({ length: 520 }, (_, index) => background(index));
    const dir = tempContent(pages);
    const db = openDatabase(join(tempDir(), 'live.sqlite'));
    const library = await loadLibrary({ db, contentDir: dir });
    const docs = () => db.prepare(`SELECT docs FROM library_terms WHERE term = 'calm'`).pluck().get() as number;
    expect(docs()).toBeGreaterThan(COMMON_DOCS);
    const best = library.search('calm', 1)[0]?.slug;

    const write = (slug: string, body: string) =>
      writeFileSync(join(dir, 'modalities', `${slug}.md`), pageText({ slug, body }));
    // A page rich in the word, one that becomes so, the best one losing it, and one removed.
    write('deep-calm', '## Overview\n\nCalm calm calm calm calm. Calm breath.\n');
    write('page-200', '## Overview\n\nCalm calm calm calm.\n\n## Advantages\n\nCalm, calm and calm.\n');
    write(best as string, '## Overview\n\nNothing of the kind here.\n');
    rmSync(join(dir, 'modalities', 'page-010.md'));
    expect(await library.reload()).toMatchObject({ status: 'served', added: 1, changed: 2, removed: 1 });

    const freshDb = openDatabase(join(tempDir(), 'fresh.sqlite'));
    const fresh = await loadLibrary({ db: freshDb, contentDir: dir });
    const hits = library.search('calm', 25);
    expect(hits.map((hit) => hit.slug)).toContain('deep-calm');
    expect(hits.map((hit) => hit.slug)).not.toContain(best);
    expect(hits).toEqual(fresh.search('calm', 25));
    expect(hits[0]?.snippet).toContain('**Calm**');
    expect(lists(db)).toEqual(lists(freshDb));
  });

  it('ranks a listed word searched alone as FTS5 does, also after other pages changed every weight', {
    timeout: 60_000,
  }, async () => {
    const dir = tempContent(Array.from({ length: 120 }, (_, index) => background(index)));
    const db = openDatabase(join(tempDir(), 'live.sqlite'));
    const library = await loadLibrary({ db, contentDir: dir });
    const exact = () =>
      db
        .prepare(
          `SELECT s.slug || '/' || s.section FROM library_fts JOIN library_sections s ON s.id = library_fts.rowid
           WHERE library_fts MATCH 'calm' ORDER BY rank LIMIT ${CHAMPIONS}`,
        )
        .pluck()
        .all();
    const served = () => library.search('calm', CHAMPIONS).map((hit) => `${hit.slug}/${hit.section}`);
    const docs = db.prepare(`SELECT docs FROM library_terms WHERE term = 'calm'`).pluck().get() as number;
    expect(docs).toBeGreaterThan(LISTED_DOCS);
    expect(docs).toBeLessThanOrEqual(COMMON_DOCS);
    expect(served()).toEqual(exact());

    // Long pages without the word make the average section longer, which reorders its sections (a short one
    // holding it once gains on a long one holding it more); its stored list itself is not touched.
    const before = exact();
    for (let index = 0; index < 60; index++)
      writeFileSync(
        join(dir, 'modalities', `long-${index}.md`),
        pageText({ slug: `long-${index}`, body: `## Overview\n\n${'Quiet rest. '.repeat(400)}\n` }),
      );
    expect(await library.reload()).toMatchObject({ status: 'served', added: 60 });
    expect(exact()).not.toEqual(before);
    expect(served()).toEqual(exact());
  });
});
