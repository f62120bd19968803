import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { combineHealth, combineMetrics } from '../../src/ops/bot-health.js';
import type { Health } from '../../src/ops/health-server.js';
import { createMetrics } from '../../src/ops/metrics.js';
import type { ProcessReport } from '../../src/ops/process-report.js';

const health = (shards: number[], holdsLease: boolean, database = 'ok'): Health => ({
  ok: database === 'ok',
  gateway: { ready: true, shards: shards.map((id) => ({ id, ready: true })) },
  database,
  scheduler: { holdsLease, lastPassSecondsAgo: holdsLease ? 3 : null },
});

async function processReport(shards: number[], holdsLease: boolean, answered: number): Promise<ProcessReport> {
  const metrics = createMetrics({
    dueWaiting: () => 4,
    holdsLease: () => holdsLease,
    databasePath: new URL(import.meta.url).pathname,
    backups: () => undefined,
  });
  for (let n = 0; n < answered; n++) metrics.interaction('modality', 'answered');
  return { health: health(shards, holdsLease), metrics: await metrics.registry.getMetricsAsJSON() };
}

describe("the whole bot's health and metrics from its shard processes", () => {
  it('is ready only when every shard answered ready; the lease holder gives the scheduler part', async () => {
    const one = await processReport([0], true, 1);
    const two = await processReport([1], false, 2);
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
    const locked = { ...two, health: health([1], false, 'refuses writes: database is locked') };
    expect(combineHealth([0, 1], [one, locked])).toMatchObject({
      ok: false,
      database: 'refuses writes: database is locked',
    });
  });

  it('sums counters across processes, and reads gauges of the one database once', async () => {
    const { body } = await combineMetrics([await processReport([0], true, 1), await processReport([1], false, 2)]);
    const families = parsePrometheusTextFormat(body);
    const value = (name: string) => Number(families.find((f) => f.name === name)?.metrics[0]?.value);
    expect(value('healing_interactions_total')).toBe(3);
    expect(value('healing_scheduler_lease_held')).toBe(1);
    expect(value('healing_scheduler_due_items')).toBe(4);
    const size = value('healing_database_bytes');
    expect(size).toBeGreaterThan(0);
    const single = parsePrometheusTextFormat((await combineMetrics([await processReport([0], true, 0)])).body);
    expect(Number(single.find((f) => f.name === 'healing_database_bytes')?.metrics[0]?.value)).toBe(size);
  });
});
