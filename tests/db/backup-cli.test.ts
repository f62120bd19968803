import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { PROJECT_ROOT as root, TSX_LOADER as tsx } from '../support/processes.js';

let dir: string;
let live: string;

/** `npm run backup -- <args>` as an operator runs it, from the folder holding the database. */
function backup(args: string[], databasePath = live) {
  return spawnSync(process.execPath, ['--import', tsx, join(root, 'src/db/backup-cli.ts'), ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', DATABASE_PATH: databasePath },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'healing-backup-cli-'));
  live = join(dir, 'bot.sqlite');
  const db = openDatabase(live);
  db.prepare('INSERT INTO dm_channels (user_id, channel_id) VALUES (?, ?)').run('600000000000000001', '42');
  db.close();
});

describe('npm run backup', () => {
  it('writes a checked copy and prints its path and size', () => {
    const result = backup(['copy.sqlite']);
    const path = join(dir, 'copy.sqlite');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Backup written: ${path} \\(\\d+\\.\\d kB\\)\\n$`));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const copy = new Database(path, { readonly: true });
    expect(copy.prepare('SELECT channel_id FROM dm_channels').pluck().all()).toEqual(['42']);
    copy.close();
  });

  const refusals: [string, () => { args: string[]; databasePath?: string }, () => string][] = [
    ['no file given', () => ({ args: [] }), () => 'Usage: npm run backup -- <file to write>'],
    [
      'no database',
      () => ({ args: ['x.sqlite'], databasePath: join(dir, 'none.sqlite') }),
      () => `No database at ${join(dir, 'none.sqlite')}: nothing to back up (check DATABASE_PATH).`,
    ],
    [
      'a text file as the database',
      () => {
        writeFileSync(join(dir, 'notes.txt'), 'not a database');
        return { args: ['x.sqlite'], databasePath: join(dir, 'notes.txt') };
      },
      () => `Cannot read the database at ${join(dir, 'notes.txt')}: file is not a database (check DATABASE_PATH).`,
    ],
    [
      'the live file',
      () => ({ args: ['bot.sqlite'] }),
      () => `${live} is the live database: a backup needs another file name.`,
    ],
    [
      'a symlink to the live file',
      () => {
        symlinkSync(live, join(dir, 'link.sqlite'));
        return { args: ['link.sqlite'] };
      },
      () => `${join(dir, 'link.sqlite')} is the live database: a backup needs another file name.`,
    ],
    [
      'its -wal file',
      () => ({ args: ['bot.sqlite-wal'] }),
      () => `${live}-wal is the live database's -wal file: a backup needs another file name.`,
    ],
    [
      'a missing folder',
      () => ({ args: ['missing/x.sqlite'] }),
      () => `The folder ${join(dir, 'missing')} does not exist: create it first, or give another path.`,
    ],
  ];

  it.each(refusals)('refuses %s in one line, exit 1, writing nothing', (_name, make, expected) => {
    const message = expected();
    const { args, databasePath } = make();
    const before = readdirSync(dir).sort();
    const liveBytes = readFileSync(live);
    const result = backup(args, databasePath);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${message}\n`);
    expect(result.stdout).toBe('');
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(readFileSync(live).equals(liveBytes)).toBe(true);
    expect(existsSync(join(dir, 'none.sqlite'))).toBe(false);
  });

  // A real full disk: a 64 kB tmpfs (mounting needs root; tests/db/backup.test.ts injects the failure elsewhere).
  it.skipIf(process.getuid?.() !== 0)('refuses a full disk in one line, leaving no file behind', () => {
    const db = new Database(live);
    db.exec('CREATE TABLE filler (body TEXT)');
    db.prepare('INSERT INTO filler VALUES (?)').run('x'.repeat(200_000));
    db.close();
    const small = join(dir, 'small');
    mkdirSync(small);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small]).status !== 0) return;
    try {
      const result = backup(['small/x.sqlite']);
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(`The backup to ${join(small, 'x.sqlite')} failed and was removed: the disk is full\n`);
      expect(readdirSync(small)).toEqual([]);
    } finally {
      spawnSync('umount', [small]);
    }
  });
});
