import { describe, expect, it } from 'vitest';
import { clip, parseIdOption, quoteTyped } from '../../src/discord/typed-text.js';

describe('parseIdOption', () => {
  it.each<[string, number | undefined]>([
    ['12', 12],
    [' #12 ', 12],
    ['#0', 0],
    ['123456789012345', 123_456_789_012_345],
    ['1234567890123456', undefined],
    ['12a', undefined],
    ['-3', undefined],
    ['1.5', undefined],
    ['##1', undefined],
    ['', undefined],
  ])('%j → %s', (value, id) => {
    expect(parseIdOption(value)).toBe(id);
  });
});

describe('clip', () => {
  it('leaves text that fits alone', () => {
    expect(clip('Grief and winter', 16)).toBe('Grief and winter');
  });

  it('cuts at the last space in the second half, else mid-word, within the limit', () => {
    expect(clip('Grief and winter evenings', 20)).toBe('Grief and winter…');
    expect(clip('Griefandwinterevenings', 10)).toBe('Griefandw…');
    expect(clip('a bcdefghijklmnop', 10)).toBe('a bcdefgh…');
  });

  it('never splits an emoji in two', () => {
    const clipped = clip(`${'x'.repeat(8)}🔥🔥`, 10);
    expect(clipped).toBe('xxxxxxxx…');
    expect(clipped.length).toBeLessThanOrEqual(10);
    expect(clip('🔥'.repeat(10), 10)).toBe('🔥🔥🔥🔥…');
  });
});

describe('quoteTyped', () => {
  it('quotes in backticks without characters that break out or format, shortened', () => {
    expect(quoteTyped('`ket*amine_`', 40)).toBe('`ketamine`');
    expect(quoteTyped('x'.repeat(100), 40)).toBe(`\`${'x'.repeat(39)}…\``);
  });
});
