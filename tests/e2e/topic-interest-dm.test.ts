import {
  type CommandOption,
  defaultGuild,
  type EmulatedMessage,
  IDS,
  type InteractionResult,
  secondGuild,
} from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, replyText as replyTextOf, startHarness } from '../support/harness.js';

/** A Monday. The bot's clock (and Discord's) is this variable; the test ticks the scheduler. */
let clock = Date.parse('2030-06-10T09:00:00Z');
const PAGE = 'ketamine-therapy';
const OPEN = '620000000000000001';
const CLOSED = '620000000000000002';

describe('members who asked for a discussion on a page hear once when one is announced', () => {
  let harness: Harness;
  beforeAll(async () => {
    const guild = defaultGuild();
    guild.members.push(
      { userId: OPEN, username: 'cedar', roles: [] },
      { userId: CLOSED, username: 'birch', roles: [] },
    );
    harness = await startHarness({
      env: { DEFAULT_TIMEZONE: 'UTC' },
      emulator: { guilds: [guild, secondGuild()] },
      now: () => new Date(clock),
      scheduler: { cron: false },
    });
    harness.app.deps.firesides.settings.update(IDS.guild, { announcementChannelId: IDS.announcements }, clock);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const emulator = () => harness.emulator;
  const interest = () => harness.app.deps.interest;
  const tick = () => harness.app.scheduler.tick();
  const replyText = (result: InteractionResult) => replyTextOf(emulator(), result);
  const announcements = () => emulator().channelMessages(IDS.announcements);
  const interestDms = (userId: string) =>
    emulator()
      .dmMessages(userId)
      .filter((m) => m.content.startsWith('You asked to hear'));
  const fireside = (subcommand: string, options: CommandOption[], group?: string) =>
    emulator().command({ name: 'fireside', group, subcommand, options, userId: IDS.moderator, channelId: IDS.general });
  const asks = (guildId: string, slug: string, userId: string) => interest().toggle(guildId, slug, userId, clock);
  const linkTo = (message: EmulatedMessage) =>
    `https://discord.com/channels/${IDS.guild}/${IDS.announcements}/${message.id}`;

  it('DMs each interested member once with the link, clears their interest, and skips closed DMs without a mention', async () => {
    for (const userId of [IDS.member, OPEN, CLOSED]) asks(IDS.guild, PAGE, userId);
    asks(IDS.guild, 'breathwork', IDS.member); // another page
    asks(IDS.secondGuild, PAGE, IDS.member); // another server
    emulator().closeDms(CLOSED);

    // Nothing planned on the page yet: a tick tells nobody.
    expect((await tick()).interestDms).toEqual({ sent: 0, closed: 0, failed: 0 });

    const before = announcements().length;
    const scheduled = await fireside('schedule', [
      { name: 'title', value: 'Ketamine circle' },
      { name: 'start', value: '2030-06-11 19:00' },
      { name: 'topic', value: PAGE },
    ]);
    expect(await replyText(scheduled)).toMatch(/^Scheduled/);
    const announcement = (await emulator().waitFor(
      () => announcements().length > before && announcements().at(-1),
    )) as EmulatedMessage;

    expect((await tick()).interestDms).toEqual({ sent: 2, closed: 1, failed: 0 });
    for (const userId of [IDS.member, OPEN]) {
      const dms = interestDms(userId);
      expect(dms, userId).toHaveLength(1);
      expect(dms[0]?.content).toContain('**Ketamine circle**');
      expect(dms[0]?.content).toContain('Ketamine Therapy');
      expect(dms[0]?.content).toContain(`<t:${Date.parse('2030-06-11T19:00:00Z') / 1000}:F>`);
      expect(dms[0]?.content).toContain(linkTo(announcement));
      expect(JSON.stringify(dms[0]?.components)).toContain(linkTo(announcement));
      expect(dms[0]?.allowed_mentions).toEqual({ parse: [] });
      expect(interest().has(IDS.guild, PAGE, userId)).toBe(false);
    }
    // Closed DMs: skipped, remembered as reminders do, and never named in a channel.
    expect(emulator().dmMessages(CLOSED)).toHaveLength(0);
    expect(interest().has(IDS.guild, PAGE, CLOSED)).toBe(false);
    expect(harness.app.deps.firesides.dmChannels.closedAt(CLOSED)).toBeDefined();
    for (const channelId of [IDS.announcements, IDS.general, IDS.secondGeneral]) {
      for (const message of emulator().channelMessages(channelId)) {
        expect(message.content).not.toContain(CLOSED);
        expect(emulator().mentionedMembers(message.id)).not.toContain(CLOSED);
      }
    }
    // Another page, another server: still waiting.
    expect(interest().has(IDS.guild, 'breathwork', IDS.member)).toBe(true);
    expect(interest().has(IDS.secondGuild, PAGE, IDS.member)).toBe(true);
    expect(harness.logs).toContainEqual(
      expect.objectContaining({ guildId: IDS.guild, slug: PAGE, sent: 2, closed: 1, failed: 0 }),
    );

    // A second tick, and a restart: nobody hears again.
    expect((await tick()).interestDms).toEqual({ sent: 0, closed: 0, failed: 0 });
    await harness.restart();
    expect((await tick()).interestDms).toEqual({ sent: 0, closed: 0, failed: 0 });
    for (const userId of [IDS.member, OPEN]) expect(interestDms(userId)).toHaveLength(1);
  });

  it('tells them when the scheduler announces an occurrence of a series on the page, not before', async () => {
    clock = Date.parse('2030-06-12T09:00:00Z'); // the one-off is over
    asks(IDS.guild, PAGE, OPEN);
    const created = await fireside(
      'create',
      [
        { name: 'title', value: 'Thursday ketamine circle' },
        { name: 'schedule', value: '0 19 * * 4' },
        { name: 'announce-before', value: '1d' },
        { name: 'topic', value: PAGE },
      ],
      'series',
    );
    expect(await replyText(created)).toMatch(/Created the series/);
    // Its first occurrence exists, not announced yet: members cannot see it, so nobody is told.
    expect((await tick()).interestDms).toEqual({ sent: 0, closed: 0, failed: 0 });
    expect(interest().has(IDS.guild, PAGE, OPEN)).toBe(true);

    clock = Date.parse('2030-06-12T19:00:05Z'); // a day before Thursday 19:00: announced at this tick
    const report = await tick();
    expect(report).toMatchObject({ sent: 1, interestDms: { sent: 1, closed: 0, failed: 0 } });
    const announcement = announcements().find((m) => m.embeds[0]?.title === 'Thursday ketamine circle');
    const dms = interestDms(OPEN);
    expect(dms).toHaveLength(2);
    expect(dms[1]?.content).toContain('**Thursday ketamine circle**');
    expect(dms[1]?.content).toContain(linkTo(announcement as EmulatedMessage));
    expect(interest().has(IDS.guild, PAGE, OPEN)).toBe(false);
    expect(interest().has(IDS.secondGuild, PAGE, IDS.member)).toBe(true);
    expect((await tick()).interestDms).toEqual({ sent: 0, closed: 0, failed: 0 });
  });
});
