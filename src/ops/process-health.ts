import { type Client, Status } from 'discord.js';
import type { Db } from '../db/open.js';
import type { Health } from './health-server.js';

export interface SchedulerStatus {
  holdsLease: boolean;
  /** Date.now() at the end of the last pass; undefined before the first. */
  lastPassEndedAt: number | undefined;
}

/** This process's health: its gateway shards ready, its database taking a write, its scheduler's last pass. */
export function processHealth(client: Client, db: Db, scheduler: SchedulerStatus | undefined): Health {
  const shards = [...client.ws.shards.values()].map((shard) => ({
    id: shard.id,
    ready: shard.status === Status.Ready,
  }));
  const ready = client.isReady() && shards.length > 0 && shards.every((shard) => shard.ready);
  const database = acceptsWrite(db);
  const passed = scheduler?.lastPassEndedAt;
  return {
    ok: ready && database === 'ok',
    gateway: { ready, shards },
    database,
    scheduler: {
      holdsLease: scheduler?.holdsLease ?? false,
      lastPassSecondsAgo: passed === undefined ? null : Math.round((Date.now() - passed) / 100) / 10,
    },
  };
}

/**
 * Takes the write lock and gives it back: proves a write would go through without writing anything. Waits at most
 * PROBE_WAIT_MS for another process's write (not the connection's 5 s): the wait blocks the event loop.
 */
function acceptsWrite(db: Db): string {
  // Transactions never span a turn of the event loop here, so an open one is not this check's to end.
  if (!db.open) return 'refuses writes: the database is closed';
  if (db.inTransaction) return 'ok';
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${PROBE_WAIT_MS}`);
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    return `refuses writes: ${(error as Error).message}`;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
  db.exec('ROLLBACK');
  return 'ok';
}

const PROBE_WAIT_MS = 250;
