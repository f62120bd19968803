import type { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { createFiresideStores } from '../../src/firesides/index.js';
import type { SchedulerDeps } from '../../src/scheduler/deps.js';
import { NotSentYet, perform } from '../../src/scheduler/perform.js';
import { MIN, seedDiscussion } from './fixtures.js';

const T0 = Date.parse('2030-06-10T09:00:00Z');

describe('perform', () => {
  it('hands back an announcement when the network fails while fetching its server: nothing was posted', async () => {
    const db = openDatabase(':memory:');
    const discussion = seedDiscussion(db, { startsAt: T0 + 180 * MIN, createdAt: T0, announced: false });
    let posts = 0;
    // Another shard's server: not cached, so fetched; the connection fails after @discordjs/rest's retries.
    const client = {
      guilds: {
        cache: new Map(),
        fetch: async () => {
          throw new TypeError('fetch failed');
        },
      },
      rest: { post: async () => ++posts },
    } as unknown as Client;
    const deps = { firesides: createFiresideStores(db), now: () => new Date(T0) } as unknown as SchedulerDeps;
    const item = {
      discussionId: discussion.id,
      kind: 'announce' as const,
      offsetMinutes: 180,
      dueAt: T0,
      startsAt: discussion.startsAt,
      cancelled: false,
      announced: false,
    };
    const sent = perform(client, deps, item);
    await expect(sent).rejects.toBeInstanceOf(NotSentYet);
    await expect(sent).rejects.toThrow('announcement not posted: Discord failed before the post (TypeError)');
    expect(posts).toBe(0);
    db.close();
  });
});
