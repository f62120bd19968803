import { defaultGuild, IDS, shardOf } from '@healing-library/discord-emulator';
import { GuildScheduledEventEntityType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncScheduledEvent } from '../../src/firesides/scheduled-event.js';
import { type Harness, startHarness } from '../support/harness.js';

let clock = Date.parse('2030-06-06T08:00:00Z');

/**
 * The scheduler's lease holder serves every server, also those of other shards, which its client never caches nor
 * hears about: here the only process runs shard 1 of 2 and the default server is on shard 0.
 */
describe("a server of another shard, served by the scheduler's lease holder", () => {
  let harness: Harness;
  beforeAll(async () => {
    expect(shardOf(IDS.guild, 2)).toBe(0);
    harness = await startHarness({
      env: { DEFAULT_TIMEZONE: 'UTC' },
      emulator: { guilds: [defaultGuild()] },
      now: () => new Date(clock),
      scheduler: { cron: false },
      shards: { ids: [1], count: 2 },
    });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('gets its Discord event in its voice channel, read from Discord, and caches nothing of that server', async () => {
    const client = harness.app.client;
    expect(client.guilds.cache.has(IDS.guild)).toBe(false);
    const deps = harness.app.deps;
    deps.firesides.settings.update(IDS.guild, { announcementChannelId: IDS.announcements, nativeEvents: true }, clock);
    const discussion = deps.firesides.discussions.create({
      guildId: IDS.guild,
      title: 'Evening circle',
      startsAt: clock + 3 * 3_600_000,
      timezone: 'UTC',
      durationMinutes: 60,
      channelId: IDS.announcements,
      locationChannelId: IDS.voice,
      createdBy: IDS.moderator,
      createdAt: clock,
    });
    deps.firesides.discussions.setMessage(discussion.id, '900000000000000009', clock);
    const announced = deps.firesides.discussions.get(discussion.id) as typeof discussion;
    expect(await syncScheduledEvent(client, deps, announced)).toBe('in-step');
    const [event] = harness.emulator.scheduledEvents(IDS.guild);
    expect(event?.entity_type).toBe(GuildScheduledEventEntityType.Voice);
    expect(event?.channel_id).toBe(IDS.voice);
    // A copy cached here would never hear of that server's changes (its events go to shard 0).
    expect(client.guilds.cache.has(IDS.guild)).toBe(false);
    clock += 1000;
  });

  it('names that server in the DM to a member who asked for a discussion on the page', async () => {
    const deps = harness.app.deps;
    deps.interest.toggle(IDS.guild, 'ketamine-therapy', IDS.member, clock);
    const discussion = deps.firesides.discussions.create({
      guildId: IDS.guild,
      title: 'Ketamine circle',
      startsAt: clock + 5 * 3_600_000,
      timezone: 'UTC',
      durationMinutes: 60,
      channelId: IDS.announcements,
      topicSlug: 'ketamine-therapy',
      topicTitle: 'Ketamine Therapy',
      createdBy: IDS.moderator,
      createdAt: clock,
    });
    deps.firesides.discussions.setMessage(discussion.id, '900000000000000019', clock);
    await harness.app.scheduler.tick();
    const [dm] = harness.emulator.dmMessages(IDS.member);
    expect(dm?.content).toContain('in **Healing Circle**');
    expect(harness.app.client.guilds.cache.has(IDS.guild)).toBe(false);
  });
});
