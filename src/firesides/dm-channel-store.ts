import type { Db } from '../db/open.js';

/**
 * How long a member's closed DMs are taken as still closed: a week, so that a weekly discussion's reminders cost
 * one refused DM a week per such member instead of one per reminder, while a member who opens their DMs again gets
 * reminders by DM within a week (and a mention in the channel meanwhile).
 */
export const CLOSED_DMS_RETRY_MS = 7 * 24 * 3_600_000;

/**
 * SQL true when the member `user` (an SQL expression) still has something the bot may DM them about in any server:
 * an answer, an interest in a page, a mention owed. DM records are kept for such members only: the retention sweep
 * deletes the others', and a DM that ends after /privacy forget erased the member (it may have been on its way in
 * another process) stores none. A moderator with none of these is sent a note without its channel remembered.
 */
export const hasDmReason = (user: string) => `(
  EXISTS (SELECT 1 FROM rsvps WHERE user_id = ${user})
  OR EXISTS (SELECT 1 FROM topic_interest WHERE user_id = ${user})
  OR EXISTS (SELECT 1 FROM mentions_owed WHERE user_id = ${user}))`;

/**
 * The DM channel Discord gave for each member. It does not change, so remembering it saves one request per DM:
 * a reminder batch to 1,000 members then takes 1,000 requests instead of 2,000 under the global rate limit.
 */
export function createDmChannelStore(db: Db) {
  const select = db.prepare<[string], { channel_id: string }>('SELECT channel_id FROM dm_channels WHERE user_id = ?');
  const upsert = db.prepare<{ user: string; channel: string }>(`
    INSERT INTO dm_channels (user_id, channel_id) SELECT @user, @channel WHERE ${hasDmReason('@user')}
    ON CONFLICT (user_id) DO UPDATE SET channel_id = excluded.channel_id`);
  const remove = db.prepare<[string]>('DELETE FROM dm_channels WHERE user_id = ?');
  const closedAt = db.prepare<[string], { closed_at: number }>('SELECT closed_at FROM dms_closed WHERE user_id = ?');
  const close = db.prepare<{ user: string; at: number }>(`
    INSERT INTO dms_closed (user_id, closed_at) SELECT @user, @at WHERE ${hasDmReason('@user')}
    ON CONFLICT (user_id) DO UPDATE SET closed_at = excluded.closed_at`);
  const reopen = db.prepare<[string]>('DELETE FROM dms_closed WHERE user_id = ?');
  return {
    get(userId: string): string | undefined {
      return select.get(userId)?.channel_id;
    },
    /** Remembers the channel, for a member with a reason to be DMed (hasDmReason). */
    set(userId: string, channelId: string): void {
      upsert.run({ user: userId, channel: channelId });
    },
    forget(userId: string): void {
      remove.run(userId);
    },
    /** When the member's DMs last refused the bot, if they have not accepted a DM since. */
    closedAt(userId: string): number | undefined {
      return closedAt.get(userId)?.closed_at;
    },
    /** True when the member's DMs refused the bot less than CLOSED_DMS_RETRY_MS ago: do not try them now. */
    isClosed(userId: string, now: number): boolean {
      const at = closedAt.get(userId)?.closed_at;
      return at !== undefined && now - at < CLOSED_DMS_RETRY_MS;
    },
    /** Remembers the refusal, for a member with a reason to be DMed (hasDmReason). */
    setClosed(userId: string, now: number): void {
      close.run({ user: userId, at: now });
    },
    setOpen(userId: string): void {
      reopen.run(userId);
    },
  };
}

export type DmChannelStore = ReturnType<typeof createDmChannelStore>;
