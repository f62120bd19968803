import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SharedMap } from '../../src/library/shared-map.js';

type Op = { kind: 'set'; key: number; value: string } | { kind: 'delete'; key: number } | { kind: 'fork' };

const KEYS = 300;
const key = fc.integer({ min: 0, max: KEYS - 1 });
// Mostly changes, so that a copy often gathers more than the 64 that make the next copy fold them into a new base.
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('set' as const), key, value: fc.string({ maxLength: 3 }) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'fork' as const }) },
);

const sorted = (map: ReadonlyMap<number, string>) => [...map].sort(([a], [b]) => a - b);

describe('a shared map', () => {
  it('reads as a plain map given the same changes, and a copy never changes the map it was copied from', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.string())), fc.array(op, { maxLength: 600 }), (start, ops) => {
        let model = new Map(start);
        let map = SharedMap.over(new Map(start));
        const frozen: { map: SharedMap<number, string>; seen: [number, string][] }[] = [];
        const same = () => {
          expect(map.size).toBe(model.size);
          expect(sorted(map)).toEqual(sorted(model));
          for (let each = 0; each < KEYS; each++) {
            expect(map.get(each)).toBe(model.get(each));
            expect(map.has(each)).toBe(model.has(each));
          }
        };
        for (const step of ops) {
          if (step.kind === 'fork') {
            same();
            // The old map is published (a scan being served): it must read the same whatever its copies do.
            frozen.push({ map, seen: sorted(map) });
            map = map.fork();
            model = new Map(model);
          } else if (step.kind === 'set') {
            map.set(step.key, step.value);
            model.set(step.key, step.value);
          } else {
            expect(map.delete(step.key)).toBe(model.delete(step.key));
          }
          expect(map.size).toBe(model.size);
          expect(map.get(step.kind === 'fork' ? 0 : step.key)).toBe(model.get(step.kind === 'fork' ? 0 : step.key));
        }
        same();
        for (const { map: old, seen } of frozen) expect(sorted(old)).toEqual(seen);
      }),
      { numRuns: 200 },
    );
  });

  it('reads right across many copies, which fold their changes into a new base, and never changes a base it was given', () => {
    const base = new Map<number, string>(Array.from({ length: 8_000 }, (_, index) => [index, `page ${index}`]));
    let map = SharedMap.over(base);
    for (let change = 0; change < 1_200; change++) {
      map = map.fork();
      map.set(change, `changed ${change}`);
      map.delete(8_000 - change - 1);
    }
    expect(map.size).toBe(8_000 - 1_200);
    expect(map.get(0)).toBe('changed 0');
    expect(map.has(7_999)).toBe(false);
    expect(base.get(0)).toBe('page 0');
    expect(base.size).toBe(8_000);
    // A plain map given to copyOf is copied, never changed.
    const plain = new Map([[1, 'a']]);
    SharedMap.copyOf(plain).set(2, 'b');
    expect([...plain]).toEqual([[1, 'a']]);
  });
});
