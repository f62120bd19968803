import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/db/migrations.js';
import { migrate, openDatabase } from '../../src/db/open.js';
import { createManualReminderStore } from '../../src/scheduler/manual-reminder-store.js';
import { createRecipientStore } from '../../src/scheduler/recipient-store.js';
import { createWorkStore } from '../../src/scheduler/work-store.js';
import { MIN, seedDiscussion } from '../scheduler/fixtures.js';

describe('migrations', () => {
  it('are numbered 1..n without gaps and bring a new database to the last version', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, index) => index + 1));
    const db = openDatabase(':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('roll back a failing migration whole, leaving the previous version', () => {
    const db = new Database(':memory:');
    const broken = [
      { version: 1, name: 'one', sql: 'CREATE TABLE a (x TEXT);' },
      { version: 2, name: 'two', sql: 'CREATE TABLE b (x TEXT); INSERT INTO missing VALUES (1);' },
    ];
    expect(() => migrate(db, broken)).toThrow(/missing/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    db.close();
  });

  it('run again as a no-op', () => {
    const db = openDatabase(':memory:');
    migrate(db, migrations);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();
  });
  it('count the answers already stored when the RSVP counts arrive (version 5)', () => {
    const db = openDatabase(':memory:', migrations.slice(0, 4));
    db.exec(`
      INSERT INTO discussions (id, guild_id, title, starts_at, timezone, duration_minutes, channel_id, created_by,
        created_at, updated_at) VALUES (1, 'g', 't', 0, 'UTC', 60, 'c', 'u', 0, 0);
      INSERT INTO rsvps (discussion_id, user_id, status, first_clicked_at, status_since, position) VALUES
        (1, 'a', 'going', 0, 0, 1), (1, 'b', 'going', 0, 0, 2), (1, 'c', 'maybe', 0, 0, 3);
    `);
    migrate(db, migrations);
    expect(db.prepare('SELECT status, n FROM rsvp_counts ORDER BY status').all()).toEqual([
      { status: 'going', n: 2 },
      { status: 'maybe', n: 1 },
    ]);
    db.close();
  });

  it('forget the mentions owed by batches that had already ended when the trigger arrives (version 11)', () => {
    const db = openDatabase(':memory:', migrations.slice(0, 10));
    const T0 = Date.parse('2026-05-01T12:00:00Z');
    const discussion = seedDiscussion(db, { startsAt: T0 + 90 * MIN, createdAt: T0, reminders: [60, 30, 10] });
    const work = createWorkStore(db);
    work.plan(T0);
    const [ended] = work.claimDue(T0 + 31 * MIN, 'first').claimed;
    if (!ended) throw new Error('nothing due');
    work.finish(ended, 'first', 'skipped', 'cancelled meanwhile', T0 + 32 * MIN);
    expect(work.claimDue(T0 + 61 * MIN, 'first').claimed).toMatchObject([{ offsetMinutes: 30 }]);
    const manual = createManualReminderStore(db, 'first');
    const begun = manual.begin(
      { discussionId: discussion.id, requestedBy: 'm', audience: 'going', delivery: 'dm', note: null },
      T0,
    );
    if (!('started' in begun)) throw new Error('a reminder was already running');
    const recipients = createRecipientStore(db);
    const batches = [
      recipients.progress(ended),
      recipients.progress({ ...ended, offsetMinutes: 30 }), // claimed
      recipients.progress({ ...ended, offsetMinutes: 10 }), // pending
      manual.progress(begun.started, () => T0), // running
    ];
    for (const batch of batches) batch.owe(['a']);
    migrate(db, migrations);
    expect(batches.map((batch) => batch.owed())).toEqual([[], ['a'], ['a'], ['a']]);
    db.close();
  });

  it('explain an unwritable path', () => {
    expect(() => openDatabase('/dev/null/not-a-folder/bot.sqlite')).toThrow(/Cannot open the database.*DATABASE_PATH/);
  });
});

describe('opening the database', () => {
  it('syncs every commit to disk, also when reopening a file already in WAL mode', () => {
    const folder = mkdtempSync(join(tmpdir(), 'open-'));
    try {
      for (const _ of ['created', 'reopened']) {
        const db = openDatabase(join(folder, 'bot.sqlite'));
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(db.pragma('synchronous', { simple: true })).toBe(2);
        db.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
