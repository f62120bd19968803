import { describe, expect, it } from 'vitest';
import { CRASH_WINDOW_MS, type Deaths, nextRespawn, RESPAWN_MAX_MS } from '../../src/sharding/respawn.js';

describe('a dead shard process is started again', () => {
  it('at once after a quiet spell, then after 1, 2, 4 … s while it keeps dying, never more than a minute apart', () => {
    let deaths: Deaths | undefined;
    let now = 1_000_000;
    const waits: number[] = [];
    for (let i = 0; i < 10; i++) {
      const next = nextRespawn(deaths, now);
      deaths = next.deaths;
      waits.push(next.delayMs);
      now += next.delayMs + 2_000; // it starts, then dies again two seconds later
    }
    expect(waits).toEqual([
      0,
      1_000,
      2_000,
      4_000,
      8_000,
      16_000,
      32_000,
      RESPAWN_MAX_MS,
      RESPAWN_MAX_MS,
      RESPAWN_MAX_MS,
    ]);
  });

  it('at once again once it has not died for the crash window', () => {
    const first = nextRespawn(undefined, 0);
    const second = nextRespawn(first.deaths, 10_000);
    expect(second.delayMs).toBe(1_000);
    expect(nextRespawn(second.deaths, 10_000 + CRASH_WINDOW_MS + 1)).toEqual({
      deaths: { inARow: 1, lastAt: 10_000 + CRASH_WINDOW_MS + 1 },
      delayMs: 0,
    });
  });
});
