import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/db/migrations.js';
import { migrate, openDatabase } from '../../src/db/open.js';

const migrations = loadMigrations();

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
    db.exec(`
      INSERT INTO discussions (id, guild_id, title, starts_at, timezone, duration_minutes, channel_id, created_by,
        created_at, updated_at) VALUES (1, 'g', 't', 0, 'UTC', 60, 'c', 'u', 0, 0);
      INSERT INTO scheduled_work (discussion_id, kind, offset_minutes, due_at, state) VALUES
        (1, 'reminder', 60, 0, 'skipped'), (1, 'reminder', 30, 0, 'claimed'), (1, 'reminder', 10, 0, 'pending');
      INSERT INTO manual_reminders (id, discussion_id, requested_by, audience, delivery, state, holder, heartbeat_at,
        created_at) VALUES (1, 1, 'm', 'going', 'dm', 'running', 'p', 0, 0), (2, 1, 'm', 'going', 'dm', 'sent', 'p', 0, 0);
      INSERT INTO mentions_owed (batch, user_id, discussion_id) VALUES
        ('work:1:reminder:60', 'a', 1), ('work:1:reminder:30', 'a', 1), ('work:1:reminder:10', 'a', 1),
        ('manual:1', 'a', 1), ('manual:2', 'a', 1);
    `);
    migrate(db, migrations);
    expect(db.prepare('SELECT batch FROM mentions_owed ORDER BY batch').all()).toEqual([
      { batch: 'manual:1' },
      { batch: 'work:1:reminder:10' },
      { batch: 'work:1:reminder:30' },
    ]);
    db.close();
  });

  it('keep a discussion announced whose announcement was deleted before the column arrived (version 12)', () => {
    const db = openDatabase(':memory:', migrations.slice(0, 11));
    db.exec(`
      INSERT INTO series (id, guild_id, title, cron, timezone, announce_before_minutes, duration_minutes, created_by,
        created_at) VALUES (1, 'g', 's', '0 19 * * 4', 'UTC', 60, 60, 'u', 0);
      INSERT INTO discussions (id, guild_id, series_id, title, starts_at, timezone, duration_minutes, channel_id,
        message_id, created_by, created_at, updated_at) VALUES
        (1, 'g', NULL, 'one-off, announcement deleted', 0, 'UTC', 60, 'c', NULL, 'u', 0, 5),
        (2, 'g', 1, 'announced', 2, 'UTC', 60, 'c', 'm', 'u', 0, 6),
        (3, 'g', 1, 'announced, then deleted', 3, 'UTC', 60, 'c', NULL, 'u', 0, 7),
        (4, 'g', 1, 'answered, then deleted', 4, 'UTC', 60, 'c', NULL, 'u', 0, 8),
        (5, 'g', 1, 'not announced yet', 5, 'UTC', 60, 'c', NULL, 'u', 0, 9);
      INSERT INTO scheduled_work (discussion_id, kind, offset_minutes, due_at, state) VALUES
        (3, 'announce', 60, 0, 'sent'), (5, 'announce', 60, 0, 'pending');
      INSERT INTO rsvps (discussion_id, user_id, status, first_clicked_at, status_since, position) VALUES
        (4, 'a', 'going', 0, 0, 1);
    `);
    migrate(db, migrations);
    expect(db.prepare('SELECT id, announced_at FROM discussions ORDER BY id').all()).toEqual([
      { id: 1, announced_at: 5 },
      { id: 2, announced_at: 6 },
      { id: 3, announced_at: 7 },
      { id: 4, announced_at: 8 },
      { id: 5, announced_at: null },
    ]);
    db.close();
  });

  it('are read from NNN-name.sql files, refusing a misnamed file or a gap rather than skipping a step', () => {
    expect(migrations[0]).toMatchObject({ version: 1, name: 'library-search-index' });
    const folder = mkdtempSync(join(tmpdir(), 'migrations-'));
    try {
      writeFileSync(join(folder, '001-first.sql'), 'CREATE TABLE a (x TEXT);\n');
      writeFileSync(join(folder, '003-third.sql'), 'CREATE TABLE c (x TEXT);\n');
      expect(() => loadMigrations(folder)).toThrow(/003-third\.sql: expected migration 2 here/);
      rmSync(join(folder, '003-third.sql'));
      writeFileSync(join(folder, '2-second.sql'), 'CREATE TABLE b (x TEXT);\n');
      expect(() => loadMigrations(folder)).toThrow(/2-second\.sql: a migration is named NNN-what-it-does\.sql/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
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

  it.each(['delete', 'wal'])(
    'refuses a file written by a newer version of the bot (journal mode %s), leaving its bytes as they were',
    (journalMode) => {
      const folder = mkdtempSync(join(tmpdir(), 'newer-'));
      try {
        const path = join(folder, 'bot.sqlite');
        const newer = new Database(path);
        newer.pragma(`journal_mode = ${journalMode}`);
        newer.exec("CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('kept');");
        newer.pragma(`user_version = ${migrations.length + 1}`);
        newer.close();
        const before = readFileSync(path);
        expect(() => openDatabase(path)).toThrow(
          `The database at ${path} is at version ${migrations.length + 1}, but this version of the bot knows ` +
            `versions up to ${migrations.length}`,
        );
        expect(readFileSync(path).equals(before)).toBe(true);
        expect(readdirSync(folder)).toEqual(['bot.sqlite']);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  );
});
