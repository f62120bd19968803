import type { Db } from '../db/open.js';
import type { WorkKey } from './decide.js';
import { createMentionsLedger, type MentionsOwed, workBatch } from './mentions-owed.js';

export type Via = 'dm' | 'channel';

/** Takes members for one way of sending, just before the send; returns those no earlier attempt had taken. */
export type TakeMembers = (via: Via, userIds: readonly string[]) => string[];

/** What a resumable batch records as it goes: who it took, and who is owed a mention because their DMs are closed. */
export interface BatchProgress extends MentionsOwed {
  take: TakeMembers;
  /** Of these members, those still in the batch's audience now (a member who stepped back or was erased is not). */
  keep(userIds: readonly string[]): string[];
}

/**
 * SQL true while member @userId is in the audience of an automatic reminder of discussion @discussionId: going, or
 * maybe when the server reminds maybe too, and reminders not turned off in that server (reminderRecipients).
 */
const IN_AUDIENCE = `EXISTS (
  SELECT 1 FROM rsvps r JOIN discussions d ON d.id = r.discussion_id
  WHERE r.discussion_id = @discussionId AND r.user_id = @userId
    AND (r.status = 'going' OR (r.status = 'maybe' AND EXISTS (
      SELECT 1 FROM guild_settings s WHERE s.guild_id = d.guild_id AND s.remind_maybe = 1)))
    AND NOT EXISTS (SELECT 1 FROM member_reminder_prefs p
      WHERE p.guild_id = d.guild_id AND p.user_id = @userId AND p.reminders_on = 0))`;

export type RecipientStore = ReturnType<typeof createRecipientStore>;

/**
 * The members each reminder has reached, or was reaching when its process died. A member is taken in its own
 * commit before the DM or post that reaches them, so a resumed batch skips them: at most once per member, and a
 * crash costs only the sends that were in flight.
 */
export function createRecipientStore(db: Db) {
  // Checked in the statement that takes the member: a batch works from the audience read at its start, and a member
  // who answered "Can't go", turned reminders off or ran /privacy forget since is neither reached nor recorded.
  const insert = db.prepare<WorkKey & { via: Via; userId: string }>(`
    INSERT INTO work_recipients (discussion_id, kind, offset_minutes, via, user_id)
    SELECT @discussionId, @kind, @offsetMinutes, @via, @userId WHERE ${IN_AUDIENCE} ON CONFLICT DO NOTHING`);
  const inAudience = db.prepare<{ discussionId: number; userId: string }, number>(`SELECT ${IN_AUDIENCE}`).pluck();
  const keep = (discussionId: number, userIds: readonly string[]) =>
    userIds.filter((userId) => inAudience.get({ discussionId, userId }) === 1);
  const count = db.prepare<WorkKey, { n: number }>(`
    SELECT count(*) AS n FROM work_recipients
    WHERE discussion_id = @discussionId AND kind = @kind AND offset_minutes = @offsetMinutes`);
  const take = db.transaction((key: WorkKey, via: Via, userIds: readonly string[]) => {
    const { discussionId, kind, offsetMinutes } = key;
    return userIds.filter((userId) => insert.run({ discussionId, kind, offsetMinutes, via, userId }).changes === 1);
  });
  const mentions = createMentionsLedger(db);
  // A member is taken for the channel in the commit that settles their fallback mention: with `both` delivery, a
  // batch resumed after that mention (its memory of whom it mentioned gone) must not mention them there again.
  // A debt is cleared whoever owns it; only a member still in the audience is mentioned for it.
  const settle = db.transaction((key: WorkKey, owed: MentionsOwed, userIds: readonly string[]) => {
    const settled = keep(key.discussionId, owed.settle(userIds));
    take(key, 'channel', settled);
    return settled;
  });
  const owe = db.transaction((key: WorkKey, owed: MentionsOwed, userIds: readonly string[]) =>
    owed.owe(keep(key.discussionId, userIds)),
  );
  return {
    /**
     * Everything one item of due work records as it goes. Its mentions owed end with it (trigger work_ended_owed),
     * or when it moves to another time (work_moved_owed).
     */
    progress(key: WorkKey): BatchProgress {
      const owed = mentions.of(workBatch(key), key.discussionId);
      return {
        ...owed,
        take: (via, userIds) => take(key, via, userIds),
        owe: (userIds) => owe(key, owed, userIds),
        settle: (userIds) => settle(key, owed, userIds),
        keep: (userIds) => keep(key.discussionId, userIds),
      };
    },
    /** How many (member, way) pairs the item has taken so far. */
    taken(key: WorkKey): number {
      const { discussionId, kind, offsetMinutes } = key;
      return count.get({ discussionId, kind, offsetMinutes })?.n ?? 0;
    },
  };
}
