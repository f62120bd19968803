import { spawnSync } from 'node:child_process';
import {
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupError, backupDatabase } from '../../src/db/backup.js';
import { type Db, openDatabase } from '../../src/db/open.js';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'healing-backup-'));
  db = openDatabase(join(dir, 'bot.sqlite'));
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
  const insert = db.prepare('INSERT INTO notes (body) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 5_000; i++) insert.run(`note ${i} ${'x'.repeat(200)}`);
  })();
});

afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const rowsIn = (path: string) => {
  const copy = new Database(path, { readonly: true });
  try {
    return (copy.prepare('SELECT count(*) AS n FROM notes').get() as { n: number }).n;
  } finally {
    copy.close();
  }
};

describe('an online backup', () => {
  it('copies in steps while the same connection keeps writing, checks the copy and leaves one plain file', async () => {
    const insert = db.prepare('INSERT INTO notes (body) VALUES (?)');
    let steps = 0;
    const result = await backupDatabase(db, join(dir, 'copy.sqlite'), {
      pagesPerStep: 10,
      onProgress: () => {
        steps++;
        insert.run('written during the backup');
      },
    });
    expect(steps).toBeGreaterThan(5);
    expect(result.path).toBe(join(dir, 'copy.sqlite'));
    expect(result.bytes).toBe(readFileSync(result.path).length);
    // Writes through the connection being copied are in the copy: it is the database as it was when it finished.
    expect(rowsIn(result.path)).toBe(5_000 + steps);
    const copy = new Database(result.path, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
    expect(readdirSync(dir).sort()).toEqual(['bot.sqlite', 'bot.sqlite-shm', 'bot.sqlite-wal', 'copy.sqlite']);
  });

  it('finishes while another connection (another process) writes between its steps', async () => {
    const other = new Database(join(dir, 'bot.sqlite'));
    const insert = other.prepare('INSERT INTO notes (body) VALUES (?)');
    let written = 0;
    const result = await backupDatabase(db, join(dir, 'copy.sqlite'), {
      pagesPerStep: 5,
      onProgress: () => {
        insert.run('from another process');
        written++;
      },
    });
    other.close();
    const rows = rowsIn(result.path);
    expect(rows).toBeGreaterThanOrEqual(5_000);
    expect(rows).toBeLessThanOrEqual(5_000 + written);
  });

  it('refuses the live file, its -wal and -shm, and a symlink or hard link to it, touching nothing', async () => {
    const live = join(dir, 'bot.sqlite');
    symlinkSync(live, join(dir, 'link.sqlite'));
    linkSync(live, join(dir, 'hard.sqlite'));
    symlinkSync(dir, join(dir, 'same-folder'));
    const before = readFileSync(live);
    for (const target of [
      live,
      `${live}-wal`,
      `${live}-shm`,
      join(dir, 'link.sqlite'),
      join(dir, 'hard.sqlite'),
      join(dir, 'same-folder/bot.sqlite'),
    ]) {
      await expect(backupDatabase(db, target), target).rejects.toThrow(/is the live database/);
    }
    expect(readFileSync(live).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('names a missing folder, a file used as a folder, and a folder given as the file', async () => {
    await expect(backupDatabase(db, join(dir, 'nowhere/copy.sqlite'))).rejects.toThrow(
      `The folder ${join(dir, 'nowhere')} does not exist`,
    );
    writeFileSync(join(dir, 'plain'), '');
    await expect(backupDatabase(db, join(dir, 'plain/copy.sqlite'))).rejects.toThrow('is not a folder');
    mkdirSync(join(dir, 'backups'));
    await expect(backupDatabase(db, join(dir, 'backups'))).rejects.toThrow('is a folder: give a file name');
  });

  it('never replaces an existing file, which a mistyped target could make another live database', async () => {
    const target = join(dir, 'copy.sqlite');
    writeFileSync(target, 'the previous backup');
    await expect(backupDatabase(db, target)).rejects.toThrow(
      `${target} already exists: give a new file name (a backup never replaces a file)`,
    );
    expect(readFileSync(target, 'utf8')).toBe('the previous backup');
    expect(readdirSync(dir).sort()).toEqual(['bot.sqlite', 'bot.sqlite-shm', 'bot.sqlite-wal', 'copy.sqlite']);
  });

  it('stops on a write failure mid-copy (a full disk) and removes the partial file', async () => {
    const target = join(dir, 'copy.sqlite');
    let steps = 0;
    const failing = backupDatabase(db, target, {
      pagesPerStep: 10,
      onProgress: () => {
        if (++steps === 3) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
    });
    await expect(failing).rejects.toThrow(BackupError);
    await expect(failing).rejects.toThrow(`The backup to ${target} failed and was removed: the disk is full`);
    expect(readdirSync(dir).sort()).toEqual(['bot.sqlite', 'bot.sqlite-shm', 'bot.sqlite-wal']);
  });

  // A real full disk: a 256 kB tmpfs (mounting needs root; elsewhere the injected failure above stands in).
  it.skipIf(process.getuid?.() !== 0)('fails cleanly on a really full disk, leaving no file behind', async () => {
    const small = join(dir, 'small');
    mkdirSync(small);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', small]);
    if (mounted.status !== 0) return; // a container without mount rights
    try {
      await expect(backupDatabase(db, join(small, 'copy.sqlite'))).rejects.toThrow(
        `The backup to ${join(small, 'copy.sqlite')} failed and was removed: the disk is full`,
      );
      expect(readdirSync(small)).toEqual([]);
    } finally {
      spawnSync('umount', [small]);
    }
  });
});
