import type { Db } from '../db/open.js';
import type { ReminderDelivery } from '../firesides/index.js';
import type { TakeMembers, Via } from './recipient-store.js';

export type ManualAudience = 'going' | 'going-and-maybe';
export type ManualState = 'running' | 'sent' | 'skipped' | 'failed';

export interface ManualReminder {
  id: number;
  discussionId: number;
  requestedBy: string;
  audience: ManualAudience;
  delivery: ReminderDelivery;
  note: string | null;
  state: ManualState;
  heartbeatAt: number;
  outcome: string | null;
}

interface Row {
  id: number;
  discussion_id: number;
  requested_by: string;
  audience: ManualAudience;
  delivery: ReminderDelivery;
  note: string | null;
  state: ManualState;
  heartbeat_at: number;
  outcome: string | null;
}

const toReminder = (row: Row): ManualReminder => ({
  id: row.id,
  discussionId: row.discussion_id,
  requestedBy: row.requested_by,
  audience: row.audience,
  delivery: row.delivery,
  note: row.note,
  state: row.state,
  heartbeatAt: row.heartbeat_at,
  outcome: row.outcome,
});

export type ManualReminderStore = ReturnType<typeof createManualReminderStore>;

/**
 * Moderators' reminders (/remind) and the members each has taken. A reminder is recorded before its first send;
 * every member is taken in its own commit just before the DM or post that reaches them, which also renews the
 * reminder's heartbeat. One whose heartbeat stops (its process died) is claimed by the scheduler's lease holder and
 * goes on with the members nobody had taken: at most once per member, and a crash costs only the sends in flight.
 */
export function createManualReminderStore(db: Db) {
  const runningFor = db.prepare<[number], Row>(
    "SELECT * FROM manual_reminders WHERE discussion_id = ? AND state = 'running' ORDER BY id LIMIT 1",
  );
  const insert = db.prepare<
    { discussionId: number; requestedBy: string; audience: string; delivery: string; note: string | null; now: number },
    Row
  >(`
    INSERT INTO manual_reminders (discussion_id, requested_by, audience, delivery, note, heartbeat_at, created_at)
    VALUES (@discussionId, @requestedBy, @audience, @delivery, @note, @now, @now) RETURNING *`);
  const get = db.prepare<[number], Row>('SELECT * FROM manual_reminders WHERE id = ?');
  const takeOne = db.prepare<{ id: number; via: Via; userId: string }>(`
    INSERT INTO manual_reminder_recipients (reminder_id, via, user_id) VALUES (@id, @via, @userId)
    ON CONFLICT DO NOTHING`);
  const beat = db.prepare<{ id: number; now: number }>(
    "UPDATE manual_reminders SET heartbeat_at = max(heartbeat_at, @now) WHERE id = @id AND state = 'running'",
  );
  const count = db.prepare<[number], { n: number }>(
    'SELECT count(*) AS n FROM manual_reminder_recipients WHERE reminder_id = ?',
  );
  const finish = db.prepare<{ id: number; state: ManualState; outcome: string; now: number }>(`
    UPDATE manual_reminders SET state = @state, outcome = @outcome, finished_at = @now
    WHERE id = @id AND state = 'running'`);
  // Taking a stale row renews its heartbeat in the same statement, so two lease holders in turn cannot both take it.
  const claimStale = db.prepare<{ before: number; now: number }, Row>(`
    UPDATE manual_reminders SET heartbeat_at = @now,
      outcome = 'resumed: left unfinished by a process that stopped; members already taken are not reached again'
    WHERE state = 'running' AND heartbeat_at < @before RETURNING *`);

  const take = db.transaction((id: number, via: Via, userIds: readonly string[], now: number) => {
    beat.run({ id, now });
    return userIds.filter((userId) => takeOne.run({ id, via, userId }).changes === 1);
  });

  return {
    /**
     * Records a reminder about to be sent, unless one of the same discussion is still running (being sent, or left
     * by a process that stopped and about to go on): then that one is returned, with how many sends it has taken.
     */
    begin: db.transaction(
      (
        input: Pick<ManualReminder, 'discussionId' | 'requestedBy' | 'audience' | 'delivery' | 'note'>,
        now: number,
      ): { started: ManualReminder } | { running: ManualReminder; taken: number } => {
        const running = runningFor.get(input.discussionId);
        if (running) return { running: toReminder(running), taken: count.get(running.id)?.n ?? 0 };
        return { started: toReminder(insert.get({ ...input, now }) as Row) };
      },
    ),
    get(id: number): ManualReminder | undefined {
      const row = get.get(id);
      return row && toReminder(row);
    },
    /** `take` bound to one reminder; each call is one commit that also renews the heartbeat. */
    taker(id: number, now: () => number): TakeMembers {
      return (via, userIds) => take(id, via, userIds, now());
    },
    /** How many (member, way) pairs the reminder has taken so far. */
    taken(id: number): number {
      return count.get(id)?.n ?? 0;
    },
    finish(id: number, state: Exclude<ManualState, 'running'>, outcome: string, now: number): void {
      finish.run({ id, state, outcome: outcome.slice(0, 300), now });
    },
    /** Running reminders whose heartbeat is older than `before`: their process stopped. Claimed by renewing it. */
    claimStale(before: number, now: number): ManualReminder[] {
      return claimStale.all({ before, now }).map(toReminder);
    },
  };
}
