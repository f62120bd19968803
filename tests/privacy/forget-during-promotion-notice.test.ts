import { join } from 'node:path';
import type { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log.js';
import { openDatabase } from '../../src/db/open.js';
import { createFiresideStores, type Discussion } from '../../src/firesides/index.js';
import { tellPromoted } from '../../src/firesides/tell-promoted.js';
import { createMemberDataStore } from '../../src/privacy/member-data-store.js';
import { tempDir } from '../library/helpers.js';
import { GUILD, MIN, seedDiscussion } from '../scheduler/fixtures.js';
import { dmsClosed } from '../support/discord-errors.js';
import { tablesHolding } from '../support/tables-holding.js';

const T0 = Date.parse('2030-06-10T09:00:00Z');
const [A, X] = ['650000000000000001', '650000000000000002'];
const DM_X = '750000000000000002';

describe('/privacy forget while the "you moved up" DM is on its way', () => {
  it('a member whose DMs are closed is neither DMed nor mentioned, and nothing of them is left', async () => {
    // Two connections to one database file, as two processes: the one that moved X up, and X's shard.
    const path = join(tempDir(), 'bot.sqlite');
    const mover = openDatabase(path);
    const shard = openDatabase(path);
    const seeded = seedDiscussion(mover, { startsAt: T0 + 1_440 * MIN, createdAt: T0 - MIN });
    mover.prepare('UPDATE discussions SET capacity = 1 WHERE id = ?').run(seeded.id);
    const firesides = createFiresideStores(mover);
    firesides.rsvps.set(seeded.id, A, 'going', T0 - MIN);
    expect(firesides.rsvps.set(seeded.id, X, 'going', T0 - MIN)).toMatchObject({ after: 'waitlist' });
    // A steps back: X moves up, and is owed the notice in the same commit.
    const { promoted } = firesides.rsvps.set(seeded.id, A, 'no', T0);
    expect(promoted).toEqual([X]);
    expect(tablesHolding(mover, X)).toMatchObject({ rsvps: 1, promotion_notices: 1 });

    // X was never DMed: the DM opens their channel first, and their forget lands meanwhile; then their DMs refuse it.
    const posts: { path: string; users: string[] }[] = [];
    const client = {
      rest: {
        post: async (path: string, options: { body: { allowed_mentions?: { users?: string[] } } }) => {
          posts.push({ path, users: options.body.allowed_mentions?.users ?? [] });
          if (path === '/users/@me/channels') {
            createMemberDataStore(shard, createFiresideStores(shard)).erase(GUILD, X, T0);
            return { id: DM_X, type: 1 };
          }
          throw dmsClosed(path);
        },
      },
      guilds: { cache: new Map([[GUILD, { name: 'Healing Library' }]]) },
    } as unknown as Client;
    const deps = { logger: createLogger('silent'), firesides, now: () => new Date(T0) };
    const discussion = firesides.discussions.get(seeded.id) as Discussion;
    await tellPromoted(client, deps, discussion, promoted);

    // The DM Discord refused is all that went out: no mention of X in the channel instead.
    expect(posts).toEqual([
      { path: '/users/@me/channels', users: [] },
      { path: `/channels/${DM_X}/messages`, users: [] },
    ]);
    expect(tablesHolding(mover, X)).toEqual({});
  });
});
