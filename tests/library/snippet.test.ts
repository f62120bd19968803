import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { createSearchIndex } from '../../src/library/search-index.js';
import { SNIPPET_MAX_CHARS, SNIPPET_SCAN_CHARS, SNIPPET_WORDS, sectionSnippet } from '../../src/library/snippet.js';
import type { SectionKey } from '../../src/library/types.js';
import { hasLoneSurrogate, textPieces } from './unicode.js';

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
});
