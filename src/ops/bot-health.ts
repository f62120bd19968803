import { AggregatorRegistry } from 'prom-client';
import type { Health } from './health-server.js';
import type { ProcessReport } from './process-report.js';

/**
 * The whole bot's health from its shard processes' reports (undefined: a process that did not answer, dead or
 * starting again): ready when every shard of `shardIds` is ready and every process's database takes a write.
 */
export function combineHealth(shardIds: readonly number[], reports: readonly (ProcessReport | undefined)[]): Health {
  const answered = reports.filter((report): report is ProcessReport => report !== undefined);
  const ready = new Map(answered.flatMap((report) => report.health.gateway.shards.map((s) => [s.id, s.ready])));
  const shards = shardIds.map((id) => ({ id, ready: ready.get(id) ?? false }));
  const gatewayReady = shards.every((shard) => shard.ready);
  const problems = answered.map((report) => report.health.database).filter((database) => database !== 'ok');
  const database =
    answered.length < reports.length
      ? 'a shard process did not answer'
      : (problems[0] ?? (answered.length ? 'ok' : 'no shard process'));
  const holder = answered.find((report) => report.health.scheduler.holdsLease);
  return {
    ok: gatewayReady && database === 'ok',
    gateway: { ready: gatewayReady, shards },
    database,
    scheduler: {
      holdsLease: holder !== undefined,
      lastPassSecondsAgo: holder?.health.scheduler.lastPassSecondsAgo ?? null,
    },
  };
}

/** Every process's metrics as one exposition: counters and histograms summed, gauges by each one's aggregator. */
export async function combineMetrics(
  reports: readonly (ProcessReport | undefined)[],
): Promise<{ contentType: string; body: string }> {
  const registry = AggregatorRegistry.aggregate(reports.flatMap((report) => (report ? [report.metrics] : [])));
  return { contentType: registry.contentType, body: await registry.metrics() };
}
