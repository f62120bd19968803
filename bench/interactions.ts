import type { Emulator, InteractionResult } from '@healing-library/discord-emulator';
import { percentile } from './stats.js';

export interface LoadResult {
  perSecond: number;
  /** CPU time of this process (emulator, client and driver) per interaction: steadier than wall time on a shared VM. */
  cpuMsEach: number;
  /** From the dispatch to the moment `send` resolves (the callback, or the follow-up when asked to wait for it). */
  p50Ms: number;
  p99Ms: number;
  /** From the dispatch to the callback. */
  callbackP99Ms: number;
}

/**
 * Sends `count` interactions with `concurrency` in flight, timing each from the INTERACTION_CREATE dispatch to the
 * callback the bot sends back. `send(i)` sends the i-th one through the emulator. The first `warmup` are sent
 * untimed, so that both the bot and the floor are measured after the JIT has compiled their paths.
 */
export async function drive(
  count: number,
  concurrency: number,
  send: (index: number) => Promise<InteractionResult>,
  warmup = 0,
): Promise<LoadResult> {
  for (let index = 0; index < warmup; index++) await send(count + index);
  const latencies: number[] = [];
  const callbacks: number[] = [];
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const begin = performance.now();
      const result = await send(index);
      if (!result.callback) throw new Error('an interaction got no callback');
      latencies.push(performance.now() - begin);
      callbacks.push(result.callbackMs ?? latencies.at(-1) ?? 0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    perSecond: count / seconds,
    cpuMsEach: (used.user + used.system) / 1000 / count,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    callbackP99Ms: percentile(callbacks, 99),
  };
}

/** Slash commands through the emulator, after `warmup` untimed ones. */
export function driveCommands(
  emulator: Emulator,
  count: number,
  concurrency: number,
  command: () => Parameters<Emulator['command']>[0],
  warmup = 200,
): Promise<LoadResult> {
  return drive(count, concurrency, () => emulator.command({ ...command(), timeoutMs: 30_000 }), warmup);
}
