import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { PROJECT_ROOT as root, TSX_LOADER as tsx } from '../support/processes.js';

/** `npm start` on a given database file, as an operator runs it. */
function start(databasePath: string) {
  return spawnSync(process.execPath, ['--import', tsx, join(root, 'src/main.ts')], {
    cwd: mkdtempSync(join(tmpdir(), 'healing-start-')),
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: 'very-secret-token',
      DISCORD_APPLICATION_ID: '100000000000000001',
      DATABASE_PATH: databasePath,
      CONTENT_DIR: join(root, 'content'),
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('the database is checked at start', () => {
  let dir: string;
  let real: Buffer;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'healing-integrity-'));
    // A real bot database with enough rows to span many pages.
    const db = openDatabase(join(dir, 'real.sqlite'));
    const insert = db.prepare('INSERT INTO dm_channels (user_id, channel_id) VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 3_000; i++) insert.run(String(600_000_000_000_000_000n + BigInt(i)), String(i));
    })();
    db.close();
    real = readFileSync(join(dir, 'real.sqlite'));
  });

  const cases: [string, () => Buffer][] = [
    ['a text file', () => Buffer.from('these are my notes, not a database\n')],
    ['a truncated copy of a real database', () => real.subarray(0, Math.floor(real.length / 2))],
    [
      'a real database with a damaged page',
      () => {
        // A page in the middle, where the rows are, its header and first cells overwritten.
        const copy = Buffer.from(real);
        const page = Math.floor(real.length / 4096 / 2) * 4096;
        copy.fill(0x5a, page, page + 600);
        return copy;
      },
    ],
  ];

  it.each(cases)('refuses %s with one message naming it, exit 1, its bytes unchanged', (_name, make) => {
    const path = join(mkdtempSync(join(dir, 'case-')), 'bot.sqlite');
    const bytes = make();
    writeFileSync(path, bytes);
    const result = start(path);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`The database at ${path} is damaged or is not a SQLite database`);
    expect(result.stderr).toContain('It was left untouched');
    expect(result.stdout).not.toContain('bot ready');
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});
