import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { typedSpellings } from '../../src/library/fts-query.js';
import { type Library, loadLibrary } from '../../src/library/index.js';
import { tempContent } from './helpers.js';

async function library(pages: Parameters<typeof tempContent>[0]): Promise<Library> {
  return loadLibrary({ db: openDatabase(':memory:'), contentDir: tempContent(pages) });
}

const overview = (text: string) => `## Overview\n\n${text}\n`;

describe('search', () => {
  it('ranks a title match above a body match', async () => {
    const lib = await library([
      {
        slug: 'aaa-breath',
        title: 'Quiet Breath',
        body: overview('Breath work that mentions reiki in passing, reiki twice.'),
      },
      { slug: 'reiki', title: 'Reiki', body: overview('A Japanese practice of laying on of hands.') },
    ]);
    const hits = lib.search('reiki');
    expect(hits.map((hit) => hit.slug)).toEqual(['reiki', 'aaa-breath']);
    expect(hits[0]).toMatchObject({ title: 'Reiki', section: 'overview', heading: 'Overview' });
  });

  it('ranks an alias and a heading above body text', async () => {
    const lib = await library([
      { slug: 'a', body: overview('Talks about legality a lot: legality, legality.') },
      { slug: 'b', body: `${overview('Plain.')}\n## Legality\n\nAllowed in most places.\n` },
      { slug: 'c', aliases: ['Legality Walk'], body: overview('Nothing relevant.') },
    ]);
    expect(lib.search('legality').map((hit) => `${hit.slug}/${hit.section}`)).toEqual([
      'c/overview',
      'b/legality',
      'a/overview',
    ]);
  });

  it('bolds the matched words of the snippet and escapes the page own markdown', async () => {
    const lib = await library([
      { slug: 'a', body: overview('Breathing *slowly* calms the nervous_system. Kétamine too.') },
    ]);
    const [hit] = lib.search('calms ketamine');
    expect(hit?.snippet).toBe('Breathing \\*slowly\\* **calms** the nervous\\_system. **Kétamine** too.');
  });

  it('prefers sections holding all the words, then fills with any of them', async () => {
    const lib = await library([
      { slug: 'one', body: overview('Sleep and anxiety together.') },
      { slug: 'two', body: overview('Only sleep here.') },
      { slug: 'three', body: overview('Nothing to see.') },
    ]);
    expect(lib.search('anxiety sleep').map((hit) => hit.slug)).toEqual(['one', 'two']);
    expect(lib.search('anxiety sleep', 1).map((hit) => hit.slug)).toEqual(['one']);
  });

  it('finds words FTS5 splits otherwise than the bot: vowel signs of Indic scripts, a ligature typed or pasted', async () => {
    // FTS5's unicode61 splits "योग" at its vowel sign (य, ग), where the bot's words drop the sign (यग); a ligature
    // it keeps as one letter (ﬁ), where the bot's words fold it (fi). Each word must still find its page.
    const lib = await library([
      { slug: 'yoga', title: 'Yoga', body: overview('योग और प्राणायाम, a practice of breath.') },
      { slug: 'plain', title: 'Plain', body: overview('A fine and quiet practice.') },
      { slug: 'pasted', title: 'Pasted', body: overview('Pasted from a PDF: a ﬁne print.') },
    ]);
    expect(lib.search('योग').map((hit) => hit.slug)).toEqual(['yoga']);
    expect(lib.search('प्राणायाम').map((hit) => hit.slug)).toEqual(['yoga']);
    expect(lib.search('प्राणायाम breath').map((hit) => hit.slug)).toEqual(['yoga']);
    expect(lib.search('योग')[0]?.snippet).toContain('**योग**');
    const found = (query: string) => lib.search(query).map((hit) => hit.slug);
    expect(found('ﬁne').sort()).toEqual(['pasted', 'plain']);
    // The page keeps its ligature as written; the index holds the letters members type.
    expect(found('fine').sort()).toEqual(['pasted', 'plain']);
    expect(lib.search('print')[0]?.snippet).toBe('Pasted from a PDF: a ﬁne **print**.');
  });

  it('finds a page by any of its words typed as written, whatever its script, and never raises on what is typed around them', async () => {
    // Indic vowel signs, Cyrillic й, Greek accents and final sigma, Hangul syllables, compatibility forms, Latin.
    const written = [
      'योग',
      'প্রাণ',
      'மூச்சு',
      'สมาธิ',
      'чай',
      'καφές',
      'λογος',
      '한국어',
      'ﬁne',
      'Ｂｒｅａｔｈ',
      'café',
      'x²',
      'ketamine',
    ];
    const lib = await library([
      { slug: 'many', title: 'Many', body: overview(written.join(', ')) },
      { slug: 'other', title: 'Other', body: overview('Nothing of those here.') },
    ]);
    for (const word of written)
      expect(
        lib.search(word).map((hit) => hit.slug),
        word,
      ).toEqual(['many']);
    const typed = fc.oneof(
      fc.constantFrom(...written, '"', '(', ')', ' OR ', ' AND ', 'NEAR', '*', '^', '\u0301', '\u094b', 'ﬁ'),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(typed, { maxLength: 8 }), (parts) => {
        expect(() => lib.search(parts.join(' '))).not.toThrow();
      }),
    );
  });

  it('matches a word as typed only where the index splits it otherwise than the bot, so plain words keep their lists', () => {
    // Folded (NFKC) as the index folds pages, a ligature or full-width letters are the plain word: no typed form.
    expect(typedSpellings('ｂｅｎｅｆｉｔｓ ﬁne café', ['benefits', 'fine', 'cafe'])).toEqual(new Map());
    expect(typedSpellings('योग calm', ['यग', 'calm'])).toEqual(new Map([['यग', '("यग" OR "योग")']]));
    expect(typedSpellings('чай', ['чаи'])).toEqual(new Map([['чаи', '("чаи" OR "чай")']]));
  });

  it('never raises on FTS5 syntax, whatever the member types', async () => {
    const lib = await library([{ slug: 'a', title: 'Reiki', body: overview('Reiki AND breath OR NOT near calm.') }]);
    const nasty = [
      '',
      '   ',
      '"',
      '""',
      '"reiki',
      "reiki'",
      '(',
      ')reiki(',
      '*',
      'reiki*',
      '^reiki',
      '-reiki',
      'title:reiki',
      'body : x',
      'AND',
      'OR',
      'NOT',
      'NEAR',
      'NEAR(reiki breath, 2)',
      'reiki AND',
      'OR reiki',
      'reiki NOT',
      '{title aliases}: reiki',
      '+',
      '\\',
      '\u0000',
      '🙂 reiki',
      'a'.repeat(500),
      'reiki '.repeat(100),
      '"'.repeat(500),
      'x" OR "1"="1',
      "'; DROP TABLE library_sections; --",
    ];
    const symbols = '"()*^-:+{}[]\\\'.,;!?~@#$%&|<>/= ';
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 300; round++) {
      let query = '';
      const length = Math.floor(next() * 60);
      for (let index = 0; index < length; index++) {
        const roll = next();
        query +=
          roll < 0.4
            ? symbols[Math.floor(next() * symbols.length)]
            : roll < 0.6
              ? ' AND '
              : roll < 0.7
                ? 'near'
                : 'reiki';
      }
      nasty.push(query);
    }
    for (const query of nasty) {
      expect(() => lib.search(query), JSON.stringify(query)).not.toThrow();
    }
    expect(lib.search('')).toEqual([]);
    expect(lib.search('()"*^')).toEqual([]);
    expect(lib.search('AND')[0]?.snippet).toContain('**AND**');
    expect(lib.search('title:reiki')).toHaveLength(1);
    expect(lib.search('a'.repeat(500))).toEqual([]);
  });
});

describe('names', () => {
  const pages = [
    {
      slug: 'ketamine-therapy',
      title: 'Ketamine Therapy',
      aliases: ['ketamine-assisted psychotherapy', 'KAP', 'ketamine'],
    },
    { slug: 'reiki', title: 'Reiki', aliases: ['Usui Reiki'] },
    { slug: 'sound-bath', title: 'Sound Bath' },
  ];

  it('finds a page by slug, title or alias, ignoring case, accents and punctuation', async () => {
    const lib = await library(pages);
    for (const name of [
      'Ketamine',
      'ketamine therapy',
      'ketamine-assisted psychotherapy',
      'KAP',
      'kétamine',
      'KETAMINE-THERAPY',
      ' Ketamine  Therapy! ',
    ]) {
      expect(lib.find(name)?.slug, name).toBe('ketamine-therapy');
    }
    expect(lib.find('ketamin')).toBeUndefined();
    expect(lib.get('ketamine-therapy')?.title).toBe('Ketamine Therapy');
    expect(lib.get('Ketamine Therapy')).toBeUndefined();
  });

  it('suggests close names for a typo', async () => {
    const lib = await library(pages);
    expect(lib.suggest('ketamin therapie').map((page) => page.slug)).toEqual(['ketamine-therapy']);
    expect(lib.suggest('rieki').map((page) => page.slug)).toEqual(['reiki']);
    expect(lib.suggest('zzzzzz')).toEqual([]);
  });

  it('autocompletes prefixes first, then aliases as "alias → Title", then later words', async () => {
    const lib = await library(pages);
    expect(lib.autocomplete('')).toEqual([
      { name: 'Ketamine Therapy', value: 'ketamine-therapy' },
      { name: 'Reiki', value: 'reiki' },
      { name: 'Sound Bath', value: 'sound-bath' },
    ]);
    expect(lib.autocomplete('kap')).toEqual([{ name: 'KAP → Ketamine Therapy', value: 'ketamine-therapy' }]);
    expect(lib.autocomplete('usui')).toEqual([{ name: 'Usui Reiki → Reiki', value: 'reiki' }]);
    expect(lib.autocomplete('bath')).toEqual([{ name: 'Sound Bath', value: 'sound-bath' }]);
    expect(lib.autocomplete('Sond')).toEqual([{ name: 'Sound Bath', value: 'sound-bath' }]);
  });
});
