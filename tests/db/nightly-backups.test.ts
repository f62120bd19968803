import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log.js';
import { backupName, type NightlyBackupOptions, startNightlyBackups } from '../../src/db/nightly-backups.js';
import { type Db, openDatabase } from '../../src/db/open.js';

let dir: string;
let backups: string;
let db: Db;
let lines: { level: number; msg: string }[];

const logger = () =>
  createLogger(
    'info',
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    }),
  );

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'healing-nightly-'));
  backups = join(dir, 'backups');
  mkdirSync(backups);
  db = openDatabase(join(dir, 'bot.sqlite'));
  lines = [];
});

afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function nightly(extra: Partial<NightlyBackupOptions> = {}) {
  let day = Date.UTC(2026, 0, 1, 3, 30);
  const schedule = startNightlyBackups({
    db,
    dir: backups,
    keep: 3,
    at: '03:30',
    timezone: 'UTC',
    logger: logger(),
    holdsLease: () => true,
    now: () => new Date(day),
    cron: false,
    ...extra,
  });
  return { schedule, nextDay: () => (day += 86_400_000) };
}

describe('nightly backups', () => {
  it('are named so they sort by date, after the database file', () => {
    expect(backupName('/data/bot.sqlite', new Date(Date.UTC(2026, 0, 31, 3, 30, 5, 123)))).toBe(
      'bot-20260131T033005Z.sqlite',
    );
  });

  it('keep the newest BACKUP_KEEP of their own files and nothing else is removed', async () => {
    const operators = ['bot-before-upgrade.sqlite', 'notes.txt', 'other-20250101T000000Z.sqlite'];
    for (const name of operators) writeFileSync(join(backups, name), 'kept');
    const { schedule, nextDay } = nightly();
    for (let night = 0; night < 5; night++) {
      expect(await schedule.run()).toBe('written');
      nextDay();
    }
    expect(readdirSync(backups).sort()).toEqual(
      [
        ...operators,
        'bot-20260103T033000Z.sqlite',
        'bot-20260104T033000Z.sqlite',
        'bot-20260105T033000Z.sqlite',
      ].sort(),
    );
    expect(schedule.counts).toMatchObject({ written: 5, failed: 0, lastWrittenAt: Date.UTC(2026, 0, 5, 3, 30) });
    const copy = new Database(join(backups, 'bot-20260105T033000Z.sqlite'), { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(db.pragma('user_version', { simple: true }));
    copy.close();
    await schedule.stop();
  });

  it("remove partial copies a killed backup left, once untouched for 12 hours, and no one else's", async () => {
    const abandoned = [
      '.bot-20260101T033000Z.sqlite.0a1b2c3d.partial',
      '.bot-20260101T033000Z.sqlite.0a1b2c3d.partial-wal',
    ];
    // Too recent (a backup of another process may be writing it), or not named by this schedule.
    const kept = [
      '.bot-20260102T033000Z.sqlite.4e5f6a7b.partial',
      '.other-20260101T033000Z.sqlite.0a1b2c3d.partial',
      'bot.partial',
    ];
    const dayAgo = new Date(Date.now() - 86_400_000);
    for (const name of [...abandoned, ...kept]) {
      writeFileSync(join(backups, name), 'partial');
      if (name !== kept[0]) utimesSync(join(backups, name), dayAgo, dayAgo);
    }
    // Before the backup, so that a failing one (a disk those copies filled) still clears them: this one fails, as
    // its file exists already.
    writeFileSync(join(backups, 'bot-20260101T033000Z.sqlite'), 'there already');
    const { schedule } = nightly();
    expect(await schedule.run()).toBe('failed');
    expect(readdirSync(backups).sort()).toEqual([...kept, 'bot-20260101T033000Z.sqlite'].sort());
    await schedule.stop();
  });

  it('are written only by the scheduler lease holder', async () => {
    const { schedule } = nightly({ holdsLease: () => false });
    expect(await schedule.run()).toBe('not-lease-holder');
    expect(readdirSync(backups)).toEqual([]);
    expect(schedule.counts).toMatchObject({ written: 0, failed: 0 });
  });

  it('log a failure in one line and count it, and never throw', async () => {
    const { schedule } = nightly();
    rmSync(backups, { recursive: true });
    expect(await schedule.run()).toBe('failed');
    expect(schedule.counts).toMatchObject({ written: 0, failed: 1 });
    const errors = lines.filter((line) => line.level === 50);
    expect(errors.map((line) => line.msg)).toEqual([
      `nightly backup failed: The folder ${backups} does not exist: create it first, or give another path.`,
    ]);
  });

  it('warn once at start when BACKUP_DIR is missing or not a folder', () => {
    nightly({ dir: join(dir, 'missing') });
    writeFileSync(join(dir, 'a-file'), '');
    nightly({ dir: join(dir, 'a-file') });
    // Through a file: stat throws ENOTDIR (as it throws EACCES for a folder the bot may not enter) rather than saying
    // there is nothing there.
    nightly({ dir: join(dir, 'a-file', 'backups') });
    expect(lines.filter((line) => line.level === 40).map((line) => line.msg)).toEqual([
      `BACKUP_DIR ${join(dir, 'missing')} does not exist: nightly backups will fail until it is fixed; the bot keeps serving`,
      `BACKUP_DIR ${join(dir, 'a-file')} is not a folder: nightly backups will fail until it is fixed; the bot keeps serving`,
      `BACKUP_DIR ${join(dir, 'a-file', 'backups')} cannot be reached (ENOTDIR): nightly backups will fail until it is fixed; the bot keeps serving`,
    ]);
  });

  // Root writes through file modes, so a read-only mount stands for an unwritable folder there.
  it('warn at start when BACKUP_DIR is unwritable', () => {
    const root = process.getuid?.() === 0;
    const mounted = root && spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', backups]).status === 0;
    if (!mounted) spawnSync('chmod', ['500', backups]);
    try {
      nightly();
      const warnings = lines.filter((line) => line.level === 40).map((line) => line.msg);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(new RegExp(`^BACKUP_DIR ${backups} is not writable \\((EROFS|EACCES)\\)`));
    } finally {
      if (mounted) spawnSync('umount', [backups]);
      else spawnSync('chmod', ['700', backups]);
    }
  });

  it('run at BACKUP_AT in DEFAULT_TIMEZONE', async () => {
    const { schedule } = nightly({ cron: true, at: '03:30', timezone: 'Europe/Paris' });
    const next = schedule.nextRun();
    await schedule.stop();
    expect(next).not.toBeNull();
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(next as Date);
    expect(parts).toBe('03:30');
  });

  it('take a night’s missed backup an hour later, and only when none was written in the last 23 hours', async () => {
    const { schedule, nextDay } = nightly();
    expect(await schedule.run()).toBe('written');
    // The same night, an hour later: done already.
    expect(await schedule.catchUp()).toBe('not-due');
    // The next night's firing never came (a time the clocks skipped): the catch-up writes it.
    nextDay();
    expect(await schedule.catchUp()).toBe('written');
    expect(readdirSync(backups).filter((name) => name.endsWith('.sqlite'))).toHaveLength(2);
    expect(await schedule.catchUp()).toBe('not-due');
    await schedule.stop();
  });

  it('schedule the catch-up an hour after BACKUP_AT, which a DST change may skip', async () => {
    // Europe/Helsinki springs forward at 03:00 on 29 March 2026: 03:30 does not exist that night.
    const { schedule } = nightly({ cron: true, at: '03:30', timezone: 'Europe/Helsinki' });
    const tasks = (await import('node-cron')).default.getTasks();
    const names = [...tasks.values()].map((task) => task.name);
    await schedule.stop();
    expect(names).toEqual(expect.arrayContaining(['nightly-backup', 'nightly-backup-catch-up']));
  });
});
