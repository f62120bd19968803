import {
  type CommandOption,
  defaultGuild,
  type EmulatedMessage,
  IDS,
  type InteractionResult,
  secondGuild,
} from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentsOf, fieldOf } from '../support/components.js';
import { type Harness, replyText as replyTextOf, startClockedHarness, startHarness } from '../support/harness.js';

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
    harness = await startClockedHarness(() => clock, {}, { emulator: { guilds: [guild, secondGuild()] } });
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
  const waiting = (guildId: string, slug = PAGE) => interest().members(guildId, slug, 100);
  /** The member opens the page with /modality and taps the page's own "I'd join a discussion on this". */
  async function tapsInterest(userId: string, guildId: string = IDS.guild): Promise<string> {
    const channelId = guildId === IDS.guild ? IDS.general : IDS.secondGeneral;
    const page = await emulator().command({
      name: 'modality',
      userId,
      guildId,
      channelId,
      options: [{ name: 'name', value: 'ketamine' }],
    });
    const message = page.message as EmulatedMessage;
    const button = componentsOf(message).find((c) => c.label === "I'd join a discussion on this");
    expect(button?.custom_id, 'the interest button on the page').toBe(`interest:${PAGE}`);
    return replyText(
      await emulator().click({ message, customId: button?.custom_id ?? '', userId, guildId, channelId }),
    );
  }
  /** Requests that tried to reach the member by DM (opening the channel, or posting in a known one). */
  const dmTries = (userId: string, since: number) => {
    const known = harness.app.deps.firesides.dmChannels.get(userId);
    return emulator()
      .requests.slice(since)
      .filter(
        (r) =>
          r.method === 'POST' &&
          ((r.path === '/users/@me/channels' && (r.body as { recipient_id?: string }).recipient_id === userId) ||
            (known !== undefined && r.path === `/channels/${known}/messages`)),
      ).length;
  };
  const linkTo = (message: EmulatedMessage) =>
    `https://discord.com/channels/${IDS.guild}/${IDS.announcements}/${message.id}`;

  it('DMs each member who tapped the page’s button once with the link, and skips closed DMs without a mention', async () => {
    for (const userId of [IDS.member, OPEN, CLOSED]) expect(await tapsInterest(userId)).toMatch(/^Recorded/);
    asks(IDS.guild, 'breathwork', IDS.member); // another page (the content holds one)
    expect(await tapsInterest(IDS.member, IDS.secondGuild)).toMatch(/^Recorded/); // another server
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
    }
    // Closed DMs: skipped, remembered as reminders do, and never named in a channel.
    expect(emulator().dmMessages(CLOSED)).toHaveLength(0);
    expect(waiting(IDS.guild)).toEqual([]);
    expect(harness.app.deps.firesides.dmChannels.closedAt(CLOSED)).toBeDefined();
    for (const channelId of [IDS.announcements, IDS.general, IDS.secondGeneral]) {
      for (const message of emulator().channelMessages(channelId)) {
        expect(message.content).not.toContain(CLOSED);
        expect(emulator().mentionedMembers(message.id)).not.toContain(CLOSED);
      }
    }
    // Another page, another server: still waiting.
    expect(waiting(IDS.guild, 'breathwork')).toEqual([IDS.member]);
    expect(waiting(IDS.secondGuild)).toEqual([IDS.member]);
    expect(harness.logs).toContainEqual(
      expect.objectContaining({ guildId: IDS.guild, slug: PAGE, sent: 2, closed: 1, failed: 0 }),
    );

    // A second tick, and a restart: nobody hears again.
    expect((await tick()).interestDms).toEqual({ sent: 0, closed: 0, failed: 0 });
    await harness.restart();
    expect((await tick()).interestDms).toEqual({ sent: 0, closed: 0, failed: 0 });
    for (const userId of [IDS.member, OPEN]) expect(interestDms(userId)).toHaveLength(1);
  });

  it('takes interest in the next discussion while one is under way, and shows the button beside it', async () => {
    clock = Date.parse('2030-06-11T19:30:00Z'); // the one-off is under way, none planned after it
    const page = await emulator().command({
      name: 'modality',
      userId: OPEN,
      channelId: IDS.general,
      options: [{ name: 'name', value: 'ketamine' }],
    });
    const field = fieldOf(page.message?.embeds[0], 'Discussions on this topic') ?? '';
    expect(field).toContain('Ketamine circle');
    expect(field).toContain('None planned after it.');
    for (const userId of [OPEN, CLOSED]) expect(await tapsInterest(userId)).toMatch(/^Recorded/);
    expect(waiting(IDS.guild)).toEqual([OPEN, CLOSED]);
    // The one under way is not what they wait for: nobody is told of it.
    expect((await tick()).interestDms).toEqual({ sent: 0, closed: 0, failed: 0 });
  });

  it('tells them when the scheduler announces an occurrence of a series on the page, not before', async () => {
    clock = Date.parse('2030-06-12T09:00:00Z'); // the one-off is over
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
    expect(waiting(IDS.guild)).toEqual([OPEN, CLOSED]);

    clock = Date.parse('2030-06-12T19:00:05Z'); // a day before Thursday 19:00: announced at this tick
    const since = emulator().requests.length;
    const report = await tick();
    // CLOSED refused a DM two days ago: skipped and counted without another refused request (Discord's
    // invalid-request limit), their interest closed all the same.
    expect(report).toMatchObject({ sent: 1, interestDms: { sent: 1, closed: 1, failed: 0 } });
    expect(dmTries(CLOSED, since)).toBe(0);
    expect(dmTries(OPEN, since)).toBeGreaterThan(0);
    const announcement = announcements().find((m) => m.embeds[0]?.title === 'Thursday ketamine circle');
    const dms = interestDms(OPEN);
    expect(dms).toHaveLength(2);
    expect(dms[1]?.content).toContain('**Thursday ketamine circle**');
    expect(dms[1]?.content).toContain(linkTo(announcement as EmulatedMessage));
    expect(waiting(IDS.guild)).toEqual([]);
    expect(waiting(IDS.secondGuild)).toEqual([IDS.member]);
    expect((await tick()).interestDms).toEqual({ sent: 0, closed: 0, failed: 0 });
  });
});

describe('interest DMs take a share of each tick, and a refused one is handled once', () => {
  const PER_TICK = 2;
  const waiters = Array.from({ length: 5 }, (_, i) => String(630_000_000_000_000_000n + BigInt(i)));
  const GONE = '640000000000000001';
  const TOO_FAST = '640000000000000002';
  let harness: Harness;
  beforeAll(async () => {
    const guild = defaultGuild();
    for (const userId of [...waiters, GONE, TOO_FAST])
      guild.members.push({ userId, username: `w${userId}`, roles: [] });
    harness = await startHarness({
      env: { DEFAULT_TIMEZONE: 'UTC' },
      emulator: { guilds: [guild] },
      now: () => new Date(clock),
      scheduler: { cron: false, interestDmsPerTick: PER_TICK },
    });
    clock = Date.parse('2030-07-01T09:00:00Z');
    harness.app.deps.firesides.settings.update(IDS.guild, { announcementChannelId: IDS.announcements }, clock);
    const scheduled = await harness.emulator.command({
      name: 'fireside',
      subcommand: 'schedule',
      options: [
        { name: 'title', value: 'Ketamine evening' },
        { name: 'start', value: '2030-07-03 19:00' },
        { name: 'topic', value: PAGE },
      ],
      userId: IDS.moderator,
      channelId: IDS.general,
    });
    expect(await replyTextOf(harness.emulator, scheduled)).toMatch(/^Scheduled/);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const interest = () => harness.app.deps.interest;
  const tick = () => harness.app.scheduler.tick();
  const told = (userId: string) =>
    harness.emulator.dmMessages(userId).filter((m) => m.content.startsWith('You asked to hear'));
  const asks = (userId: string) => {
    clock += 1_000; // one after another: told oldest first
    interest().toggle(IDS.guild, PAGE, userId, clock);
  };

  it('tells at most the budget per tick and the rest at the next ticks, each member once', async () => {
    for (const userId of waiters) asks(userId);
    expect((await tick()).interestDms).toEqual({ sent: PER_TICK, closed: 0, failed: 0 });
    expect(waiters.filter((userId) => told(userId).length === 1)).toEqual(waiters.slice(0, PER_TICK));
    expect(interest().members(IDS.guild, PAGE, 10)).toEqual(waiters.slice(PER_TICK));
    expect((await tick()).interestDms).toEqual({ sent: PER_TICK, closed: 0, failed: 0 });
    expect((await tick()).interestDms).toEqual({ sent: 1, closed: 0, failed: 0 });
    expect((await tick()).interestDms).toEqual({ sent: 0, closed: 0, failed: 0 });
    for (const userId of waiters) expect(told(userId), userId).toHaveLength(1);
  });

  it('logs a failed DM once without the member or the page and does not retry it; on 40003 puts the interest back', async () => {
    asks(GONE);
    asks(TOO_FAST);
    const openDm = { method: 'POST', path: /^\/users\/@me\/channels$/ };
    // GONE's channel cannot be opened (the account is gone); then Discord refuses every try for TOO_FAST as opening
    // DMs too fast, as often as the bot tries before giving up for now (its pace doubles the gap each time: ~13 s).
    harness.emulator.failNext(openDm, { status: 404, body: { message: 'Unknown User', code: 10013 } });
    harness.emulator.failNext(
      openDm,
      { status: 403, body: { message: 'You are opening direct messages too fast', code: 40003, retry_after: 0.001 } },
      8,
    );
    expect((await tick()).interestDms).toEqual({ sent: 0, closed: 0, failed: 1 });
    const failures = harness.logs.filter((line) => String(line.msg).startsWith('could not DM a member'));
    expect(failures).toHaveLength(1);
    expect(JSON.stringify(failures)).not.toContain(GONE);
    expect(JSON.stringify(failures)).not.toContain(PAGE);
    // TOO_FAST was not reached: still waiting, for a later tick. GONE is not tried again.
    expect(interest().members(IDS.guild, PAGE, 10)).toEqual([TOO_FAST]);
    const opensFor = (userId: string) =>
      harness.emulator.requests.filter(
        (r) => r.path === '/users/@me/channels' && (r.body as { recipient_id?: string }).recipient_id === userId,
      ).length;
    expect(opensFor(GONE)).toBe(1);
    expect(told(GONE)).toHaveLength(0);
    expect(told(TOO_FAST)).toHaveLength(0);
  });
});
