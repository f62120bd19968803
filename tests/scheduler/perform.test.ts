import { ChannelType, type Client, DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { createFiresideStores } from '../../src/firesides/index.js';
import type { SchedulerDeps } from '../../src/scheduler/deps.js';
import { NotSentYet, perform } from '../../src/scheduler/perform.js';
import { CHANNEL, MIN, seedDiscussion } from './fixtures.js';

const T0 = Date.parse('2030-06-10T09:00:00Z');

/** A claimed announcement of the discussion, due now. */
const announceItem = (discussion: { id: number; startsAt: number }) => ({
  discussionId: discussion.id,
  kind: 'announce' as const,
  offsetMinutes: 180,
  dueAt: T0,
  startsAt: discussion.startsAt,
  cancelled: false,
  announced: false,
});

describe('perform', () => {
  it('hands back an announcement when the network fails fetching its server, then posts it once', async () => {
    const db = openDatabase(':memory:');
    const discussion = seedDiscussion(db, { startsAt: T0 + 180 * MIN, createdAt: T0, announced: false });
    const posts: unknown[] = [];
    const channel = { type: ChannelType.GuildText, permissionsFor: () => ({ has: () => true }) };
    const guild = { channels: { cache: new Map([[CHANNEL, channel]]) }, members: { me: {} } };
    let failures = 0;
    // Another shard's server, fetched for every attempt; the network fails the first fetch.
    const client = {
      guilds: {
        cache: new Map(),
        fetch: async () => {
          if (failures === 0) {
            failures++;
            throw new TypeError('fetch failed');
          }
          return guild;
        },
      },
      rest: {
        post: async (_route: string, options: unknown) => {
          posts.push(options);
          return { id: '900000000000000009' };
        },
      },
    } as unknown as Client;
    const logger = { warn: () => {}, info: () => {}, child: () => logger };
    const deps = { firesides: createFiresideStores(db), now: () => new Date(T0), logger } as unknown as SchedulerDeps;
    const first = perform(client, deps, announceItem(discussion));
    await expect(first).rejects.toBeInstanceOf(NotSentYet);
    await expect(first).rejects.toThrow('announcement not posted: Discord failed before the post (TypeError)');
    expect(failures).toBe(1);
    expect(posts).toHaveLength(0);
    await expect(perform(client, deps, announceItem(discussion))).resolves.toBe(
      'announced as message 900000000000000009',
    );
    expect(posts).toHaveLength(1);
    db.close();
  });
  it('fails an announcement whose server Discord refuses (the bot was removed): trying again would only be refused again', async () => {
    const db = openDatabase(':memory:');
    const discussion = seedDiscussion(db, { startsAt: T0 + 180 * MIN, createdAt: T0, announced: false });
    let posts = 0;
    const refused = new DiscordAPIError(
      { code: RESTJSONErrorCodes.UnknownGuild, message: 'Unknown Guild' },
      RESTJSONErrorCodes.UnknownGuild,
      404,
      'GET',
      '/guilds/1',
      {},
    );
    const client = {
      guilds: {
        cache: new Map(),
        fetch: async () => {
          throw refused;
        },
      },
      rest: { post: async () => ++posts },
    } as unknown as Client;
    const deps = { firesides: createFiresideStores(db), now: () => new Date(T0) } as unknown as SchedulerDeps;
    const sent = perform(client, deps, announceItem(discussion));
    await expect(sent).rejects.toBe(refused);
    expect(posts).toBe(0);
    db.close();
  });
});
