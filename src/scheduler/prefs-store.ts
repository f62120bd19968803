import type { Db } from '../db/open.js';

export type PrefsStore = ReturnType<typeof createPrefsStore>;

/** A member's own /reminders on|off, per server. No row means on. */
export function createPrefsStore(db: Db) {
  const upsert = db.prepare<{ guildId: string; userId: string; on: number; now: number }>(`
    INSERT INTO member_reminder_prefs (guild_id, user_id, reminders_on, updated_at) VALUES (@guildId, @userId, @on, @now)
    ON CONFLICT (guild_id, user_id) DO UPDATE SET reminders_on = excluded.reminders_on, updated_at = excluded.updated_at`);
  const optedOut = db.prepare<[string], { user_id: string }>(
    'SELECT user_id FROM member_reminder_prefs WHERE guild_id = ? AND reminders_on = 0',
  );

  return {
    set(guildId: string, userId: string, on: boolean, now: number): void {
      upsert.run({ guildId, userId, on: on ? 1 : 0, now });
    },
    /** Keeps the members who have not turned reminders off in this server, in order. */
    keepOptedIn(guildId: string, userIds: readonly string[]): string[] {
      const out = new Set(optedOut.all(guildId).map((row) => row.user_id));
      return userIds.filter((userId) => !out.has(userId));
    },
  };
}
