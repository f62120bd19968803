import type { Db } from '../../src/db/open.js';
import { createFiresideStores, type Discussion } from '../../src/firesides/index.js';
import type { SchedulingStores } from '../../src/scheduler/stores.js';

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

/** A weekly series (Thursdays 19:00 New York unless told otherwise), as /fireside series create stores it. */
export function seedSeries(
  scheduling: SchedulingStores,
  now: number,
  input: { cron?: string; timezone?: string } = {},
) {
  return scheduling.series.create({
    guildId: GUILD,
    title: 'Thursday fireside',
    description: null,
    cron: input.cron ?? '0 19 * * 4',
    timezone: input.timezone ?? 'America/New_York',
    announceBeforeMinutes: 3 * 1440,
    durationMinutes: 60,
    facilitatorId: null,
    locationChannelId: null,
    link: null,
    capacity: null,
    channelId: CHANNEL,
    reminders: [60],
    createdBy: '500000000000000002',
    createdAt: now,
  });
}
