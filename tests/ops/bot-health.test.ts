import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { combineHealth, combineMetrics } from '../../src/ops/bot-health.js';
import type { Health } from '../../src/ops/health-server.js';
import { createMetrics } from '../../src/ops/metrics.js';
import type { ProcessMetrics } from '../../src/ops/process-report.js';

const health = (shards: number[], holdsLease: boolean, database = 'ok'): Health => ({
  ok: database === 'ok',
  gateway: { ready: true, shards: shards.map((id) => ({ id, ready: true })) },
  database,
  scheduler: { holdsLease, lastPassSecondsAgo: holdsLease ? 3 : null },
});

/** One process's metrics, as a shard process (labelled with its shard) or without a label. */
async function processMetrics(holdsLease: boolean, answered: number, shard?: number): Promise<ProcessMetrics> {
  const metrics = createMetrics(
    {
      dueWaiting: () => 4,
      holdsLease: () => holdsLease,
      databasePath: new URL(import.meta.url).pathname,
      backups: () => undefined,
      tooManyRequests: () => 0,
    },
    shard === undefined ? {} : { shard: String(shard) },
  );
  for (let n = 0; n < answered; n++) metrics.interaction('modality', 'answered');
  return metrics.registry.getMetricsAsJSON();
}

const families = async (reports: (ProcessMetrics | undefined)[]) =>
  parsePrometheusTextFormat((await combineMetrics(reports)).body);

describe("the whole bot's health and metrics from its shard processes", () => {
  it('is ready only when every shard answered ready; the lease holder gives the scheduler part', () => {
    const one = health([0], true);
    const two = health([1], false);
    expect(combineHealth([0, 1], [one, two])).toEqual({
      ok: true,
      gateway: {
        ready: true,
        shards: [
          { id: 0, ready: true },
          { id: 1, ready: true },
        ],
      },
      database: 'ok',
      scheduler: { holdsLease: true, lastPassSecondsAgo: 3 },
    });
    const down = combineHealth([0, 1], [one, undefined]);
    expect(down).toMatchObject({
      ok: false,
      gateway: {
        shards: [
          { id: 0, ready: true },
          { id: 1, ready: false },
        ],
      },
    });
    expect(down.database).toBe('a shard process did not answer');
    expect(combineHealth([0, 1], [])).toMatchObject({ ok: false, database: 'no shard process' });
    const locked = health([1], false, 'refuses writes: database is locked');
    expect(combineHealth([0, 1], [one, locked])).toMatchObject({
      ok: false,
      database: 'refuses writes: database is locked',
    });
  });

  it('sums unlabelled counters, and reads gauges of the one database once', async () => {
    const combined = await families([await processMetrics(true, 1), await processMetrics(false, 2)]);
    const value = (name: string) => Number(combined.find((f) => f.name === name)?.metrics[0]?.value);
    expect(value('healing_interactions_total')).toBe(3);
    expect(value('healing_scheduler_lease_held')).toBe(1);
    expect(value('healing_scheduler_due_items')).toBe(4);
    const size = value('healing_database_bytes');
    expect(size).toBeGreaterThan(0);
    const single = await families([await processMetrics(true, 0)]);
    expect(Number(single.find((f) => f.name === 'healing_database_bytes')?.metrics[0]?.value)).toBe(size);
    // Shard processes label their series: the database's gauges are still one series, not one per process.
    const sharded = await families([await processMetrics(true, 1, 0), await processMetrics(false, 2, 1)]);
    const series = (name: string) => sharded.find((f) => f.name === name)?.metrics ?? [];
    expect(series('healing_scheduler_due_items').map((m) => [m.labels?.shard, Number(m.value)])).toEqual([
      [undefined, 4],
    ]);
    expect(series('healing_database_bytes').map((m) => m.labels?.shard)).toEqual([undefined]);
    expect(series('healing_scheduler_lease_held').map((m) => [m.labels?.shard, Number(m.value)])).toEqual([
      ['0', 1],
      ['1', 0],
    ]);
    // prom-client's own lag maximum takes `max` too, yet is each process's own.
    expect(series('nodejs_eventloop_lag_max_seconds').map((m) => m.labels?.shard)).toEqual(['0', '1']);
  });

  it("keeps each shard process's series apart, so one that does not answer never lowers a counter", async () => {
    const both = await families([await processMetrics(true, 1, 0), await processMetrics(false, 2, 1)]);
    const interactions = (list: typeof both) =>
      list.find((f) => f.name === 'healing_interactions_total')?.metrics.map((m) => [m.labels?.shard, Number(m.value)]);
    expect(interactions(both)).toEqual([
      ['0', 1],
      ['1', 2],
    ]);
    // Shard 1's process is being respawned: its series is missing, shard 0's keeps its value.
    expect(interactions(await families([await processMetrics(true, 1, 0), undefined]))).toEqual([['0', 1]]);
  });
});
