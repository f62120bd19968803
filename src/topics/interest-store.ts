import type { Db } from '../db/open.js';

/**
 * Members' "I'd join a discussion on this", per server and page. A row lives until the member withdraws it or a
 * discussion on the page is announced (they are told once, and the row goes). Moderators see counts, never who.
 */
export function createInterestStore(db: Db) {
  const insert = db.prepare<[string, string, string, number]>(
    'INSERT INTO topic_interest (guild_id, slug, user_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const remove = db.prepare<[string, string, string]>(
    'DELETE FROM topic_interest WHERE guild_id = ? AND slug = ? AND user_id = ?',
  );
  const has = db.prepare<[string, string, string], { one: 1 }>(
    'SELECT 1 AS one FROM topic_interest WHERE guild_id = ? AND slug = ? AND user_id = ?',
  );
  const members = db.prepare<[string, string, number], { user_id: string }>(
    'SELECT user_id FROM topic_interest WHERE guild_id = ? AND slug = ? ORDER BY created_at, user_id LIMIT ?',
  );
  const counts = db.prepare<[string], { slug: string; members: number }>(
    'SELECT slug, count(*) AS members FROM topic_interest WHERE guild_id = ? GROUP BY slug ORDER BY members DESC, slug',
  );
  const toggle = db.transaction((guildId: string, slug: string, userId: string, now: number) => {
    if (remove.run(guildId, slug, userId).changes) return 'withdrawn' as const;
    insert.run(guildId, slug, userId, now);
    return 'added' as const;
  });
  return {
    /** Adds the member's interest, or withdraws it when they had already said so. */
    toggle(guildId: string, slug: string, userId: string, now: number): 'added' | 'withdrawn' {
      return toggle.immediate(guildId, slug, userId, now);
    },
    has(guildId: string, slug: string, userId: string): boolean {
      return has.get(guildId, slug, userId) !== undefined;
    },
    /** Interested members, oldest first, at most `limit` (a batch to tell). */
    members(guildId: string, slug: string, limit: number): string[] {
      return members.all(guildId, slug, limit).map((row) => row.user_id);
    },
    /** Once told (or skipped), the member's interest in that page is done. */
    clear(guildId: string, slug: string, userId: string): void {
      remove.run(guildId, slug, userId);
    },
    /** Pages members asked for in this server, most wanted first. */
    countsByPage(guildId: string): { slug: string; members: number }[] {
      return counts.all(guildId);
    },
  };
}

export type InterestStore = ReturnType<typeof createInterestStore>;
