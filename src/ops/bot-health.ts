import { AggregatorRegistry } from 'prom-client';
import type { Health } from './health-server.js';
import type { ProcessMetrics } from './process-report.js';

/**
 * The whole bot's health from its shard processes' reports (undefined: a process that did not answer, dead or
 * starting again): ready when every shard of `shardIds` is ready and every process's database takes a write.
 */
export function combineHealth(shardIds: readonly number[], reports: readonly (Health | undefined)[]): Health {
  const answered = reports.filter((report): report is Health => report !== undefined);
  const ready = new Map(answered.flatMap((report) => report.gateway.shards.map((s) => [s.id, s.ready])));
  const shards = shardIds.map((id) => ({ id, ready: ready.get(id) ?? false }));
  const gatewayReady = shards.every((shard) => shard.ready);
  const problems = answered.map((report) => report.database).filter((database) => database !== 'ok');
  const database =
    answered.length < reports.length
      ? 'a shard process did not answer'
      : (problems[0] ?? (answered.length ? 'ok' : 'no shard process'));
  const holder = answered.find((report) => report.scheduler.holdsLease);
  return {
    ok: gatewayReady && database === 'ok',
    gateway: { ready: gatewayReady, shards },
    database,
    scheduler: {
      holdsLease: holder !== undefined,
      lastPassSecondsAgo: holder?.scheduler.lastPassSecondsAgo ?? null,
    },
  };
}

/**
 * Every process's metrics as one exposition. Each process labels its series with its first shard (`shard`), so a
 * process that does not answer (dead, starting again) drops its own series instead of lowering a summed counter,
 * which Prometheus would read as a reset; series without that label are summed, gauges by their aggregator. A gauge
 * of the one database every process reads (ONE_DATABASE, aggregator `max`) loses its `shard` label first: with it, each process's
 * figure stayed a series of its own, and a dashboard summing them read the database N times over.
 */
export async function combineMetrics(
  reports: readonly (ProcessMetrics | undefined)[],
): Promise<{ contentType: string; body: string }> {
  const answered = reports.filter((report) => report !== undefined).map((report) => report.map(oneDatabaseFigure));
  const registry = AggregatorRegistry.aggregate(answered);
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/** The gauges every process reads from the one database (src/ops/metrics.ts); by name, as prom-client's own
 * `nodejs_eventloop_lag_max_seconds` takes `max` too and must stay per process. */
const ONE_DATABASE = new Set(['healing_scheduler_due_items', 'healing_database_bytes']);

function oneDatabaseFigure(metric: ProcessMetrics[number]): ProcessMetrics[number] {
  if (!ONE_DATABASE.has(metric.name)) return metric;
  const values = metric.values.map(({ labels, ...value }) => {
    const { shard: _shard, ...rest } = labels ?? {};
    return { ...value, labels: rest };
  });
  return { ...metric, values };
}
