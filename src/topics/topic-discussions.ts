import type { Db } from '../db/open.js';

/** An upcoming discussion on a page, as a library page shows it. */
export interface TopicDiscussion {
  id: number;
  title: string;
  startsAt: number;
  /** When it ends: from then on it is no longer upcoming. */
  endsAt: number;
  guildId: string;
  channelId: string;
  /** Null when the announcement was deleted in Discord: still upcoming, but nothing to link to. */
  messageId: string | null;
  going: number;
}

/** Per page: upcoming discussions members can see (announced) and all of them (what moderators plan). */
export interface TopicPlan {
  slug: string;
  announced: number;
  all: number;
  /** Start of the soonest announced one, if any. */
  nextAnnouncedAt: number | null;
}

/*
 * Upcoming = not cancelled and not ended (one under way still counts: members may still join it). Members see only
 * announced ones; a series occurrence is a row before its announcement goes out.
 */
const UPCOMING = `guild_id = @guildId AND status = 'scheduled' AND starts_at + duration_minutes * 60000 > @now`;

interface Row {
  id: number;
  title: string;
  starts_at: number;
  ends_at: number;
  guild_id: string;
  channel_id: string;
  message_id: string | null;
  going: number;
}

const COLUMNS = `id, title, starts_at, starts_at + duration_minutes * 60000 AS ends_at, guild_id, channel_id, message_id,
  coalesce((SELECT n FROM rsvp_counts WHERE discussion_id = discussions.id AND status = 'going'), 0) AS going`;

const toDiscussion = (row: Row): TopicDiscussion => ({
  id: row.id,
  title: row.title,
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  guildId: row.guild_id,
  channelId: row.channel_id,
  messageId: row.message_id,
  going: row.going,
});

/** Discussions read by their topic page (index discussions_guild_topic_start). */
export function createTopicDiscussions(db: Db) {
  const onTopic = db.prepare<{ guildId: string; slug: string; now: number; limit: number }, Row>(
    `SELECT ${COLUMNS} FROM discussions WHERE ${UPCOMING} AND topic_slug = @slug AND announced_at IS NOT NULL
    ORDER BY starts_at, id LIMIT @limit`,
  );
  // What "I'd join a discussion on this" and its DM wait for: an announced one not started yet (a member may ask
  // for the next discussion while one is under way).
  const ahead = db.prepare<{ guildId: string; slug: string; now: number }, Row>(
    `SELECT ${COLUMNS} FROM discussions WHERE guild_id = @guildId AND topic_slug = @slug AND status = 'scheduled'
      AND announced_at IS NOT NULL AND starts_at > @now ORDER BY starts_at, id LIMIT 1`,
  );
  const plans = db.prepare<{ guildId: string; now: number }, TopicPlan>(
    `SELECT topic_slug AS slug, count(announced_at) AS announced, count(*) AS "all",
      min(CASE WHEN announced_at IS NOT NULL THEN starts_at END) AS nextAnnouncedAt
    FROM discussions WHERE ${UPCOMING} AND topic_slug IS NOT NULL GROUP BY topic_slug`,
  );
  return {
    /** Announced, upcoming discussions of this server on the page, soonest first (one under way included). */
    upcoming(guildId: string, slug: string, now: number, limit: number): TopicDiscussion[] {
      return onTopic.all({ guildId, slug, now, limit }).map(toDiscussion);
    },
    /** The nearest announced discussion of this server on the page that has not started yet. */
    ahead(guildId: string, slug: string, now: number): TopicDiscussion | undefined {
      const row = ahead.get({ guildId, slug, now });
      return row && toDiscussion(row);
    },
    /** Every page this server has an upcoming discussion on, announced or not. */
    plans(guildId: string, now: number): Map<string, TopicPlan> {
      return new Map(plans.all({ guildId, now }).map((row) => [row.slug, row]));
    },
  };
}

export type TopicDiscussions = ReturnType<typeof createTopicDiscussions>;
