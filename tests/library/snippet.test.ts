import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { words } from '../../src/library/normalise.js';
import { createSearchIndex } from '../../src/library/search-index.js';
import { SNIPPET_MAX_CHARS, SNIPPET_SCAN_CHARS, SNIPPET_WORDS, sectionSnippet } from '../../src/library/snippet.js';
import type { SectionKey } from '../../src/library/types.js';
import { hasLoneSurrogate, textPieces } from './unicode.js';

/** What FTS5's unicode61 tokenizer, and so a snippet, counts as a word: letters, digits, accents, private use. */
const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** The words of `text` that are query words, as the index finds them: accents and case do not count. */
function queryWordsIn(text: string, tokens: readonly string[]): string[] {
  return [...text.matchAll(WORD)].map(([word]) => word).filter((word) => words(word).some((w) => tokens.includes(w)));
}

/** A snippet read back: its text with escapes undone and bold marks dropped, and the bolded spans. */
function readSnippet(snippet: string): { text: string; bold: string[] } {
  let text = '';
  const bold: string[] = [];
  let boldFrom = -1;
  for (let at = 0; at < snippet.length; at++) {
    if (snippet[at] === '\\') text += snippet[++at] ?? '';
    else if (!snippet.startsWith('**', at)) text += snippet[at];
    else {
      if (boldFrom < 0) boldFrom = text.length;
      else {
        bold.push(text.slice(boldFrom));
        boldFrom = -1;
      }
      at++;
    }
  }
  return { text, bold };
}

/** An index holding one section, built directly: content:check would refuse the oversized ones used here. */
function indexOf(text: string) {
  const index = createSearchIndex(openDatabase(':memory:'));
  const info = { slug: 'p', title: 'P', aliases: [], summary: 's', tags: [], lastReviewed: '2025-01-01', sections: [] };
  const section = { key: 'overview' as SectionKey, heading: 'Overview', text };
  index.rebuild('hash', () => [{ info, sections: [section] }]);
  return index;
}

describe('search snippets', () => {
  it('shows the window of words holding the most query words, with an ellipsis where text was left out', () => {
    const filler = (word: string, count: number) => Array.from({ length: count }, () => word).join(' ');
    const text = `${filler('one', 40)} sleep ${filler('two', 10)} sleep and anxiety ${filler('three', 40)}.`;
    const snippet = sectionSnippet(text, false, ['sleep', 'anxiety']);
    // Both matches of "sleep" and the one of "anxiety", centred in SNIPPET_WORDS words.
    expect(snippet).toBe(
      `…${filler('one', 5)} **sleep** ${filler('two', 10)} **sleep** and **anxiety** ${filler('three', 5)}…`,
    );
    expect(snippet.replace(/…/g, '').split(' ')).toHaveLength(SNIPPET_WORDS);
    expect(sectionSnippet('Short and whole.', false, ['whole'])).toBe('Short and **whole**.');
  });

  it('reads a bounded start of a section, whatever its size', () => {
    // A word that appears only past the scanned start is found by the index but never looked for in the text:
    // FTS5's snippet() read the whole section (at a cost growing with the square of its matches).
    const text = `${'calm '.repeat(SNIPPET_SCAN_CHARS / 5 + 100)}glutamate`;
    const [hit] = indexOf(text).search(['glutamate'], 5);
    expect(hit?.snippet).toBe(`${'calm '.repeat(SNIPPET_WORDS).trim()}…`);

    const huge = indexOf('calm '.repeat(100_000)).search(['calm'], 5);
    expect(huge[0]?.snippet).toBe(`${'**calm** '.repeat(SNIPPET_WORDS).trim()}…`);
  });

  it('fits an embed field even when the words are very long', () => {
    const long = `${'x'.repeat(3000)} calm ${'y'.repeat(3000)}`;
    const snippet = sectionSnippet(long, false, ['calm']);
    expect(snippet.length).toBeLessThanOrEqual(1024);
    expect(snippet).toContain('**calm**');
    const emoji = sectionSnippet('👍🏽'.repeat(1000), false, ['calm']);
    expect(emoji.length).toBeLessThanOrEqual(SNIPPET_MAX_CHARS + 1);
    expect(hasLoneSurrogate(emoji)).toBe(false);
  });

  it('quotes the section as written, in whole characters, within an embed field', () => {
    const piece = fc.oneof(
      fc.constantFrom('calm', 'Kétamine', ' ', '. ', '\n\n', '*', '_', '👍🏽', '👨‍👩‍👧', '🇫🇷', 'e\u0301', '—'),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), fc.boolean(), (pieces, more) => {
        const text = pieces.join('').replaceAll('\u0002', '').replaceAll('\u0003', ''); // the snippet's own marks
        const snippet = sectionSnippet(text, more, ['calm', 'ketamine']);
        expect(hasLoneSurrogate(snippet)).toBe(false);
        expect(snippet.length).toBeLessThanOrEqual(1024);
        const collapsed = text.replace(/\s+/g, ' ');
        for (const quoted of textPieces(snippet)) expect(collapsed).toContain(quoted);
      }),
    );
  });

  it('bolds every query word and nothing else, whole words as the index counts them', () => {
    // Neighbours that decide where a word ends: an accent (precomposed or combining) or a digit belongs to it; "_",
    // punctuation, markdown, emoji, joiners and control characters do not.
    const piece = fc.oneof(
      fc.constantFrom(...'calm Calm CALM cälm café cafe\u0301 e\u0301 É 2 x9 中文 \u212A İ'.split(' ')),
      fc.constantFrom(...' _-.*\\`#…\n\u200d\u0010\u0019', '👍🏽', '🇫🇷', '\uD800'),
      fc.stringMatching(/^[a-zA-Z0-9]{1,6}$/),
      fc.string({ unit: 'grapheme', maxLength: 3 }),
    );
    const text = fc
      .array(piece, { maxLength: 30 })
      .map((pieces) => pieces.join('').replaceAll('\u0002', '').replaceAll('\u0003', '')) // the snippet's own marks
      .filter((text) => text.length <= SNIPPET_MAX_CHARS && (text.match(WORD)?.length ?? 0) <= SNIPPET_WORDS);
    const token = (text: string) => fc.constantFrom(...words(text), 'calm', 'cafe', 'e', '2', 'k', 'i');
    const input = text.chain((text) =>
      fc.tuple(fc.constant(text), fc.array(token(text), { minLength: 1, maxLength: 3 })),
    );
    fc.assert(
      fc.property(input, ([text, tokens]) => {
        // The whole text fits in the window: the snippet quotes all of it, with every query word in bold.
        const { text: quoted, bold } = readSnippet(sectionSnippet(text, false, tokens));
        expect(bold).toEqual(queryWordsIn(text, tokens));
        expect(quoted).toBe(text.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 500 },
    );
  });

  it('bolds a query word wherever it stands in a long section, whatever its case and accents', () => {
    const filler = fc.oneof(
      fc.stringMatching(/^[a-zA-Z0-9]{1,8}$/),
      fc.constantFrom('calmer', 'recalm', 'calm2', 'cafe\u0301', 'Ünïcode', '中文', 'e\u0301te'),
    );
    const gap = fc.constantFrom(' ', '_', '-', '. ', '*', '👍🏽', '\u200b', '\u0010');
    const planted = fc.constantFrom('calm', 'Calm', 'CALM', 'cälm', 'ca\u0301lm');
    const pair = fc.tuple(filler, gap).map(([word, after]) => word + after);
    fc.assert(
      fc.property(
        fc.array(pair, { maxLength: 300 }),
        fc.nat(),
        planted,
        gap,
        fc.boolean(),
        (pairs, at, word, after, more) => {
          const split = at % (pairs.length + 1);
          const text = [...pairs.slice(0, split), word + after, ...pairs.slice(split)].join('');
          const { bold } = readSnippet(sectionSnippet(text, more, ['calm']));
          expect(bold.length).toBeGreaterThan(0);
          for (const span of bold) expect(words(span)).toEqual(['calm']);
        },
      ),
      { numRuns: 500 },
    );
  });
});
