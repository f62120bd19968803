import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { cutExcerpt, sentenceEnds } from '../../src/library/excerpt.js';
import { loadLibrary } from '../../src/library/index.js';
import { hasLoneSurrogate } from './unicode.js';

const TEXT = 'First sentence here. Second one, e.g. with an abbreviation, goes on.\n\nA new paragraph! Is it kept?';

describe('cutExcerpt', () => {
  it('returns short text whole', () => {
    expect(cutExcerpt(TEXT, 500)).toEqual({ text: TEXT, truncated: false });
    expect(cutExcerpt(TEXT, TEXT.length)).toEqual({ text: TEXT, truncated: false });
  });

  it('cuts at the last sentence end that fits, not after an abbreviation', () => {
    expect(cutExcerpt(TEXT, 40)).toEqual({ text: 'First sentence here.', truncated: true });
    expect(cutExcerpt(TEXT, 69)).toEqual({
      text: 'First sentence here. Second one, e.g. with an abbreviation, goes on.',
      truncated: true,
    });
  });

  it('keeps paragraph breaks', () => {
    expect(cutExcerpt(TEXT, TEXT.length - 1)).toEqual({
      text: 'First sentence here. Second one, e.g. with an abbreviation, goes on.\n\nA new paragraph!',
      truncated: true,
    });
  });

  it('cuts a single over-long sentence at a word, with an ellipsis', () => {
    const result = cutExcerpt(TEXT, 15);
    expect(result).toEqual({ text: 'First sentence…', truncated: true });
    expect(cutExcerpt(TEXT, 12)).toEqual({ text: 'First…', truncated: true });
    for (let max = 8; max < TEXT.length; max++) {
      const { text } = cutExcerpt(TEXT, max);
      expect(text.length, String(max)).toBeLessThanOrEqual(max);
      // Never mid-word: what is kept (without the ellipsis) is a prefix of the text ending at a word end.
      const kept = text.replace(/…$/, '');
      expect(TEXT.startsWith(kept)).toBe(true);
      expect(/[\p{L}\p{N}]/u.test(TEXT.charAt(kept.length)) && /[\p{L}\p{N}]$/u.test(kept)).toBe(false);
    }
  });

  it('cuts a text without spaces between whole characters, never inside an emoji', () => {
    expect(cutExcerpt('🙂'.repeat(10), 6)).toEqual({ text: '🙂🙂…', truncated: true });
    expect(cutExcerpt('👍🏽'.repeat(10), 10)).toEqual({ text: '👍🏽👍🏽…', truncated: true });
    expect(cutExcerpt('🇫🇷🇫🇷🇫🇷', 6)).toEqual({ text: '🇫🇷…', truncated: true });
    expect(cutExcerpt('e\u0301'.repeat(10), 6)).toEqual({ text: 'e\u0301e\u0301…', truncated: true });
  });

  it('quotes the page as written and ends on a whole character, whatever the text', () => {
    const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
    const piece = fc.oneof(
      fc.constantFrom('🙂', '👍🏽', '👨‍👩‍👧', '🇫🇷', 'e\u0301', ' ', '. ', 'A', 'word', '\n\n', 'e.g. ', '—', '…'),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 200 }), fc.integer({ min: 2, max: 400 }), (pieces, maxChars) => {
        const whole = pieces.join('').trim();
        const { text, truncated } = cutExcerpt(whole, maxChars);
        expect(hasLoneSurrogate(text)).toBe(false);
        expect(text.length).toBeLessThanOrEqual(Math.max(maxChars, 1));
        if (!truncated) return void expect(text).toBe(whole);
        const kept = text.endsWith('…') ? text.slice(0, -1) : text;
        expect(whole.startsWith(kept)).toBe(true);
        const ends = new Set([...segmenter.segment(whole)].map((segment) => segment.index));
        expect(ends.has(kept.length) || kept.length === whole.length).toBe(true);
      }),
    );
  });

  it('does not take the limit for a sentence end where a double space falls on it (text pasted from a PDF)', () => {
    const text = 'A short one. Then a longer sentence  that goes on past the limit.';
    const limit = text.indexOf('  ');
    expect(cutExcerpt(text, limit)).toEqual({ text: 'A short one.', truncated: true });
    expect(cutExcerpt(text.slice(13), limit - 13)).toEqual({ text: 'Then a longer…', truncated: true });
  });

  it('ends at a sentence end of the whole text, or says it goes on with an ellipsis', () => {
    const piece = fc.constantFrom('word', 'Word', ' ', '  ', '   ', '. ', '.', '! ', '…', '… ', '\n\n', 'e.g. ', '3');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.integer({ min: 2, max: 120 }), (pieces, maxChars) => {
        const whole = pieces.join('').trim();
        const { text, truncated } = cutExcerpt(whole, maxChars);
        const kept = truncated && text.endsWith('…') ? text.slice(0, -1) : text;
        expect(whole.startsWith(kept)).toBe(true);
        if (text === whole || text.endsWith('…')) return;
        expect(sentenceEnds(whole)).toContain(text.length);
      }),
    );
  });

  it('cuts the real Ketamine Therapy page at sentence ends', async () => {
    const lib = await loadLibrary({ db: openDatabase(':memory:'), contentDir: 'content' });
    const full = lib.sectionText('ketamine-therapy', 'benefits') ?? '';
    const excerpt = lib.excerpt('ketamine-therapy', 'benefits', 1024);
    expect(excerpt?.truncated).toBe(true);
    expect(excerpt?.text.length).toBeLessThanOrEqual(1024);
    expect(excerpt?.text).toMatch(/\.$/);
    expect(full.startsWith(excerpt?.text ?? 'x')).toBe(true);
    expect(excerpt?.text).toContain('\n\n');
    expect(lib.excerpt('ketamine-therapy', 'overview', 4000)).toEqual({
      text: lib.sectionText('ketamine-therapy', 'overview'),
      truncated: false,
    });
    expect(lib.excerpt('nope', 'overview', 100)).toBeUndefined();
    expect(lib.healthcareNote).toMatch(/^It is essential to consult with a healthcare professional/);
  });
});
