import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { createLeaseStore } from '../../src/scheduler/lease-store.js';
import { createWorkStore } from '../../src/scheduler/work-store.js';
import { MIN, seedDiscussion } from './fixtures.js';

const T0 = Date.parse('2026-05-01T12:00:00Z');
const folders: string[] = [];

function tempDb(): string {
  const folder = mkdtempSync(join(tmpdir(), 'scheduler-'));
  folders.push(folder);
  return join(folder, 'bot.sqlite');
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function claimer(
  path: string,
  holder: string,
  now: number,
): { child: ChildProcess; ready: Promise<void>; result: Promise<string[]> } {
  const child = fork(new URL('./claimer-process.ts', import.meta.url), [path, holder, String(now)], {
    execArgv: ['--import', 'tsx'],
  });
  const ready = new Promise<void>((resolve) => child.once('message', () => resolve()));
  const result = ready.then(
    () =>
      new Promise<string[]>((resolve, reject) => {
        child.once('message', (message) => resolve(message as string[]));
        child.once('error', reject);
        child.once('exit', (code) => reject(new Error(`claimer ${holder} exited with ${code} before answering`)));
      }),
  );
  return { child, ready, result };
}

describe('two processes on one database file', () => {
  it('claim every due item exactly once between them', async () => {
    const path = tempDb();
    const db = openDatabase(path);
    for (let i = 0; i < 150; i++) seedDiscussion(db, { startsAt: T0 + 90 * MIN + i, createdAt: T0 });
    const work = createWorkStore(db);
    work.plan(T0);
    const now = T0 + 31 * MIN; // each discussion's 60-minute reminder is due

    const claimers = [claimer(path, 'a', now), claimer(path, 'b', now)];
    await Promise.all(claimers.map((c) => c.ready));
    for (const c of claimers) c.child.send('go'); // both start together
    const [a, b] = await Promise.all(claimers.map((c) => c.result));

    const all = [...(a ?? []), ...(b ?? [])];
    expect(all).toHaveLength(150);
    expect(new Set(all).size).toBe(150);
    const rows = db
      .prepare<[], { claimed_by: string; n: number }>(
        "SELECT claimed_by, count(*) AS n FROM scheduled_work WHERE state = 'claimed' GROUP BY claimed_by ORDER BY claimed_by",
      )
      .all();
    expect(rows.reduce((sum, row) => sum + row.n, 0)).toBe(150);
    expect(Object.fromEntries(rows.map((row) => [row.claimed_by, row.n]))).toEqual({
      ...(a?.length ? { a: a.length } : {}),
      ...(b?.length ? { b: b.length } : {}),
    });
    db.close();
  });
});

describe('the scheduler lease', () => {
  it('goes to one of two processes, is renewed by its holder, and is taken over once it lapses', () => {
    const path = tempDb();
    const one = createLeaseStore(openDatabase(path));
    const two = createLeaseStore(openDatabase(path));
    expect(one.acquire('p1', T0, 30_000)).toBe(true);
    expect(two.acquire('p2', T0 + 1_000, 30_000)).toBe(false);
    expect(one.acquire('p1', T0 + 20_000, 30_000)).toBe(true); // renewed: now valid until T0 + 50 s
    expect(two.acquire('p2', T0 + 45_000, 30_000)).toBe(false);
    // p1 crashed after its last renewal: p2 takes over once the lease has lapsed, within 30 s.
    expect(two.acquire('p2', T0 + 50_000, 30_000)).toBe(true);
    expect(two.current()).toMatchObject({ holder: 'p2', acquiredAt: T0 + 50_000, expiresAt: T0 + 80_000 });
    expect(one.acquire('p1', T0 + 51_000, 30_000)).toBe(false);
  });

  it('is free at once after a clean release', () => {
    const path = tempDb();
    const one = createLeaseStore(openDatabase(path));
    const two = createLeaseStore(openDatabase(path));
    one.acquire('p1', T0, 30_000);
    two.release('p1-impostor');
    expect(two.acquire('p2', T0 + 1, 30_000)).toBe(false);
    one.release('p1');
    expect(two.acquire('p2', T0 + 2, 30_000)).toBe(true);
  });
});
