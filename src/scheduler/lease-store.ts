import type { Db } from '../db/open.js';

export interface Lease {
  holder: string;
  acquiredAt: number;
  expiresAt: number;
}

/** A process that stops renewing loses the lease within this time, and another process takes over. */
export const LEASE_TTL_MS = 30_000;
const NAME = 'scheduler';

export type LeaseStore = ReturnType<typeof createLeaseStore>;

/**
 * One row decides which process runs the scheduler on this database. Taking or renewing it is one statement,
 * so two processes racing for an expired lease cannot both win.
 */
export function createLeaseStore(db: Db) {
  const take = db.prepare<{ name: string; holder: string; now: number; expiresAt: number }>(`
    INSERT INTO scheduler_lease (name, holder, acquired_at, expires_at) VALUES (@name, @holder, @now, @expiresAt)
    ON CONFLICT (name) DO UPDATE SET
      acquired_at = CASE WHEN holder = excluded.holder THEN acquired_at ELSE excluded.acquired_at END,
      holder = excluded.holder,
      expires_at = excluded.expires_at
    WHERE holder = excluded.holder OR expires_at <= @now`);
  const current = db.prepare<[string], { holder: string; acquired_at: number; expires_at: number }>(
    'SELECT holder, acquired_at, expires_at FROM scheduler_lease WHERE name = ?',
  );
  const release = db.prepare<{ name: string; holder: string }>(
    'DELETE FROM scheduler_lease WHERE name = @name AND holder = @holder',
  );

  return {
    /** Takes the lease when free or expired, renews it when ours; false when another live process holds it. */
    acquire(holder: string, now: number, ttlMs = LEASE_TTL_MS): boolean {
      return take.run({ name: NAME, holder, now, expiresAt: now + ttlMs }).changes === 1;
    },
    current(): Lease | undefined {
      const row = current.get(NAME);
      return row && { holder: row.holder, acquiredAt: row.acquired_at, expiresAt: row.expires_at };
    },
    /** On a clean stop, so another process need not wait for the expiry. */
    release(holder: string): void {
      release.run({ name: NAME, holder });
    },
  };
}
