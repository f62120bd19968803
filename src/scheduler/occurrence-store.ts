import type { Db } from '../db/open.js';
import type { DiscussionPatch, FiresideStores } from '../firesides/index.js';
import { occurrencesAfter } from './occurrences.js';
import type { Series, SeriesPatch } from './series-store.js';
import type { WorkStore } from './work-store.js';

/**
 * Occurrences are created ahead of their announcement: the next one always exists, and so does any whose
 * announcement falls within this window (so a DST hour or a late cron firing cannot make one late).
 */
const LOOKAHEAD_MS = 2 * 3_600_000;

export type OccurrenceResult = { created: number[]; problem?: undefined } | { created: []; problem: string };

export type OccurrenceStore = ReturnType<typeof createOccurrenceStore>;

/** Turns a series into ordinary discussion rows (series_id set), each with its announcement as due work. */
export function createOccurrenceStore(db: Db, firesides: FiresideStores, work: WorkStore) {
  const exists = db.prepare<[number, number], { id: number }>(
    'SELECT id FROM discussions WHERE series_id = ? AND starts_at = ?',
  );
  const removeUnannounced = db.prepare<[number]>(`
    DELETE FROM discussions WHERE series_id = ? AND message_id IS NULL AND status = 'scheduled'
      AND NOT EXISTS (SELECT 1 FROM rsvps r WHERE r.discussion_id = discussions.id)`);
  const announcedUpcoming = db.prepare<[number, number], { id: number }>(`
    SELECT id FROM discussions WHERE series_id = ? AND status = 'scheduled' AND message_id IS NOT NULL AND starts_at > ?
    ORDER BY starts_at`);
  const unannounced = db.prepare<[number], { id: number }>(
    "SELECT id FROM discussions WHERE series_id = ? AND message_id IS NULL AND status = 'scheduled'",
  );
  const nextOf = db.prepare<[number, number], { id: number; starts_at: number; message_id: string | null }>(`
    SELECT id, starts_at, message_id FROM discussions WHERE series_id = ? AND status = 'scheduled' AND starts_at > ?
    ORDER BY starts_at LIMIT 1`);

  return {
    /**
     * Idempotent (UNIQUE(series_id, starts_at) and the check below): any process may call it any number of times.
     * Occurrences that fell entirely within downtime are not created: it only looks forward from `now`.
     */
    ensureUpcoming: db.transaction((series: Series, now: number): OccurrenceResult => {
      const channelId = series.channelId ?? firesides.settings.get(series.guildId).announcementChannelId;
      if (!channelId)
        return { created: [], problem: 'no channel: the series has none and /setup set no announcement channel' };
      const created: number[] = [];
      let count = 0;
      for (const startsAt of occurrencesAfter(series.cron, series.timezone, now)) {
        const announceAt = startsAt - series.announceBeforeMinutes * 60_000;
        if (count > 0 && announceAt > now + LOOKAHEAD_MS) break;
        count++;
        if (exists.get(series.id, startsAt)) continue;
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
          capacity: series.capacity,
          channelId,
          reminders: series.reminders,
          createdBy: series.createdBy,
          createdAt: now,
        });
        work.addAnnouncement(discussion.id, startsAt, series.announceBeforeMinutes, now);
        created.push(discussion.id);
      }
      return { created };
    }),
    /** For pause and delete: occurrences nobody has seen yet simply go (their due work goes with them). */
    removeUnannounced(seriesId: number): number {
      return removeUnannounced.run(seriesId).changes;
    },
    /**
     * A series' new details (not its schedule) reach the occurrences nobody has seen yet; those announced keep
     * theirs, since members answered what they were shown. Call inside the transaction that updates the series.
     */
    applyToUnannounced(seriesId: number, patch: SeriesPatch, now: number): number {
      const { cron: _cron, announceBeforeMinutes: _before, channelId, ...details } = patch;
      // A series without a channel of its own (null) announces in the server's: occurrences keep the one they have.
      const discussionPatch: DiscussionPatch = { ...details, ...(channelId ? { channelId } : {}) };
      const ids = unannounced.all(seriesId).map((row) => row.id);
      for (const id of ids) firesides.discussions.update(id, discussionPatch, now);
      return ids.length;
    },
    announcedUpcoming(seriesId: number, now: number): number[] {
      return announcedUpcoming.all(seriesId, now).map((row) => row.id);
    },
    next(seriesId: number, now: number): { id: number; startsAt: number; announced: boolean } | undefined {
      const row = nextOf.get(seriesId, now);
      return row && { id: row.id, startsAt: row.starts_at, announced: row.message_id !== null };
    },
  };
}
