import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { createFiresideStores } from '../../src/firesides/index.js';
import { createManualReminderStore } from '../../src/scheduler/manual-reminder-store.js';
import { MIN, seedDiscussion } from './fixtures.js';

const T0 = Date.parse('2026-05-01T12:00:00Z');
const [A, B, MOD] = ['500000000000000001', '500000000000000002', '500000000000000009'];

/** Two bot processes on one database file, as far as this store can tell. */
function setup() {
  const db = openDatabase(':memory:');
  const discussion = seedDiscussion(db, { startsAt: T0 + 90 * MIN, createdAt: T0 });
  // Takes only members still in the audience: both are going.
  const { rsvps } = createFiresideStores(db);
  for (const member of [A, B]) rsvps.set(discussion.id, member, 'going', T0);
  const first = createManualReminderStore(db, 'first');
  const second = createManualReminderStore(db, 'second');
  const begin = (store: typeof first, now: number) =>
    store.begin(
      { discussionId: discussion.id, requestedBy: MOD, audience: 'going', delivery: 'both', note: 'Tea' },
      now,
    );
  return { first, second, begin };
}

function started(result: ReturnType<ReturnType<typeof setup>['begin']>) {
  if (!('started' in result)) throw new Error('expected a new reminder');
  return result.started;
}

describe("moderators' reminders", () => {
  it('runs one batch at a time per discussion, whichever process asks, and a new one once it is finished', () => {
    const { first, second, begin } = setup();
    const reminder = started(begin(first, T0));
    expect(reminder).toMatchObject({ state: 'running', holder: 'first', heartbeatAt: T0, note: 'Tea' });
    first.progress(reminder, () => T0).take('dm', [A, B]);
    first.progress(reminder, () => T0).take('channel', [A]);
    // Two members reached (A by two ways), from the other process too.
    expect(begin(second, T0 + MIN)).toEqual({ running: reminder, reached: 2 });
    first.finish(reminder.id, 'sent', 'reminded 2', T0 + MIN);
    expect(first.get(reminder.id)).toMatchObject({ state: 'sent', outcome: 'reminded 2' });
    expect(started(begin(second, T0 + 2 * MIN)).id).not.toBe(reminder.id);
  });

  it('takes each member once per way of sending, and every take renews the heartbeat', () => {
    const { first, begin } = setup();
    const reminder = started(begin(first, T0));
    let now = T0 + 10_000;
    const { take } = first.progress(reminder, () => now);
    expect(take('dm', [A])).toEqual([A]);
    expect(first.get(reminder.id)?.heartbeatAt).toBe(T0 + 10_000);
    now = T0 + 20_000;
    expect(take('dm', [A, B])).toEqual([B]);
    expect(take('channel', [A])).toEqual([A]);
    expect(first.membersReached(reminder.id)).toBe(2);
    expect(first.get(reminder.id)?.heartbeatAt).toBe(T0 + 20_000);
  });

  it('takes a member for the channel in the commit that settles their fallback mention, so a resumed reminder does not mention them again', () => {
    const { first, second, begin } = setup();
    const reminder = started(begin(first, T0));
    const progress = first.progress(reminder, () => T0);
    progress.take('dm', [A]);
    progress.owe([A]);
    expect(progress.settle([A])).toEqual([A]);
    // The process dies after the mention; the one going on with delivery "both" does not mention A again.
    expect(second.claimStale(T0 + 10 * MIN, T0 + 10 * MIN)).toMatchObject({ id: reminder.id });
    expect(second.progress(reminder, () => T0 + 10 * MIN).take('channel', [A, B])).toEqual([B]);
  });

  it('hands a reminder whose heartbeat stopped to exactly one other process, which alone may go on and finish it', () => {
    const { first, second, begin } = setup();
    const reminder = started(begin(first, T0));
    expect(second.claimStale(T0, T0 + 1_000)).toBeUndefined();
    // A process never takes over its own reminder: while it runs, it renews the heartbeat itself.
    expect(first.claimStale(T0 + 1, T0 + 31_000)).toBeUndefined();
    expect(second.claimStale(T0 + 1, T0 + 31_000)).toMatchObject({
      id: reminder.id,
      holder: 'second',
      heartbeatAt: T0 + 31_000,
    });
    expect(second.claimStale(T0 + 1, T0 + 31_500)).toBeUndefined();

    // The first process was only stalled: it can no longer take members, renew or finish; the second goes on.
    expect(first.progress(reminder, () => T0 + 32_000).take('dm', [A])).toEqual([]);
    expect(first.beat(reminder.id, T0 + 32_000)).toBe(false);
    // B's DMs were closed and the mention not posted yet: a stalled process finishing clears nothing.
    second.progress(reminder, () => T0 + 32_000).owe([B]);
    first.finish(reminder.id, 'sent', 'stalled', T0 + 32_000);
    expect(second.progress(reminder, () => T0 + 32_000).owed()).toEqual([B]);
    expect(second.progress(reminder, () => T0 + 32_000).take('dm', [A])).toEqual([A]);
    second.finish(reminder.id, 'sent', 'reminded 2', T0 + 40_000);
    expect(second.get(reminder.id)).toMatchObject({ state: 'sent', outcome: 'reminded 2' });
    // However it ended, an ended reminder owes nothing more.
    expect(second.progress(reminder, () => T0 + 40_000).owed()).toEqual([]);
    expect(first.claimStale(T0 + 100_000, T0 + 100_000)).toBeUndefined();
  });

  it('lets a process take over its own reminder once it no longer sends it, as when its end could not be recorded', () => {
    const { first, begin } = setup();
    const reminder = started(begin(first, T0));
    expect(first.claimStale(T0 + 1, T0 + 31_000)).toBeUndefined();
    first.letGo(reminder.id);
    expect(first.claimStale(T0 + 1, T0 + 31_000)).toMatchObject({ id: reminder.id, heartbeatAt: T0 + 31_000 });
    // Sending it again: not taken twice.
    expect(first.claimStale(T0 + 31_001, T0 + 62_000)).toBeUndefined();
  });

  it('never hands a process back a reminder it is still sending, even after another process took it and stopped', () => {
    const { first, second, begin } = setup();
    const reminder = started(begin(first, T0));
    // The first stalls; the second takes it over and then stops too.
    expect(second.claimStale(T0 + 1, T0 + 31_000)).toMatchObject({ holder: 'second' });
    second.letGo(reminder.id);
    // The first's send is still running: it must not start a second one alongside.
    expect(first.claimStale(T0 + 31_001, T0 + 62_000)).toBeUndefined();
    expect(second.claimStale(T0 + 31_001, T0 + 62_000)).toMatchObject({ holder: 'second', heartbeatAt: T0 + 62_000 });
  });
});
