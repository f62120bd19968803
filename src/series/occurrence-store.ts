import type { Db } from '../db/open.js';
import type { DiscussionPatch, FiresideStores } from '../firesides/index.js';
import { occurrencesAfter, shortestIntervalMinutes } from './occurrences.js';
import type { Series, SeriesPatch } from './series-store.js';

/**
 * Occurrences are created ahead of their announcement: the next one always exists, and so does any whose
 * announcement falls within this window (so a DST hour or a late cron firing cannot make one late).
 */
const LOOKAHEAD_MS = 2 * 3_600_000;

/**
 * `recheckAt`: the first moment a call could create more (the next start passes, or one more announcement enters the
 * window), so the scheduler need not call again before then while the series stays as it is.
 */
export type OccurrenceResult =
  | { created: number[]; recheckAt: number; problem?: undefined }
  | { created: []; recheckAt: number; problem: string };

export type OccurrenceStore = ReturnType<typeof createOccurrenceStore>;

/** Where an occurrence's announcement is queued as due work: the scheduler's work store. */
export interface AnnouncementQueue {
  addAnnouncement(discussionId: number, startsAt: number, beforeMinutes: number, now: number): void;
}

/** Turns a series into ordinary discussion rows (series_id set), each with its announcement as due work. */
export function createOccurrenceStore(db: Db, firesides: FiresideStores, work: AnnouncementQueue) {
  // An occurrence stands for its period whatever became of it (kept, moved with /fireside edit, cancelled to skip
  // it): the series makes no other within half an interval of the slot it was made for (migration 023).
  // An occurrence moved onto another slot's very start takes that slot too: the two could not both exist
  // (UNIQUE (series_id, starts_at)), and members would meet once at that time anyway.
  const near = db.prepare<{ seriesId: number; from: number; to: number; at: number }, { id: number }>(
    `SELECT id FROM discussions WHERE series_id = @seriesId AND series_slot_at > @from AND series_slot_at < @to
     UNION ALL SELECT id FROM discussions WHERE series_id = @seriesId AND starts_at = @at LIMIT 1`,
  );
  const keepSlot = db.prepare<[number, number]>('UPDATE discussions SET series_slot_at = ? WHERE id = ?');
  // Not seen by members: never announced (and no announcement in flight), nobody has answered, still ahead.
  const unseen = `d.series_id = @seriesId AND d.status = 'scheduled' AND d.starts_at > @now AND d.announced_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM rsvps r WHERE r.discussion_id = d.id)
    AND NOT EXISTS (SELECT 1 FROM scheduled_work w WHERE w.discussion_id = d.id AND w.kind = 'announce'
      AND w.state IN ('claimed', 'sent'))`;
  const deleteUnseen = db.prepare<{ seriesId: number; now: number }>(
    `DELETE FROM discussions WHERE id IN (SELECT d.id FROM discussions d WHERE ${unseen})`,
  );
  const unseenIds = db.prepare<{ seriesId: number; now: number }, { id: number }>(
    `SELECT d.id FROM discussions d WHERE ${unseen}`,
  );
  const seenUpcomingIds = db.prepare<{ seriesId: number; now: number }, { id: number }>(`
    SELECT d.id FROM discussions d WHERE d.series_id = @seriesId AND d.status = 'scheduled' AND d.starts_at > @now
      AND d.id NOT IN (SELECT d.id FROM discussions d WHERE ${unseen}) ORDER BY d.starts_at`);
  // Announced (or being announced) ones stay where members saw them; so does one a moderator gave another channel.
  const followChannel = db.prepare<{ guildId: string; from: string; to: string; now: number }>(`
    UPDATE discussions SET channel_id = @to, updated_at = @now
    WHERE guild_id = @guildId AND channel_id = @from AND status = 'scheduled' AND starts_at > @now
      AND announced_at IS NULL
      AND series_id IN (SELECT id FROM series WHERE guild_id = @guildId AND channel_id IS NULL)
      AND NOT EXISTS (SELECT 1 FROM scheduled_work w WHERE w.discussion_id = discussions.id AND w.kind = 'announce'
        AND w.state IN ('claimed', 'sent'))`);
  const upcomingOf = db.prepare<
    [number, number, number],
    { id: number; starts_at: number; announced_at: number | null }
  >(`
    SELECT id, starts_at, announced_at FROM discussions WHERE series_id = ? AND status = 'scheduled' AND starts_at > ?
    ORDER BY starts_at LIMIT ?`);

  /** The cron's starts after `now`, each with whether an occurrence of the series already stands for its period. */
  function* candidates(series: Series, now: number): Generator<{ startsAt: number; taken: boolean }> {
    const margin = ((shortestIntervalMinutes(series.cron, series.timezone, now) ?? 1_440) * 60_000) / 2;
    for (const startsAt of occurrencesAfter(series.cron, series.timezone, now)) {
      yield {
        startsAt,
        taken:
          near.get({ seriesId: series.id, from: startsAt - margin, to: startsAt + margin, at: startsAt }) !== undefined,
      };
    }
  }

  /** The next `count` starts the series will make occurrences for: those no occurrence stands for yet. */
  function nextFree(series: Series, now: number, count: number): number[] {
    const starts: number[] = [];
    let looked = 0;
    for (const { startsAt, taken } of candidates(series, now)) {
      if (!taken) starts.push(startsAt);
      if (starts.length === count || ++looked >= count + 50) break;
    }
    return starts;
  }

  return {
    /**
     * Idempotent (the check below, and UNIQUE(series_id, starts_at)): any process may call it any number of times.
     * Occurrences that fell entirely within downtime are not created: it only looks forward from `now`.
     */
    ensureUpcoming: db.transaction((series: Series, now: number): OccurrenceResult => {
      const channelId = series.channelId ?? firesides.settings.get(series.guildId).announcementChannelId;
      if (!channelId)
        return {
          created: [],
          recheckAt: now,
          problem: 'no channel: the series has none and /setup set no announcement channel',
        };
      const created: number[] = [];
      let recheckAt = Number.POSITIVE_INFINITY;
      let count = 0;
      for (const { startsAt, taken } of candidates(series, now)) {
        const announceAt = startsAt - series.announceBeforeMinutes * 60_000;
        if (count > 0 && announceAt > now + LOOKAHEAD_MS) {
          recheckAt = Math.min(recheckAt, announceAt - LOOKAHEAD_MS);
          break;
        }
        // Once the next start has passed, the one after it must exist.
        if (count === 0) recheckAt = startsAt;
        count++;
        if (taken) continue;
        const discussion = firesides.discussions.create({
          guildId: series.guildId,
          seriesId: series.id,
          title: series.title,
          description: series.description,
          startsAt,
          timezone: series.timezone,
          durationMinutes: series.durationMinutes,
          facilitatorId: series.facilitatorId,
          locationChannelId: series.locationChannelId,
          link: series.link,
          linkFor: series.linkFor,
          capacity: series.capacity,
          channelId,
          reminders: series.reminders,
          topicSlug: series.topicSlug,
          topicTitle: series.topicTitle,
          createdBy: series.createdBy,
          createdAt: now,
        });
        keepSlot.run(startsAt, discussion.id);
        work.addAnnouncement(discussion.id, startsAt, series.announceBeforeMinutes, now);
        created.push(discussion.id);
      }
      return { created, recheckAt };
    }),
    nextFree,
    /**
     * The next `count` starts members will meet at: the occurrences still ahead (at their own time when a moderator
     * moved one; a cancelled one skips its period), then those the series will make.
     */
    nextStarts(series: Series, now: number, count: number): number[] {
      const made = upcomingOf.all(series.id, now, count).map((row) => row.starts_at);
      const free = series.paused ? [] : nextFree(series, now, count);
      return [...made, ...free].sort((a, b) => a - b).slice(0, count);
    },
    /**
     * For pause, delete and a new schedule: occurrences members have not seen (not announced, nobody answered,
     * no announcement in flight) simply go, with their due work.
     */
    removeUnseen(seriesId: number, now: number): number {
      return deleteUnseen.run({ seriesId, now }).changes;
    },
    /**
     * A series' changed details (not its schedule) reach the occurrences members have not seen; the others keep
     * theirs, since members answered what they were shown. Call inside the transaction that updates the series.
     */
    applyToUnseen(seriesId: number, changed: SeriesPatch, now: number): number {
      const { cron: _cron, announceBeforeMinutes: _before, channelId, ...details } = changed;
      // A series without a channel of its own (null) announces in the server's: occurrences keep the one they have,
      // which follows /setup (followServerChannel).
      const discussionPatch: DiscussionPatch = { ...details, ...(channelId ? { channelId } : {}) };
      const ids = unseenIds.all({ seriesId, now }).map((row) => row.id);
      for (const id of ids) firesides.discussions.update(id, discussionPatch, now);
      return ids.length;
    },
    /**
     * A series without a channel of its own announces in the server's announcement channel at the time of each
     * announcement, so occurrences made ahead with the old one follow a new one (the old may be gone).
     */
    followServerChannel(guildId: string, from: string, to: string, now: number): number {
      return followChannel.run({ guildId, from, to, now }).changes;
    },
    /** Upcoming occurrences members may have seen: announced (or being announced), or answered. */
    seenUpcoming(seriesId: number, now: number): number[] {
      return seenUpcomingIds.all({ seriesId, now }).map((row) => row.id);
    },
    next(seriesId: number, now: number): { id: number; startsAt: number; announced: boolean } | undefined {
      const [row] = upcomingOf.all(seriesId, now, 1);
      return row && { id: row.id, startsAt: row.starts_at, announced: row.announced_at !== null };
    },
  };
}
