import { IDS } from '@healing-library/discord-emulator';
import type { Deps } from '../../commands/deps.js';

type NewDiscussion = Parameters<Deps['firesides']['discussions']['create']>[0];

/**
 * An announced discussion two hours after `now` (its announcement already posted), with these members Going, in RSVP
 * order; `overrides` changes any field of it (its reminders, say).
 */
export function announcedDiscussion(
  deps: Deps,
  title: string,
  going: string[],
  now: number,
  overrides: Partial<NewDiscussion> = {},
): number {
  const { discussions, rsvps } = deps.firesides;
  const created = discussions.create({
    guildId: IDS.guild,
    title,
    startsAt: now + 2 * 60 * 60_000,
    timezone: 'UTC',
    durationMinutes: 60,
    channelId: IDS.announcements,
    reminders: [],
    createdBy: IDS.moderator,
    createdAt: now,
    ...overrides,
  });
  discussions.setMessage(created.id, '900000000000000019', now);
  for (const userId of going) rsvps.set(created.id, userId, 'going', now);
  return created.id;
}

/** A discussion not announced yet, three hours after `now`, its announcement due now (as a series occurrence's is). */
export function dueAnnouncement(deps: Deps, title: string, now: number): number {
  const { firesides, scheduling } = deps;
  const discussion = firesides.discussions.create({
    guildId: IDS.guild,
    title,
    startsAt: now + 3 * 3_600_000,
    timezone: 'UTC',
    durationMinutes: 60,
    channelId: IDS.announcements,
    createdBy: IDS.moderator,
    createdAt: now,
  });
  scheduling.work.addAnnouncement(discussion.id, discussion.startsAt, 180, now);
  return discussion.id;
}
