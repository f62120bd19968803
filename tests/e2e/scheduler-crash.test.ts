import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { IDS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { LEASE_TTL_MS } from '../../src/scheduler/index.js';
import { type Harness, startClockedHarness } from '../support/harness.js';
import { PROJECT_ROOT as root, TSX_LOADER as tsx } from '../support/processes.js';

const DM_POST = { method: 'POST', path: /^\/channels\/\d+\/messages$/ };

/** `npm start`'s entry point as a child process on the harness's emulator and database file. */
function spawnBot(harness: Harness) {
  let output = '';
  const child = spawn(process.execPath, ['--import', tsx, join(root, 'src/main.ts')], {
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: 'crash-test-token',
      DISCORD_APPLICATION_ID: harness.emulator.applicationId,
      DISCORD_API_URL: harness.emulator.apiUrl,
      CONTENT_DIR: join(root, 'content'),
      DATABASE_PATH: harness.config.DATABASE_PATH,
      DEFAULT_TIMEZONE: 'UTC',
      LOG_LEVEL: 'info',
    },
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  /** Rejects with the child's output if it exits first. */
  const unlessExited = <T>(promise: Promise<T>) =>
    Promise.race([
      promise,
      exited.then((): never => {
        throw new Error(`the bot exited early:\n${output}`);
      }),
    ]);
  return { child, exited, unlessExited };
}

/**
 * A real crash: `npm start`'s entry point as a child process holds the lease and is killed with SIGKILL in the
 * middle of a send; the in-process bot on the same database file takes over. The child keeps the production lease
 * of 30 s; rather than wait it out, the in-process bot's clock (the `now` the app takes) runs 31 s ahead once the
 * child is dead.
 */
describe('a bot killed mid-send, and the process that takes over', () => {
  let harness: Harness;
  let child: ChildProcess | undefined;
  let ahead = 0;
  beforeAll(async () => {
    // This process serves interactions only until the takeover: no node-cron, the test ticks it.
    harness = await startClockedHarness(() => Date.now() + ahead, { reminderDelivery: 'dm' });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await harness?.stop();
  });

  /** An announced discussion whose one-hour reminder falls due `dueInMs` from now, with `going` Going. */
  function discussion(app: App, title: string, going: string[], dueInMs: number): number {
    const { discussions, rsvps } = app.deps.firesides;
    const now = Date.now();
    const created = discussions.create({
      guildId: IDS.guild,
      title,
      startsAt: now + 60 * 60_000 + dueInMs,
      timezone: 'UTC',
      durationMinutes: 30,
      channelId: IDS.announcements,
      reminders: [60],
      createdBy: IDS.moderator,
      createdAt: now - 2 * 60 * 60_000,
    });
    discussions.setMessage(created.id, '900000000000000009', now);
    for (const userId of going) rsvps.set(created.id, userId, 'going', now);
    return created.id;
  }

  const reminders = (userId: string, id: number) =>
    harness.emulator.dmMessages(userId).filter((m) => JSON.stringify(m.components).includes(`cant:${id}`));
  const reminderRow = (id: number) =>
    harness.app.deps.scheduling.work.forDiscussion(id).find((w) => w.kind === 'reminder');

  it('the emulator holds a matched request until released, then handles it', async () => {
    const held = harness.emulator.holdNext({ method: 'GET', path: /^\/users\/@me$/ });
    let settled = false;
    const response = fetch(`${harness.emulator.apiUrl}/v10/users/@me`, {
      headers: { authorization: 'Bot test' },
    }).then((res) => {
      settled = true;
      return res;
    });
    expect((await held.reached).path).toBe('/users/@me');
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    held.release();
    expect((await response).status).toBe(200);
  });

  it('reaches nobody twice, goes on with the members the dead process had not reached, and sends what is due', async () => {
    const app = harness.app;
    // Both due now: the child claims both in one transaction and sends them in turn; the first DM is held. Members
    // are reminded in RSVP order, so the held DM is IDS.member's and IDS.moderator is never reached by the child.
    const inFlight = discussion(app, 'Killed mid-send', [IDS.member, IDS.moderator], -1_000);
    const queued = discussion(app, 'Claimed, never sent', [IDS.admin], -500);
    const held = harness.emulator.holdNext(DM_POST);

    const bot = spawnBot(harness);
    child = bot.child;
    const { exited } = bot;
    const reached = await bot.unlessExited(held.reached);
    expect(reached.body).toMatchObject({ content: expect.stringContaining('Reminder') });

    const childHolder = app.deps.scheduling.lease.current()?.holder;
    expect(childHolder).toContain(`:${child.pid}:`);
    expect(reminderRow(inFlight)).toMatchObject({ state: 'claimed', claimedBy: childHolder });
    expect(reminderRow(queued)).toMatchObject({ state: 'claimed', claimedBy: childHolder });
    // Falls due after the child's claim; its pass is stuck on the held DM, so only the next holder can send it.
    const later = discussion(app, 'Due after the crash', [IDS.moderator], 10_000);

    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // The held DM had reached Discord: it takes effect although its sender is dead (the case at-most-once is for).
    held.release();
    await harness.emulator.waitFor(() => reminders(IDS.member, inFlight).length === 1, { what: 'the held DM' });

    // The lease of the dead process is still live: nobody takes over early.
    expect((await app.scheduler.tick()).holding).toBe(false);
    ahead = LEASE_TTL_MS + 1_000;
    const report = await app.scheduler.tick();
    expect(report).toMatchObject({ holding: true, sent: 3, failed: 0 });
    await app.scheduler.tick();

    // The member whose DM was in flight is not reached again; the one the child never reached is.
    expect(reminders(IDS.member, inFlight)).toHaveLength(1);
    expect(reminders(IDS.moderator, inFlight)).toHaveLength(1);
    expect(reminders(IDS.admin, queued)).toHaveLength(1);
    expect(reminders(IDS.moderator, later)).toHaveLength(1);
    expect(reminderRow(inFlight)).toMatchObject({
      state: 'sent',
      claimedBy: app.scheduler.holderId,
      outcome: expect.stringMatching(/1 by DM.*; 1 sends taken by an earlier attempt/),
    });
    for (const id of [queued, later])
      expect(reminderRow(id)).toMatchObject({ state: 'sent', claimedBy: app.scheduler.holderId });
    const resumed = harness.logs.filter((l) => String(l.msg).startsWith('a reminder was left unfinished'));
    expect(resumed).toHaveLength(2);
  });

  it("goes on with a moderator's /remind that the process serving it was killed in the middle of", async () => {
    const app = harness.app;
    // Back to the real clock: the lease is this process's now, renewed at each tick; the child only serves commands.
    ahead = 0;
    const id = discussion(app, 'Reminded by hand', [IDS.member, IDS.admin], 30 * 60_000);
    const bot = spawnBot(harness);
    child = bot.child;
    await bot.unlessExited(
      harness.emulator.waitFor(() => harness.emulator.connectedSessions() === 2, { what: 'the child' }),
    );

    const held = harness.emulator.holdNext(DM_POST);
    const deferred = await harness.emulator.command({
      name: 'remind',
      options: [
        { name: 'event', value: String(id) },
        { name: 'message', value: 'Doors open early.' },
      ],
      userId: IDS.moderator,
      channelId: IDS.general,
      session: 'newest',
      timeoutMs: 15_000,
    });
    expect(deferred.callback?.type).toBe(5);
    const reached = await bot.unlessExited(held.reached);
    expect(reached.body).toMatchObject({ content: expect.stringContaining('Doors open early.') });
    const row = () =>
      app.deps.db
        .prepare<[number], { state: string; holder: string; outcome: string | null }>(
          'SELECT state, holder, outcome FROM manual_reminders WHERE discussion_id = ?',
        )
        .get(id);
    expect(row()).toMatchObject({ state: 'running' });
    expect(row()?.holder).not.toBe(app.deps.scheduling.manual.processId);

    child.kill('SIGKILL');
    expect(await bot.exited).toBe('SIGKILL');
    held.release();
    await harness.emulator.waitFor(() => reminders(IDS.member, id).length === 1, { what: 'the held DM' });

    // Its heartbeat is still fresh: it might be a slow process, not a dead one, so nobody takes it over yet.
    expect(await app.scheduler.tick()).toMatchObject({ holding: true, resumed: 0 });
    ahead = LEASE_TTL_MS + 1_000;
    const moderatorDms = harness.emulator.dmMessages(IDS.moderator).length;
    expect(await app.scheduler.tick()).toMatchObject({ holding: true, resumed: 1 });

    expect(reminders(IDS.member, id)).toHaveLength(1);
    expect(reminders(IDS.admin, id)).toHaveLength(1);
    expect(reminders(IDS.admin, id)[0]?.content).toContain('Doors open early.');
    expect(row()).toMatchObject({ state: 'sent', holder: app.deps.scheduling.manual.processId });
    const told = harness.emulator.dmMessages(IDS.moderator).slice(moderatorDms);
    expect(told.map((m) => m.content)).toEqual([
      expect.stringMatching(/^Your \/remind of \*\*Reminded by hand\*\* was cut short.*Reached before that: 1 member;/),
    ]);
  });
});

/**
 * The child claims two start posts in one batch and is killed in the middle of sending the first: the process that
 * takes over never sends that one again (it may have gone out), and sends the second, which was never tried.
 */
describe('a bot killed in the middle of a batch of start posts', () => {
  let harness: Harness;
  let child: ChildProcess | undefined;
  let ahead = 0;
  beforeAll(async () => {
    harness = await startClockedHarness(() => Date.now() + ahead);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await harness?.stop();
  });

  /** An announced discussion without reminders whose start post falls due `dueInMs` from now. */
  function starting(title: string, dueInMs: number): number {
    const { discussions } = harness.app.deps.firesides;
    const now = Date.now();
    const created = discussions.create({
      guildId: IDS.guild,
      title,
      startsAt: now + dueInMs,
      timezone: 'UTC',
      durationMinutes: 30,
      channelId: IDS.announcements,
      reminders: [],
      createdBy: IDS.moderator,
      createdAt: now - 2 * 60 * 60_000,
    });
    discussions.setMessage(created.id, '900000000000000009', now);
    return created.id;
  }
  const startPosts = (title: string) =>
    harness.emulator.channelMessages(IDS.announcements).filter((m) => m.content?.includes(`**${title}** is starting`));
  const startRow = (id: number) => harness.app.deps.scheduling.work.forDiscussion(id).find((w) => w.kind === 'start');

  it('sends the start post the dead process never tried, and never the one it was sending', async () => {
    const app = harness.app;
    const inFlight = starting('Start post in flight', -1_000);
    const untried = starting('Start post never tried', -500);
    const held = harness.emulator.holdNext({
      method: 'POST',
      path: new RegExp(`^/channels/${IDS.announcements}/messages$`),
    });

    const bot = spawnBot(harness);
    child = bot.child;
    const reached = await bot.unlessExited(held.reached);
    expect(reached.body).toMatchObject({ content: expect.stringContaining('Start post in flight') });
    const childHolder = app.deps.scheduling.lease.current()?.holder;
    expect(startRow(untried)).toMatchObject({ state: 'claimed', claimedBy: childHolder });

    child.kill('SIGKILL');
    expect(await bot.exited).toBe('SIGKILL');
    held.release();
    await harness.emulator.waitFor(() => startPosts('Start post in flight').length === 1, { what: 'the held post' });

    ahead = LEASE_TTL_MS + 1_000;
    expect(await app.scheduler.tick()).toMatchObject({ holding: true, sent: 1, failed: 0 });
    await app.scheduler.tick();

    expect(startPosts('Start post in flight')).toHaveLength(1);
    expect(startPosts('Start post never tried')).toHaveLength(1);
    expect(startRow(inFlight)).toMatchObject({ state: 'failed', outcome: expect.stringMatching(/^abandoned/) });
    expect(startRow(untried)).toMatchObject({ state: 'sent', claimedBy: app.scheduler.holderId });
  });
});
