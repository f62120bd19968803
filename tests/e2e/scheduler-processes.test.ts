import { IDS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * Several bot processes on one database file against one emulator, on the real clock with node-cron ticking
 * every second: each due item is sent once, by whichever process holds the lease.
 */
describe('the scheduler with several bot processes on one database', () => {
  let harness: Harness;
  let others: App[];
  beforeAll(async () => {
    harness = await startHarness({ env: { DEFAULT_TIMEZONE: 'UTC' } });
    // The harness's own process ticks every 15 s: it serves interactions only, and hands the lease over at once.
    await harness.app.scheduler.stop();
    others = [
      await harness.startAnother({ scheduler: { tickSeconds: 1 } }),
      await harness.startAnother({ scheduler: { tickSeconds: 1 } }),
    ];
    harness.app.deps.firesides.settings.update(IDS.guild, { announcementChannelId: IDS.announcements }, Date.now());
  });
  afterAll(async () => {
    await harness?.stop();
  });

  /** A discussion starting in ~62 s with a 1-minute reminder, so the reminder is due in ~2 s. */
  function discussionDueSoon(app: App, title: string, userId: string): number {
    const { discussions, rsvps } = app.deps.firesides;
    const now = Date.now();
    const discussion = discussions.create({
      guildId: IDS.guild,
      title,
      startsAt: now + 62_000,
      timezone: 'UTC',
      durationMinutes: 30,
      channelId: IDS.announcements,
      reminders: [1],
      createdBy: IDS.moderator,
      createdAt: now,
    });
    discussions.setMessage(discussion.id, '900000000000000009', now);
    rsvps.set(discussion.id, userId, 'going', now);
    return discussion.id;
  }

  const reminders = (userId: string, id: number) =>
    harness.emulator.dmMessages(userId).filter((m) => JSON.stringify(m.components).includes(`cant:${id}`));
  const apps = () => [harness.app, ...others];

  it('sends each reminder once although two processes tick every second', async () => {
    const id = discussionDueSoon(harness.app, 'Three processes', IDS.member);
    await harness.emulator.waitFor(() => reminders(IDS.member, id).length > 0, {
      timeoutMs: 15_000,
      what: 'the reminder',
    });
    // Every process gets more chances; none may send it again.
    for (let i = 0; i < 3; i++) await Promise.all(apps().map((app) => app.scheduler.tick()));
    expect(reminders(IDS.member, id)).toHaveLength(1);
    const holders = new Set(
      harness.app.deps.scheduling.work
        .forDiscussion(id)
        .map((w) => w.claimedBy)
        .filter(Boolean),
    );
    expect(holders.size).toBe(1);
  });

  it('logs once, not every tick, why a process waits for the lease', async () => {
    const waiting = harness.logs.filter((line) => String(line.msg).startsWith('another process runs the scheduler'));
    const perHolder = new Map<string, number>();
    for (const line of waiting) perHolder.set(String(line.holder), (perHolder.get(String(line.holder)) ?? 0) + 1);
    expect(perHolder.size).toBeGreaterThanOrEqual(1);
    for (const count of perHolder.values()) expect(count).toBe(1);
  });

  it('hands over to another process when the holder stops, and nothing is sent twice', async () => {
    const lease = harness.app.deps.scheduling.lease.current();
    const holder = apps().find((app) => app.scheduler.holderId === lease?.holder);
    if (!holder) throw new Error('no process holds the lease');
    await holder.stop();
    const survivors = apps().filter((app) => app !== holder && app.deps.db.open);
    const survivor = survivors[0];
    if (!survivor) throw new Error('no process left');
    const id = discussionDueSoon(survivor, 'After the handover', IDS.admin);
    await harness.emulator.waitFor(() => reminders(IDS.admin, id).length > 0, {
      timeoutMs: 15_000,
      what: 'the reminder after the handover',
    });
    for (let i = 0; i < 3; i++) await Promise.all(survivors.map((app) => app.scheduler.tick()));
    expect(reminders(IDS.admin, id)).toHaveLength(1);
    expect(survivor.deps.scheduling.lease.current()?.holder).not.toBe(holder.scheduler.holderId);
  });
});
