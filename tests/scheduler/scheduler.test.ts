import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Client } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Deps } from '../../commands/deps.js';
import { createLogger } from '../../src/core/log.js';
import { openDatabase } from '../../src/db/open.js';
import { createFiresideStores } from '../../src/firesides/index.js';
import { createScheduler, type SchedulerOptions } from '../../src/scheduler/scheduler.js';
import { createSchedulingStores } from '../../src/scheduler/stores.js';
import { createInterestStore } from '../../src/topics/index.js';
import { seedDiscussion, seedSeries } from './fixtures.js';

const T0 = Date.parse('2030-06-10T09:00:00Z'); // a Monday
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** One "process": its own connection, stores and scheduler, on a shared clock; no node-cron unless asked, ticks are called. */
function process(
  path: string,
  holderId: string,
  clock: { now: number },
  lines: string[],
  useCron = false,
  options: SchedulerOptions = {},
) {
  const db = openDatabase(path);
  const firesides = createFiresideStores(db);
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(`${holderId} ${JSON.parse(String(chunk)).msg}`);
        done();
      },
    }),
  );
  // Nothing due in these tests reaches Discord, so the client is never used.
  const deps = {
    db,
    logger,
    firesides,
    scheduling: createSchedulingStores(db, firesides),
    interest: createInterestStore(db),
    now: () => new Date(clock.now),
  };
  const scheduler = createScheduler({} as Client, deps as unknown as Deps, { holderId, cron: useCron, ...options });
  return { db, deps, scheduler };
}

function tempPath(): string {
  const folder = mkdtempSync(join(tmpdir(), 'scheduler-'));
  folders.push(folder);
  return join(folder, 'bot.sqlite');
}

describe('the scheduler', () => {
  it('purges only in the lease holder, a few discussions a tick, each once', async () => {
    const path = tempPath();
    const clock = { now: T0 };
    const lines: string[] = [];
    const a = process(path, 'a', clock, lines, false, { purgesPerTick: 2 });
    const b = process(path, 'b', clock, lines);
    const ids = [1, 2, 3].map(() => {
      const ended = seedDiscussion(a.db, { startsAt: T0 - 40 * 86_400_000, createdAt: T0 - 50 * 86_400_000 });
      a.deps.firesides.rsvps.set(ended.id, '500000000000000001', 'going', T0 - 45 * 86_400_000);
      return ended.id;
    });
    expect((await a.scheduler.tick()).purged).toMatchObject({ discussions: 2 });
    expect(await b.scheduler.tick()).toMatchObject({ holding: false, purged: { discussions: 0 } });
    expect((await a.scheduler.tick()).purged).toMatchObject({ discussions: 1 });
    expect((await a.scheduler.tick()).purged).toMatchObject({ discussions: 0 });
    expect(ids.map((id) => a.deps.firesides.rsvps.counts(id).going)).toEqual([1, 1, 1]);
    expect(lines.filter((line) => line.includes('discussion purged'))).toHaveLength(3);
  });

  it('runs in one process; the other logs once why it waits and takes over within 30 s of a crash', async () => {
    const path = tempPath();
    const clock = { now: T0 };
    const lines: string[] = [];
    const a = process(path, 'a', clock, lines);
    const b = process(path, 'b', clock, lines);
    expect((await a.scheduler.tick()).holding).toBe(true);
    for (let i = 0; i < 3; i++) {
      clock.now += 15_000;
      await a.scheduler.tick();
      expect((await b.scheduler.tick()).holding).toBe(false);
    }
    expect(lines.filter((line) => line.startsWith('b another process runs the scheduler'))).toHaveLength(1);
    // a crashes: it stops renewing. Before 30 s have passed b still waits; then it takes over.
    clock.now += 29_000;
    expect((await b.scheduler.tick()).holding).toBe(false);
    clock.now += 1_000;
    expect((await b.scheduler.tick()).holding).toBe(true);
    expect(lines).toContain('b this process now runs the scheduler');
    a.db.close();
    b.db.close();
  });

  it('creates the next occurrence of a series once, however many ticks and processes', async () => {
    const path = tempPath();
    const clock = { now: T0 };
    const a = process(path, 'a', clock, []);
    const series = seedSeries(a.deps.scheduling, a.deps.now().getTime());
    expect((await a.scheduler.tick()).created).toBe(1);
    await a.scheduler.tick();
    a.deps.scheduling.occurrences.ensureUpcoming(series, clock.now);
    const rows = a.db.prepare('SELECT starts_at, series_id FROM discussions').all();
    expect(rows).toEqual([{ starts_at: Date.parse('2030-06-13T23:00:00Z'), series_id: series.id }]);
    const work = a.db.prepare("SELECT due_at FROM scheduled_work WHERE kind = 'announce'").all();
    expect(work).toEqual([{ due_at: Date.parse('2030-06-10T23:00:00Z') }]);

    a.db.close();
  });

  it('creates each occurrence of a series in time without any node-cron firing, across a DST change', async () => {
    // Sundays 02:30 in Berlin: on 31 March 2030 that time does not exist (node-cron never fires then); luxon puts the
    // occurrence at 03:30. The test's scheduler runs no node-cron at all: only its ticks.
    const clock = { now: Date.parse('2030-03-20T12:00:00Z') };
    const a = process(tempPath(), 'a', clock, []);
    seedSeries(a.deps.scheduling, clock.now, { cron: '30 2 * * 0', timezone: 'Europe/Berlin' });
    const starts = () =>
      a.db
        .prepare<[], { starts_at: number }>('SELECT starts_at FROM discussions ORDER BY starts_at')
        .all()
        .map((row) => new Date(row.starts_at).toISOString());
    expect((await a.scheduler.tick()).created).toBe(1);
    expect(starts()).toEqual(['2030-03-24T01:30:00.000Z']);
    // The next occurrence always exists: once the first has started, the one after it is made.
    clock.now = Date.parse('2030-03-24T01:29:45Z');
    expect((await a.scheduler.tick()).created).toBe(0);
    clock.now = Date.parse('2030-03-24T01:30:00Z');
    expect((await a.scheduler.tick()).created).toBe(1);
    expect(starts()).toEqual(['2030-03-24T01:30:00.000Z', '2030-03-31T01:30:00.000Z']);
    const announce = a.db.prepare("SELECT due_at FROM scheduled_work WHERE kind = 'announce' ORDER BY due_at").all();
    expect(announce).toContainEqual({ due_at: Date.parse('2030-03-28T01:30:00Z') });
    a.db.close();
  });

  it('works out a series again only when it may have changed, so a tick with many series stays cheap', async () => {
    const clock = { now: T0 };
    const a = process(tempPath(), 'a', clock, []);
    for (let i = 0; i < 20; i++) seedSeries(a.deps.scheduling, clock.now);
    const edited = seedSeries(a.deps.scheduling, clock.now);
    const ensure = vi.spyOn(a.deps.scheduling.occurrences, 'ensureUpcoming');
    await a.scheduler.tick();
    expect(ensure).toHaveBeenCalledTimes(21);
    for (let i = 0; i < 10; i++) {
      clock.now += 15_000;
      await a.scheduler.tick();
    }
    expect(ensure).toHaveBeenCalledTimes(21);
    // An edited series is looked at on the next tick, the others are not.
    a.deps.scheduling.series.update(edited.id, { cron: '0 18 * * 1' });
    clock.now += 15_000;
    await a.scheduler.tick();
    expect(ensure).toHaveBeenCalledTimes(22);
    expect(ensure.mock.calls.at(-1)?.[0]).toMatchObject({ id: edited.id, cron: '0 18 * * 1' });
    a.db.close();
  });

  it('goes on with the other series and the tick when one series cannot be worked out, and tries it again', async () => {
    const clock = { now: T0 };
    const a = process(tempPath(), 'a', clock, []);
    const broken = seedSeries(a.deps.scheduling, clock.now);
    seedSeries(a.deps.scheduling, clock.now);
    const ensure = vi.spyOn(a.deps.scheduling.occurrences, 'ensureUpcoming');
    ensure.mockImplementationOnce(() => {
      throw new Error('UNIQUE constraint failed');
    });
    expect(await a.scheduler.tick()).toMatchObject({ holding: true, created: 1 });
    expect(ensure.mock.calls.map(([series]) => series.id)).toEqual([broken.id, expect.any(Number)]);
    clock.now += 60_000;
    expect(await a.scheduler.tick()).toMatchObject({ created: 1 });
    expect(ensure.mock.calls.at(-1)?.[0]).toMatchObject({ id: broken.id });
    a.db.close();
  });

  it('spreads the hourly look at series first worked out together over half an hour of ticks', async () => {
    const clock = { now: T0 };
    const a = process(tempPath(), 'a', clock, []);
    // Weekly series: nothing they make changes within the hour, so only the hourly look brings them back.
    for (let i = 0; i < 40; i++) seedSeries(a.deps.scheduling, clock.now);
    const ensure = vi.spyOn(a.deps.scheduling.occurrences, 'ensureUpcoming');
    await a.scheduler.tick();
    expect(ensure).toHaveBeenCalledTimes(40);
    const perTick: number[] = [];
    for (let at = 15_000; at <= 3_600_000; at += 15_000) {
      clock.now = T0 + at;
      const before = ensure.mock.calls.length;
      await a.scheduler.tick();
      perTick.push(ensure.mock.calls.length - before);
    }
    // Every series was looked at again within the hour, never more than a few in one tick.
    expect(ensure).toHaveBeenCalledTimes(80);
    expect(Math.max(...perTick)).toBeLessThanOrEqual(3);
    a.db.close();
  });
});
