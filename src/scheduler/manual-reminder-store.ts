import type { Db } from '../db/open.js';
import type { ReminderDelivery } from '../firesides/index.js';
import { LEASE_TTL_MS } from './lease-store.js';
import { createMentionsLedger, type MentionsOwed, manualBatch } from './mentions-owed.js';
import type { BatchProgress, Via } from './recipient-store.js';

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
  holder: string;
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
  holder: string;
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
  holder: row.holder,
  heartbeatAt: row.heartbeat_at,
  outcome: row.outcome,
});

/** How often the process sending a reminder renews its heartbeat: a sixth of the scheduler's lease. */
export const HEARTBEAT_MS = LEASE_TTL_MS / 6;

/** SQL true while member @userId is in the audience of manual reminder @id: going, or going and maybe. */
const IN_AUDIENCE = `EXISTS (
  SELECT 1 FROM manual_reminders m JOIN rsvps r ON r.discussion_id = m.discussion_id
  WHERE m.id = @id AND r.user_id = @userId
    AND (r.status = 'going' OR (r.status = 'maybe' AND m.audience = 'going-and-maybe')))`;

export type ManualReminderStore = ReturnType<typeof createManualReminderStore>;

/**
 * Moderators' reminders (/remind) and the members each has taken. A reminder is recorded before its first send and
 * every member is taken in its own commit just before the DM or post that reaches them. The process sending it
 * (`processId`, one per running bot) renews its heartbeat every HEARTBEAT_MS; when that stops (the process died),
 * the scheduler's lease holder takes the reminder over and goes on with the members nobody had taken: at most once
 * per member, and a crash costs only the sends in flight. A process never takes over a reminder it is still sending.
 */
export function createManualReminderStore(db: Db, processId: string) {
  const runningFor = db.prepare<[number], Row>(
    "SELECT * FROM manual_reminders WHERE discussion_id = ? AND state = 'running'",
  );
  const insert = db.prepare<
    {
      discussionId: number;
      requestedBy: string;
      audience: string;
      delivery: string;
      note: string | null;
      holder: string;
      now: number;
    },
    Row
  >(`
    INSERT INTO manual_reminders (discussion_id, requested_by, audience, delivery, note, holder, heartbeat_at, created_at)
    VALUES (@discussionId, @requestedBy, @audience, @delivery, @note, @holder, @now, @now) RETURNING *`);
  const get = db.prepare<[number], Row>('SELECT * FROM manual_reminders WHERE id = ?');
  // Checked in the statement that takes the member: a reminder works from the audience read at its start, and a
  // member who answered "Can't go" or ran /privacy forget since is neither reached nor recorded.
  const takeOne = db.prepare<{ id: number; via: Via; userId: string }>(`
    INSERT INTO manual_reminder_recipients (reminder_id, via, user_id) SELECT @id, @via, @userId WHERE ${IN_AUDIENCE}
    ON CONFLICT DO NOTHING`);
  const inAudience = db.prepare<{ id: number; userId: string }, number>(`SELECT ${IN_AUDIENCE}`).pluck();
  const keep = (id: number, userIds: readonly string[]) =>
    userIds.filter((userId) => inAudience.get({ id, userId }) === 1);
  const beat = db.prepare<{ id: number; holder: string; now: number }>(`
    UPDATE manual_reminders SET heartbeat_at = max(heartbeat_at, @now)
    WHERE id = @id AND state = 'running' AND holder = @holder`);
  const members = db.prepare<[number], { n: number }>(
    'SELECT count(DISTINCT user_id) AS n FROM manual_reminder_recipients WHERE reminder_id = ?',
  );
  const finish = db.prepare<{ id: number; holder: string; state: ManualState; outcome: string; now: number }>(`
    UPDATE manual_reminders SET state = @state, outcome = @outcome, finished_at = @now
    WHERE id = @id AND state = 'running' AND holder = @holder`);
  // One at a time, just before it is sent: taking it renews the heartbeat and names the new holder in one statement,
  // so no other process can take it too, and the reminders still queued behind it stay free for whoever holds the
  // lease next.
  const claimStale = db.prepare<{ before: number; holder: string; sending: string; now: number }, Row>(`
    UPDATE manual_reminders SET holder = @holder, heartbeat_at = @now,
      outcome = 'resumed: left unfinished (its process stopped, or could not record its end); members already taken are not reached again'
    WHERE id = (SELECT id FROM manual_reminders WHERE state = 'running' AND heartbeat_at < @before
      AND id NOT IN (SELECT value FROM json_each(@sending)) ORDER BY id LIMIT 1)
    RETURNING *`);

  const mentions = createMentionsLedger(db);
  const holderOf = { holder: processId };
  // The reminders this process is sending right now, whoever holds them since: never taken by it again while its
  // first send runs, however late the heartbeat. One of its own left running (its end could not be recorded) is
  // stale like any other once it is let go.
  const sending = new Set<number>();
  // A reminder taken over by another process (this one stalled past the lease) is theirs now: take nobody more.
  const take = db.transaction((id: number, via: Via, userIds: readonly string[], now: number) => {
    if (beat.run({ id, ...holderOf, now }).changes === 0) return [];
    return userIds.filter((userId) => takeOne.run({ id, via, userId }).changes === 1);
  });
  // A member is taken for the channel in the commit that settles their fallback mention: with `both` delivery, a
  // reminder resumed after that mention (its memory of whom it mentioned gone) must not mention them there again.
  // A debt is cleared whoever owns it; only a member still in the audience is mentioned for it.
  const settle = db.transaction((id: number, owed: MentionsOwed, userIds: readonly string[]) => {
    const settled = keep(id, owed.settle(userIds));
    for (const userId of settled) takeOne.run({ id, via: 'channel', userId });
    return settled;
  });
  const owe = db.transaction((id: number, owed: MentionsOwed, userIds: readonly string[]) =>
    owed.owe(keep(id, userIds)),
  );
  const begin = db.transaction(
    (
      input: Pick<ManualReminder, 'discussionId' | 'requestedBy' | 'audience' | 'delivery' | 'note'>,
      now: number,
    ): { started: ManualReminder } | { running: ManualReminder; reached: number } => {
      const running = runningFor.get(input.discussionId);
      if (running) return { running: toReminder(running), reached: members.get(running.id)?.n ?? 0 };
      return { started: toReminder(insert.get({ ...input, ...holderOf, now }) as Row) };
    },
  );

  return {
    processId,
    /**
     * Records a reminder about to be sent by this process, unless one of the same discussion is still running
     * (being sent, or left by a process that stopped and about to go on): then that one is returned, with how many
     * members it has reached. IMMEDIATE, so two processes cannot both start one.
     */
    begin(input: Pick<ManualReminder, 'discussionId' | 'requestedBy' | 'audience' | 'delivery' | 'note'>, now: number) {
      const begun = begin.immediate(input, now);
      if ('started' in begun) sending.add(begun.started.id);
      return begun;
    },
    get(id: number): ManualReminder | undefined {
      const row = get.get(id);
      return row && toReminder(row);
    },
    /**
     * Everything a reminder of this process records as it goes; each take is one commit that also renews the
     * heartbeat.
     */
    progress(reminder: Pick<ManualReminder, 'id' | 'discussionId'>, now: () => number): BatchProgress {
      const { id, discussionId } = reminder;
      const owed = mentions.of(manualBatch(id), discussionId);
      return {
        ...owed,
        take: (via, userIds) => take(id, via, userIds, now()),
        owe: (userIds) => owe(id, owed, userIds),
        settle: (userIds) => settle(id, owed, userIds),
        keep: (userIds) => keep(id, userIds),
      };
    },
    /** Renews the heartbeat of a reminder this process is sending; false once another process has taken it over. */
    beat(id: number, now: number): boolean {
      return beat.run({ id, ...holderOf, now }).changes === 1;
    },
    /** How many members the reminder has reached (or was reaching) so far, whichever way. */
    membersReached(id: number): number {
      return members.get(id)?.n ?? 0;
    },
    /**
     * Ends a reminder this process holds; one another process has taken over is left to it. Its mentions owed go
     * with it (trigger manual_ended_owed).
     */
    finish(id: number, state: Exclude<ManualState, 'running'>, outcome: string, now: number): void {
      finish.run({ id, ...holderOf, state, outcome: outcome.slice(0, 300), now });
    },
    /**
     * The oldest running reminder nobody is sending (its heartbeat is older than `before`), taken over by this
     * process, which then sends it.
     */
    claimStale(before: number, now: number): ManualReminder | undefined {
      const row = claimStale.get({ before, ...holderOf, sending: JSON.stringify([...sending]), now });
      if (row) sending.add(row.id);
      return row && toReminder(row);
    },
    /** This process no longer sends the reminder, finished or not. */
    letGo(id: number): void {
      sending.delete(id);
    },
  };
}
