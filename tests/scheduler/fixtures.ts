import type { Db } from '../../src/db/open.js';
import { createFiresideStores, type Discussion } from '../../src/firesides/index.js';

export const GUILD = '200000000000000001';
export const CHANNEL = '300000000000000002';
export const MIN = 60_000;

/** A stored discussion, announced unless told otherwise. */
export function seedDiscussion(
  db: Db,
  input: { startsAt: number; createdAt: number; reminders?: number[] | null; announced?: boolean; guildId?: string },
): Discussion {
  const stores = createFiresideStores(db);
  const discussion = stores.discussions.create({
    guildId: input.guildId ?? GUILD,
    title: 'Breathwork circle',
    startsAt: input.startsAt,
    timezone: 'UTC',
    durationMinutes: 60,
    channelId: CHANNEL,
    reminders: input.reminders ?? null,
    createdBy: '500000000000000002',
    createdAt: input.createdAt,
  });
  if (input.announced ?? true) stores.discussions.setMessage(discussion.id, '900000000000000001', input.createdAt);
  return stores.discussions.get(discussion.id) as Discussion;
}
