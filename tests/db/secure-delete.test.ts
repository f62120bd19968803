import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/db/migrations.js';
import { type Db, openDatabase } from '../../src/db/open.js';

const ASKER = '777777777777777001';
const LEAVER = '777777777777777002';
const FORGOTTEN = '777777777777777003';

/** Whether the file (and its write-ahead log) still holds these bytes anywhere, free pages included. */
function fileHolds(path: string, text: string): boolean {
  const files = [path, `${path}-wal`].filter(existsSync);
  return files.some((file) => readFileSync(file).includes(Buffer.from(text)));
}

function closeFlushed(db: Db): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

describe('deleted rows leave no trace in the database file', () => {
  it('after the upgrade that made anonymous questions authorless, and after any later delete', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'secure-delete-')), 'bot.sqlite');
    // A file of the version before: an anonymous question still stored its author; an RSVP was deleted then.
    const old = openDatabase(
      path,
      loadMigrations().filter((migration) => migration.version <= 16),
    );
    old.pragma('secure_delete = OFF');
    const { lastInsertRowid: id } = old
      .prepare(
        `INSERT INTO discussions (guild_id, title, starts_at, timezone, duration_minutes, channel_id, created_by, created_at, updated_at)
         VALUES ('200000000000000001', 'Circle', 1, 'UTC', 60, '300000000000000001', '100000000000000009', 1, 1)`,
      )
      .run();
    old
      .prepare('INSERT INTO questions (discussion_id, user_id, anonymous, text, asked_at) VALUES (?, ?, 1, ?, 1)')
      .run(id, ASKER, 'a question');
    old
      .prepare(
        "INSERT INTO rsvps (discussion_id, user_id, status, first_clicked_at, status_since, position) VALUES (?, ?, 'going', 1, 1, 1)",
      )
      .run(id, LEAVER);
    old.prepare('DELETE FROM rsvps WHERE user_id = ?').run(LEAVER);
    closeFlushed(old);
    expect(fileHolds(path, ASKER)).toBe(true);
    expect(fileHolds(path, LEAVER)).toBe(true);

    const db = openDatabase(path);
    closeFlushed(db);
    expect(fileHolds(path, ASKER)).toBe(false);
    expect(fileHolds(path, LEAVER)).toBe(false);

    const later = openDatabase(path);
    later
      .prepare(
        "INSERT INTO rsvps (discussion_id, user_id, status, first_clicked_at, status_since, position) VALUES (?, ?, 'going', 1, 1, 2)",
      )
      .run(id, FORGOTTEN);
    closeFlushed(later);
    expect(fileHolds(path, FORGOTTEN)).toBe(true);
    const again = openDatabase(path);
    again.prepare('DELETE FROM rsvps WHERE user_id = ?').run(FORGOTTEN);
    closeFlushed(again);
    expect(fileHolds(path, FORGOTTEN)).toBe(false);
  });
});
