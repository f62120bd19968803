import type { Db } from '../db/open.js';
import { DEFAULT_REMINDERS, offsetsFromJson } from '../firesides/index.js';
import { type Decision, type DueItem, decide, START_POST_GRACE_MS, type WorkKey, type WorkKind } from './decide.js';

export type WorkState = 'pending' | 'claimed' | 'sent' | 'skipped' | 'failed';

export interface WorkItem extends WorkKey {
  dueAt: number;
  state: WorkState;
  claimedBy: string | null;
  outcome: string | null;
}

interface WorkRow {
  discussion_id: number;
  kind: WorkKind;
  offset_minutes: number;
  due_at: number;
  state: WorkState;
  claimed_by: string | null;
  outcome: string | null;
}

interface PlanRow {
  id: number;
  starts_at: number;
  created_at: number;
  reminders: string | null;
  guild_reminders: string | null;
  planned_for: string | null;
  /** 1 once the planner has seen the discussion (its start post row exists): offsets new to it were added since. */
  planned: number;
}

const toItem = (row: WorkRow): WorkItem => ({
  discussionId: row.discussion_id,
  kind: row.kind,
  offsetMinutes: row.offset_minutes,
  dueAt: row.due_at,
  state: row.state,
  claimedBy: row.claimed_by,
  outcome: row.outcome,
});

/** A discussion's own reminders win over the server's; a series copies its own onto each occurrence. */
function offsetsOf(row: PlanRow): number[] {
  const offsets = offsetsFromJson(row.reminders ?? row.guild_reminders) ?? DEFAULT_REMINDERS;
  return offsets.filter((minutes) => Number.isInteger(minutes) && minutes > 0);
}

const DROPPED = 'no longer among the reminder offsets';

export type WorkStore = ReturnType<typeof createWorkStore>;

/**
 * The due work of every discussion: one row per (discussion, kind, offset). A row goes pending → claimed → sent
 * (or skipped / failed); the claim is a conditional UPDATE inside an IMMEDIATE transaction, so two processes (or a
 * holder whose lease lapsed mid-batch) can never both claim one row.
 */
export function createWorkStore(db: Db) {
  const upcoming = db.prepare<{ since: number }, PlanRow>(`
    SELECT d.id, d.starts_at, d.created_at, d.reminders, s.reminders AS guild_reminders, d.planned_for,
      EXISTS (SELECT 1 FROM scheduled_work w WHERE w.discussion_id = d.id AND w.kind = 'start') AS planned
    FROM discussions d LEFT JOIN guild_settings s ON s.guild_id = d.guild_id
    WHERE d.status = 'scheduled' AND d.starts_at > @since`);
  const insert = db.prepare<{
    discussionId: number;
    kind: WorkKind;
    offset: number;
    dueAt: number;
    state: WorkState;
    outcome: string | null;
    now: number;
  }>(`
    INSERT INTO scheduled_work (discussion_id, kind, offset_minutes, due_at, state, outcome, finished_at)
    VALUES (@discussionId, @kind, @offset, @dueAt, @state, @outcome, CASE WHEN @state = 'pending' THEN NULL ELSE @now END)
    ON CONFLICT DO NOTHING`);
  // A rescheduled discussion moves its pending work with it; a reminder whose new moment has already passed is
  // skipped, as one already past when a discussion is scheduled is (nobody missed it).
  const follow = db.prepare<{ id: number; startsAt: number; now: number }>(`
    UPDATE scheduled_work SET due_at = @startsAt - offset_minutes * 60000,
      state = CASE WHEN kind = 'reminder' AND @startsAt - offset_minutes * 60000 <= @now THEN 'skipped' ELSE state END,
      outcome = CASE WHEN kind = 'reminder' AND @startsAt - offset_minutes * 60000 <= @now
        THEN 'the offset had passed when the discussion was moved' ELSE outcome END,
      finished_at = CASE WHEN kind = 'reminder' AND @startsAt - offset_minutes * 60000 <= @now THEN @now ELSE NULL END
    WHERE discussion_id = @id AND state = 'pending' AND due_at != @startsAt - offset_minutes * 60000`);
  // A reminder or start post already done (sent, skipped, failed) for the old time is due again for the new time
  // while its new moment is still ahead: a member reminded 24 hours before Tuesday is reminded again before Thursday.
  // Claimed rows are in flight and left alone; offsets no longer in use stay skipped.
  const rearm = db.prepare<{ id: number; startsAt: number; now: number; offsets: string }, WorkRow>(`
    UPDATE scheduled_work SET state = 'pending', due_at = @startsAt - offset_minutes * 60000,
      claimed_by = NULL, claimed_at = NULL, attempted_at = NULL, outcome = NULL, finished_at = NULL
    WHERE discussion_id = @id AND state IN ('sent', 'skipped', 'failed')
      AND due_at != @startsAt - offset_minutes * 60000 AND @startsAt - offset_minutes * 60000 > @now
      AND (kind = 'start' OR (kind = 'reminder' AND offset_minutes IN (SELECT value FROM json_each(@offsets))))
    RETURNING *`);
  // An offset dropped and then given back (/setup or /fireside edit reminders:) is due again while its moment is
  // ahead: only a drop skips it, and the insert keeps the skipped row. A row sent, or skipped for another reason,
  // stays as it is.
  const restore = db.prepare<{ id: number; startsAt: number; now: number; offsets: string }, WorkRow>(`
    UPDATE scheduled_work SET state = 'pending', due_at = @startsAt - offset_minutes * 60000, outcome = NULL,
      finished_at = NULL
    WHERE discussion_id = @id AND kind = 'reminder' AND state = 'skipped'
      AND outcome = '${DROPPED}' AND @startsAt - offset_minutes * 60000 > @now
      AND offset_minutes IN (SELECT value FROM json_each(@offsets))
    RETURNING *`);
  const dropOffsets = db.prepare<{ id: number; offsets: string; now: number }>(`
    UPDATE scheduled_work SET state = 'skipped', outcome = '${DROPPED}', finished_at = @now
    WHERE discussion_id = @id AND kind = 'reminder' AND state = 'pending'
      AND offset_minutes NOT IN (SELECT value FROM json_each(@offsets))`);
  const due = db.prepare<
    { now: number; limit: number },
    WorkRow & { starts_at: number; status: string; announced_at: number | null }
  >(`
    SELECT w.*, d.starts_at, d.status, d.announced_at FROM scheduled_work w JOIN discussions d ON d.id = w.discussion_id
    WHERE w.state = 'pending' AND w.due_at <= @now ORDER BY w.due_at, w.discussion_id LIMIT @limit`);
  const claim = db.prepare<WorkKey & { holder: string; now: number }>(`
    UPDATE scheduled_work SET state = 'claimed', claimed_by = @holder, claimed_at = @now, attempted_at = NULL
    WHERE discussion_id = @discussionId AND kind = @kind AND offset_minutes = @offsetMinutes AND state = 'pending'`);
  const skip = db.prepare<WorkKey & { reason: string; now: number }>(`
    UPDATE scheduled_work SET state = 'skipped', outcome = @reason, finished_at = @now
    WHERE discussion_id = @discussionId AND kind = @kind AND offset_minutes = @offsetMinutes AND state = 'pending'`);
  const finish = db.prepare<WorkKey & { holder: string; state: WorkState; outcome: string; now: number }>(`
    UPDATE scheduled_work SET state = @state, outcome = @outcome, finished_at = @now
    WHERE discussion_id = @discussionId AND kind = @kind AND offset_minutes = @offsetMinutes
      AND state = 'claimed' AND claimed_by = @holder`);
  // Only while the claim is still this holder's: a claim handed back meanwhile (this process stalled past its
  // lease) may be another's by now, and must not be sent from here too.
  const attempt = db.prepare<WorkKey & { holder: string; now: number }>(`
    UPDATE scheduled_work SET attempted_at = @now
    WHERE discussion_id = @discussionId AND kind = @kind AND offset_minutes = @offsetMinutes
      AND state = 'claimed' AND claimed_by = @holder`);
  const release = db.prepare<WorkKey & { holder: string }>(`
    UPDATE scheduled_work SET state = 'pending', claimed_by = NULL, claimed_at = NULL, attempted_at = NULL
    WHERE discussion_id = @discussionId AND kind = @kind AND offset_minutes = @offsetMinutes
      AND state = 'claimed' AND claimed_by = @holder`);
  const outcomeOf = db.prepare<WorkKey & { holder: string }, { outcome: string | null }>(`
    SELECT outcome FROM scheduled_work
    WHERE discussion_id = @discussionId AND kind = @kind AND offset_minutes = @offsetMinutes
      AND state = 'claimed' AND claimed_by = @holder`);
  const postpone = db.prepare<WorkKey & { holder: string; reason: string }>(`
    UPDATE scheduled_work SET state = 'pending', claimed_by = NULL, claimed_at = NULL, attempted_at = NULL,
      outcome = @reason
    WHERE discussion_id = @discussionId AND kind = @kind AND offset_minutes = @offsetMinutes
      AND state = 'claimed' AND claimed_by = @holder`);
  const abandon = db.prepare<{ holder: string; before: number; now: number }, WorkRow>(`
    UPDATE scheduled_work SET state = 'failed', finished_at = @now,
      outcome = 'abandoned: its process stopped in the middle of its send; not retried (at most once)'
    WHERE state = 'claimed' AND claimed_by != @holder AND claimed_at < @before AND kind != 'reminder'
      AND attempted_at IS NOT NULL RETURNING *`);
  // Claimed in the same batch as the item being sent, but never tried: nothing went out, so it is due again.
  const handBack = db.prepare<{ holder: string; before: number }, WorkRow>(`
    UPDATE scheduled_work SET state = 'pending', claimed_by = NULL, claimed_at = NULL,
      outcome = 'handed back: its process stopped before trying it'
    WHERE state = 'claimed' AND claimed_by != @holder AND claimed_at < @before AND kind != 'reminder'
      AND attempted_at IS NULL RETURNING *`);
  // A reminder records each member before reaching them (work_recipients), so it can go on where it stopped.
  const resume = db.prepare<{ holder: string; before: number }, WorkRow>(`
    UPDATE scheduled_work SET state = 'pending', claimed_by = NULL, claimed_at = NULL, attempted_at = NULL,
      outcome = 'resumed: left unfinished by a process that stopped; members already taken are not reached again'
    WHERE state = 'claimed' AND claimed_by != @holder AND claimed_at < @before AND kind = 'reminder' RETURNING *`);
  const markPlanned = db.prepare<{ id: number; plannedFor: string | null }>(
    'UPDATE discussions SET planned_for = @plannedFor WHERE id = @id',
  );
  const inFlight = db.prepare<[number], { one: number }>(
    "SELECT 1 AS one FROM scheduled_work WHERE discussion_id = ? AND state = 'claimed' LIMIT 1",
  );
  const waiting = db.prepare<[number], { n: number }>(
    "SELECT count(*) AS n FROM scheduled_work WHERE state = 'pending' AND due_at <= ?",
  );
  const forDiscussion = db.prepare<[number], WorkRow>(
    'SELECT * FROM scheduled_work WHERE discussion_id = ? ORDER BY due_at, kind, offset_minutes',
  );

  const keyOf = (key: WorkKey): WorkKey => ({
    discussionId: key.discussionId,
    kind: key.kind,
    offsetMinutes: key.offsetMinutes,
  });

  function addItem(key: WorkKey, dueAt: number, now: number, skipReason?: string): void {
    insert.run({
      discussionId: key.discussionId,
      kind: key.kind,
      offset: key.offsetMinutes,
      dueAt,
      state: skipReason ? 'skipped' : 'pending',
      outcome: skipReason ?? null,
      now,
    });
  }

  function planAll(now: number): WorkItem[] {
    const rearmed: WorkItem[] = [];
    for (const row of upcoming.all({ since: now - START_POST_GRACE_MS })) {
      const offsets = offsetsOf(row);
      const json = JSON.stringify(offsets);
      const plannedFor = `${row.starts_at} ${json}`;
      if (row.planned_for === plannedFor) continue;
      for (const offset of offsets) {
        const dueAt = row.starts_at - offset * 60_000;
        // An offset already past when the discussion was scheduled, or when it was added to a discussion planned
        // before (/setup or /fireside edit reminders:), is not a reminder anyone missed: sending it now would be a
        // burst. An offset planned before keeps its row, so one that fell due while the bot was down is still sent.
        const late =
          dueAt <= row.created_at
            ? 'the offset had passed when the discussion was scheduled'
            : row.planned && dueAt <= now
              ? 'the offset had passed when it was added'
              : undefined;
        addItem({ discussionId: row.id, kind: 'reminder', offsetMinutes: offset }, dueAt, now, late);
      }
      addItem({ discussionId: row.id, kind: 'start', offsetMinutes: 0 }, row.starts_at, now);
      rearmed.push(...rearm.all({ id: row.id, startsAt: row.starts_at, now, offsets: json }).map(toItem));
      rearmed.push(...restore.all({ id: row.id, startsAt: row.starts_at, now, offsets: json }).map(toItem));
      follow.run({ id: row.id, startsAt: row.starts_at, now });
      dropOffsets.run({ id: row.id, offsets: json, now });
      // Rearming leaves a claimed row alone: plan again next tick, when it may be done and due again.
      markPlanned.run({ id: row.id, plannedFor: inFlight.get(row.id) ? null : plannedFor });
    }
    return rearmed;
  }

  return {
    /** Due and not sent yet (the metrics' gauge). */
    dueWaiting: (now: number): number => (waiting.get(now) as { n: number }).n,
    /** Adds a series occurrence's announcement; call inside the transaction that creates the occurrence. */
    addAnnouncement(discussionId: number, startsAt: number, beforeMinutes: number, now: number): void {
      addItem({ discussionId, kind: 'announce', offsetMinutes: beforeMinutes }, startsAt - beforeMinutes * 60_000, now);
    },
    /**
     * Brings the reminders and start post of every upcoming discussion in line with its current time and offsets.
     * Idempotent: rows already there are kept, so a reminder sent stays sent while the time stays; when the time
     * moved, done rows whose new moment is ahead are pending again (returned, for the log). claimDue runs it too.
     */
    plan: db.transaction((now: number): WorkItem[] => planAll(now)),
    /**
     * Reads what is due, applies the catch-up rules and claims what is to be sent, all in one IMMEDIATE
     * transaction: the write lock is taken first, so a second process waits and then sees the rows as claimed.
     */
    claimDue(
      now: number,
      holder: string,
      limit = 200,
    ): { claimed: DueItem[]; skipped: Decision[]; rearmed: WorkItem[] } {
      return db
        .transaction(() => {
          // Planned in the same transaction, so a time edited since the last plan is never claimed at its old moment.
          const rearmed = planAll(now);
          const items: DueItem[] = due.all({ now, limit }).map((row) => ({
            discussionId: row.discussion_id,
            kind: row.kind,
            offsetMinutes: row.offset_minutes,
            dueAt: row.due_at,
            startsAt: row.starts_at,
            cancelled: row.status === 'cancelled',
            announced: row.announced_at !== null,
          }));
          const claimed: DueItem[] = [];
          const skipped: Decision[] = [];
          for (const decision of decide(items, now)) {
            const key = {
              discussionId: decision.item.discussionId,
              kind: decision.item.kind,
              offsetMinutes: decision.item.offsetMinutes,
            };
            if (decision.send) {
              if (claim.run({ ...key, holder, now }).changes === 1) claimed.push(decision.item);
            } else if (skip.run({ ...key, reason: decision.reason, now }).changes === 1) {
              skipped.push(decision);
            }
          }
          return { claimed, skipped, rearmed };
        })
        .immediate();
    },
    /** Ends a claim this holder still has; false when another process has taken it over meanwhile. */
    finish(key: WorkKey, holder: string, state: 'sent' | 'failed' | 'skipped', outcome: string, now: number): boolean {
      const result = finish.run({
        discussionId: key.discussionId,
        kind: key.kind,
        offsetMinutes: key.offsetMinutes,
        holder,
        state,
        outcome,
        now,
      });
      return result.changes === 1;
    },
    /**
     * Marks a claim as being sent, in its own commit before the send; false when this holder no longer has it (taken
     * over while this process stalled): then it must not be sent.
     */
    attempt(key: WorkKey, holder: string, now: number): boolean {
      return attempt.run({ ...keyOf(key), holder, now }).changes === 1;
    },
    /** Hands back a claim that was never acted on (stopping before its turn): safe, nothing was sent. */
    release(key: WorkKey, holder: string): void {
      release.run({ discussionId: key.discussionId, kind: key.kind, offsetMinutes: key.offsetMinutes, holder });
    },
    /**
     * Hands back a claim refused before anything was sent (a missing permission), noting why on the row, so a
     * later tick tries again while decide() finds it useful. True when the reason is new (log it once, not per tick).
     */
    postpone: db.transaction((key: WorkKey, holder: string, reason: string): boolean => {
      const before = outcomeOf.get({ ...keyOf(key), holder });
      if (!before) return false;
      postpone.run({ ...keyOf(key), holder, reason });
      return before.outcome !== reason;
    }),
    /**
     * Claims another process left behind when it died. Announcements and start posts it had begun to send are marked
     * failed, never re-sent (Discord cannot tell whether they went out); those it never tried are pending again;
     * reminders are pending again, to go on with the members they had not reached.
     */
    abandonStale: db.transaction((holder: string, before: number, now: number) => ({
      abandoned: abandon.all({ holder, before, now }).map(toItem),
      handedBack: handBack.all({ holder, before }).map(toItem),
      resumed: resume.all({ holder, before }).map(toItem),
    })),
    forDiscussion(discussionId: number): WorkItem[] {
      return forDiscussion.all(discussionId).map(toItem);
    },
  };
}
