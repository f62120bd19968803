import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { createFiresideStores } from '../../src/firesides/index.js';
import type { DueItem } from '../../src/scheduler/decide.js';
import { createWorkStore } from '../../src/scheduler/work-store.js';
import { GUILD, MIN, seedDiscussion } from './fixtures.js';

const T0 = Date.parse('2026-05-01T12:00:00Z');

function setup() {
  const db = openDatabase(':memory:');
  return { db, work: createWorkStore(db), firesides: createFiresideStores(db) };
}

const states = (items: { kind: string; offsetMinutes: number; state: string }[]) =>
  items.map((i) => `${i.kind}:${i.offsetMinutes}:${i.state}`);

describe('work store', () => {
  it('plans the server reminders and the start post of an upcoming discussion, once', () => {
    const { db, work } = setup();
    const d = seedDiscussion(db, { startsAt: T0 + 3 * 1440 * MIN, createdAt: T0 });
    work.plan(T0);
    work.plan(T0 + MIN);
    expect(states(work.forDiscussion(d.id))).toEqual([
      'reminder:1440:pending',
      'reminder:60:pending',
      'start:0:pending',
    ]);
  });

  it("uses the discussion's own offsets over the server's, and follows a change of offsets", () => {
    const { db, work, firesides } = setup();
    firesides.settings.update(GUILD, { reminders: [120] }, T0);
    const own = seedDiscussion(db, { startsAt: T0 + 1440 * MIN, createdAt: T0, reminders: [30] });
    const server = seedDiscussion(db, { startsAt: T0 + 1440 * MIN, createdAt: T0 });
    work.plan(T0);
    expect(states(work.forDiscussion(own.id))).toEqual(['reminder:30:pending', 'start:0:pending']);
    firesides.settings.update(GUILD, { reminders: [10] }, T0);
    work.plan(T0 + MIN);
    expect(states(work.forDiscussion(server.id))).toEqual([
      'reminder:120:skipped',
      'reminder:10:pending',
      'start:0:pending',
    ]);
  });

  it('skips an offset that had passed when the discussion was scheduled', () => {
    const { db, work } = setup();
    const d = seedDiscussion(db, { startsAt: T0 + 30 * MIN, createdAt: T0 });
    work.plan(T0);
    expect(states(work.forDiscussion(d.id))).toEqual([
      'reminder:1440:skipped',
      'reminder:60:skipped',
      'start:0:pending',
    ]);
  });

  it('skips, never sends, an offset added after its moment had passed (/setup or /fireside edit reminders:)', () => {
    const { db, work, firesides } = setup();
    const start = T0 + 3 * 1440 * MIN;
    const server = seedDiscussion(db, { startsAt: start, createdAt: T0 });
    const own = seedDiscussion(db, { startsAt: start + 1, createdAt: T0, reminders: [1440, 60] });
    work.plan(T0);
    const dayBefore = work.claimDue(start - 1440 * MIN + 1, 'a').claimed;
    expect(dayBefore.map((i) => `${i.discussionId}:${i.offsetMinutes}`)).toEqual([
      `${server.id}:1440`,
      `${own.id}:1440`,
    ]);
    for (const item of dayBefore) work.finish(item, 'a', 'sent', 'reminded', start - 1440 * MIN + 1);

    // 20 hours before: the server adds 48h, a moderator adds it to the other discussion.
    const now = start - 20 * 60 * MIN;
    firesides.settings.update(GUILD, { reminders: [2880, 1440, 60] }, now);
    firesides.discussions.update(own.id, { reminders: [2880, 1440, 60] }, now);
    const { claimed } = work.claimDue(now, 'a');
    expect(claimed).toEqual([]);
    for (const id of [server.id, own.id]) {
      expect(work.forDiscussion(id).find((w) => w.offsetMinutes === 2880)).toMatchObject({
        state: 'skipped',
        outcome: 'the offset had passed when it was added',
      });
    }
    // An offset added while its moment is still ahead is sent as usual.
    firesides.settings.update(GUILD, { reminders: [2880, 1440, 120, 60] }, now);
    work.plan(now);
    expect(work.forDiscussion(server.id).find((w) => w.offsetMinutes === 120)).toMatchObject({ state: 'pending' });
  });

  it('sends an offset dropped and given back while its moment is ahead; one given back too late stays skipped', () => {
    const { db, work, firesides } = setup();
    const start = T0 + 3 * 1440 * MIN;
    const server = seedDiscussion(db, { startsAt: start, createdAt: T0 });
    const own = seedDiscussion(db, { startsAt: start + 1, createdAt: T0, reminders: [1440, 60] });
    work.plan(T0);
    // /setup reminders:1h, /fireside edit reminders:1h; then each back to 24h,1h three days ahead.
    firesides.settings.update(GUILD, { reminders: [60] }, T0 + MIN);
    firesides.discussions.update(own.id, { reminders: [60] }, T0 + MIN);
    work.plan(T0 + MIN);
    expect(work.forDiscussion(server.id).find((w) => w.offsetMinutes === 1440)?.state).toBe('skipped');
    firesides.settings.update(GUILD, { reminders: [1440, 60] }, T0 + 2 * MIN);
    firesides.discussions.update(own.id, { reminders: [1440, 60] }, T0 + 2 * MIN);
    expect(states(work.plan(T0 + 2 * MIN))).toEqual(['reminder:1440:pending', 'reminder:1440:pending']);
    const dayBefore = start - 1440 * MIN + 1;
    const { claimed } = work.claimDue(dayBefore, 'a');
    expect(claimed.map((i) => `${i.discussionId}:${i.offsetMinutes}`)).toEqual([`${server.id}:1440`, `${own.id}:1440`]);
    for (const item of claimed) work.finish(item, 'a', 'sent', 'reminded', dayBefore);

    // Sent, then dropped and given back before the hour: the 24h one is never sent again, the 1h one is.
    firesides.settings.update(GUILD, { reminders: [60] }, dayBefore + MIN);
    work.plan(dayBefore + MIN);
    firesides.settings.update(GUILD, { reminders: [1440, 60] }, dayBefore + 2 * MIN);
    expect(work.plan(dayBefore + 2 * MIN)).toEqual([]);
    expect(work.forDiscussion(server.id).find((w) => w.offsetMinutes === 1440)?.state).toBe('sent');

    // Dropped while pending, given back after its moment: skipped, not a burst.
    const hourBefore = start - 60 * MIN;
    firesides.discussions.update(own.id, { reminders: [1440] }, hourBefore - 10 * MIN);
    work.plan(hourBefore - 10 * MIN);
    firesides.discussions.update(own.id, { reminders: [1440, 60] }, hourBefore + 10 * MIN);
    expect(
      work.claimDue(hourBefore + 10 * MIN, 'a').claimed.map((i) => `${i.discussionId}:${i.offsetMinutes}`),
    ).toEqual([`${server.id}:60`]);
    expect(work.forDiscussion(own.id).find((w) => w.offsetMinutes === 60)).toMatchObject({
      state: 'skipped',
      outcome: 'no longer among the reminder offsets',
    });
    expect(work.forDiscussion(own.id).find((w) => w.offsetMinutes === 1440)?.state).toBe('sent');
  });

  it('still sends a reminder planned before that fell due while the bot was down, beside a skipped new one', () => {
    const { db, work, firesides } = setup();
    const start = T0 + 3 * 1440 * MIN;
    const planned = seedDiscussion(db, { startsAt: start, createdAt: T0 });
    work.plan(T0);
    // Never planned before the bot stopped: its offsets fell due in the downtime too.
    const unplanned = seedDiscussion(db, { startsAt: start + 1, createdAt: T0 + MIN });
    // Down from before the 24h reminder; on restart an admin adds 48h.
    const now = start - 20 * 60 * MIN;
    firesides.settings.update(GUILD, { reminders: [2880, 1440, 60] }, now);
    const restarted = createWorkStore(db);
    const { claimed } = restarted.claimDue(now, 'b');
    expect(claimed.map((i) => `${i.discussionId}:${i.offsetMinutes}`).sort()).toEqual([
      `${planned.id}:1440`,
      `${unplanned.id}:1440`,
    ]);
    expect(restarted.forDiscussion(planned.id).find((w) => w.offsetMinutes === 2880)).toMatchObject({
      state: 'skipped',
      outcome: 'the offset had passed when it was added',
    });
    // Not seen by the planner before, so 48h counts as a reminder of the discussion's plan, not an added one.
    expect(restarted.forDiscussion(unplanned.id).find((w) => w.offsetMinutes === 2880)).toMatchObject({
      state: 'skipped',
      outcome: 'superseded by a later reminder',
    });
  });

  it('moves pending work with a rescheduled discussion and re-arms a reminder sent for the old time', () => {
    const { db, work, firesides } = setup();
    const d = seedDiscussion(db, { startsAt: T0 + 2 * 1440 * MIN, createdAt: T0 });
    work.plan(T0);
    const at = T0 + 1440 * MIN;
    expect(work.claimDue(at, 'a').claimed.map((i) => i.offsetMinutes)).toEqual([1440]);
    work.finish({ discussionId: d.id, kind: 'reminder', offsetMinutes: 1440 }, 'a', 'sent', 'ok', at);
    firesides.discussions.update(d.id, { startsAt: T0 + 4 * 1440 * MIN }, at);
    const rearmed = work.plan(at);
    expect(states(rearmed)).toEqual(['reminder:1440:pending']);
    const rows = work.forDiscussion(d.id);
    expect(rows.find((r) => r.offsetMinutes === 60)?.dueAt).toBe(T0 + 4 * 1440 * MIN - 60 * MIN);
    expect(rows.find((r) => r.offsetMinutes === 1440)).toMatchObject({
      state: 'pending',
      dueAt: T0 + 3 * 1440 * MIN,
      claimedBy: null,
      outcome: null,
    });
    // Re-armed once: planning again changes nothing, and it is claimed at its new moment, not before.
    expect(work.plan(at + MIN)).toEqual([]);
    expect(work.claimDue(T0 + 3 * 1440 * MIN - MIN, 'a').claimed).toHaveLength(0);
    expect(work.claimDue(T0 + 3 * 1440 * MIN, 'a').claimed.map((i) => i.offsetMinutes)).toEqual([1440]);
  });

  it('re-arms a reminder that was being sent when the discussion moved, once it is done', () => {
    const { db, work, firesides } = setup();
    const d = seedDiscussion(db, { startsAt: T0 + 2 * 1440 * MIN, createdAt: T0 });
    work.plan(T0);
    const at = T0 + 1440 * MIN;
    expect(work.claimDue(at, 'a').claimed.map((i) => i.offsetMinutes)).toEqual([1440]);
    // Moved while its reminder is in flight: planning leaves the claimed row alone...
    firesides.discussions.update(d.id, { startsAt: T0 + 4 * 1440 * MIN }, at);
    expect(work.plan(at)).toEqual([]);
    work.finish({ discussionId: d.id, kind: 'reminder', offsetMinutes: 1440 }, 'a', 'sent', 'ok', at + MIN);
    // ...and the next plan, with nothing changed since, still re-arms it for the new time.
    expect(states(work.plan(at + 2 * MIN))).toEqual(['reminder:1440:pending']);
    expect(work.plan(at + 3 * MIN)).toEqual([]);
  });

  it('re-arms a start post and a reminder skipped as passed when the time moves later', () => {
    const { db, work, firesides } = setup();
    const d = seedDiscussion(db, { startsAt: T0 + 30 * MIN, createdAt: T0 });
    work.plan(T0);
    work.claimDue(T0 + 30 * MIN, 'a');
    work.finish({ discussionId: d.id, kind: 'start', offsetMinutes: 0 }, 'a', 'sent', 'start post sent', T0 + 30 * MIN);
    expect(states(work.forDiscussion(d.id))).toEqual(['reminder:1440:skipped', 'reminder:60:skipped', 'start:0:sent']);
    // Moved to 2 hours later: the 60-minute reminder and the start are ahead again; the 24-hour one has passed.
    firesides.discussions.update(d.id, { startsAt: T0 + 150 * MIN }, T0 + 31 * MIN);
    work.plan(T0 + 31 * MIN);
    expect(states(work.forDiscussion(d.id))).toEqual([
      'reminder:1440:skipped',
      'reminder:60:pending',
      'start:0:pending',
    ]);
  });

  it('leaves done work alone when the new moment has passed, and skips a pending reminder moved into the past', () => {
    const { db, work, firesides } = setup();
    const d = seedDiscussion(db, { startsAt: T0 + 3 * 1440 * MIN, createdAt: T0 });
    work.plan(T0);
    const at = T0 + 2 * 1440 * MIN;
    work.claimDue(at, 'a');
    work.finish({ discussionId: d.id, kind: 'reminder', offsetMinutes: 1440 }, 'a', 'sent', 'ok', at);
    // Moved 12 hours earlier: the sent 24-hour reminder stays sent, nothing is due twice.
    firesides.discussions.update(d.id, { startsAt: T0 + 2 * 1440 * MIN + 12 * 60 * MIN }, at + MIN);
    expect(work.plan(at + MIN)).toEqual([]);
    expect(states(work.forDiscussion(d.id))).toEqual(['reminder:1440:sent', 'reminder:60:pending', 'start:0:pending']);
    // Moved to 30 minutes from now: the pending 60-minute reminder's moment has passed; it is skipped, not sent late.
    firesides.discussions.update(d.id, { startsAt: at + 32 * MIN }, at + 2 * MIN);
    expect(work.claimDue(at + 2 * MIN, 'a').claimed).toHaveLength(0);
    const sixty = work.forDiscussion(d.id).find((r) => r.offsetMinutes === 60);
    expect(sixty).toMatchObject({ state: 'skipped', outcome: 'the offset had passed when the discussion was moved' });
  });

  it('claims at the new moment a time edited after the last plan (planning is part of the claim)', () => {
    const { db, work, firesides } = setup();
    const d = seedDiscussion(db, { startsAt: T0 + 2 * 1440 * MIN, createdAt: T0 });
    work.plan(T0);
    firesides.discussions.update(d.id, { startsAt: T0 + 4 * 1440 * MIN }, T0);
    // No plan() in between: the 24-hour reminder is not claimed at its old moment.
    expect(work.claimDue(T0 + 1440 * MIN, 'a').claimed).toHaveLength(0);
  });

  it('hands back a refused claim, noting why, and says whether the reason is new', () => {
    const { db, work } = setup();
    const d = seedDiscussion(db, { startsAt: T0 + 90 * MIN, createdAt: T0 });
    work.plan(T0);
    const key = { discussionId: d.id, kind: 'reminder' as const, offsetMinutes: 60 };
    const now = T0 + 31 * MIN;
    work.claimDue(now, 'a');
    expect(work.postpone(key, 'b', 'missing Send Messages')).toBe(false); // not b's claim
    expect(work.postpone(key, 'a', 'missing Send Messages')).toBe(true);
    expect(work.forDiscussion(d.id).find((r) => r.offsetMinutes === 60)).toMatchObject({
      state: 'pending',
      claimedBy: null,
      outcome: 'missing Send Messages',
    });
    work.claimDue(now + MIN, 'a');
    expect(work.postpone(key, 'a', 'missing Send Messages')).toBe(false);
    work.claimDue(now + 2 * MIN, 'a');
    expect(work.postpone(key, 'a', 'missing View Channel')).toBe(true);
  });

  it('claims each due item once; a second claim finds nothing', () => {
    const { db, work } = setup();
    seedDiscussion(db, { startsAt: T0 + 90 * MIN, createdAt: T0 });
    work.plan(T0);
    const now = T0 + 31 * MIN;
    expect(work.claimDue(now, 'a').claimed).toHaveLength(1);
    expect(work.claimDue(now, 'b').claimed).toHaveLength(0);
  });

  it('still reminds about a discussion whose announcement was deleted, and never about one not announced yet', () => {
    const { db, work, firesides } = setup();
    const deleted = seedDiscussion(db, { startsAt: T0 + 90 * MIN, createdAt: T0 });
    firesides.discussions.setMessage(deleted.id, null, T0 + MIN);
    const never = seedDiscussion(db, { startsAt: T0 + 90 * MIN + 1, createdAt: T0, announced: false });
    work.plan(T0);
    const { claimed, skipped } = work.claimDue(T0 + 31 * MIN, 'a');
    expect(claimed).toMatchObject([{ discussionId: deleted.id, kind: 'reminder', announced: true }]);
    expect(skipped).toMatchObject([{ item: { discussionId: never.id }, send: false }]);
  });

  it('after downtime sends only the latest useful reminder and logs the rest as skipped', () => {
    const { db, work } = setup();
    const d = seedDiscussion(db, { startsAt: T0 + 2 * 1440 * MIN, createdAt: T0 });
    work.plan(T0);
    // Down from before the 24h reminder until 20 minutes before the start.
    const { claimed, skipped } = work.claimDue(T0 + 2 * 1440 * MIN - 20 * MIN, 'a');
    expect(claimed.map((i) => `${i.kind}:${i.offsetMinutes}`)).toEqual(['reminder:60']);
    expect(skipped.map((s) => `${s.item.offsetMinutes}:${s.send ? '' : s.reason}`)).toEqual([
      '1440:superseded by a later reminder',
    ]);
    expect(states(work.forDiscussion(d.id))).toEqual([
      'reminder:1440:skipped',
      'reminder:60:claimed',
      'start:0:pending',
    ]);
  });

  it('marks a start post left by a dead process as failed, and makes its reminder pending again to go on', () => {
    const { db, work } = setup();
    const reminded = seedDiscussion(db, { startsAt: T0 + 90 * MIN, createdAt: T0 });
    const starting = seedDiscussion(db, { startsAt: T0 + 31 * MIN, createdAt: T0 });
    work.plan(T0);
    const batch = work.claimDue(T0 + 31 * MIN, 'dead').claimed;
    expect(batch.map((i) => `${i.kind}:${i.offsetMinutes}`).sort()).toEqual(['reminder:60', 'start:0']);
    // The dead process had begun both sends.
    for (const item of batch) expect(work.attempt(item, 'dead', T0 + 31 * MIN)).toBe(true);
    // Not stale yet: claimed at T0 + 31 min, the lease cut-off is earlier.
    expect(work.abandonStale('alive', T0 + 31 * MIN, T0 + 32 * MIN)).toEqual({
      abandoned: [],
      handedBack: [],
      resumed: [],
    });
    const { abandoned, resumed } = work.abandonStale('alive', T0 + 32 * MIN, T0 + 32 * MIN);
    expect(states(abandoned)).toEqual(['start:0:failed']);
    expect(states(resumed)).toEqual(['reminder:60:pending']);
    expect(resumed[0]?.outcome).toMatch(/^resumed/);
    expect(states(work.forDiscussion(starting.id))).toContain('start:0:failed');
    // The reminder is claimed again by the live process; the start post never is.
    const again = work.claimDue(T0 + 33 * MIN, 'alive').claimed;
    expect(again.map((i) => [i.discussionId, i.kind])).toEqual([[reminded.id, 'reminder']]);
  });

  it('after a crash fails only the item whose send had begun, and hands back those of its batch never tried', () => {
    const { db, work } = setup();
    const first = seedDiscussion(db, { startsAt: T0 + 1 * MIN, createdAt: T0, reminders: [] });
    const second = seedDiscussion(db, { startsAt: T0 + 2 * MIN, createdAt: T0, reminders: [] });
    const third = seedDiscussion(db, { startsAt: T0 + 3 * MIN, createdAt: T0, reminders: [] });
    const batch = work.claimDue(T0 + 3 * MIN, 'dead').claimed;
    expect(batch.map((i) => i.discussionId)).toEqual([first.id, second.id, third.id]);
    // The dead process was in the middle of the first start post; the two after it were never tried.
    expect(work.attempt(batch[0] as DueItem, 'dead', T0 + 3 * MIN)).toBe(true);

    const { abandoned, handedBack } = work.abandonStale('alive', T0 + 4 * MIN, T0 + 4 * MIN);
    expect(abandoned.map((i) => [i.discussionId, i.state])).toEqual([[first.id, 'failed']]);
    expect(handedBack.map((i) => [i.discussionId, i.state])).toEqual([
      [second.id, 'pending'],
      [third.id, 'pending'],
    ]);
    // The live process sends the two never tried; the one that may have gone out is never sent again.
    const again = work.claimDue(T0 + 4 * MIN, 'alive').claimed;
    expect(again.map((i) => i.discussionId)).toEqual([second.id, third.id]);
    // The dead process was only stalled: it finds its claims gone and sends none of them.
    expect(work.attempt(batch[1] as DueItem, 'dead', T0 + 5 * MIN)).toBe(false);
    expect(work.attempt(again[0] as DueItem, 'alive', T0 + 5 * MIN)).toBe(true);
  });

  it('hands back a claim released before it was acted on', () => {
    const { db, work } = setup();
    seedDiscussion(db, { startsAt: T0 + 90 * MIN, createdAt: T0 });
    work.plan(T0);
    const [item] = work.claimDue(T0 + 31 * MIN, 'a').claimed;
    if (!item) throw new Error('nothing claimed');
    work.release(item, 'b'); // not b's: nothing changes
    expect(work.claimDue(T0 + 31 * MIN, 'b').claimed).toHaveLength(0);
    work.release(item, 'a');
    expect(work.claimDue(T0 + 31 * MIN, 'b').claimed).toHaveLength(1);
  });
});
