import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/open.js';
import { type Library, loadLibrary } from '../../src/library/index.js';
import { CHAMPIONS, LISTED_DOCS } from '../../src/library/search-index.js';
import { pageText, tempContent, tempDir } from './helpers.js';

/** FTS5's own ranking of one word: what a search for that word alone must give. */
function exact(db: Db, word: string, limit: number): string[] {
  return db
    .prepare(
      `SELECT s.slug || '/' || s.section FROM library_fts JOIN library_sections s ON s.id = library_fts.rowid
       WHERE library_fts MATCH ? ORDER BY rank LIMIT ?`,
    )
    .pluck()
    .all(`"${word}"`, limit) as string[];
}

const served = (library: Library, word: string, limit: number) =>
  library.search(word, limit).map((hit) => `${hit.slug}/${hit.section}`);

const docs = (db: Db, word: string) =>
  db.prepare('SELECT docs FROM library_terms WHERE term = ?').pluck().get(word) as number | undefined;

/** Every page size a member can ask for, compared with FTS5, for each word in more than LISTED_DOCS sections. */
function expectExact(db: Db, library: Library, words: readonly string[]) {
  let compared = 0;
  for (const word of words) {
    if ((docs(db, word) ?? 0) <= LISTED_DOCS) continue;
    compared++;
    for (let limit = 1; limit <= CHAMPIONS; limit++)
      expect(served(library, word, limit)).toEqual(exact(db, word, limit));
  }
  return compared;
}

async function library(pages: { slug: string; body: string }[]) {
  const dir = tempContent(pages);
  const db = openDatabase(join(tempDir(), 'live.sqlite'));
  const write = (slug: string, body: string) =>
    writeFileSync(join(dir, 'modalities', `${slug}.md`), pageText({ slug, body }));
  return { dir, db, write, library: await loadLibrary({ db, contentDir: dir }) };
}

const overview = (text: string) => `## Overview\n\n${text}\n`;
const longText = (seed: number, words: number) =>
  Array.from({ length: words }, (_, k) => `q${seed}z${k % 50}`).join(' ');
/** Four sections of 700 words each, none of them a word searched here: pages that make the average section long. */
const longPage = (seed: number) =>
  ['Overview', 'Advantages', 'Disadvantages', 'Legality']
    .map((heading) => `## ${heading}\n\n${longText(seed, 700)}\n`)
    .join('\n');

describe('a word searched alone', () => {
  it('is served from its stored list while the list can promise FTS5’s order, and ranked by FTS5 when it cannot', async () => {
    const pages = Array.from({ length: 120 }, (_, index) => ({
      slug: `page-${index}`,
      body: `${overview(`Calm ${'rest '.repeat(index % 23)}`)}\n## Advantages\n\n${'calm '.repeat(1 + (index % 3))}done\n`,
    }));
    const { db, library: live } = await library(pages);
    expect(docs(db, 'calm')).toBeGreaterThan(LISTED_DOCS);
    expect(served(live, 'calm', 5)).toEqual(exact(db, 'calm', 5));

    // A stored count made up for the list's last section: only a search that reads the list puts it first.
    const last = db
      .prepare(
        `SELECT s.slug || '/' || s.section FROM library_champions c JOIN library_sections s ON s.id = c.id
         WHERE c.term = 'calm' ORDER BY c.position DESC LIMIT 1`,
      )
      .pluck()
      .get();
    db.prepare(
      `UPDATE library_champions SET freq = 1000 WHERE term = 'calm' AND position = (SELECT max(position) FROM library_champions WHERE term = 'calm')`,
    ).run();
    expect(served(live, 'calm', 5)[0]).toBe(last);

    // A list that cannot promise anything about the sections outside it is not served.
    db.prepare(`UPDATE library_list_bounds SET bound = 1e9 WHERE term = 'calm'`).run();
    expect(served(live, 'calm', 5)).toEqual(exact(db, 'calm', 5));
  });

  it('ranks as FTS5 after a reload that lists it with more sections than the library had', async () => {
    const {
      db,
      write,
      library: live,
    } = await library(
      Array.from({ length: 100 }, (_, index) => ({ slug: `other-${index}`, body: overview('Nothing here.') })),
    );
    for (let index = 0; index < 201; index++)
      write(`calm-${index}`, overview(`${'calm '.repeat(1 + (index % 5))}done`));
    expect(await live.reload()).toMatchObject({ status: 'served', added: 201 });
    expect(expectExact(db, live, ['calm'])).toBe(1);
  });

  it('ranks as FTS5 after a reload that lists it while long pages change every weight', async () => {
    const calm = (index: number) =>
      overview(`${'calm '.repeat(1 + (index % 7))}${'still '.repeat((index * 37) % 200)}done`);
    const {
      db,
      write,
      library: live,
    } = await library([
      ...Array.from({ length: 300 }, (_, index) => ({ slug: `other-${index}`, body: overview('Nothing here.') })),
      ...Array.from({ length: 195 }, (_, index) => ({ slug: `calm-${index}`, body: calm(index) })),
    ]);
    for (let index = 195; index < 210; index++) write(`calm-${index}`, calm(index));
    for (let index = 0; index < 100; index++) write(`long-${index}`, overview(longText(index, 700)));
    expect(await live.reload()).toMatchObject({ status: 'served' });
    const stored = db.prepare(`SELECT freq FROM library_champions WHERE term = 'calm'`).pluck().all() as number[];
    // Each holds the word once in its title (weight 10) and one to seven times in its text (weight 1).
    expect(stored.filter((freq) => !Number.isInteger(freq) || freq < 11 || freq > 17)).toEqual([]);
    expect(expectExact(db, live, ['calm'])).toBe(1);
  });

  it('ranks as FTS5 when sections outside its list overtake it as the average section grows', async () => {
    const {
      db,
      write,
      library: live,
    } = await library([
      ...Array.from({ length: 100 }, (_, index) => ({ slug: `short-${index}`, body: overview('Calm.') })),
      ...Array.from({ length: 150 }, (_, index) => ({
        slug: `long-${index}`,
        body: overview(`${'calm '.repeat(5)}${'filler '.repeat(300)}`),
      })),
      ...Array.from({ length: 300 }, (_, index) => ({ slug: `other-${index}`, body: overview('Nothing here.') })),
    ]);
    expect(served(live, 'calm', 3)).toEqual(exact(db, 'calm', 3));
    expect(served(live, 'calm', 3)[0]).toMatch(/^short-/);
    for (let index = 0; index < 300; index++) write(`extra-${index}`, longPage(index));
    expect(await live.reload()).toMatchObject({ status: 'served', added: 300 });
    expect(exact(db, 'calm', 3)[0]).toMatch(/^long-/);
    expect(expectExact(db, live, ['calm'])).toBe(1);
  });

  it('ranks as FTS5 when sections just like its list’s last one, left out of it, overtake the rest', async () => {
    // 200 sections holding it once in four words (its twins: they weigh the same under any totals), 45 holding it
    // three times in 33 words, ahead of them while long pages make the average section long, behind them after.
    const {
      dir,
      db,
      library: live,
    } = await library([
      ...Array.from({ length: 200 }, (_, index) => ({ slug: `t-${index}`, body: overview('Calm.') })),
      ...Array.from({ length: 45 }, (_, index) => ({
        slug: `x-${index}`,
        body: overview(`Calm calm calm ${'filler '.repeat(27)}`),
      })),
      ...Array.from({ length: 300 }, (_, index) => ({ slug: `long-${index}`, body: longPage(index) })),
    ]);
    expect(exact(db, 'calm', 1)[0]).toMatch(/^x-/);
    expect(expectExact(db, live, ['calm'])).toBe(1);
    for (let index = 0; index < 300; index++) rmSync(join(dir, 'modalities', `long-${index}.md`));
    expect(await live.reload()).toMatchObject({ status: 'served', removed: 300 });
    expect(exact(db, 'calm', CHAMPIONS).every((hit) => hit.startsWith('t-'))).toBe(true);
    expect(expectExact(db, live, ['calm'])).toBe(1);
  });

  it.each([
    ['alone', false],
    ['while a section of the list changes too', true],
  ])('ranks as FTS5 when a section written just behind its list later overtakes it (%s)', async (_, listChanges) => {
    const {
      db,
      write,
      library: live,
    } = await library([
      ...Array.from({ length: 60 }, (_, index) => ({ slug: `s-${index}`, body: overview('Calm.') })),
      ...Array.from({ length: 200 }, (_, index) => ({
        slug: `w-${index}`,
        body: overview(`Calm ${'word '.repeat(39)}`),
      })),
      ...Array.from({ length: 600 }, (_, index) => ({ slug: `o-${index}`, body: overview('Nothing here.') })),
    ]);
    // Five times in 45 words: behind the 60 short sections, ahead of everything the list left out.
    write('c-0', overview(`${'calm '.repeat(5)}${'word '.repeat(40)}`));
    if (listChanges) write('s-0', overview('Calm calm.'));
    expect(await live.reload()).toMatchObject({ status: 'served', added: 1 });
    expect(exact(db, 'calm', 61)).toContain('c-0/overview');
    expect(exact(db, 'calm', 50)).not.toContain('c-0/overview');
    // Longer sections on average: the long one gains on the short ones, and passes them.
    for (let index = 0; index < 10; index++) write(`long-${index}`, overview('filler '.repeat(700)));
    expect(await live.reload()).toMatchObject({ status: 'served', added: 10 });
    expect(exact(db, 'calm', 2)).toContain('c-0/overview');
    expect(expectExact(db, live, ['calm'])).toBe(1);
  });

  it.each([
    ['a ligature', 'beneﬁts'],
    ['full-width letters', 'ｂｅｎｅｆｉｔｓ'],
  ])('ranks as FTS5 after a page writes it with %s, which the index folds to the plain word', async (_, written) => {
    const {
      db,
      write,
      library: live,
    } = await library([
      ...Array.from({ length: 250 }, (_, index) => ({
        slug: `c-${index}`,
        body: overview(`${'benefits '.repeat(1 + (index % 10))}${'word '.repeat(20)}`),
      })),
      ...Array.from({ length: 100 }, (_, index) => ({ slug: `o-${index}`, body: overview('Nothing here.') })),
    ]);
    write('z-pasted', overview(`${written} `.repeat(12)));
    expect(await live.reload()).toMatchObject({ status: 'served', added: 1 });
    // Twelve times in a short section: FTS5 ranks it first, as the list must.
    expect(exact(db, 'benefits', 1)).toEqual(['z-pasted/overview']);
    expect(expectExact(db, live, ['benefits'])).toBe(1);
    // Its list was ranked again with FTS5's count of the sections holding it, so its counts are whole words.
    const stored = db.prepare(`SELECT freq FROM library_champions WHERE term = 'benefits'`).pluck().all() as number[];
    expect(stored.filter((freq) => !Number.isInteger(freq))).toEqual([]);
  });

  it('ranks as FTS5 after a restart that indexes changed content again from scratch', async () => {
    const { db } = await library(
      Array.from({ length: 50 }, (_, index) => ({ slug: `other-${index}`, body: overview('Nothing here.') })),
    );
    const changed = tempContent(
      Array.from({ length: 260 }, (_, index) => ({
        slug: `calm-${index}`,
        body: overview(`${'calm '.repeat(1 + (index % 7))}${'still '.repeat((index * 37) % 200)}done`),
      })),
    );
    const restarted = await loadLibrary({ db, contentDir: changed });
    expect(expectExact(db, restarted, ['calm'])).toBe(1);
  });

  it('ranks as FTS5 after any run of reloads that add, change and remove pages', { timeout: 60_000 }, async () => {
    let seed = 7;
    // mulberry32: 32-bit integer arithmetic throughout, so the sequence does not repeat early.
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let mixed = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
      return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
    };
    const pick = (count: number) => Math.floor(random() * count);
    const vocabulary = ['calm', 'rest', 'breath', 'sleep', 'anxiety', 'pain', 'heal', 'touch', 'herb', 'oil'];
    const section = () =>
      Array.from({ length: 3 + pick(random() < 0.2 ? 400 : 40) }, () =>
        random() < 0.5 ? `f${pick(2000)}` : vocabulary[Math.floor(vocabulary.length * random() ** 2)],
      ).join(' ');
    const page = () =>
      ['Overview', 'Advantages', 'Disadvantages']
        .slice(0, 1 + pick(3))
        .map((heading) => `## ${heading}\n\n${section()}\n`)
        .join('\n');
    let next = 0;
    const pages = Array.from({ length: 250 }, () => ({ slug: `p-${next++}`, body: page() }));
    const { dir, db, write, library: live } = await library(pages);
    const alive = new Set(pages.map((each) => each.slug));
    let compared = expectExact(db, live, vocabulary);
    for (let round = 0; round < 6; round++) {
      const slugs = [...alive];
      for (let count = pick(20); count > 0; count--) {
        const slug = slugs[pick(slugs.length)] as string;
        if (!alive.delete(slug)) continue;
        rmSync(join(dir, 'modalities', `${slug}.md`));
      }
      for (let count = pick(20); count > 0; count--) {
        const slug = slugs[pick(slugs.length)] as string;
        if (alive.has(slug)) write(slug, page());
      }
      for (let count = pick(20); count > 0; count--) {
        const slug = `p-${next++}`;
        write(slug, page());
        alive.add(slug);
      }
      expect(await live.reload()).toMatchObject({ status: 'served' });
      compared += expectExact(db, live, vocabulary);
    }
    expect(compared).toBeGreaterThan(10);
  });
});
