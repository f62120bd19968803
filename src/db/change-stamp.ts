import type { Db } from './open.js';

/** How long a commit by another process may go unseen: it shows on the next read this long after, at most. */
export const OTHER_PROCESSES_MS = 50;

/**
 * A value that differs whenever the database may hold something new, for caches of what is read from it. Rows
 * written through this connection move `total_changes()` (triggers included; a rolled-back write moves it too, which
 * only costs a read), and show at once. A commit by another process on the same file (another shard's scheduler
 * announcing a discussion) moves `PRAGMA data_version`, which takes a read lock on the file to answer: about 2 µs
 * alone and 5 to 10 µs among 2,000 answers a second, the largest part of the bot's own work for a /modality served
 * from its cache (CPU profile, 3 Dec). So it is asked at most every OTHER_PROCESSES_MS, by `clock` (milliseconds).
 */
export function createChangeStamp(db: Db, clock: () => number = () => performance.now()): () => string {
  const changes = db.prepare<[], number>('SELECT total_changes()').pluck();
  const version = db.prepare<[], number>('PRAGMA data_version').pluck();
  let known = 0;
  let askedAt = Number.NEGATIVE_INFINITY;
  return () => {
    const now = clock();
    if (now - askedAt >= OTHER_PROCESSES_MS || now < askedAt) {
      known = version.get() as number;
      askedAt = now;
    }
    return `${known}:${changes.get()}`;
  };
}
