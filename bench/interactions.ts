import type { Emulator, InteractionResult } from '../src/emulator/index.js';
import { percentile } from './stats.js';

export interface LoadResult {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Sends `count` interactions with `concurrency` in flight, timing each from the INTERACTION_CREATE dispatch to the
 * callback the bot sends back. `send(i)` sends the i-th one through the emulator.
 */
export async function drive(
  count: number,
  concurrency: number,
  send: (index: number) => Promise<InteractionResult>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const begin = performance.now();
      const result = await send(index);
      if (!result.callback) throw new Error('an interaction got no callback');
      latencies.push(performance.now() - begin);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: count / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/** Slash commands through the emulator. */
export function driveCommands(
  emulator: Emulator,
  count: number,
  concurrency: number,
  command: () => Parameters<Emulator['command']>[0],
): Promise<LoadResult> {
  return drive(count, concurrency, () => emulator.command({ ...command(), timeoutMs: 30_000 }));
}
