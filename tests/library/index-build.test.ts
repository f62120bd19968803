import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateLibrary } from '../../bench/library-generate.js';
import { openDatabase } from '../../src/db/open.js';
import { loadLibrary } from '../../src/library/index.js';
import { COMMON_DOCS } from '../../src/library/search-index.js';
import { pageText, tempContent, tempDir } from './helpers.js';

function recorder() {
  const entries: { obj: { rebuilt?: boolean }; msg?: string }[] = [];
  return { entries, info: (obj: object, msg?: string) => entries.push({ obj, msg }) };
}

describe('the search index', () => {
  it('is rebuilt only when the content changed', async () => {
    const dir = tempContent([{ slug: 'reiki', body: '## Overview\n\nHands resting gently.\n' }]);
    const db = openDatabase(join(tempDir(), 'library.sqlite'));
    const logger = recorder();

    await loadLibrary({ db, contentDir: dir, logger });
    // A marker the next start would erase if it rebuilt.
    db.prepare(`UPDATE library_sections SET body = 'marker' WHERE slug = 'reiki'`).run();
    const warm = await loadLibrary({ db, contentDir: dir, logger });
    expect(warm.sectionText('reiki', 'overview')).toBe('marker');

    writeFileSync(
      join(dir, 'modalities', 'reiki.md'),
      pageText({ slug: 'reiki', body: '## Overview\n\nWarm palms.\n' }),
    );
    const changed = await loadLibrary({ db, contentDir: dir, logger });
    expect(changed.sectionText('reiki', 'overview')).toBe('Warm palms.');
    expect(changed.search('palms')).toHaveLength(1);
    expect(changed.search('gently')).toEqual([]);
    expect(logger.entries.map((entry) => entry.obj.rebuilt)).toEqual([true, false, true]);
    expect(db.prepare('SELECT count(*) FROM library_sections').pluck().get()).toBe(1);
  });

  it('serves words held by very many sections from exact champion lists', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    await generateLibrary(dir, 300, 250);
    const db = openDatabase(':memory:');
    const lib = await loadLibrary({ db, contentDir: dir });
    const docs = db.prepare(`SELECT docs FROM library_terms WHERE term = 'healing'`).pluck().get() as number;
    expect(docs).toBeGreaterThan(COMMON_DOCS);
    const exact = db
      .prepare(
        `SELECT s.slug || '/' || s.section FROM library_fts JOIN library_sections s ON s.id = library_fts.rowid
         WHERE library_fts MATCH 'healing' ORDER BY rank LIMIT 5`,
      )
      .pluck()
      .all();
    expect(lib.search('Healing').map((hit) => `${hit.slug}/${hit.section}`)).toEqual(exact);
    expect(lib.search('healing')[0]?.snippet).toContain('**healing**');
  });
});
