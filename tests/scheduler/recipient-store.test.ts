import type { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/log.js';
import { openDatabase } from '../../src/db/open.js';
import { createFiresideStores } from '../../src/firesides/index.js';
import { remindMembers } from '../../src/scheduler/deliver.js';
import { createRecipientStore } from '../../src/scheduler/recipient-store.js';
import { createWorkStore } from '../../src/scheduler/work-store.js';
import { dmsClosed } from '../support/discord-errors.js';
import { CHANNEL, MIN, seedDiscussion } from './fixtures.js';

const T0 = Date.parse('2026-05-01T12:00:00Z');
const [A, B, C] = ['500000000000000001', '500000000000000002', '500000000000000003'];

function setup() {
  const db = openDatabase(':memory:');
  const work = createWorkStore(db);
  const discussion = seedDiscussion(db, { startsAt: T0 + 90 * MIN, createdAt: T0 });
  // Takes only members still in the audience: all three are going.
  const { rsvps } = createFiresideStores(db);
  for (const member of [A, B, C]) rsvps.set(discussion.id, member, 'going', T0);
  work.plan(T0);
  const [item] = work.claimDue(T0 + 31 * MIN, 'first').claimed;
  if (!item) throw new Error('nothing due');
  return { db, work, discussion, item, recipients: createRecipientStore(db) };
}

/**
 * A reminder with delivery `both` to A, whose DMs are closed (mentioned in the channel instead), and B, on real
 * SQLite; `channelPost` answers each post in the discussion's channel, given the members it mentions.
 */
function bothBatch(channelPost: (users: string[]) => Promise<unknown>) {
  const { db, discussion, item, recipients } = setup();
  const quiet = { warn: () => undefined, info: () => undefined, child: () => quiet } as unknown as Logger;
  const deps = { logger: quiet, firesides: createFiresideStores(db), now: () => new Date(T0 + 31 * MIN) };
  const client = {
    rest: {
      post: async (
        path: string,
        { body }: { body: { recipient_id?: string; allowed_mentions?: { users?: string[] } } },
      ) => {
        if (body.recipient_id) return { id: `7${body.recipient_id.slice(1)}` };
        if (path === `/channels/7${A.slice(1)}/messages`) throw dmsClosed(path);
        if (path !== `/channels/${CHANNEL}/messages`) return { id: '1' };
        return channelPost(body.allowed_mentions?.users ?? []);
      },
    },
  } as unknown as Client;
  return () =>
    remindMembers(client, deps, { discussion, userIds: [A, B], delivery: 'both', progress: recipients.progress(item) });
}

describe('the members a reminder has reached', () => {
  it('takes each member once per way of sending, and counts what was taken', () => {
    const { item, recipients } = setup();
    const { take } = recipients.progress(item);
    expect(take('dm', [A, B])).toEqual([A, B]);
    expect(take('dm', [B, C])).toEqual([C]);
    // The channel is another way: a member reminded by DM may still be mentioned there (delivery "both").
    expect(take('channel', [A])).toEqual([A]);
    expect(recipients.taken(item)).toBe(4);
  });

  it('keeps them when a batch is resumed, and forgets them when the discussion moves and the reminder is due again', () => {
    const { db, work, discussion, item, recipients } = setup();
    recipients.progress(item).take('dm', [A]);
    // B's DMs were closed: owed a mention that the first process never posted.
    recipients.progress(item).owe([B]);
    // The first process dies; its claim goes back to pending and the next holder sees A as reached.
    work.abandonStale('second', T0 + 40 * MIN, T0 + 40 * MIN);
    expect(recipients.taken(item)).toBe(1);
    expect(recipients.progress(item).owed()).toEqual([B]);
    const [resumed] = work.claimDue(T0 + 41 * MIN, 'second').claimed;
    expect(resumed).toMatchObject({ discussionId: discussion.id, kind: 'reminder', offsetMinutes: 60 });
    work.finish(item, 'second', 'sent', 'reminded', T0 + 41 * MIN);
    // Moved to tomorrow: the one-hour reminder is due again, for everyone.
    createFiresideStores(db).discussions.update(discussion.id, { startsAt: T0 + 1440 * MIN }, T0 + 42 * MIN);
    work.plan(T0 + 42 * MIN);
    expect(work.forDiscussion(discussion.id).find((w) => w.offsetMinutes === 60)?.state).toBe('pending');
    expect(recipients.taken(item)).toBe(0);
    expect(recipients.progress(item).owed()).toEqual([]);
  });

  it('reaches everyone again at the new time when the discussion moved while its reminder was being sent, and that process died', () => {
    const { db, work, discussion, item, recipients } = setup();
    recipients.progress(item).take('dm', [A]);
    recipients.progress(item).owe([A]);
    // Moved while claimed: planning leaves the claimed row where it is.
    createFiresideStores(db).discussions.update(discussion.id, { startsAt: T0 + 1440 * MIN }, T0 + 32 * MIN);
    work.plan(T0 + 32 * MIN);
    expect(recipients.taken(item)).toBe(1);
    // The process dies; the row is pending again and the next plan moves it to the new time.
    work.abandonStale('second', T0 + 40 * MIN, T0 + 40 * MIN);
    work.plan(T0 + 40 * MIN);
    expect(work.forDiscussion(discussion.id).find((w) => w.offsetMinutes === 60)).toMatchObject({
      state: 'pending',
      dueAt: T0 + 1380 * MIN,
    });
    expect(recipients.taken(item)).toBe(0);
    expect(recipients.progress(item).owed()).toEqual([]);
  });

  it('goes with the discussion', () => {
    const { db, discussion, item, recipients } = setup();
    recipients.progress(item).take('dm', [A, B]);
    recipients.progress(item).owe([B]);
    createFiresideStores(db).discussions.delete(discussion.id);
    expect(recipients.taken(item)).toBe(0);
    // A discussion made later may reuse the id: it inherits no debts.
    expect(recipients.progress(item).owed()).toEqual([]);
  });

  it('owes each mention to one batch, settles it once whichever process asks, and forgets it when the batch is sent', () => {
    const { db, work, item, recipients } = setup();
    const other = createRecipientStore(db);
    const progress = recipients.progress(item);
    progress.owe([A, B]);
    expect(other.progress({ ...item, offsetMinutes: 1440 }).owed()).toEqual([]);
    expect(other.progress(item).settle([A])).toEqual([A]);
    expect(progress.settle([A, B])).toEqual([B]);
    progress.owe([C]);
    // Another process cannot end it: the debt stays with the holder's batch.
    expect(work.finish(item, 'second', 'sent', 'reminded', T0 + 32 * MIN)).toBe(false);
    expect(progress.owed()).toEqual([C]);
    expect(work.finish(item, 'first', 'failed', 'refused', T0 + 32 * MIN)).toBe(true);
    expect(progress.owed()).toEqual([]);
  });

  it('forgets the debts of a resumed batch that is skipped because its discussion was cancelled meanwhile', () => {
    const { db, work, discussion, item, recipients } = setup();
    recipients.progress(item).owe([B]);
    work.abandonStale('second', T0 + 40 * MIN, T0 + 40 * MIN);
    createFiresideStores(db).discussions.cancel(discussion.id, 'weather', T0 + 40 * MIN);
    const { claimed, skipped } = work.claimDue(T0 + 41 * MIN, 'second');
    expect(claimed).toEqual([]);
    expect(skipped).toEqual([expect.objectContaining({ send: false })]);
    expect(work.forDiscussion(discussion.id).find((w) => w.offsetMinutes === 60)?.state).toBe('skipped');
    expect(recipients.progress(item).owed()).toEqual([]);
  });

  it('with delivery "both", a resumed batch does not mention again in the channel whom the first mentioned instead of a DM', async () => {
    // B is mentioned with the channel's delivery; the first attempt's process dies during that post (it never returns).
    const mentions: string[][] = [];
    let dying = true;
    let died: () => void = () => {};
    const dead = new Promise<void>((resolve) => {
      died = resolve;
    });
    const remind = bothBatch(async (users) => {
      mentions.push(users);
      if (dying && users.includes(B)) {
        died();
        return new Promise(() => {});
      }
      return { id: '1' };
    });

    void remind();
    await dead;
    expect(mentions).toEqual([[A], [B]]);
    dying = false;
    // The next holder goes on with the same batch: nobody is left to reach.
    const report = await remind();
    expect(mentions).toEqual([[A], [B]]);
    expect(report).toMatchObject({ dm: 0, fallback: 0, channel: 0 });
  });

  it('with delivery "both", mentions in the channel post a member whose mention instead of a DM failed', async () => {
    // The post mentioning A instead of a DM fails once.
    const mentions: string[][] = [];
    let failOnce = true;
    const remind = bothBatch(async (users) => {
      if (failOnce) {
        failOnce = false;
        throw new Error('503 Service Unavailable');
      }
      mentions.push(users);
      return { id: '1' };
    });
    const report = await remind();
    expect(mentions).toEqual([[A, B]]);
    expect(report).toMatchObject({ dm: 1, channel: 2 });
  });
});
