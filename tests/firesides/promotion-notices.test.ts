import { join } from 'node:path';
import type { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log.js';
import { openDatabase } from '../../src/db/open.js';
import { createFiresideStores, type Discussion, tellOverduePromotions } from '../../src/firesides/index.js';
import { tellPromoted } from '../../src/firesides/tell-promoted.js';
import { tempDir } from '../library/helpers.js';
import { CHANNEL, MIN, seedDiscussion } from '../scheduler/fixtures.js';
import { dmsClosed } from '../support/discord-errors.js';

const T0 = Date.parse('2030-06-10T09:00:00Z');
const [A, B, X, Y] = ['650000000000000001', '650000000000000002', '650000000000000003', '650000000000000004'];

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * A discussion of one seat taken by the first of `members`, the others waiting in order; its capacity then raised to
 * `capacity`, which moves them up and owes them their notices.
 */
function movedUp(members: string[], capacity: number) {
  const db = openDatabase(join(tempDir(), 'bot.sqlite'));
  const seeded = seedDiscussion(db, { startsAt: T0 + 1_440 * MIN, createdAt: T0 - MIN });
  db.prepare('UPDATE discussions SET capacity = 1 WHERE id = ?').run(seeded.id);
  const firesides = createFiresideStores(db);
  for (const userId of members) firesides.rsvps.set(seeded.id, userId, 'going', T0 - MIN);
  db.prepare('UPDATE discussions SET capacity = ? WHERE id = ?').run(capacity, seeded.id);
  return { db, firesides, seeded, promoted: firesides.rsvps.fillFromWaitlist(seeded.id, T0) };
}

/**
 * Notices to members moved up, sent by the live path and the scheduler's sweep on one database: each member's notice
 * is settled by whichever send took it, and only while it still concerns them (found by a read-only review).
 */
describe('promotion notices sent beside each other', () => {
  it("a live send slower than the grace leaves the sweep's member alone: B, DMs closed, is mentioned", async () => {
    const { db, firesides, seeded, promoted } = movedUp([X, A, B], 3);
    expect(promoted).toEqual([A, B]);

    let now = T0;
    const holdA = deferred();
    const holdB = deferred();
    const channelPosts: string[][] = [];
    const client = {
      rest: {
        post: async (
          path: string,
          options: { body: { recipient_id?: string; allowed_mentions?: { users?: string[] } } },
        ) => {
          if (path === '/users/@me/channels') return { id: `dm-${options.body.recipient_id}`, type: 1 };
          if (path === `/channels/dm-${A}/messages`) {
            await holdA.promise;
            return {};
          }
          if (path === `/channels/dm-${B}/messages`) {
            await holdB.promise;
            throw dmsClosed(path);
          }
          if (path === `/channels/${CHANNEL}/messages`) {
            channelPosts.push(options.body.allowed_mentions?.users ?? []);
            return {};
          }
          throw new Error(`unexpected ${path}`);
        },
      },
      guilds: { cache: new Map() },
    } as unknown as Client;
    const deps = { logger: createLogger('silent'), firesides, now: () => new Date(now) };
    const discussion = firesides.discussions.get(seeded.id) as Discussion;

    // The live send: A's DM hangs (Discord slow: retries, 429s...).
    const live = tellPromoted(client, deps, discussion, promoted);
    await new Promise((r) => setTimeout(r, 10));
    // Past the grace, the lease holder's sweep takes B, whose DM is on its way (and will be refused: 50007).
    now = T0 + 61_000;
    const sweep = tellOverduePromotions(client, deps, () => true);
    await new Promise((r) => setTimeout(r, 10));
    const state = db.prepare('SELECT user_id, state FROM promotion_notices ORDER BY user_id');
    expect(state.all()).toEqual([
      { user_id: A, state: 'sending' },
      { user_id: B, state: 'sending' },
    ]);
    // A's DM lands: the live send, which never took B, finishes with A alone.
    holdA.resolve();
    await live;
    expect(state.all()).toEqual([{ user_id: B, state: 'sending' }]);
    holdB.resolve();
    await sweep;
    // B's DMs are closed: B is mentioned in the channel instead, and nothing is left owed.
    expect(channelPosts).toEqual([[B]]);
    expect(state.all()).toEqual([]);
  });

  it("a mention owed left by a stopped process is not posted once the member said Can't go since", async () => {
    const { db, firesides, seeded, promoted } = movedUp([A, X, B], 3);
    expect(promoted).toEqual([X, B]);
    let now = T0;
    // Process 1: X's DMs are closed (50007); B's DM never returns: the process stops there, X's mention unposted.
    const dying = {
      rest: {
        post: async (path: string, o: { body: { recipient_id?: string } }) => {
          if (path === '/users/@me/channels') return { id: `dm-${o.body.recipient_id}`, type: 1 };
          if (path === `/channels/dm-${X}/messages`) throw dmsClosed(path);
          return new Promise(() => {});
        },
      },
      guilds: { cache: new Map() },
    } as unknown as Client;
    const deps = { logger: createLogger('silent'), firesides, now: () => new Date(now) };
    const discussion = firesides.discussions.get(seeded.id) as Discussion;
    void tellPromoted(dying, deps, discussion, promoted);
    await new Promise((r) => setTimeout(r, 10));
    expect(db.prepare('SELECT user_id, state FROM promotion_notices ORDER BY user_id').all()).toEqual(
      [
        { user_id: X, state: 'mention' },
        { user_id: B, state: 'sending' },
      ].sort((a, b) => a.user_id.localeCompare(b.user_id)),
    );
    // X then answers Can't go (on another shard).
    expect(firesides.rsvps.set(seeded.id, X, 'no', T0 + 1_000)).toMatchObject({ after: 'no' });
    now = T0 + 61_000;
    const channelPosts: string[][] = [];
    const client = {
      rest: {
        post: async (_p: string, o: { body: { allowed_mentions?: { users?: string[] } } }) => {
          channelPosts.push(o.body.allowed_mentions?.users ?? []);
          return {};
        },
      },
      guilds: { cache: new Map() },
    } as unknown as Client;
    await tellOverduePromotions(client, deps, () => true);
    // X said Can't go: nobody tells the channel X is going; the debt is gone.
    expect(channelPosts).toEqual([]);
    expect(db.prepare("SELECT count(*) FROM promotion_notices WHERE state = 'mention'").pluck().get()).toBe(0);
  });

  it('a cancel committed while the live notices go out: the members after it are not told they are going', async () => {
    const { firesides, seeded, promoted } = movedUp([A, X, B], 3);
    expect(promoted).toEqual([X, B]);
    const dms: string[] = [];
    const client = {
      rest: {
        post: async (path: string, o: { body: { recipient_id?: string } }) => {
          if (path === '/users/@me/channels') return { id: `dm-${o.body.recipient_id}`, type: 1 };
          dms.push(path);
          // While X's DM is on its way, a moderator cancels (another shard).
          if (path === `/channels/dm-${X}/messages`) firesides.discussions.cancel(seeded.id, null, T0 + 1_000);
          return {};
        },
      },
      guilds: { cache: new Map() },
    } as unknown as Client;
    const deps = { logger: createLogger('silent'), firesides, now: () => new Date(T0 + 1_000) };
    await tellPromoted(client, deps, firesides.discussions.get(seeded.id) as Discussion, promoted);
    expect(firesides.discussions.get(seeded.id)?.status).toBe('cancelled');
    // Only X's DM, in flight at the cancel, went out.
    expect(dms).toEqual([`/channels/dm-${X}/messages`]);
  });

  it('a send settles only its own take: a member moved up again while the first notice travelled is told of the second', async () => {
    const { db, firesides, seeded, promoted: first } = movedUp([A, X], 2);
    expect(first).toEqual([X]);
    const hold1 = deferred();
    const hold2 = deferred();
    let dmTries = 0;
    const posts: string[][] = [];
    const client = {
      rest: {
        post: async (path: string, o: { body: { recipient_id?: string; allowed_mentions?: { users?: string[] } } }) => {
          if (path === '/users/@me/channels') return { id: `dm-${o.body.recipient_id}`, type: 1 };
          if (path === `/channels/dm-${X}/messages`) {
            if (++dmTries === 1) {
              await hold1.promise;
              return {};
            }
            await hold2.promise;
            throw dmsClosed(path); // X closed their DMs since
          }
          if (path === `/channels/${CHANNEL}/messages`) {
            posts.push(o.body.allowed_mentions?.users ?? []);
            return {};
          }
          throw new Error(path);
        },
      },
      guilds: { cache: new Map() },
    } as unknown as Client;
    const deps = { logger: createLogger('silent'), firesides, now: () => new Date(T0) };
    const discussion = firesides.discussions.get(seeded.id) as Discussion;
    const send1 = tellPromoted(client, deps, discussion, first); // X's DM slow
    await new Promise((r) => setTimeout(r, 10));
    // Meanwhile X steps back, Y takes the seat, X joins the waitlist again, Y steps back: X moved up a second time.
    firesides.rsvps.set(seeded.id, X, 'no', T0);
    firesides.rsvps.set(seeded.id, Y, 'going', T0);
    firesides.rsvps.set(seeded.id, X, 'going', T0);
    const change = firesides.rsvps.set(seeded.id, Y, 'no', T0) as { promoted: string[] };
    expect(change.promoted).toEqual([X]);
    const send2 = tellPromoted(client, deps, discussion, change.promoted);
    await new Promise((r) => setTimeout(r, 10));
    hold1.resolve();
    await send1; // the first send finishes with its own take, not the row send2 holds
    hold2.resolve();
    await send2;
    expect(posts).toEqual([[X]]); // X, DMs closed now, is mentioned for the second move
    expect(db.prepare('SELECT count(*) FROM promotion_notices').pluck().get()).toBe(0);
  });
});
