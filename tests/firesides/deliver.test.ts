import type { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/log.js';
import { openDatabase } from '../../src/db/open.js';
import { type MemberProgress, postMentionBatches, sendToMembers } from '../../src/firesides/deliver.js';
import { createFiresideStores } from '../../src/firesides/stores.js';
import { remindMembers } from '../../src/scheduler/deliver.js';
import { seedDiscussion } from '../scheduler/fixtures.js';
import { dmsClosed } from '../support/discord-errors.js';

const user = (i: number) => String(510_000_000_000_000_000n + BigInt(i));

/** Reminds users 1–3 through sendToMembers with a client double and the given progress record. */
function remindThree(client: Client, logger: Logger, progress: MemberProgress) {
  return sendToMembers(
    client,
    { logger, firesides: createFiresideStores(openDatabase(':memory:')), now: () => new Date() },
    {
      guildId: '200000000000000001',
      fallbackChannelId: '300000000000000002',
      userIds: [user(1), user(2), user(3)],
      payload: { content: 'Reminder' },
      progress,
    },
  );
}

describe('postMentionBatches', () => {
  it('posts every batch, each pinging exactly its members; a refused batch is logged and counted as failed', async () => {
    const posts: { path: string; body: { content: string; allowed_mentions: { users: string[] } } }[] = [];
    const client = {
      rest: {
        post: async (path: string, { body }: { body: (typeof posts)[number]['body'] }) => {
          posts.push({ path, body });
          if (posts.length === 2) throw new Error('Missing Permissions');
          return {};
        },
      },
    } as unknown as Client;
    const warnings: unknown[][] = [];
    const log = { warn: (...args: unknown[]) => warnings.push(args) } as unknown as Logger;
    const userIds = Array.from({ length: 250 }, (_, i) => user(i));

    const result = await postMentionBatches(client, log, {
      channelId: '300000000000000002',
      userIds,
      payload: { content: 'Reminder' },
      failure: 'could not post a test batch',
    });

    const usersOf = (post: (typeof posts)[number] | undefined) => post?.body.allowed_mentions.users ?? [];
    expect(posts.length).toBeGreaterThan(2);
    for (const post of posts) {
      expect(post.path).toBe('/channels/300000000000000002/messages');
      expect(post.body.content.length).toBeLessThanOrEqual(2_000);
      expect(post.body.content).toBe(
        `${usersOf(post)
          .map((id) => `<@${id}>`)
          .join(' ')}\nReminder`,
      );
    }
    expect(posts.flatMap(usersOf)).toEqual(userIds);
    expect(result.failed).toEqual(usersOf(posts[1]));
    expect(result.posted).toEqual(userIds.filter((id) => !result.failed.includes(id)));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.[1]).toBe('could not post a test batch');
  });

  it('asks before each post which members it may reach, and mentions only those', async () => {
    const posts: string[][] = [];
    const client = {
      rest: {
        post: async (_path: string, { body }: { body: { allowed_mentions: { users: string[] } } }) => {
          posts.push(body.allowed_mentions.users);
          return {};
        },
      },
    } as unknown as Client;
    const log = { warn: () => undefined } as unknown as Logger;
    const userIds = Array.from({ length: 150 }, (_, i) => user(i));
    // An earlier attempt reached the first 120: the first batch of 100 is skipped, the second is cut to 30.
    const earlier = new Set(userIds.slice(0, 120));
    const asked: number[] = [];
    const result = await postMentionBatches(client, log, {
      channelId: '300000000000000002',
      userIds,
      payload: { content: 'Reminder' },
      failure: 'could not post a test batch',
      take: (ids) => {
        asked.push(posts.length);
        return ids.filter((id) => !earlier.has(id));
      },
    });
    expect(posts).toEqual([userIds.slice(120)]);
    expect(result.posted).toEqual(userIds.slice(120));
    // Asked before the first post and before the second, never after.
    expect(asked).toEqual([0, 0]);
  });

  it('counts a member whose record could not be written as failed, and goes on with the others', async () => {
    const sent: string[] = [];
    const client = {
      rest: {
        post: async (path: string, { body }: { body: { recipient_id?: string } }) => {
          if (body.recipient_id) return { id: `3${body.recipient_id.slice(1)}` };
          sent.push(path);
          return {};
        },
      },
    } as unknown as Client;
    const warnings: unknown[][] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args), child: () => logger } as unknown as Logger;
    const result = await remindThree(client, logger, {
      take: (ids) => {
        if (ids.includes(user(2))) throw new Error('database is locked');
        return ids;
      },
      owe: () => undefined,
      settle: (ids) => ids,
    });
    expect(result).toEqual({ dm: [user(1), user(3)], fallback: [], failed: [user(2)], fallbackFailed: [] });
    expect(sent).toHaveLength(2);
    expect(warnings).toHaveLength(1);
  });

  /** A client double whose DMs to `closed` users are refused (50007); every other post is logged in `events`. */
  function closedDmsClient(closed: string[], events: string[]) {
    return {
      rest: {
        post: async (path: string, { body }: { body: { recipient_id?: string; content?: string } }) => {
          if (body.recipient_id) return { id: `3${body.recipient_id.slice(1)}` };
          if (closed.some((id) => path.endsWith(`/3${id.slice(1)}/messages`))) {
            throw dmsClosed(path);
          }
          events.push(`post ${body.content?.split('\n')[0]}`);
          return {};
        },
      },
    } as unknown as Client;
  }
  const quiet = { warn: () => undefined, child: () => quiet } as unknown as Logger;

  it('records a member whose DMs are closed as owed a mention at once, before any later DM, and mentions only whom it settles', async () => {
    const events: string[] = [];
    const result = await remindThree(closedDmsClient([user(1), user(3)], events), quiet, {
      take: (ids) => ids,
      owe: (ids) => events.push(`owe ${ids.join(',')}`),
      // Another attempt already mentioned user 3.
      settle: (ids) => {
        events.push(`settle ${ids.join(',')}`);
        return ids.filter((id) => id !== user(3));
      },
    });
    expect(result).toEqual({ dm: [user(2)], fallback: [user(1)], failed: [], fallbackFailed: [] });
    expect(events).toEqual([
      `owe ${user(1)}`,
      'post Reminder',
      `owe ${user(3)}`,
      `settle ${user(1)},${user(3)}`,
      `post <@${user(1)}>`,
    ]);
  });

  it('still mentions a member whose debt could not be recorded, or cleared', async () => {
    const events: string[] = [];
    const failing = (what: string) => () => {
      throw new Error(`${what}: database is locked`);
    };
    const unrecorded = await remindThree(closedDmsClient([user(1)], events), quiet, {
      take: (ids) => ids,
      owe: failing('owe'),
      settle: (ids) => {
        events.push(`settle ${ids.join(',')}`);
        return ids;
      },
    });
    expect(unrecorded.fallback).toEqual([user(1)]);
    // Not asked to settle a debt that was never written.
    expect(events).toEqual(['post Reminder', 'post Reminder', 'settle ', `post <@${user(1)}>`]);

    const uncleared = await remindThree(closedDmsClient([user(1)], []), quiet, {
      take: (ids) => ids,
      owe: () => undefined,
      settle: failing('settle'),
    });
    expect(uncleared.fallback).toEqual([user(1)]);
  });

  it('a resumed reminder mentions first whom an earlier attempt owed, still in the audience, even if the debt cannot be cleared', async () => {
    const db = openDatabase(':memory:');
    const discussion = seedDiscussion(db, { startsAt: Date.parse('2026-05-01T13:30:00Z'), createdAt: 0 });
    const events: string[] = [];
    const settled: string[][] = [];
    const report = await remindMembers(
      closedDmsClient([], events),
      { logger: quiet, firesides: createFiresideStores(db), now: () => new Date() },
      {
        discussion,
        userIds: [user(1), user(2)],
        delivery: 'dm',
        progress: {
          take: (_via, ids) => ids.filter((id) => id !== user(1)),
          owe: () => undefined,
          keep: (ids) => [...ids],
          // User 3 stepped back since: their debt is only cleared. Clearing the others' fails.
          owed: () => [user(1), user(3)],
          settle: (ids) => {
            settled.push([...ids]);
            if (ids.includes(user(1))) throw new Error('database is locked');
            return [...ids];
          },
        },
      },
    );
    expect(settled).toEqual([[user(3)], [user(1)]]);
    expect(events[0]).toBe(`post <@${user(1)}>`);
    expect(events).toHaveLength(2);
    expect(report).toEqual({ dm: 1, fallback: 1, channel: 0, failed: 0, stopped: false });
  });
});
