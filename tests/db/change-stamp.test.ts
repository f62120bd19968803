import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChangeStamp, OTHER_PROCESSES_MS } from '../../src/db/change-stamp.js';
import { openDatabase } from '../../src/db/open.js';

function setup() {
  const path = join(mkdtempSync(join(tmpdir(), 'healing-stamp-')), 'bot.sqlite');
  const db = openDatabase(path);
  let clock = 1_000;
  const stamp = createChangeStamp(db, () => clock);
  const write = (on = db) =>
    on.prepare('INSERT INTO guild_settings (guild_id, updated_at) VALUES (?, 0)').run(String(Math.random()).slice(2));
  return { path, db, stamp, write, advance: (ms: number) => (clock += ms), back: (ms: number) => (clock -= ms) };
}

describe('the change stamp of cached answers', () => {
  it('stays while nothing is written', () => {
    const { stamp, advance } = setup();
    const first = stamp();
    advance(10 * OTHER_PROCESSES_MS);
    expect(stamp()).toBe(first);
  });

  it("moves at once with this connection's own writes", () => {
    const { stamp, write } = setup();
    const first = stamp();
    write();
    expect(stamp()).not.toBe(first);
  });

  it("sees another process's commit within OTHER_PROCESSES_MS, and again after the clock went back", () => {
    const { path, stamp, write, advance, back } = setup();
    const first = stamp();
    const other = openDatabase(path);
    write(other);
    // Not asked again yet: the file's version is read at most every OTHER_PROCESSES_MS.
    expect(stamp()).toBe(first);
    advance(OTHER_PROCESSES_MS);
    const seen = stamp();
    expect(seen).not.toBe(first);
    write(other);
    back(1);
    expect(stamp()).not.toBe(seen);
    other.close();
  });
});
