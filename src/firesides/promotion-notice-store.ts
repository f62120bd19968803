import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open.js';

export type PromotionNoticeStore = ReturnType<typeof createPromotionNoticeStore>;

/** Notices a sweep finds still owed: per discussion, whom to DM and whom to mention instead (closed DMs). */
export interface OwedNotices {
  discussionId: number;
  dm: string[];
  mention: string[];
}

/**
 * The notices owed to members moved up from the waitlist (migration 024). `owe` runs in the transaction that moves
 * them up; the send takes each member just before their DM, so a notice is sent at most once and, short of a crash
 * in the middle of its own send, never lost.
 */
export function createPromotionNoticeStore(db: Db) {
  const insert = db.prepare<[number, string, number]>(`
    INSERT INTO promotion_notices (discussion_id, user_id, state, since) VALUES (?, ?, 'owed', ?)
    ON CONFLICT DO UPDATE SET state = 'owed', since = excluded.since`);
  // Only while they are still going to a discussion that still takes place: a member who stepped back (or was
  // erased) since is owed nothing, nor is anyone once it was cancelled (another process, meanwhile) or is over.
  const STILL_GOING = `EXISTS (SELECT 1 FROM rsvps WHERE discussion_id = @id AND user_id = @userId AND status = 'going')
    AND EXISTS (SELECT 1 FROM discussions WHERE id = @id AND status = 'scheduled'
      AND starts_at + duration_minutes * 60000 > @now)`;
  const takeGoing = db.prepare<{ id: number; userId: string; now: number; send: string }>(`
    UPDATE promotion_notices SET state = 'sending', since = @now, taken_by = @send
    WHERE discussion_id = @id AND user_id = @userId AND state = 'owed' AND ${STILL_GOING}`);
  const moveOwn = db.prepare<{ id: number; userId: string; from: string; to: string; now: number; send: string }>(`
    UPDATE promotion_notices SET state = @to, since = @now
    WHERE discussion_id = @id AND user_id = @userId AND state = @from AND taken_by = @send`);
  const removeOwn = db.prepare<{ id: number; userId: string; state: string; send: string }>(
    'DELETE FROM promotion_notices WHERE discussion_id = @id AND user_id = @userId AND state = @state AND taken_by = @send',
  );
  const stillGoing = db.prepare<{ id: number; userId: string; now: number }, { going: number }>(
    `SELECT ${STILL_GOING} AS going`,
  );
  const removeIn = db.prepare<{ id: number; userId: string; state: string }>(
    'DELETE FROM promotion_notices WHERE discussion_id = @id AND user_id = @userId AND state = @state',
  );
  const overdue = db.prepare<[number, number], { discussion_id: number; user_id: string; state: 'owed' | 'mention' }>(`
    SELECT discussion_id, user_id, state FROM promotion_notices
    WHERE state IN ('owed', 'mention') AND since <= ? ORDER BY since, discussion_id LIMIT ?`);
  const dropStale = db.prepare<[number]>("DELETE FROM promotion_notices WHERE state = 'sending' AND since <= ?");
  const dropAll = db.prepare<[number]>('DELETE FROM promotion_notices WHERE discussion_id = ?');

  const owe = (discussionId: number, userIds: readonly string[], now: number) => {
    for (const userId of userIds) insert.run(discussionId, userId, now);
  };
  /** Moves each member this send took from one state to the next; those not in `from` (erased, taken again) are left. */
  const step = db.transaction(
    (id: number, userIds: readonly string[], from: string, to: string, now: number, send: string) =>
      userIds.filter((userId) => moveOwn.run({ id, userId, from, to, now, send }).changes === 1),
  );
  const take = db.transaction((id: number, userIds: readonly string[], now: number, send: string) =>
    userIds.filter((userId) => {
      if (takeGoing.run({ id, userId, now, send }).changes === 1) return true;
      removeIn.run({ id, userId, state: 'owed' });
      return false;
    }),
  );
  const finish = db.transaction((id: number, userIds: readonly string[], send: string) => {
    for (const userId of userIds) removeOwn.run({ id, userId, state: 'sending', send });
  });
  // A mention owed since a closed DM is posted only to whom it still concerns, checked as the take is; `send`: only
  // those this send took (the sweep settles what a stopped process left, whoever took it).
  const settle = db.transaction((id: number, userIds: readonly string[], now: number, send?: string) =>
    userIds.filter(
      (userId) =>
        (send === undefined
          ? removeIn.run({ id, userId, state: 'mention' })
          : removeOwn.run({ id, userId, state: 'mention', send })
        ).changes === 1 && stillGoing.get({ id, userId, now })?.going === 1,
    ),
  );

  return {
    /** Call inside the transaction that moves the members up. */
    owe,
    /**
     * One send's record of one discussion's notices (sendToMembers' MemberProgress), and `finish` after it: the
     * notices this send took are done with, whatever became of each DM; never those another send (the sweep beside
     * a slow live send) holds.
     */
    progress(discussionId: number, now: () => number) {
      const send = randomUUID();
      const taken: string[] = [];
      return {
        take: (userIds: string[]) => {
          const mine = take(discussionId, userIds, now(), send);
          taken.push(...mine);
          return mine;
        },
        owe: (userIds: string[]) => void step(discussionId, userIds, 'sending', 'mention', now(), send),
        settle: (userIds: string[]) => settle(discussionId, userIds, now(), send),
        finish: () => finish(discussionId, taken, send),
      };
    },
    /** Takes mentions a stopped process left owed, just before they are posted: those still concerning the member. */
    settleLeft(discussionId: number, userIds: string[], now: number): string[] {
      return settle(discussionId, userIds, now);
    },
    /** Notices no send took within `since` (their process stopped first), oldest first, by discussion. */
    overdue(since: number, limit: number): OwedNotices[] {
      const byDiscussion = new Map<number, OwedNotices>();
      for (const row of overdue.all(since, limit)) {
        const entry = byDiscussion.get(row.discussion_id) ?? { discussionId: row.discussion_id, dm: [], mention: [] };
        byDiscussion.set(row.discussion_id, entry);
        (row.state === 'owed' ? entry.dm : entry.mention).push(row.user_id);
      }
      return [...byDiscussion.values()];
    },
    /** Notices whose send began before `before` and never ended: they may have gone out, so they are not sent again. */
    dropStale(before: number): number {
      return dropStale.run(before).changes;
    },
    /** A discussion cancelled or over owes nobody a notice that they are going. */
    dropAll(discussionId: number): void {
      dropAll.run(discussionId);
    },
  };
}
