import { defaultGuild, IDS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * A large reminder batch under Discord-like rate limits (enforced by the emulator: the global limit, and DM channels
 * opened too fast refused with 40003; 429s injected on top):
 * every DM arrives once, progress is logged, and members' commands keep being answered within Discord's 3 s
 * (the emulator refuses a later first answer) while it runs.
 */
const MEMBERS = 200;
const START = Date.parse('2031-03-01T19:00:00Z');
const memberIds = Array.from({ length: MEMBERS }, (_, i) => String(610_000_000_000_000_000n + BigInt(i)));

describe('a batch of reminder DMs', () => {
  let harness: Harness;
  let clock = START - 2 * 3_600_000;
  beforeAll(async () => {
    const guild = defaultGuild();
    for (const userId of memberIds) guild.members.push({ userId, username: `m${userId.slice(-3)}`, roles: [] });
    harness = await startHarness({
      emulator: { guilds: [guild], rateLimit: { globalPerSecond: 50 } },
      now: () => new Date(clock),
      scheduler: { cron: false },
    });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('delivers every DM once through the rate limits while commands are still answered', async () => {
    const { firesides, db } = harness.app.deps;
    firesides.settings.update(IDS.guild, { announcementChannelId: IDS.announcements, reminderDelivery: 'dm' }, clock);
    const discussion = firesides.discussions.create({
      guildId: IDS.guild,
      title: 'Spring equinox fireside',
      startsAt: START,
      timezone: 'UTC',
      durationMinutes: 60,
      channelId: IDS.announcements,
      reminders: [60],
      createdBy: IDS.moderator,
      createdAt: clock,
    });
    firesides.discussions.setMessage(discussion.id, '900000000000000001', clock);
    db.transaction(() => {
      for (const userId of memberIds) firesides.rsvps.set(discussion.id, userId, 'going', clock);
    })();
    await harness.app.scheduler.tick(); // plans the reminder
    harness.emulator.failNext(
      { method: 'POST', path: /^\/channels\/\d+\/messages$/ },
      { status: 429, body: { message: 'You are being rate limited.', retry_after: 0.2, global: false } },
      3,
    );

    clock = START - 3_600_000 + 1_000;
    let done = false;
    const batch = harness.app.scheduler.tick().finally(() => {
      done = true;
    });
    let answered = 0;
    while (!done) {
      // Rejects if the first answer misses Discord's 3 s deadline.
      const result = await harness.emulator.command({ name: 'modality', options: [{ name: 'name', value: 'kap' }] });
      expect(result.callback?.type).toBe(4);
      answered++;
    }
    const report = await batch;

    expect(report.sent).toBe(1);
    expect(answered).toBeGreaterThan(1);
    for (const userId of memberIds) expect(harness.emulator.dmMessages(userId), userId).toHaveLength(1);
    const progress = harness.logs.filter((line) => /reminder DMs in progress/.test(String(line.msg)));
    expect(progress.length).toBeGreaterThan(0);
    expect(harness.emulator.validationErrors).toEqual([]);
    // 200 DM channels opened at the emulator's 10 a second (40003 past that) take 20 s at least.
  }, 120_000);
});
