import { join } from 'node:path';
import type { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log.js';
import { type Db, openDatabase } from '../../src/db/open.js';
import { createFiresideStores } from '../../src/firesides/index.js';
import { createMemberDataStore } from '../../src/privacy/member-data-store.js';
import { createPurgeStore } from '../../src/scheduler/purge-store.js';
import { createInterestStore, TAKEN_INTEREST_MS, tellInterestedMembers } from '../../src/topics/index.js';
import { tempDir } from '../library/helpers.js';
import { GUILD, MIN, seedDiscussion } from '../scheduler/fixtures.js';
import { dmsClosed, openingDmsTooFast } from '../support/discord-errors.js';
import { tablesHolding } from '../support/tables-holding.js';

const T0 = Date.parse('2030-06-10T09:00:00Z');
const PAGE = 'ketamine-therapy';
const MEMBER = '650000000000000001';
const DM_CHANNEL = '750000000000000001';

/**
 * Two connections to one database file, as two processes: the scheduler lease holder telling interested members,
 * and the shard where the member runs /privacy forget. The member waits on a page with a discussion announced.
 */
function setup() {
  const path = join(tempDir(), 'bot.sqlite');
  const teller = openDatabase(path);
  const shard = openDatabase(path);
  const discussion = seedDiscussion(teller, { startsAt: T0 + 1_440 * MIN, createdAt: T0 - MIN });
  teller.prepare('UPDATE discussions SET topic_slug = ? WHERE id = ?').run(PAGE, discussion.id);
  const interest = createInterestStore(teller);
  interest.toggle(GUILD, PAGE, MEMBER, T0 - MIN);
  const firesides = createFiresideStores(teller);
  firesides.dmChannels.set(MEMBER, DM_CHANNEL); // DMed before: the DM is a post in that channel
  const deps = { logger: createLogger('silent'), firesides, interest, now: () => new Date(T0) };
  const forget = () => createMemberDataStore(shard, createFiresideStores(shard)).erase(GUILD, MEMBER, T0);
  return { teller, shard, interest, deps, forget };
}

/** A client double whose every post goes through `post`; the server is in its cache. */
const clientPosting = (post: (path: string) => Promise<unknown>) =>
  ({ rest: { post }, guilds: { cache: new Map([[GUILD, { name: 'Healing Library' }]]) } }) as unknown as Client;

const interestRows = (db: Db) =>
  db.prepare('SELECT count(*) AS n FROM topic_interest WHERE user_id = ?').pluck().get(MEMBER);

describe('/privacy forget while the member’s interest DM is on its way', () => {
  it('in the store: an interest taken, erased by another process, then put back, stays erased', () => {
    const { teller, shard, interest, forget } = setup();
    expect(interest.take(GUILD, PAGE, MEMBER, T0)).toBeTruthy();
    expect(forget().counts).toMatchObject({ interests: 1, dmRecords: 1 });
    interest.restore(GUILD, PAGE, MEMBER);
    expect(interestRows(shard)).toBe(0);
    expect(tablesHolding(teller, MEMBER)).toEqual({});
  });

  it('when Discord refuses the DM as too fast after the forget, nothing of the member is put back', async () => {
    const { teller, deps, forget } = setup();
    const client = clientPosting(async (path) => {
      forget(); // while the DM is in flight
      throw openingDmsTooFast(path);
    });
    expect(await tellInterestedMembers(client, deps, () => true)).toEqual({ sent: 0, closed: 0, failed: 0 });
    expect(interestRows(teller)).toBe(0);
    expect(tablesHolding(teller, MEMBER)).toEqual({});
  });

  it('without a forget, a DM refused as too fast keeps the interest, and a later tick tells the member once', async () => {
    const { deps, interest } = setup();
    const refused = clientPosting(async (path) => {
      throw openingDmsTooFast(path);
    });
    expect(await tellInterestedMembers(refused, deps, () => true)).toEqual({ sent: 0, closed: 0, failed: 0 });
    expect(interest.members(GUILD, PAGE, 10)).toEqual([MEMBER]);
    const posts: string[] = [];
    const sending = clientPosting(async (path) => posts.push(path));
    expect(await tellInterestedMembers(sending, deps, () => true)).toEqual({ sent: 1, closed: 0, failed: 0 });
    expect(await tellInterestedMembers(sending, deps, () => true)).toEqual({ sent: 0, closed: 0, failed: 0 });
    expect(posts).toEqual([`/channels/${DM_CHANNEL}/messages`]);
    expect(interest.members(GUILD, PAGE, 10)).toEqual([]);
  });
});

describe('/privacy forget while the DM channel of a first interest DM is being opened', () => {
  /** The member was never DMed: the DM opens their channel first, and the forget lands meanwhile. */
  function firstDm(answer: (path: string) => Promise<unknown>) {
    const context = setup();
    context.teller.prepare('DELETE FROM dm_channels').run();
    const posts: string[] = [];
    const client = clientPosting(async (path) => {
      posts.push(path);
      if (path === '/users/@me/channels') {
        context.forget();
        return { id: DM_CHANNEL, type: 1 };
      }
      return answer(path);
    });
    return { ...context, client, posts };
  }

  it('stores no DM channel for the member once the DM is sent', async () => {
    const { teller, deps, client, posts } = firstDm(async () => ({}));
    expect(await tellInterestedMembers(client, deps, () => true)).toEqual({ sent: 1, closed: 0, failed: 0 });
    expect(posts).toEqual(['/users/@me/channels', `/channels/${DM_CHANNEL}/messages`]);
    expect(tablesHolding(teller, MEMBER)).toEqual({});
  });

  it('stores no closed-DMs record when their DMs refuse it (50007)', async () => {
    const { teller, deps, client } = firstDm(async (path) => {
      throw dmsClosed(path);
    });
    expect(await tellInterestedMembers(client, deps, () => true)).toEqual({ sent: 0, closed: 1, failed: 0 });
    expect(tablesHolding(teller, MEMBER)).toEqual({});
  });
});

describe('an interest a crash left taken for its DM', () => {
  it('is not DMed again by the next lease holder, and the retention sweep deletes it once no DM can be in flight', async () => {
    const { teller, shard, deps } = setup();
    // The DM is posted and the process dies before it hears back: the promise never settles.
    void tellInterestedMembers(
      clientPosting(() => new Promise(() => undefined)),
      deps,
      () => true,
    );
    await new Promise((resolve) => setImmediate(resolve));
    const interest = createInterestStore(shard);
    const posts: string[] = [];
    const next = { ...deps, interest, firesides: createFiresideStores(shard) };
    const client = clientPosting(async (path) => posts.push(path));
    expect(await tellInterestedMembers(client, next, () => true)).toEqual({ sent: 0, closed: 0, failed: 0 });
    expect(posts).toEqual([]);
    expect(interest.countsByPage(GUILD)).toEqual([]);

    const purge = createPurgeStore(shard);
    expect(purge.sweep(0, 500, T0 + TAKEN_INTEREST_MS - 1)).toMatchObject({ takenInterests: 0 });
    expect(interestRows(shard)).toBe(1);
    // Gone, and the DM channel kept for it alone goes in the same sweep.
    expect(purge.sweep(0, 500, T0 + TAKEN_INTEREST_MS)).toMatchObject({ takenInterests: 1, dmChannels: 1 });
    expect(tablesHolding(teller, MEMBER)).toEqual({});
  });
});
