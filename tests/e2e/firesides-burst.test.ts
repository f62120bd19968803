import { defaultGuild, type EmulatedMessage, IDS } from '@healing-library/discord-emulator';
import { type APIEmbed, type RateLimitData, RESTEvents } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

const MEMBERS = 500;
const memberIds = Array.from({ length: MEMBERS }, (_, i) => String(700_000_000_000_000_000n + BigInt(i)));

function guildWithCrowd() {
  const guild = defaultGuild();
  for (const userId of memberIds) guild.members.push({ userId, username: `m${userId.slice(-3)}`, roles: [] });
  return guild;
}

const going = (message: EmulatedMessage | undefined) =>
  (message?.embeds[0] as APIEmbed | undefined)?.fields?.find((field) => field.name === 'RSVPs')?.value ?? '';

describe('a burst of RSVPs on one announcement', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ emulator: { guilds: [guildWithCrowd()] } });
    harness.app.deps.firesides.settings.update(IDS.guild, { announcementChannelId: IDS.announcements }, Date.now());
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('answers 500 members clicking Going at once, stores each once and ends with exact counts', async () => {
    const { emulator } = harness;
    const scheduled = await emulator.command({
      name: 'fireside',
      subcommand: 'schedule',
      userId: IDS.moderator,
      options: [
        { name: 'title', value: 'Full moon fireside' },
        { name: 'start', value: 'in 3 days' },
      ],
    });
    const announcement = await emulator.waitFor(() => emulator.channelMessages(IDS.announcements).at(-1), {
      what: 'the announcement',
    });
    expect(scheduled.ephemeral).toBe(true);
    const goingId = announcement.components
      .flatMap((row) => row.components)
      .find((button: { label: string }) => button.label === 'Going').custom_id as string;
    const id = Number(goingId.split(':')[1]);
    // Follow-ups are interaction endpoints, which Discord keeps out of the 50 requests/s global limit.
    const globalWaits: RateLimitData[] = [];
    harness.app.client.rest.on(RESTEvents.RateLimited, (data) => data.global && globalWaits.push(data));

    // 500 different members click within one second (one every 2 ms).
    const results = await Promise.all(
      memberIds.map(async (userId, index) => {
        await new Promise((resolve) => setTimeout(resolve, index * 2));
        return emulator.click({ message: announcement, customId: goingId, userId, timeoutMs: 30_000 });
      }),
    );
    expect(results.map((result) => result.callback?.type)).toEqual(memberIds.map(() => 7));

    const rows = harness.app.deps.db.prepare('SELECT user_id, status FROM rsvps WHERE discussion_id = ?').all(id) as {
      user_id: string;
      status: string;
    }[];
    expect(rows).toHaveLength(MEMBERS);
    expect(new Set(rows.map((row) => row.user_id)).size).toBe(MEMBERS);
    expect(rows.every((row) => row.status === 'going')).toBe(true);
    expect(harness.app.deps.firesides.rsvps.counts(id).going).toBe(MEMBERS);

    // Answers may reach Discord in any order; the message must settle on the exact count.
    const settled = await emulator.waitFor(
      () => {
        const current = emulator.channelMessages(IDS.announcements).find((m) => m.id === announcement.id);
        return going(current).includes(`Going: **${MEMBERS}**`) && current;
      },
      { what: `the announcement to show ${MEMBERS} going`, timeoutMs: 20_000 },
    );
    expect(going(settled)).toContain(`Going: **${MEMBERS}**`);

    // Every member is told where they stand.
    await emulator.waitFor(() => results.every((result) => result.followups.length === 1), {
      what: 'a follow-up for every click',
      timeoutMs: 30_000,
    });
    expect(results.every((result) => result.followups[0]?.flags === 64)).toBe(true);
    expect(globalWaits.map((wait) => wait.route)).toEqual([]);
    expect(emulator.validationErrors).toEqual([]);
  });
});
