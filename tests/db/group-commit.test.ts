import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../src/db/group-commit.js';
import { type Db, openDatabase } from '../../src/db/open.js';

let folder: string;
let db: Db;
let reader: Db;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'group-commit-'));
  db = openDatabase(join(folder, 'bot.sqlite'), [
    {
      version: 1,
      name: 'notes',
      sql: `CREATE TABLE parents (id INTEGER PRIMARY KEY);
            CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE,
              parent_id INTEGER REFERENCES parents (id));`,
    },
  ]);
  // A second connection sees only what is committed, as another bot process would.
  reader = new Database(join(folder, 'bot.sqlite'), { readonly: true });
});

afterEach(() => {
  reader.close();
  db.close();
  rmSync(folder, { recursive: true, force: true });
});

const add = (text: string) => () => db.prepare('INSERT INTO notes (text) VALUES (?)').run(text).lastInsertRowid;
const committed = () =>
  (reader.prepare('SELECT text FROM notes ORDER BY id').all() as { text: string }[]).map((r) => r.text);

describe('group commit', () => {
  it('commits the writes asked for in one turn together, and answers each only after the commit', async () => {
    const commits = createGroupCommit(db);
    const seenByOthers: string[][] = [];
    const first = commits.run(add('a'));
    // Run inside the same transaction: another connection does not see the first write yet.
    const second = commits.run(() => {
      seenByOthers.push(committed());
      return add('b')();
    });
    expect(committed()).toEqual([]);
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(seenByOthers).toEqual([[]]);
    expect(committed()).toEqual(['a', 'b']);
    // A later turn is a new transaction.
    expect(await commits.run(add('c'))).toBe(3);
    expect(committed()).toEqual(['a', 'b', 'c']);
  });

  it('rolls back a failing write alone and fails only its caller', async () => {
    const commits = createGroupCommit(db);
    const results = await Promise.allSettled([commits.run(add('a')), commits.run(add('a')), commits.run(add('b'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(committed()).toEqual(['a', 'b']);
  });

  it('fails every caller of a batch whose commit fails, keeping none of it', async () => {
    const commits = createGroupCommit(db);
    const results = await Promise.allSettled([
      commits.run(add('a')),
      commits.run(() => {
        // Checked only at COMMIT: the whole batch fails there.
        db.pragma('defer_foreign_keys = ON');
        return db.prepare('INSERT INTO notes (text, parent_id) VALUES (?, ?)').run('orphan', 42).changes;
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(committed()).toEqual([]);
    expect(await commits.run(add('after'))).toBeGreaterThan(0);
    expect(committed()).toEqual(['after']);
  });

  it('fails the whole batch when SQLite rolls the transaction back by itself, running nothing after it', async () => {
    const commits = createGroupCommit(db);
    const results = await Promise.allSettled([
      commits.run(add('a')),
      // What SQLite does on a full disk or an I/O error: the transaction is gone, not only this write.
      commits.run(() => {
        db.exec('ROLLBACK');
        throw new Error('disk I/O error');
      }),
      commits.run(add('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(committed()).toEqual([]);
    expect(await commits.run(add('after'))).toBeGreaterThan(0);
  });
});
