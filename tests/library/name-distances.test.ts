import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameDistances } from '../../src/library/names.js';

/** Optimal string alignment distance, the textbook table, whole and uncapped: the reference. */
function osa(a: string, b: string): number {
  const width = b.length + 1;
  const d: number[] = [];
  const at = (i: number, j: number) => d[i * width + j] ?? i + j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, at(i - 2, j - 2) + 1);
      d[i * width + j] = value;
    }
  }
  return at(a.length, b.length);
}

describe('the distances fuzzy name matching sorts by', () => {
  it('are the capped distances to the whole name and to its beginnings about as long as the input', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', ' ', 'é'), minLength: 1, maxLength: 14 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 1, max: 6 }), (key, name, cap) => {
        const whole = Math.min(osa(key, name), cap);
        let start = whole;
        for (let length = key.length - 1; length <= key.length + 1; length++) {
          if (length > 0 && length < name.length) start = Math.min(start, osa(key, name.slice(0, length)), cap);
        }
        expect(nameDistances(key, name, cap)).toEqual({ whole, start });
      }),
      { numRuns: 3000 },
    );
  });

  it('count a swap of neighbours as one edit, and measure a name being typed by its beginning', () => {
    expect(nameDistances('meditaiton', 'meditation', 5)).toEqual({ whole: 1, start: 1 });
    expect(nameDistances('medit', 'meditation', 9)).toEqual({ whole: 5, start: 0 });
    // Longer names than any before: the reused rows grow.
    expect(nameDistances('x', 'y'.repeat(300), 400)).toEqual({ whole: 300, start: 1 });
  });
});
