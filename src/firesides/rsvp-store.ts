import { UserError } from '../core/errors.js';
import { createGroupCommit } from '../db/group-commit.js';
import type { Db } from '../db/open.js';
import { type DiscussionRow, toDiscussion } from './discussion-store.js';
import { requireOpen } from './open.js';
import type { PromotionNoticeStore } from './promotion-notice-store.js';
import type { Discussion, Rsvp, RsvpChange, RsvpChoice, RsvpCounts, RsvpStatus } from './types.js';

interface RsvpRow {
  discussion_id: number;
  user_id: string;
  status: RsvpStatus;
  first_clicked_at: number;
  status_since: number;
  position: number;
}

export const PURGED_TEXT =
  'This discussion has already taken place, and what members answered or asked for it is no longer kept. See `/fireside list` for upcoming discussions.';

function toRsvp(row: RsvpRow): Rsvp {
  return {
    discussionId: row.discussion_id,
    userId: row.user_id,
    status: row.status,
    firstClickedAt: row.first_clicked_at,
    statusSince: row.status_since,
    position: row.position,
  };
}

export type RsvpStore = ReturnType<typeof createRsvpStore>;

/** A member's answer erased: what it was (null when there was none) and who moved up into its place. */
export type ErasedAnswer = Pick<RsvpChange, 'before' | 'changed' | 'promoted'>;

/**
 * One row per member and discussion. Capacity and the waitlist are enforced here, inside one transaction per click,
 * so two members clicking Going for the last spot at once cannot both get it.
 */
export function createRsvpStore(db: Db, notices: Pick<PromotionNoticeStore, 'owe'>) {
  const select = db.prepare<[number, string], RsvpRow>('SELECT * FROM rsvps WHERE discussion_id = ? AND user_id = ?');
  const byStatus = db.prepare<[number, RsvpStatus], RsvpRow>(
    'SELECT * FROM rsvps WHERE discussion_id = ? AND status = ? ORDER BY position',
  );
  // A purged discussion (retention) has no rows left to count: the counts taken at the purge stand in for them.
  const kept = (status: RsvpStatus, column: string) =>
    `SELECT '${status}', ${column} FROM discussions WHERE id = @id AND purged_at IS NOT NULL`;
  const countRows = db.prepare<{ id: number }, { status: RsvpStatus; n: number }>(
    `SELECT status, n FROM rsvp_counts WHERE discussion_id = @id
    UNION ALL ${kept('going', 'kept_going')} UNION ALL ${kept('maybe', 'kept_maybe')}
    UNION ALL ${kept('no', 'kept_declined')} UNION ALL ${kept('waitlist', 'kept_waitlisted')}`,
  );
  const discussionRow = db.prepare<[number], DiscussionRow>('SELECT * FROM discussions WHERE id = ?');
  const lastPosition = db.prepare<[number], { last: number }>(
    'SELECT coalesce(max(position), 0) AS last FROM rsvps WHERE discussion_id = ?',
  );
  const nextPosition = db.prepare<[number], { next: number }>(
    'SELECT coalesce(max(position), 0) + 1 AS next FROM rsvps WHERE discussion_id = ?',
  );
  const upsert = db.prepare<{
    discussionId: number;
    userId: string;
    status: RsvpStatus;
    now: number;
    position: number;
  }>(`
    INSERT INTO rsvps (discussion_id, user_id, status, first_clicked_at, status_since, position)
    VALUES (@discussionId, @userId, @status, @now, @now, @position)
    ON CONFLICT (discussion_id, user_id) DO UPDATE SET
      status = excluded.status, status_since = excluded.status_since, position = excluded.position`);
  const remove = db.prepare<[number, string], { status: RsvpStatus }>(
    'DELETE FROM rsvps WHERE discussion_id = ? AND user_id = ? RETURNING status',
  );
  const waitlistRank = db.prepare<[number, number], { rank: number }>(
    "SELECT count(*) AS rank FROM rsvps WHERE discussion_id = ? AND status = 'waitlist' AND position <= ?",
  );
  const mine = db.prepare<
    { guildId: string; userId: string; now: number },
    DiscussionRow & { rsvp_status: RsvpStatus }
  >(`
    SELECT d.*, r.status AS rsvp_status FROM rsvps r JOIN discussions d ON d.id = r.discussion_id
    WHERE d.guild_id = @guildId AND r.user_id = @userId AND d.status = 'scheduled' AND d.announced_at IS NOT NULL
      AND d.starts_at + d.duration_minutes * 60000 > @now AND r.status != 'no'
    ORDER BY d.starts_at, d.id LIMIT 25`);

  /** 1 for the first in line; undefined when the member is not waiting. */
  function waitlistPosition(discussionId: number, userId: string): number | undefined {
    const row = select.get(discussionId, userId);
    if (row?.status !== 'waitlist') return undefined;
    return waitlistRank.get(discussionId, row.position)?.rank;
  }

  function counts(discussionId: number): RsvpCounts {
    const result: RsvpCounts = { going: 0, maybe: 0, no: 0, waitlist: 0 };
    for (const row of countRows.all({ id: discussionId })) result[row.status] += row.n;
    return result;
  }

  function write(discussionId: number, userId: string, status: RsvpStatus, now: number): void {
    const position = nextPosition.get(discussionId)?.next ?? 1;
    upsert.run({ discussionId, userId, status, now, position });
  }

  /**
   * Moves members from the waitlist to Going, in waitlist order, while there is room, and owes each the notice of it
   * in the same commit (tellPromoted sends it; the scheduler, if this process stops first). Call inside a transaction.
   */
  function fillFromWaitlist(discussionId: number, now: number): string[] {
    const discussion = discussionRow.get(discussionId);
    // A cancelled discussion has no seats to give: moving members up would only tell them they are going to it.
    if (discussion?.status === 'cancelled') return [];
    const limit = discussion?.capacity ?? null;
    const waiting = byStatus.all(discussionId, 'waitlist');
    const room = limit === null ? waiting.length : Math.max(0, limit - counts(discussionId).going);
    const promoted = waiting.slice(0, room).map((row) => row.user_id);
    for (const userId of promoted) write(discussionId, userId, 'going', now);
    notices.owe(discussionId, promoted, now);
    return promoted;
  }

  /**
   * Records a member's choice. Going past capacity, or while others wait, joins the waitlist; a Going member stepping
   * back promotes the first in line in the same transaction. Choosing what one already has writes nothing. Runs
   * inside a transaction: `set`'s own, or the group commit of `record`.
   */
  function change(discussionId: number, userId: string, choice: RsvpChoice, now: number): RsvpChange {
    // Checked in the transaction that writes: a click that passed requireOpen in a process whose purge (or another
    // process's) committed meanwhile must not leave a member's row on a discussion nobody will purge again, nor tell
    // a member they are going to a discussion cancelled (or over) since the click was read.
    const row = discussionRow.get(discussionId);
    if (row?.purged_at != null) throw new UserError(PURGED_TEXT);
    const discussion = row && toDiscussion(row);
    if (discussion) requireOpen(discussion, new Date(now));
    const before = select.get(discussionId, userId)?.status ?? null;
    const alreadyThere = before === choice || (choice === 'going' && before === 'waitlist');
    if (alreadyThere) return { before, after: before, changed: false, promoted: [] };
    // Nobody passes those waiting: while anyone waits, Going joins the end of the line, and the line is then filled
    // in order, so a seat found free here (a capacity raised and not filled yet) goes to the first in line.
    let after: RsvpStatus = choice;
    if (choice === 'going') {
      const limit = discussion?.capacity ?? null;
      const { going, waitlist } = counts(discussionId);
      if (waitlist > 0 || (limit !== null && going >= limit)) after = 'waitlist';
    }
    write(discussionId, userId, after, now);
    const filled = before === 'going' || after === 'waitlist' ? fillFromWaitlist(discussionId, now) : [];
    // The member learns where they stand from the reply; only the others moved up are told.
    if (filled.includes(userId)) after = 'going';
    const promoted = filled.filter((id) => id !== userId);
    return { before, after, changed: true, promoted };
  }

  /**
   * Erases the member's answer (/privacy forget). A Going place it frees goes to the waitlist as when they step back
   * (`change`), where `fill` says the discussion still takes place. Call inside a transaction.
   */
  function erase(discussionId: number, userId: string, now: number, fill: boolean): ErasedAnswer {
    const before = remove.get(discussionId, userId)?.status ?? null;
    const promoted = before === 'going' && fill ? fillFromWaitlist(discussionId, now) : [];
    return { before, changed: before !== null, promoted };
  }
  const commits = createGroupCommit(db);

  return {
    get(discussionId: number, userId: string): Rsvp | undefined {
      const row = select.get(discussionId, userId);
      return row && toRsvp(row);
    },
    listByStatus(discussionId: number, status: RsvpStatus): Rsvp[] {
      return byStatus.all(discussionId, status).map(toRsvp);
    },
    counts,
    /** Grows with every change of any member's answer to the discussion: a cheap way to tell that counts moved. */
    version(discussionId: number): number {
      return lastPosition.get(discussionId)?.last ?? 0;
    },
    waitlistPosition,
    set: db.transaction(change),
    /**
     * `set`, committed together with the other answers asked for in the same turn of the event loop. The waitlist
     * place is read with the write: a later answer of the same batch may already have moved the member up.
     */
    record(
      discussionId: number,
      userId: string,
      choice: RsvpChoice,
      now: number,
    ): Promise<RsvpChange & { waitlistPosition: number | undefined }> {
      return commits.run(() => {
        const made = change(discussionId, userId, choice, now);
        const position = made.after === 'waitlist' ? waitlistPosition(discussionId, userId) : undefined;
        return { ...made, waitlistPosition: position };
      });
    },
    erase,
    /** After an edit raised or removed the capacity. */
    fillFromWaitlist: db.transaction(fillFromWaitlist),
    /** The member's upcoming discussions with their status (declined ones left out). */
    listForUser(guildId: string, userId: string, now: number): { discussion: Discussion; status: RsvpStatus }[] {
      return mine
        .all({ guildId, userId, now })
        .map((row) => ({ discussion: toDiscussion(row), status: row.rsvp_status }));
    },
  };
}
