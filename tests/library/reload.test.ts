import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { formatContentError, loadLibrary, watchLibrary } from '../../src/library/index.js';
import { createSearchIndex } from '../../src/library/search-index.js';
import { pageText, tempContent, tempDir } from './helpers.js';

const body = (words: string) => `## Overview\n\n${words}\n\n## Advantages\n\nShared advantages.\n`;

async function threePages() {
  const dir = tempContent([
    { slug: 'reiki', body: body('Hands resting gently') },
    { slug: 'sound-bath', title: 'Sound Bath', body: body('Bowls humming softly') },
    { slug: 'yoga', body: body('Slow stretching') },
  ]);
  const db = openDatabase(join(tempDir(), 'library.sqlite'));
  const library = await loadLibrary({ db, contentDir: dir });
  const write = (slug: string, text: string) => writeFileSync(join(dir, 'modalities', `${slug}.md`), text);
  return { dir, db, library, write };
}

/**
 * FTS5's index must hold exactly the words of the sections as the bot gives them to it (folded to NFKC): FTS5's own
 * 'integrity-check' does not compare an external-content index with its content, so a second FTS5 table indexes
 * the sections afresh and the two vocabularies are compared.
 */
function indexHoldsTheSections(db: ReturnType<typeof openDatabase>) {
  db.exec(`DROP TABLE IF EXISTS temp.fresh_fts; DROP TABLE IF EXISTS temp.fresh_vocab;
    CREATE VIRTUAL TABLE temp.fresh_fts USING fts5(title, aliases, heading, body, tokenize='unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE temp.fresh_vocab USING fts5vocab(temp, fresh_fts, 'row');`);
  const insert = db.prepare('INSERT INTO temp.fresh_fts (rowid, title, aliases, heading, body) VALUES (?, ?, ?, ?, ?)');
  const rows = db.prepare('SELECT id, title, aliases, heading, body FROM library_sections').all() as string[][];
  for (const row of rows.map(Object.values))
    insert.run(row[0], ...row.slice(1).map((text) => String(text).normalize('NFKC')));
  const vocabulary = (table: string) => db.prepare(`SELECT term, doc, cnt FROM ${table} ORDER BY term`).all();
  expect(vocabulary('library_vocab')).toEqual(vocabulary('temp.fresh_vocab'));
}

/** The word counts kept for ranking must be what FTS5 itself counts, after any series of updates. */
function termsMatchVocabulary(db: ReturnType<typeof openDatabase>) {
  const kept = db.prepare('SELECT term, docs FROM library_terms ORDER BY term').all();
  const counted = db.prepare('SELECT term, doc AS docs FROM library_vocab ORDER BY term').all();
  expect(kept).toEqual(counted);
}

describe('reloading the library while the bot runs', () => {
  it('re-indexes only the page that changed, and serves it', async () => {
    const { db, library, write } = await threePages();
    // Markers a re-index of those pages would erase.
    db.prepare(`UPDATE library_sections SET body = 'untouched' WHERE slug != 'reiki'`).run();

    write('reiki', pageText({ slug: 'reiki', body: body('Warm palms') }));
    const outcome = await library.reload();

    expect(outcome).toMatchObject({ status: 'served', added: 0, changed: 1, removed: 0, pages: 3 });
    expect(library.sectionText('reiki', 'overview')).toBe('Warm palms');
    expect(library.sectionText('yoga', 'overview')).toBe('untouched');
    expect(library.search('palms').map((hit) => hit.slug)).toEqual(['reiki']);
    expect(library.search('gently')).toEqual([]);
    expect(await library.reload()).toEqual({ status: 'unchanged' });
  });

  it('adds and removes pages, names and words included, with word counts kept exact', async () => {
    const { dir, db, library, write } = await threePages();
    const before = library;
    write('qigong', pageText({ slug: 'qigong', title: 'Qigong', aliases: ['Chi Kung'], body: body('Flowing breath') }));
    rmSync(join(dir, 'modalities', 'yoga.md'));

    expect(await library.reload()).toMatchObject({ status: 'served', added: 1, changed: 0, removed: 1 });
    expect(library).toBe(before);
    expect(library.pages.map((page) => page.slug)).toEqual(['qigong', 'reiki', 'sound-bath']);
    expect(library.find('chi kung')?.slug).toBe('qigong');
    expect(library.autocomplete('qig').map((choice) => choice.value)).toEqual(['qigong']);
    expect(library.search('flowing').map((hit) => hit.slug)).toEqual(['qigong']);
    expect(library.get('yoga')).toBeUndefined();
    expect(library.search('stretching')).toEqual([]);
    expect(library.sectionText('yoga', 'overview')).toBeUndefined();
    termsMatchVocabulary(db);
    expect(db.prepare('SELECT count(*) FROM library_sections').pluck().get()).toBe(6);

    // A page that loses a section, and one whose only change is its title.
    write('qigong', pageText({ slug: 'qigong', title: 'Qigong', body: '## Overview\n\nFlowing breath\n' }));
    write('reiki', pageText({ slug: 'reiki', title: 'Usui Reiki', body: body('Hands resting gently') }));
    expect(await library.reload()).toMatchObject({ status: 'served', changed: 2 });
    expect(library.find('chi kung')).toBeUndefined();
    expect(library.search('usui').map((hit) => hit.slug)).toEqual(['reiki']);
    termsMatchVocabulary(db);
    expect(db.prepare('SELECT count(*) FROM library_sections').pluck().get()).toBe(5);
  });

  it('keeps FTS5 in step with text it indexes folded (a ligature, full-width letters) through a change and a removal', async () => {
    const { dir, db, library, write } = await threePages();
    // External content: FTS5 forgets a row only when given the values it indexed.
    const consistent = () => {
      indexHoldsTheSections(db);
      termsMatchVocabulary(db);
    };
    write('pasted', pageText({ slug: 'pasted', body: body('A ﬁne print in Ｂｒｅａｔｈ') }));
    expect(await library.reload()).toMatchObject({ status: 'served', added: 1 });
    consistent();
    expect(library.search('fine breath').map((hit) => hit.slug)).toEqual(['pasted']);
    write('pasted', pageText({ slug: 'pasted', body: body('A ﬂat print') }));
    expect(await library.reload()).toMatchObject({ status: 'served', changed: 1 });
    consistent();
    expect(library.search('fine')).toEqual([]);
    expect(library.search('flat').map((hit) => hit.slug)).toEqual(['pasted']);
    rmSync(join(dir, 'modalities', 'pasted.md'));
    expect(await library.reload()).toMatchObject({ status: 'served', removed: 1 });
    consistent();
    expect(library.search('flat')).toEqual([]);
  });

  it('indexes every page anew when another version of the bot indexed them, whose rows it could not forget', async () => {
    const { db, library, write } = await threePages();
    write('pasted', pageText({ slug: 'pasted', body: body('A ﬁne print') }));
    expect(await library.reload()).toMatchObject({ status: 'served', added: 1 });
    // An older bot sharing the file changed the page and forgot its row unfolded, as it had indexed it: FTS5 kept
    // the folded words, which no delete of this version could ever name.
    const row = db
      .prepare(
        `SELECT id, title, aliases, heading, body FROM library_sections WHERE slug = 'pasted' AND section = 'overview'`,
      )
      .get() as Record<string, string>;
    db.prepare(
      `INSERT INTO library_fts (library_fts, rowid, title, aliases, heading, body) VALUES ('delete', ?, ?, ?, ?, ?)`,
    ).run(row.id, row.title, row.aliases, row.heading, row.body);
    db.prepare(`UPDATE library_meta SET value = 'older:' || value WHERE key = 'content_hash'`).run();
    write('reiki', pageText({ slug: 'reiki', body: body('Warm palms') }));
    expect(await library.reload()).toMatchObject({ status: 'served', added: 0, changed: 1, removed: 0 });
    indexHoldsTheSections(db);
    termsMatchVocabulary(db);
    expect(library.search('fine').map((hit) => hit.slug)).toEqual(['pasted']);
  });

  it('keeps serving the previous library when the new content is invalid, and names each problem', async () => {
    const { dir, library, write } = await threePages();
    write('reiki', pageText({ slug: 'reiki', body: body('Warm palms') }).replace('title: reiki', 'title: [unclosed'));
    write('yoga', pageText({ slug: 'yoga', body: body('Quick stretching') }));

    const outcome = await library.reload();
    expect(outcome.status).toBe('refused');
    const lines = outcome.status === 'refused' ? outcome.errors.map(formatContentError) : [];
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines)
      expect(line).toMatch(new RegExp(`^${join(dir, 'modalities', 'reiki.md')}:\\d+: front matter: .+`));
    expect(library.sectionText('reiki', 'overview')).toBe('Hands resting gently');
    expect(library.sectionText('yoga', 'overview')).toBe('Slow stretching');
    expect(library.search('quick')).toEqual([]);

    write('reiki', pageText({ slug: 'reiki', body: body('Warm palms') }));
    expect(await library.reload()).toMatchObject({ status: 'served', changed: 2 });
    expect(library.sectionText('yoga', 'overview')).toBe('Quick stretching');
  });

  it('keeps serving while the pages folder is gone, and serves it again when it is back', async () => {
    const { dir, library } = await threePages();
    const pages = join(dir, 'modalities');
    renameSync(pages, `${pages}-away`);
    expect(await library.reload()).toEqual({ status: 'missing', folder: pages });
    expect(library.pages).toHaveLength(3);
    expect(library.search('humming').map((hit) => hit.slug)).toEqual(['sound-bath']);

    renameSync(`${pages}-away`, pages);
    rmSync(join(pages, 'yoga.md'));
    expect(await library.reload()).toMatchObject({ status: 'served', removed: 1 });
  });

  it('rolls the whole update back when a page cannot be read mid-index', async () => {
    const { db, library } = await threePages();
    const index = createSearchIndex(db);
    const snapshot = () => db.prepare('SELECT slug, section, body FROM library_sections ORDER BY id').all();
    const before = snapshot();
    const hashes = new Map([
      ['reiki', 'new-hash'],
      ['yoga', 'new-hash'],
    ]);
    let reads = 0;
    expect(() =>
      index.update('next', hashes, (slug) => {
        reads += 1;
        if (slug === 'yoga') throw new Error('yoga.md went away');
        return { info: library.get(slug) as never, sections: [{ key: 'overview', heading: 'Overview', text: 'x' }] };
      }),
    ).toThrow('went away');
    expect(reads).toBe(2);
    expect(snapshot()).toEqual(before);
    expect(db.prepare('SELECT count(*) FROM library_pages').pluck().get()).toBe(3);
  });

  it('notices a change by its periodic re-check when no file-system event comes', async () => {
    const { dir, library, write } = await threePages();
    const logged: string[] = [];
    const logger = {
      info: (_obj: object, msg?: string) => logged.push(msg ?? ''),
      warn: (obj: object | string) => logged.push(String(obj)),
      error: (_obj: object, msg?: string) => logged.push(msg ?? ''),
    };
    const watch = watchLibrary(library, { contentDir: dir, logger, recheckMs: 20, events: false });
    try {
      write('yoga', pageText({ slug: 'yoga', body: body('Quick stretching') }));
      const deadline = Date.now() + 5000;
      while (library.sectionText('yoga', 'overview') !== 'Quick stretching' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(library.sectionText('yoga', 'overview')).toBe('Quick stretching');
      expect(logged).toContain('library reloaded');
    } finally {
      await watch.stop();
    }
  });
});

describe('a reload that fails', () => {
  it('is logged once, not at every re-check, and the previous library is still served', async () => {
    const { db, dir, library, write } = await threePages();
    const errors: string[] = [];
    const logger = { info: () => {}, warn: () => {}, error: (_obj: object, msg?: string) => errors.push(msg ?? '') };
    const reload = library.reload.bind(library);
    let reloads = 0;
    library.reload = (...args: Parameters<typeof reload>) => {
      reloads++;
      return reload(...args);
    };
    const version = library.version;
    db.close();
    write('yoga', pageText({ slug: 'yoga', body: body('Quick stretching') }));
    const watch = watchLibrary(library, { contentDir: dir, logger, recheckMs: 10, events: false });
    try {
      const deadline = Date.now() + 5000;
      while (reloads < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(reloads).toBeGreaterThanOrEqual(5);
      expect(errors).toEqual(['library reload failed; still serving the previous library']);
      expect(library.version).toBe(version);
    } finally {
      await watch.stop();
    }
  });
});

describe('file-system events refused', () => {
  it('are reported once, and the re-check goes on', async () => {
    const { library } = await threePages();
    const notAFolder = join(tempDir(), 'content');
    writeFileSync(notAFolder, 'not a folder');
    const warned: string[] = [];
    const logger = { info: () => {}, warn: (line: object | string) => warned.push(String(line)), error: () => {} };
    const reload = library.reload.bind(library);
    let reloads = 0;
    library.reload = (...args: Parameters<typeof reload>) => {
      reloads++;
      return reload(...args);
    };
    const watch = watchLibrary(library, { contentDir: notAFolder, logger, recheckMs: 10 });
    try {
      const deadline = Date.now() + 5000;
      while (reloads < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(reloads).toBeGreaterThanOrEqual(5);
      expect(warned).toEqual([
        `file-system events unavailable for ${notAFolder} (ENOTDIR); re-checking the library by polling`,
      ]);
    } finally {
      await watch.stop();
    }
  });
});
