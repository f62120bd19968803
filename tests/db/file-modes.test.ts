import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';

const mode = (path: string) => statSync(path).mode & 0o777;

/** The database holds who goes to which discussion on a health topic: not for every user of the machine. */
describe('the database files', () => {
  it('are made readable by the bot’s account alone: folder, file and write-ahead log', () => {
    const root = mkdtempSync(join(tmpdir(), 'healing-modes-'));
    const path = join(root, 'data', 'bot.sqlite');
    const db = openDatabase(path);
    try {
      db.prepare('CREATE TABLE t (x)').run();
      expect(mode(join(root, 'data'))).toBe(0o700);
      expect(mode(path)).toBe(0o600);
      expect(mode(`${path}-wal`)).toBe(0o600);
    } finally {
      db.close();
    }
  });

  it('keep the modes their operator gave them', () => {
    const root = mkdtempSync(join(tmpdir(), 'healing-modes-'));
    const folder = join(root, 'shared');
    mkdirSync(folder, { mode: 0o750 });
    chmodSync(folder, 0o750);
    const path = join(folder, 'bot.sqlite');
    writeFileSync(path, '');
    chmodSync(path, 0o640);
    openDatabase(path).close();
    expect(mode(folder)).toBe(0o750);
    expect(mode(path)).toBe(0o640);
  });
});
