import { IDS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueAnnouncement as dueAnnouncementFor } from '../support/announced-discussion.js';
import { type Harness, startClockedHarness } from '../support/harness.js';

let clock = Date.parse('2030-06-06T08:00:00Z');

/**
 * An announcement due for a server of another shard, which the lease holder must fetch from Discord before posting:
 * a failure there has posted nothing and is tried again; a failure of the post itself may have posted, and is not.
 */
describe('an announcement whose server Discord fails to return', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startClockedHarness(() => clock, {}, { shards: { ids: [1], count: 2 } });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const dueAnnouncement = (title: string) => dueAnnouncementFor(harness.app.deps, title, clock);
  const posts = (title: string) =>
    harness.emulator.channelMessages(IDS.announcements).filter((m) => JSON.stringify(m).includes(title));
  const announceRow = (id: number) =>
    harness.app.deps.scheduling.work.forDiscussion(id).find((w) => w.kind === 'announce');

  it('is tried again at the next tick when fetching the server fails, and posted once', async () => {
    const id = dueAnnouncement('Server fetch failed');
    // Every attempt @discordjs/rest makes (the first and its three retries) gets a 502.
    harness.emulator.failNext(
      { method: 'GET', path: new RegExp(`^/guilds/${IDS.guild}$`) },
      { status: 502, body: { message: 'Bad Gateway' } },
      4,
    );
    expect(await harness.app.scheduler.tick()).toMatchObject({ holding: true, sent: 0, failed: 0, postponed: 1 });
    expect(posts('Server fetch failed')).toHaveLength(0);
    expect(announceRow(id)).toMatchObject({ state: 'pending', outcome: expect.stringContaining('before the post') });

    clock += 15_000;
    expect(await harness.app.scheduler.tick()).toMatchObject({ sent: 1, failed: 0, postponed: 0 });
    expect(posts('Server fetch failed')).toHaveLength(1);
    expect(announceRow(id)).toMatchObject({ state: 'sent' });
  });

  it('is not tried again when the post itself fails, since Discord may have posted it', async () => {
    clock += 15_000;
    const id = dueAnnouncement('Post failed');
    harness.emulator.failNext(
      { method: 'POST', path: new RegExp(`^/channels/${IDS.announcements}/messages$`) },
      { status: 502, body: { message: 'Bad Gateway' } },
      4,
    );
    expect(await harness.app.scheduler.tick()).toMatchObject({ sent: 0, failed: 1, postponed: 0 });
    clock += 15_000;
    expect(await harness.app.scheduler.tick()).toMatchObject({ sent: 0, failed: 0 });
    expect(posts('Post failed')).toHaveLength(0);
    expect(announceRow(id)).toMatchObject({ state: 'failed' });
  });
});
