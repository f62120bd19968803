import type { Db } from '../db/open.js';
import { CLOSED_DMS_RETRY_MS, hasDmReason, RETENTION_DAYS } from '../firesides/index.js';
import { TAKEN_INTEREST_MS } from '../topics/index.js';

/** What one discussion's purge deleted and kept: counts only, safe to log. */
export interface DiscussionPurge {
  going: number;
  maybe: number;
  declined: number;
  waitlisted: number;
  questions: number;
  /** Rows of work_recipients and manual_reminder_recipients: who each reminder reached. */
  reminderRecipients: number;
  mentionsOwed: number;
  /** DM channel ids of its members who have nothing upcoming. */
  dmChannels: number;
}

const DAY_MS = 86_400_000;
const END = 'd.starts_at + d.duration_minutes * 60000';

/**
 * Due: not purged, and its server's retention has passed since it ended or was cancelled, whichever came first
 * (a discussion cancelled weeks ahead is counted from the cancel). The partial index discussions_not_purged keeps
 * the scan to upcoming discussions and those inside their retention.
 */
const DUE = `d.purged_at IS NULL AND min(${END}, coalesce(d.cancelled_at, ${END}))
  + coalesce((SELECT g.retention_days FROM guild_settings g WHERE g.guild_id = d.guild_id), ${RETENTION_DAYS.default})
    * ${DAY_MS} <= @now`;

/**
 * What still needs a member's DM channel: an answer other than "Can't go" to a discussion ahead (reminders, a place
 * freed from the waitlist), a page they wait on (its DM), a mention owed by a reminder under way.
 */
const NEEDS_DM_CHANNEL = `EXISTS (SELECT 1 FROM rsvps r JOIN discussions d ON d.id = r.discussion_id
    WHERE r.user_id = @userId AND r.status != 'no' AND d.status = 'scheduled' AND ${END} > @now)
  OR EXISTS (SELECT 1 FROM topic_interest WHERE user_id = @userId)
  OR EXISTS (SELECT 1 FROM mentions_owed WHERE user_id = @userId)`;

export type PurgeStore = ReturnType<typeof createPurgeStore>;

/**
 * Retention (issue 13): a discussion's per-member rows go once its server's retention has passed, and only its
 * counts stay on it. Each discussion is one transaction, which checks again that it is due and not purged, so a
 * crash loses nothing and leaves nothing half-deleted, and running it twice (a restart, a second process) does nothing.
 */
export function createPurgeStore(db: Db) {
  const due = db.prepare<{ now: number; limit: number }, { id: number }>(
    `SELECT d.id FROM discussions d WHERE ${DUE} ORDER BY d.id LIMIT @limit`,
  );
  const stillDue = db.prepare<{ id: number; now: number }, { id: number }>(
    `SELECT d.id FROM discussions d WHERE d.id = @id AND ${DUE}`,
  );
  // Counted from the rows themselves, before they go (rsvp_counts' triggers count down as rows are deleted).
  const answers = db.prepare<{ id: number }, { status: string; n: number }>(
    'SELECT status, count(*) AS n FROM rsvps WHERE discussion_id = @id GROUP BY status',
  );
  const questions = db.prepare<{ id: number }, { n: number }>(
    'SELECT count(*) AS n FROM questions WHERE discussion_id = @id',
  );
  const members = db.prepare<{ id: number }, { user_id: string }>(`
    SELECT user_id FROM rsvps WHERE discussion_id = @id
    UNION SELECT user_id FROM questions WHERE discussion_id = @id
    UNION SELECT user_id FROM work_recipients WHERE discussion_id = @id
    UNION SELECT r.user_id FROM manual_reminder_recipients r JOIN manual_reminders m ON m.id = r.reminder_id
      WHERE m.discussion_id = @id
    UNION SELECT user_id FROM mentions_owed WHERE discussion_id = @id`);
  const keep = db.prepare<Record<string, number>>(`
    UPDATE discussions SET purged_at = @now, kept_going = @going, kept_maybe = @maybe, kept_declined = @declined,
      kept_waitlisted = @waitlisted, kept_questions = @questions
    WHERE id = @id`);
  const deletes = [
    // First, so the delete trigger on rsvps has no counts left to lower: counts() reads the kept ones from now on.
    'DELETE FROM rsvp_counts WHERE discussion_id = @id',
    'DELETE FROM rsvps WHERE discussion_id = @id',
    'DELETE FROM questions WHERE discussion_id = @id',
  ].map((sql) => db.prepare<{ id: number }>(sql));
  const deleteWorkRecipients = db.prepare<{ id: number }>('DELETE FROM work_recipients WHERE discussion_id = @id');
  const deleteManualRecipients = db.prepare<{ id: number }>(`
    DELETE FROM manual_reminder_recipients
    WHERE reminder_id IN (SELECT id FROM manual_reminders WHERE discussion_id = @id)`);
  const deleteOwed = db.prepare<{ id: number }>('DELETE FROM mentions_owed WHERE discussion_id = @id');
  const dropChannel = db.prepare<{ userId: string; now: number }>(
    `DELETE FROM dm_channels WHERE user_id = @userId AND NOT (${NEEDS_DM_CHANNEL})`,
  );

  // The sweep looks at a window of dm_channels per call (bounded work), walking the table by rowid.
  const window = db.prepare<{ after: number; limit: number }, { last: number | null }>(
    'SELECT max(rowid) AS last FROM (SELECT rowid FROM dm_channels WHERE rowid > @after ORDER BY rowid LIMIT @limit)',
  );
  // A channel kept for nobody: no answer to any discussion not purged yet (in any server: each keeps its own
  // retention), no page waited on, no mention owed. Members of purged discussions lose theirs at the purge.
  const sweepChannels = db.prepare<{ after: number; last: number }>(`
    DELETE FROM dm_channels WHERE rowid > @after AND rowid <= @last AND NOT ${hasDmReason('dm_channels.user_id')}`);
  // An interest taken for a DM longer ago than any DM takes: a crash came between the DM and the row's delete, and
  // the DM may have gone out, so it is not tried again. One DM is in flight at a time: a crash leaves one at most.
  const sweepTaken = db.prepare<{ before: number }>('DELETE FROM topic_interest WHERE taken_at <= @before');
  // Past a week a closed-DMs record changes nothing (the bot tries the member's DMs again): it goes.
  const sweepClosed = db.prepare<{ before: number; limit: number }>(`
    DELETE FROM dms_closed
    WHERE user_id IN (SELECT user_id FROM dms_closed WHERE closed_at <= @before LIMIT @limit)`);

  const purgeOne = db.transaction((id: number, now: number): DiscussionPurge | undefined => {
    if (!stillDue.get({ id, now })) return undefined;
    const counts = { going: 0, maybe: 0, no: 0, waitlist: 0 } as Record<string, number>;
    for (const row of answers.all({ id })) counts[row.status] = row.n;
    const kept = {
      going: counts.going ?? 0,
      maybe: counts.maybe ?? 0,
      declined: counts.no ?? 0,
      waitlisted: counts.waitlist ?? 0,
      questions: questions.get({ id })?.n ?? 0,
    };
    const userIds = members.all({ id }).map((row) => row.user_id);
    keep.run({ id, now, ...kept });
    for (const statement of deletes) statement.run({ id });
    const reminderRecipients = deleteWorkRecipients.run({ id }).changes + deleteManualRecipients.run({ id }).changes;
    const mentionsOwed = deleteOwed.run({ id }).changes;
    // After its rows went, so this discussion no longer counts as something the member has ahead.
    let dmChannels = 0;
    for (const userId of userIds) dmChannels += dropChannel.run({ userId, now }).changes;
    return { ...kept, reminderRecipients, mentionsOwed, dmChannels };
  });

  const sweepOnce = db.transaction((after: number, limit: number, now: number) => {
    // First, so that a DM channel kept for that interest alone can go in this same pass.
    const takenInterests = sweepTaken.run({ before: now - TAKEN_INTEREST_MS }).changes;
    const last = window.get({ after, limit })?.last ?? null;
    const dmChannels = last === null ? 0 : sweepChannels.run({ after, last }).changes;
    const closedDms = sweepClosed.run({ before: now - CLOSED_DMS_RETRY_MS, limit }).changes;
    return { next: last ?? 0, dmChannels, closedDms, takenInterests };
  });

  return {
    /** Discussions whose retention has passed, oldest id first, at most `limit`. */
    due(now: number, limit: number): number[] {
      return due.all({ now, limit }).map((row) => row.id);
    },
    /**
     * Purges one discussion in one transaction; undefined when it is not due (any more) or already purged. IMMEDIATE:
     * it reads before it writes, and another process's commit in between would fail a deferred one (SQLITE_BUSY).
     */
    purge: (id: number, now: number) => purgeOne.immediate(id, now),
    /**
     * Deletes the DM channels nobody needs among the `limit` rows after `after` (a rowid), and the closed-DMs
     * records older than a week (at most `limit`), and the interests a crash left taken for their DM. `next` is where
     * the next call starts: 0 once the table is walked.
     */
    sweep: (after: number, limit: number, now: number) => sweepOnce.immediate(after, limit, now),
  };
}
