import { describe, expect, it } from 'vitest';
import { UserError, WorkDoneError } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/log.js';
import { openDatabase } from '../../src/db/open.js';
import { alongsideReply, discussionFromComponent, recordRsvp } from '../../src/firesides/rsvp-flow.js';
import { createFiresideStores } from '../../src/firesides/stores.js';
import { createSchedulingStores } from '../../src/scheduler/stores.js';

const GUILD = '200000000000000001';
const NOW = Date.parse('2026-03-20T10:00:00Z');

function setup(clock = NOW) {
  const db = openDatabase(':memory:');
  const firesides = createFiresideStores(db);
  const scheduling = createSchedulingStores(db, firesides);
  const deps = { firesides, scheduling, now: () => new Date(clock) };
  /** A discussion as the scheduler creates a series occurrence: stored, not announced yet. */
  const createUnannounced = (startsAt: number) =>
    firesides.discussions.create({
      guildId: GUILD,
      title: 'Circle',
      startsAt,
      timezone: 'UTC',
      durationMinutes: 60,
      channelId: '300000000000000002',
      createdBy: '500000000000000002',
      createdAt: NOW - 86_400_000,
      capacity: 1,
    });
  const create = (startsAt: number) => {
    const created = createUnannounced(startsAt);
    firesides.discussions.setMessage(created.id, '900000000000000001', NOW);
    return firesides.discussions.get(created.id) ?? created;
  };
  return { deps, firesides, scheduling, create, createUnannounced };
}

describe('recording an RSVP', () => {
  it('says where the member stands, including their waitlist number', async () => {
    const { deps, create } = setup();
    const discussion = create(NOW + 86_400_000);
    expect((await recordRsvp(deps, discussion, 'a', 'going')).standing).toMatch(/^You're going to \*\*Circle\*\*/);
    expect((await recordRsvp(deps, discussion, 'b', 'going')).standing).toMatch(/you're number 1 on the waitlist/);
    expect((await recordRsvp(deps, discussion, 'c', 'going')).standing).toMatch(/you're number 2 on the waitlist/);
  });

  it('tells a member their waitlist place as it was at their click, when a later answer of the same batch moves them up', async () => {
    const { deps, create } = setup();
    const discussion = create(NOW + 86_400_000);
    await recordRsvp(deps, discussion, 'a', 'going');
    // Asked for in the same turn, so committed together: b joins the waitlist, then a steps back and b moves up.
    const [joined, left] = await Promise.all([
      recordRsvp(deps, discussion, 'b', 'going'),
      recordRsvp(deps, discussion, 'a', 'no'),
    ]);
    expect(joined.standing).toMatch(/you're number 1 on the waitlist/);
    expect(left.change.promoted).toEqual(['b']);
  });

  it('reports no change for the same answer twice', async () => {
    const { deps, create } = setup();
    const discussion = create(NOW + 86_400_000);
    await recordRsvp(deps, discussion, 'a', 'maybe');
    const again = await recordRsvp(deps, discussion, 'a', 'maybe');
    expect(again.change.changed).toBe(false);
    expect(again.standing).toMatch(/^No change: you're a maybe/);
  });

  it('refuses a cancelled or finished discussion with an explanation, writing nothing', async () => {
    const { deps, firesides, create } = setup();
    const cancelled = create(NOW + 86_400_000);
    const withReason = firesides.discussions.cancel(cancelled.id, 'snow', NOW);
    await expect(recordRsvp(deps, withReason ?? cancelled, 'a', 'going')).rejects.toThrow(/was cancelled \(snow\)/);
    const over = create(NOW - 2 * 3_600_000);
    await expect(recordRsvp(deps, over, 'a', 'going')).rejects.toThrow(/already taken place/);
    // A discussion still running can be joined.
    const running = create(NOW - 30 * 60_000);
    expect((await recordRsvp(deps, running, 'a', 'going')).change.after).toBe('going');
    expect(firesides.rsvps.get(over.id, 'a')).toBeUndefined();
    expect(firesides.rsvps.get(cancelled.id, 'a')).toBeUndefined();
  });

  it('refuses a discussion not announced yet, saying when it will be, writing nothing', async () => {
    const { deps, firesides, scheduling, createUnannounced } = setup();
    const startsAt = NOW + 3 * 86_400_000;
    const occurrence = createUnannounced(startsAt);
    scheduling.work.addAnnouncement(occurrence.id, startsAt, 1_440, NOW);
    const announceAt = (startsAt - 86_400_000) / 1_000;
    await expect(recordRsvp(deps, occurrence, 'a', 'going')).rejects.toThrow(
      new RegExp(`not announced yet \\(it will be <t:${announceAt}:R>\\); you can answer once it is`),
    );
    expect(firesides.rsvps.get(occurrence.id, 'a')).toBeUndefined();
  });

  it('explains a button of a deleted discussion or one of another server', () => {
    const { deps, firesides, create } = setup();
    const discussion = create(NOW + 86_400_000);
    expect(() => discussionFromComponent(deps, '200000000000000002', discussion.id)).toThrow(UserError);
    firesides.discussions.delete(discussion.id);
    expect(() => discussionFromComponent(deps, GUILD, discussion.id)).toThrow(/no longer exists/);
  });

  it('refuses a custom id naming a discussion not announced yet in the words it uses for a missing one', () => {
    const { deps, firesides, createUnannounced } = setup();
    const occurrence = createUnannounced(NOW + 86_400_000);
    const refusal = (id: number) => {
      try {
        discussionFromComponent(deps, GUILD, id);
      } catch (error) {
        return (error as UserError).message;
      }
      return undefined;
    };
    const hidden = refusal(occurrence.id);
    expect(hidden).toBeDefined();
    expect(hidden).toBe(refusal(occurrence.id + 1_000));
    expect(hidden).not.toContain(occurrence.title);
    // Widened where a moderator's own view carries buttons for it (the attendees pager).
    expect(discussionFromComponent(deps, GUILD, occurrence.id, () => true).id).toBe(occurrence.id);
    expect(firesides.discussions.get(occurrence.id)?.announcedAt).toBeNull();
  });
});

describe('following an answer through beside its reply', () => {
  /** The lines logged at error level. */
  function errorLog() {
    const lines: { fields: Record<string, unknown>; msg: string }[] = [];
    const logger = { error: (fields: Record<string, unknown>, msg: string) => lines.push({ fields, msg }) };
    return { lines, logger: logger as unknown as Logger };
  }
  const told = 'You’re not going to **Circle**. Thanks for letting us know.';

  it('logs a follow-through that failed after the member read their answer, and apologises for nothing', async () => {
    const { lines, logger } = errorLog();
    const failure = new Error('promotion notice failed');
    await expect(alongsideReply(Promise.resolve(), Promise.reject(failure), told, logger)).resolves.toBeUndefined();
    expect(lines).toEqual([{ fields: { err: failure }, msg: 'an answer was stored, but what follows from it failed' }]);
  });

  it('still throws a failed reply as work done, saying where the member stands, and logs the follow-through', async () => {
    const { lines, logger } = errorLog();
    const replyFailure = new Error('callback refused');
    const outcome = alongsideReply(Promise.reject(replyFailure), Promise.reject(new Error('also')), told, logger);
    await expect(outcome).rejects.toBeInstanceOf(WorkDoneError);
    await expect(outcome).rejects.toMatchObject({ told, cause: replyFailure });
    expect(lines).toHaveLength(1);
  });
});
