import type { Db } from '../db/open.js';
import type { WorkKey } from './decide.js';
import { createMentionsLedger, type MentionsOwed, workBatch } from './mentions-owed.js';

export type Via = 'dm' | 'channel';

/** Takes members for one way of sending, just before the send; returns those no earlier attempt had taken. */
export type TakeMembers = (via: Via, userIds: readonly string[]) => string[];

/** What a resumable batch records as it goes: who it took, and who is owed a mention because their DMs are closed. */
export interface BatchProgress extends MentionsOwed {
  take: TakeMembers;
}

export type RecipientStore = ReturnType<typeof createRecipientStore>;

/**
 * The members each reminder has reached, or was reaching when its process died. A member is taken in its own
 * commit before the DM or post that reaches them, so a resumed batch skips them: at most once per member, and a
 * crash costs only the sends that were in flight.
 */
export function createRecipientStore(db: Db) {
  const insert = db.prepare<WorkKey & { via: Via; userId: string }>(`
    INSERT INTO work_recipients (discussion_id, kind, offset_minutes, via, user_id)
    VALUES (@discussionId, @kind, @offsetMinutes, @via, @userId) ON CONFLICT DO NOTHING`);
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
  const settle = db.transaction((key: WorkKey, owed: MentionsOwed, userIds: readonly string[]) => {
    const settled = owed.settle(userIds);
    take(key, 'channel', settled);
    return settled;
  });
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
        settle: (userIds) => settle(key, owed, userIds),
      };
    },
    /** How many (member, way) pairs the item has taken so far. */
    taken(key: WorkKey): number {
      const { discussionId, kind, offsetMinutes } = key;
      return count.get({ discussionId, kind, offsetMinutes })?.n ?? 0;
    },
  };
}
