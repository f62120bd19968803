import type { Db } from '../db/open.js';
import { offsetsFromJson, offsetsToJson } from './offsets.js';
import type { Discussion, DiscussionPatch, DiscussionStatus, LinkFor, NewDiscussion } from './types.js';

export interface DiscussionRow {
  id: number;
  guild_id: string;
  series_id: number | null;
  title: string;
  description: string | null;
  starts_at: number;
  timezone: string;
  duration_minutes: number;
  facilitator_id: string | null;
  location_channel_id: string | null;
  link: string | null;
  link_for: LinkFor;
  capacity: number | null;
  channel_id: string;
  message_id: string | null;
  announced_at: number | null;
  scheduled_event_id: string | null;
  reminders: string | null;
  topic_slug: string | null;
  topic_title: string | null;
  status: DiscussionStatus;
  cancel_reason: string | null;
  cancelled_at: number | null;
  purged_at: number | null;
  kept_questions: number | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export function toDiscussion(row: DiscussionRow): Discussion {
  return {
    id: row.id,
    guildId: row.guild_id,
    seriesId: row.series_id,
    title: row.title,
    description: row.description,
    startsAt: row.starts_at,
    timezone: row.timezone,
    durationMinutes: row.duration_minutes,
    facilitatorId: row.facilitator_id,
    locationChannelId: row.location_channel_id,
    link: row.link,
    linkFor: row.link_for,
    capacity: row.capacity,
    channelId: row.channel_id,
    messageId: row.message_id,
    announcedAt: row.announced_at,
    scheduledEventId: row.scheduled_event_id,
    reminders: offsetsFromJson(row.reminders),
    topicSlug: row.topic_slug,
    topicTitle: row.topic_title,
    status: row.status,
    cancelReason: row.cancel_reason,
    cancelledAt: row.cancelled_at,
    purgedAt: row.purged_at,
    keptQuestions: row.kept_questions,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function endsAt(discussion: Pick<Discussion, 'startsAt' | 'durationMinutes'>): number {
  return discussion.startsAt + discussion.durationMinutes * 60_000;
}

export type DiscussionStore = ReturnType<typeof createDiscussionStore>;

export function createDiscussionStore(db: Db) {
  const insert = db.prepare<Record<string, unknown>, DiscussionRow>(`
    INSERT INTO discussions (guild_id, series_id, title, description, starts_at, timezone, duration_minutes,
      facilitator_id, location_channel_id, link, link_for, capacity, channel_id, reminders, topic_slug, topic_title,
      created_by, created_at, updated_at)
    VALUES (@guildId, @seriesId, @title, @description, @startsAt, @timezone, @durationMinutes,
      @facilitatorId, @locationChannelId, @link, @linkFor, @capacity, @channelId, @reminders, @topicSlug, @topicTitle,
      @createdBy, @createdAt, @createdAt)
    RETURNING *`);
  const byId = db.prepare<[number], DiscussionRow>('SELECT * FROM discussions WHERE id = ?');
  const byGuildAndId = db.prepare<[string, number], DiscussionRow>(
    'SELECT * FROM discussions WHERE guild_id = ? AND id = ?',
  );
  // "Upcoming" = not over yet, so a discussion in progress can still be found and RSVPed to.
  // Members see only announced discussions: a series occurrence exists as a row before its announcement goes out.
  const upcomingWhere = `guild_id = @guildId AND status = 'scheduled' AND starts_at + duration_minutes * 60000 > @now
      AND (@all = 1 OR announced_at IS NOT NULL)`;
  const upcoming = db.prepare<
    { guildId: string; now: number; limit: number; offset: number; all: number },
    DiscussionRow
  >(`SELECT * FROM discussions WHERE ${upcomingWhere} ORDER BY starts_at, id LIMIT @limit OFFSET @offset`);
  const upcomingCount = db.prepare<{ guildId: string; now: number; all: number }, { n: number }>(
    `SELECT count(*) AS n FROM discussions WHERE ${upcomingWhere}`,
  );
  const update = db.prepare<Record<string, unknown>, DiscussionRow>(`
    UPDATE discussions SET title = @title, description = @description, starts_at = @startsAt, timezone = @timezone,
      duration_minutes = @durationMinutes, facilitator_id = @facilitatorId, location_channel_id = @locationChannelId,
      link = @link, link_for = @linkFor, capacity = @capacity, channel_id = @channelId, reminders = @reminders, topic_slug = @topicSlug,
      topic_title = @topicTitle, updated_at = @now
    WHERE id = @id RETURNING *`);
  const clearMessage = db.prepare<{ id: number; messageId: string; now: number }>(
    'UPDATE discussions SET message_id = NULL, updated_at = @now WHERE id = @id AND message_id = @messageId',
  );
  const setMessage = db.prepare<{ id: number; messageId: string | null; now: number }>(
    `UPDATE discussions SET message_id = @messageId, updated_at = @now,
      announced_at = CASE WHEN @messageId IS NULL THEN announced_at ELSE coalesce(announced_at, @now) END
    WHERE id = @id`,
  );
  const setEvent = db.prepare<{ id: number; eventId: string | null; now: number }>(
    'UPDATE discussions SET scheduled_event_id = @eventId, updated_at = @now WHERE id = @id',
  );
  const cancel = db.prepare<{ id: number; reason: string | null; now: number }, DiscussionRow>(`
    UPDATE discussions SET status = 'cancelled', cancel_reason = @reason, cancelled_at = @now, updated_at = @now
    WHERE id = @id AND status = 'scheduled' RETURNING *`);
  const remove = db.prepare<[number]>('DELETE FROM discussions WHERE id = ?');

  return {
    create(input: NewDiscussion): Discussion {
      const row = insert.get({
        seriesId: null,
        description: null,
        facilitatorId: null,
        locationChannelId: null,
        link: null,
        linkFor: 'everyone',
        capacity: null,
        topicSlug: null,
        topicTitle: null,
        ...input,
        reminders: offsetsToJson(input.reminders),
      });
      if (!row) throw new Error('INSERT … RETURNING gave no row');
      return toDiscussion(row);
    },
    get(id: number): Discussion | undefined {
      const row = byId.get(id);
      return row && toDiscussion(row);
    },
    /** The one lookup for ids that come from members: an id of another server is as unknown as a missing one. */
    getInGuild(guildId: string, id: number): Discussion | undefined {
      const row = byGuildAndId.get(guildId, id);
      return row && toDiscussion(row);
    },
    /** Soonest first; `includeUnannounced` is for moderators, who may manage an occurrence before it is announced. */
    listUpcoming(
      guildId: string,
      now: number,
      options: { limit?: number; offset?: number; includeUnannounced?: boolean } = {},
    ): Discussion[] {
      const { limit = 25, offset = 0, includeUnannounced = false } = options;
      return upcoming.all({ guildId, now, limit, offset, all: includeUnannounced ? 1 : 0 }).map(toDiscussion);
    },
    countUpcoming(guildId: string, now: number, options: { includeUnannounced?: boolean } = {}): number {
      return upcomingCount.get({ guildId, now, all: options.includeUnannounced ? 1 : 0 })?.n ?? 0;
    },
    update(id: number, patch: DiscussionPatch, now: number): Discussion {
      const current = byId.get(id);
      if (!current) throw new Error(`No discussion ${id}`);
      const next = { ...toDiscussion(current), ...patch };
      const row = update.get({ ...next, reminders: offsetsToJson(next.reminders), now });
      if (!row) throw new Error(`No discussion ${id}`);
      return toDiscussion(row);
    },
    setMessage(id: number, messageId: string | null, now: number): void {
      setMessage.run({ id, messageId, now });
    },
    /**
     * Forgets an announcement found deleted, only if it is still the one stored: a refresh of the old message that
     * ends after a move must not forget the new one.
     */
    clearMessage(id: number, messageId: string, now: number): void {
      clearMessage.run({ id, messageId, now });
    },
    setScheduledEvent(id: number, eventId: string | null, now: number): void {
      setEvent.run({ id, eventId, now });
    },
    /** Returns undefined when it was already cancelled (or is gone), so a second cancel does nothing. */
    cancel(id: number, reason: string | null, now: number): Discussion | undefined {
      const row = cancel.get({ id, reason, now });
      return row && toDiscussion(row);
    },
    delete(id: number): void {
      remove.run(id);
    },
  };
}
