import type { Emulator } from '../src/emulator/index.js';
import { percentile } from './stats.js';

export interface LoadResult {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Sends `count` slash commands through the emulator with `concurrency` in flight, timing each from the
 * INTERACTION_CREATE dispatch to the callback the bot sends back.
 */
export async function driveCommands(
  emulator: Emulator,
  count: number,
  concurrency: number,
  command: () => Parameters<Emulator['command']>[0],
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      next += 1;
      const begin = performance.now();
      const result = await emulator.command({ ...command(), timeoutMs: 30_000 });
      if (!result.callback) throw new Error('an interaction got no callback');
      latencies.push(performance.now() - begin);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: count / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}
