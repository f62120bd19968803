import { join } from 'node:path';
import type { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log.js';
import { openDatabase } from '../../src/db/open.js';
import { createFiresideStores, type ReminderDelivery } from '../../src/firesides/index.js';
import { createMemberDataStore } from '../../src/privacy/member-data-store.js';
import type { SchedulerDeps } from '../../src/scheduler/deps.js';
import { sendManualReminder } from '../../src/scheduler/manual-reminders.js';
import { perform } from '../../src/scheduler/perform.js';
import { createPrefsStore } from '../../src/scheduler/prefs-store.js';
import { createSchedulingStores } from '../../src/scheduler/stores.js';
import { createInterestStore } from '../../src/topics/index.js';
import { tempDir } from '../library/helpers.js';
import { CHANNEL, GUILD, MIN, seedDiscussion } from '../scheduler/fixtures.js';
import { dmsClosed } from '../support/discord-errors.js';
import { tablesHolding } from '../support/tables-holding.js';

const T0 = Date.parse('2030-06-10T09:00:00Z');
const [A, X] = ['650000000000000001', '650000000000000002'];
const MOD = '650000000000000009';
const DM_A = '750000000000000001';
const DM_X = '750000000000000002';
const CHANNEL_POSTS = `/channels/${CHANNEL}/messages`;

type Batch = 'automatic' | 'manual';
interface Post {
  path: string;
  users: string[];
}

/**
 * Two connections to one database file, as two processes: the one sending a reminder to A and X (both going, both
 * DMed before), and the shard where X runs /privacy forget. `answer` sees every post and may erase X (`forget`).
 */
function setup(
  delivery: ReminderDelivery,
  answer: (post: Post, forget: () => void) => Promise<unknown> | unknown = () => ({}),
) {
  const path = join(tempDir(), 'bot.sqlite');
  const sender = openDatabase(path);
  const shard = openDatabase(path);
  const discussion = seedDiscussion(sender, { startsAt: T0 + 90 * MIN, createdAt: T0 - MIN });
  const firesides = createFiresideStores(sender);
  firesides.settings.update(GUILD, { reminderDelivery: delivery }, T0 - MIN);
  for (const member of [A, X]) firesides.rsvps.set(discussion.id, member, 'going', T0 - MIN);
  firesides.dmChannels.set(A, DM_A);
  firesides.dmChannels.set(X, DM_X);
  const scheduling = createSchedulingStores(sender, firesides);
  const deps = {
    logger: createLogger('silent'),
    firesides,
    scheduling,
    interest: createInterestStore(sender),
    now: () => new Date(T0),
  } as SchedulerDeps;
  const forget = () => createMemberDataStore(shard, createFiresideStores(shard)).erase(GUILD, X, T0);
  const posts: Post[] = [];
  const client = {
    rest: {
      post: async (path: string, options: { body: { allowed_mentions?: { users?: string[] } } }) => {
        const post = { path, users: options.body.allowed_mentions?.users ?? [] };
        posts.push(post);
        return answer(post, forget);
      },
    },
    guilds: { cache: new Map([[GUILD, { name: 'Healing Library' }]]) },
  } as unknown as Client;

  const run = async (batch: Batch) => {
    if (batch === 'manual') {
      const begun = scheduling.manual.begin(
        { discussionId: discussion.id, requestedBy: MOD, audience: 'going', delivery, note: null },
        T0,
      );
      if (!('started' in begun)) throw new Error('a reminder is running already');
      return (await sendManualReminder(client, deps, begun.started)).outcome;
    }
    scheduling.work.plan(T0);
    const [item] = scheduling.work.claimDue(T0 + 31 * MIN, 'sender').claimed;
    if (item?.kind !== 'reminder') throw new Error('no reminder due');
    return perform(client, deps, item);
  };
  return { sender, posts, run, discussionId: discussion.id };
}

/** The posts that reach X: a DM in their channel, or a mention anywhere. */
const reachingX = (posts: Post[]) => posts.filter((post) => post.path.includes(DM_X) || post.users.includes(X));

describe.each<Batch>(['automatic', 'manual'])('/privacy forget while a %s reminder batch runs', (batch) => {
  it('by DM: the member erased during the DM before theirs is not DMed, and nothing of them is recorded', async () => {
    const { sender, posts, run } = setup('dm', (post, forget) => {
      if (post.path.includes(DM_A)) forget();
      return {};
    });
    await run(batch);
    expect(posts.map((post) => post.path)).toEqual([`/channels/${DM_A}/messages`]);
    expect(tablesHolding(sender, X)).toEqual({});
  });

  it('with closed DMs: the member erased while Discord refuses their DM is not mentioned in the channel', async () => {
    const { sender, posts, run } = setup('dm', (post, forget) => {
      if (!post.path.includes(DM_X)) return {};
      forget();
      throw dmsClosed(post.path);
    });
    await run(batch);
    expect(posts.filter((post) => post.path === CHANNEL_POSTS)).toEqual([]);
    expect(tablesHolding(sender, X)).toEqual({});
  });

  it('by DM and in the channel: the member erased during the DM before theirs is neither DMed nor mentioned', async () => {
    const { sender, posts, run } = setup('both', (post, forget) => {
      if (post.path.includes(DM_A)) forget();
      return {};
    });
    await run(batch);
    expect(reachingX(posts)).toEqual([]);
    expect(posts).toContainEqual({ path: CHANNEL_POSTS, users: [A] });
    expect(tablesHolding(sender, X)).toEqual({});
  });

  it('by DM and in the channel: a member whose mention instead of a DM failed, erased meanwhile, gets no second one', async () => {
    const { sender, posts, run } = setup('both', (post, forget) => {
      if (post.path.includes(DM_X)) throw dmsClosed(post.path);
      if (post.path !== CHANNEL_POSTS || !post.users.includes(X)) return {};
      forget();
      throw new Error('the mention failed');
    });
    await run(batch);
    // The one mention tried before the erase, none after it.
    expect(reachingX(posts).filter((post) => post.path === CHANNEL_POSTS)).toHaveLength(1);
    expect(posts.at(-1)).toEqual({ path: CHANNEL_POSTS, users: [A] });
    expect(tablesHolding(sender, X)).toEqual({});
  });
});

describe('a reminder batch and a member who left its audience meanwhile', () => {
  it.each<[Batch, string]>([
    ['automatic', 'answered "Can\'t go"'],
    ['manual', 'answered "Can\'t go"'],
    ['automatic', 'turned reminders off'],
  ])('the %s batch does not reach a member who %s after it began', async (batch, how) => {
    let leave = () => {};
    const { sender, posts, run, discussionId } = setup('both', (post) => {
      if (post.path.includes(DM_A)) leave();
      return {};
    });
    const firesides = createFiresideStores(sender);
    leave = how.includes('off')
      ? () => createPrefsStore(sender).set(GUILD, X, false, T0)
      : () => firesides.rsvps.set(discussionId, X, 'no', T0);
    await run(batch);
    expect(reachingX(posts)).toEqual([]);
    expect(posts).toContainEqual({ path: CHANNEL_POSTS, users: [A] });
  });
});
