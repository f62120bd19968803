import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { createManualReminderStore } from '../../src/scheduler/manual-reminder-store.js';
import { MIN, seedDiscussion } from './fixtures.js';

const T0 = Date.parse('2026-05-01T12:00:00Z');
const [A, B, MOD] = ['500000000000000001', '500000000000000002', '500000000000000009'];

function setup() {
  const db = openDatabase(':memory:');
  const discussion = seedDiscussion(db, { startsAt: T0 + 90 * MIN, createdAt: T0 });
  const manual = createManualReminderStore(db);
  const begin = (now: number) =>
    manual.begin(
      { discussionId: discussion.id, requestedBy: MOD, audience: 'going', delivery: 'both', note: 'Tea' },
      now,
    );
  return { manual, begin };
}

function started(result: ReturnType<ReturnType<typeof setup>['begin']>) {
  if (!('started' in result)) throw new Error('expected a new reminder');
  return result.started;
}

describe("moderators' reminders", () => {
  it('runs one batch at a time per discussion, and a new one once it is finished', () => {
    const { manual, begin } = setup();
    const first = started(begin(T0));
    expect(first).toMatchObject({ state: 'running', heartbeatAt: T0, note: 'Tea', delivery: 'both' });
    manual.taker(first.id, () => T0)('dm', [A, B]);
    expect(begin(T0 + MIN)).toEqual({ running: first, taken: 2 });
    manual.finish(first.id, 'sent', 'reminded 2', T0 + MIN);
    expect(manual.get(first.id)).toMatchObject({ state: 'sent', outcome: 'reminded 2' });
    expect(started(begin(T0 + 2 * MIN)).id).not.toBe(first.id);
  });

  it('takes each member once per way of sending, and every take renews the heartbeat', () => {
    const { manual, begin } = setup();
    const reminder = started(begin(T0));
    let now = T0 + 10_000;
    const take = manual.taker(reminder.id, () => now);
    expect(take('dm', [A])).toEqual([A]);
    expect(manual.get(reminder.id)?.heartbeatAt).toBe(T0 + 10_000);
    now = T0 + 20_000;
    expect(take('dm', [A, B])).toEqual([B]);
    expect(take('channel', [A])).toEqual([A]);
    expect(manual.taken(reminder.id)).toBe(3);
    expect(manual.get(reminder.id)?.heartbeatAt).toBe(T0 + 20_000);
  });

  it('hands a reminder whose heartbeat stopped to exactly one taker, and never a live or finished one', () => {
    const { manual, begin } = setup();
    const reminder = started(begin(T0));
    expect(manual.claimStale(T0, T0 + 1_000)).toEqual([]);
    const [claimed] = manual.claimStale(T0 + 1, T0 + 31_000);
    expect(claimed).toMatchObject({ id: reminder.id, state: 'running', heartbeatAt: T0 + 31_000 });
    // Claiming renewed the heartbeat: a second lease holder right after sees nothing to take.
    expect(manual.claimStale(T0 + 31_000, T0 + 31_500)).toEqual([]);
    manual.finish(reminder.id, 'sent', 'reminded 2', T0 + 40_000);
    expect(manual.claimStale(T0 + 100_000, T0 + 100_000)).toEqual([]);
    // A finished reminder stays as it ended.
    manual.finish(reminder.id, 'failed', 'late', T0 + 41_000);
    expect(manual.get(reminder.id)).toMatchObject({ state: 'sent', outcome: 'reminded 2' });
  });
});
