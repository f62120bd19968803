import type { Db } from '../db/open.js';

/** A page members of a server wait on, and the nearest announced discussion on it (with the page's title it keeps). */
export interface AwaitedTopic {
  guildId: string;
  slug: string;
  topicTitle: string;
  discussionId: number;
}

/**
 * How long an interest may stay taken for its DM. A mark older than this was left by a crash, and the DM may have
 * gone out: the retention sweep deletes it rather than retry it. A DM's own wait is bounded (8 tries to open its
 * channel, at most 30 s apart), but it shares the process's DM pace with every other DM; what makes the sweep safe is
 * that the lease holder runs its tick's telling and its sweep one after the other, never together, so the sweep
 * never meets a DM still in flight from its own process, and another process only holds the lease after this one's
 * lapsed.
 */
export const TAKEN_INTEREST_MS = 15 * 60_000;

/**
 * Members' "I'd join a discussion on this", per server and page. A row lives until the member withdraws it or a
 * discussion on the page is announced (they are told once, and the row goes). Moderators see counts, never who.
 * While its DM is in flight a row is marked taken (`taken_at`): no longer waiting, still erased by /privacy forget.
 */
export function createInterestStore(db: Db) {
  // Tapped again after the DM was taken (that discussion then no longer ahead): waiting again, for the next one.
  const insert = db.prepare<[string, string, string, number]>(`
    INSERT INTO topic_interest (guild_id, slug, user_id, created_at) VALUES (?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET created_at = excluded.created_at, taken_at = NULL`);
  const withdraw = db.prepare<[string, string, string]>(
    'DELETE FROM topic_interest WHERE guild_id = ? AND slug = ? AND user_id = ? AND taken_at IS NULL',
  );
  const members = db.prepare<[string, string, number, number], { user_id: string }>(`
    SELECT user_id FROM topic_interest WHERE guild_id = ? AND slug = ? AND taken_at IS NULL AND created_at <= ?
    ORDER BY created_at, user_id LIMIT ?`);
  const counts = db.prepare<[string], { slug: string; members: number }>(`
    SELECT slug, count(*) AS members FROM topic_interest WHERE guild_id = ? AND taken_at IS NULL
    GROUP BY slug ORDER BY members DESC, slug`);
  const take = db.prepare<[number, string, string, string]>(
    'UPDATE topic_interest SET taken_at = ? WHERE guild_id = ? AND slug = ? AND user_id = ? AND taken_at IS NULL',
  );
  // Only a row still taken: after /privacy forget there is none, and a row tapped again meanwhile waits again.
  const restore = db.prepare<[string, string, string]>(
    'UPDATE topic_interest SET taken_at = NULL WHERE guild_id = ? AND slug = ? AND user_id = ? AND taken_at IS NOT NULL',
  );
  const finish = db.prepare<[string, string, string]>(
    'DELETE FROM topic_interest WHERE guild_id = ? AND slug = ? AND user_id = ? AND taken_at IS NOT NULL',
  );
  // Pages someone waits on (the primary key, in order) that now have an announced discussion ahead, with the
  // nearest one: one probe of discussions_guild_topic_start per page (materialized, so the probe runs once).
  const awaited = db.prepare<
    { now: number },
    { guild_id: string; slug: string; discussion_id: number; topic_title: string }
  >(`
    WITH waited AS MATERIALIZED (
      SELECT p.guild_id, p.slug, (
        SELECT d.id FROM discussions d
        WHERE d.guild_id = p.guild_id AND d.topic_slug = p.slug AND d.starts_at > @now
          AND d.status = 'scheduled' AND d.announced_at IS NOT NULL
        ORDER BY d.starts_at, d.id LIMIT 1
      ) AS discussion_id
      FROM (SELECT DISTINCT guild_id, slug FROM topic_interest WHERE taken_at IS NULL) p
    )
    SELECT w.guild_id, w.slug, w.discussion_id, coalesce(d.topic_title, w.slug) AS topic_title
    FROM waited w JOIN discussions d ON d.id = w.discussion_id`);
  const toggle = db.transaction((guildId: string, slug: string, userId: string, now: number) => {
    if (withdraw.run(guildId, slug, userId).changes) return 'withdrawn' as const;
    insert.run(guildId, slug, userId, now);
    return 'added' as const;
  });
  return {
    /** Adds the member's interest, or withdraws it when they had already said so. */
    toggle(guildId: string, slug: string, userId: string, now: number): 'added' | 'withdrawn' {
      return toggle.immediate(guildId, slug, userId, now);
    },
    /**
     * Members waiting (not taken) since `since` or before, oldest first, at most `limit` (a batch to tell). A member
     * who tapped again after their DM was taken (the discussion cancelled meanwhile) waits from the tap: the telling
     * that began before it does not read them again with what it is telling.
     */
    members(guildId: string, slug: string, limit: number, since = Number.POSITIVE_INFINITY): string[] {
      return members.all(guildId, slug, since, limit).map((row) => row.user_id);
    },
    /**
     * Marks the member's interest taken in its own commit, just before they are told (so a crash after it loses at
     * most that one DM, never sends it twice); false when it was gone or taken already.
     */
    take(guildId: string, slug: string, userId: string, now: number): boolean {
      return take.run(now, guildId, slug, userId).changes > 0;
    },
    /** Puts back an interest taken for a DM that Discord refused before anything was sent, if it is still there. */
    restore(guildId: string, slug: string, userId: string): void {
      restore.run(guildId, slug, userId);
    },
    /** Deletes an interest taken for a DM now done with: sent, or not to be tried again. */
    finish(guildId: string, slug: string, userId: string): void {
      finish.run(guildId, slug, userId);
    },
    /** Pages members wait on, in any server, that have an announced discussion starting after `now`: the nearest. */
    awaited(now: number): AwaitedTopic[] {
      return awaited.all({ now }).map((row) => ({
        guildId: row.guild_id,
        slug: row.slug,
        topicTitle: row.topic_title,
        discussionId: row.discussion_id,
      }));
    },
    /** Pages members wait on in this server, most wanted first. */
    countsByPage(guildId: string): { slug: string; members: number }[] {
      return counts.all(guildId);
    },
  };
}

export type InterestStore = ReturnType<typeof createInterestStore>;
