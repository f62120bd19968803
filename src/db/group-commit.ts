import type { Db } from './open.js';

/**
 * Writes asked for in the same turn of the event loop commit together, in one transaction: a burst of RSVP clicks
 * costs one sync to disk instead of one per click, with the same durability, since no caller hears of its write
 * before the commit. Each write runs in its own savepoint, so one that throws rolls back alone and fails only its caller.
 */
export interface GroupCommit {
  run<T>(write: () => T): Promise<T>;
}

interface Pending {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { value: unknown } | { error: unknown };

export function createGroupCommit(db: Db): GroupCommit {
  let pending: Pending[] = [];
  // Nested in the batch's transaction, better-sqlite3 runs this one as a savepoint.
  const alone = db.transaction((write: () => unknown) => write());
  const together = db.transaction((batch: Pending[]): Outcome[] =>
    batch.map((item) => {
      try {
        return { value: alone(item.write) };
      } catch (error) {
        // SQLite rolled the whole transaction back (disk full, I/O error): the batch fails as one.
        if (!db.inTransaction) throw error;
        return { error };
      }
    }),
  );
  const commit = () => {
    const batch = pending;
    pending = [];
    let outcomes: Outcome[];
    try {
      outcomes = together.immediate(batch);
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    outcomes.forEach((outcome, index) => {
      const item = batch[index] as Pending;
      if ('error' in outcome) item.reject(outcome.error);
      else item.resolve(outcome.value);
    });
  };
  return {
    run<T>(write: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (pending.length === 0) setImmediate(commit);
        pending.push({ write, resolve: resolve as (value: unknown) => void, reject });
      });
    },
  };
}
