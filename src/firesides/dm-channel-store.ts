import type { Db } from '../db/open.js';

/**
 * The DM channel Discord gave for each member. It does not change, so remembering it saves one request per DM:
 * a reminder batch to 1,000 members then takes 1,000 requests instead of 2,000 under the global rate limit.
 */
export function createDmChannelStore(db: Db) {
  const select = db.prepare<[string], { channel_id: string }>('SELECT channel_id FROM dm_channels WHERE user_id = ?');
  const upsert = db.prepare<[string, string]>(
    'INSERT INTO dm_channels (user_id, channel_id) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET channel_id = excluded.channel_id',
  );
  const remove = db.prepare<[string]>('DELETE FROM dm_channels WHERE user_id = ?');
  return {
    get(userId: string): string | undefined {
      return select.get(userId)?.channel_id;
    },
    set(userId: string, channelId: string): void {
      upsert.run(userId, channelId);
    },
    forget(userId: string): void {
      remove.run(userId);
    },
  };
}

export type DmChannelStore = ReturnType<typeof createDmChannelStore>;
