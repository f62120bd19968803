import type { Db } from './open.js';

/**
 * A value that differs whenever the database may hold something new, for caches of what is read from it. Rows
 * written through this connection move `total_changes()` (triggers included; a rolled-back write moves it too, which
 * only costs a read); a commit by another process on the same file moves `PRAGMA data_version`. Both cost about a
 * microsecond, a tenth of the cheapest query on a table.
 */
export function createChangeStamp(db: Db): () => string {
  const changes = db.prepare<[], number>('SELECT total_changes()').pluck();
  const version = db.prepare<[], number>('PRAGMA data_version').pluck();
  return () => `${version.get()}:${changes.get()}`;
}
