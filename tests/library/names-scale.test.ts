import { describe, expect, it } from 'vitest';
import { generatedAlias, generatedTitle, generateLibrary } from '../../bench/library-generate.js';
import { openDatabase } from '../../src/db/open.js';
import { loadLibrary } from '../../src/library/index.js';
import { tempContent, tempDir } from './helpers.js';

describe('autocomplete over many pages', () => {
  it('returns at most 25 choices with names of at most 100 characters and slug values', async () => {
    const dir = tempDir();
    await generateLibrary(dir, 400, 30);
    const lib = await loadLibrary({ db: openDatabase(':memory:'), contentDir: dir });
    const slugs = new Set(lib.pages.map((page) => page.slug));
    const inputs = [
      '',
      'k',
      'ka',
      'b',
      'therapy',
      'xa',
      'zzz',
      generatedTitle(17),
      generatedAlias(33),
      'kalo mi',
      'x'.repeat(100),
    ];
    for (const input of inputs) {
      const choices = lib.autocomplete(input);
      expect(choices.length, input).toBeLessThanOrEqual(25);
      for (const choice of choices) {
        expect(choice.name.length).toBeGreaterThan(0);
        expect(choice.name.length).toBeLessThanOrEqual(100);
        expect(slugs.has(choice.value)).toBe(true);
      }
      expect(new Set(choices.map((choice) => choice.value)).size).toBe(choices.length);
    }
    expect(lib.autocomplete('')).toHaveLength(25);
    expect(lib.autocomplete('')[0]?.name).toBe(lib.pages[0]?.title);
    expect(lib.autocomplete('k')).toHaveLength(25);
    expect(lib.autocomplete(generatedTitle(17))[0]?.name).toBe(generatedTitle(17));
    expect(lib.autocomplete(generatedAlias(33))[0]?.name).toBe(`${generatedAlias(33)} → ${generatedTitle(33)}`);
  });

  it('shortens long "alias → Title" names at a word to fit 100 characters', async () => {
    const title = `Long ${'Title '.repeat(15).trim()}`.slice(0, 100);
    const dir = tempContent([{ slug: 'long', title, aliases: ['Zed alias'] }]);
    const lib = await loadLibrary({ db: openDatabase(':memory:'), contentDir: dir });
    const [choice] = lib.autocomplete('zed');
    expect(choice?.value).toBe('long');
    expect(choice?.name.length).toBeLessThanOrEqual(100);
    expect(choice?.name).toMatch(/^Zed alias → Long Title .*Title…$/);
  });
});
