import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ContentScan, scanContent } from '../../src/library/load-content.js';
import { pageText, tempContent } from './helpers.js';

/** What a scan tells the library, without the per-file details it keeps for the next scan. */
const told = (scan: ContentScan) => ({
  slugs: scan.pages.map((page) => page.slug),
  pages: scan.pages,
  files: [...scan.files].sort(),
  pageHashes: [...scan.pageHashes].sort(),
  hash: scan.hash,
  errors: scan.errors,
  note: scan.healthcareNote,
});

describe('a scan of the files events named', () => {
  it('gives what a scan of the whole folder gives, and the same errors when a page takes a name already taken', async () => {
    const dir = tempContent([
      { slug: 'reiki', title: 'Reiki' },
      { slug: 'sound-bath', title: 'Sound Bath', aliases: ['Gong bath'] },
      { slug: 'yoga', title: 'Yoga' },
    ]);
    const write = (slug: string, spec: Parameters<typeof pageText>[0]) =>
      writeFileSync(join(dir, 'modalities', `${slug}.md`), pageText(spec));
    const first = await scanContent(dir);

    write('qigong', { slug: 'qigong', title: 'Qigong', aliases: ['Chi Kung'] });
    write('reiki', { slug: 'reiki', title: 'Usui Reiki', body: '## Overview\n\nWarm palms.\n' });
    rmSync(join(dir, 'modalities', 'yoga.md'));
    const named = new Set(['qigong.md', 'reiki.md', 'yoga.md', 'notes.txt']);
    const quick = await scanContent(dir, { previous: first, changed: named });
    const whole = await scanContent(dir);
    expect(quick.errors).toEqual([]);
    expect(told(quick)).toEqual(told(whole));
    expect(quick.pages.map((page) => page.slug)).toEqual(['qigong', 'sound-bath', 'reiki']);
    // Files not named are trusted: the same page objects, not read again.
    expect(quick.pages[1]).toBe(first.pages[1]);

    write('zen', { slug: 'zen', title: 'Zen', aliases: ['gong bath'] });
    const clash = await scanContent(dir, { previous: quick, changed: new Set(['zen.md']) });
    expect(clash.errors.length).toBe(1);
    expect(told(clash)).toEqual(told(await scanContent(dir)));
  });
});

describe('a file an event named', () => {
  it('is read again even when its times and size did not change (two writes within one tick of the coarse clock)', async () => {
    const dir = tempContent([
      { slug: 'reiki', title: 'Reiki', body: '## Overview\n\nWarm palms.\n' },
      { slug: 'yoga', title: 'Yoga' },
    ]);
    const file = join(dir, 'modalities', 'reiki.md');
    const first = await scanContent(dir);
    writeFileSync(file, pageText({ slug: 'reiki', title: 'Reiki', body: '## Overview\n\nCool palms.\n' }));
    // The clock tick case, made certain: the previous scan saw the times and size the file has now.
    const now = (await scanContent(dir)).scanned.get(file)?.stamp as string;
    const stale = { ...(first.scanned.get(file) as NonNullable<ReturnType<typeof first.scanned.get>>), stamp: now };
    const previous = { ...first, scanned: new Map(first.scanned).set(file, stale) };

    const named = await scanContent(dir, { previous, changed: new Set(['reiki.md']) });
    expect(named.hash).toBe((await scanContent(dir)).hash);
    expect(named.pageHashes.get('reiki')).not.toBe(first.pageHashes.get('reiki'));
    // Unchanged text keeps the very entry, so nothing is re-indexed.
    const again = await scanContent(dir, { previous: named, changed: new Set(['reiki.md']) });
    expect(again.scanned.get(file)).toBe(named.scanned.get(file));
  });
});

describe('the periodic re-check of every file', () => {
  it('keeps the scan it had while nothing changed, and sees a file swapped or removed, a refused entry come and go, a new note and an error', async () => {
    const dir = tempContent([
      { slug: 'reiki', title: 'Reiki' },
      { slug: 'yoga', title: 'Yoga' },
    ]);
    const first = await scanContent(dir);
    // The same object: nothing is built again, and the library finds the hash it serves.
    expect(await scanContent(dir, { previous: first })).toBe(first);

    // As many files as before, one of them new.
    rmSync(join(dir, 'modalities', 'yoga.md'));
    writeFileSync(join(dir, 'modalities', 'qigong.md'), pageText({ slug: 'qigong', title: 'Qigong' }));
    const swapped = await scanContent(dir, { previous: first });
    expect(swapped).not.toBe(first);
    expect(told(swapped)).toEqual(told(await scanContent(dir)));
    expect(await scanContent(dir, { previous: swapped })).toBe(swapped);

    // One file fewer and nothing added.
    rmSync(join(dir, 'modalities', 'qigong.md'));
    const fewer = await scanContent(dir, { previous: swapped });
    expect(fewer).not.toBe(swapped);
    expect(told(fewer)).toEqual(told(await scanContent(dir)));
    // An entry the listing refuses, then gone again: its error is not kept by the next re-check.
    symlinkSync(join(dir, 'modalities', 'reiki.md'), join(dir, 'modalities', 'notes.txt'));
    const linked = await scanContent(dir, { previous: fewer });
    expect(linked.errors.map((error) => error.field)).toEqual(['page']);
    rmSync(join(dir, 'modalities', 'notes.txt'));
    const unlinked = await scanContent(dir, { previous: linked });
    expect(unlinked.errors).toEqual([]);
    expect(told(unlinked)).toEqual(told(fewer));

    writeFileSync(join(dir, 'healthcare-note.md'), 'Talk with your clinician first.\n');
    const noted = await scanContent(dir, { previous: unlinked });
    expect(noted.healthcareNote).toBe('Talk with your clinician first.');
    expect(told(noted)).toEqual(told(await scanContent(dir)));

    writeFileSync(join(dir, 'modalities', 'reiki.md'), pageText({ slug: 'wrong', title: 'Reiki' }));
    const broken = await scanContent(dir, { previous: noted });
    expect(broken.errors.map((error) => error.field)).toEqual(['slug']);
    // A scan with errors is never kept: they are found, and reported, again.
    const again = await scanContent(dir, { previous: broken });
    expect(again).not.toBe(broken);
    expect(again.errors).toEqual(broken.errors);
  });
});
