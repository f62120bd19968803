import {
  BOT_ROLE_PERMISSIONS,
  defaultGuild,
  type EmulatedMessage,
  IDS,
  type InteractionResult,
  secondGuild,
} from '@healing-library/discord-emulator';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettingsPatch } from '../../src/firesides/index.js';
import { type Harness, replyText as replyTextOf, startHarness } from '../support/harness.js';

/** A Thursday. The bot's clock is this variable: tests move it and call tick() themselves. */
let clock = Date.parse('2030-06-06T08:00:00Z');
const at = (iso: string) => Date.parse(iso);

describe('scheduled firesides through the real bot and the emulator', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      env: { DEFAULT_TIMEZONE: 'UTC' },
      emulator: { guilds: [defaultGuild(), secondGuild()] },
      now: () => new Date(clock),
    });
    harness.app.deps.firesides.settings.update(
      IDS.guild,
      { announcementChannelId: IDS.announcements, reminders: [60, 10], reminderDelivery: 'dm', remindMaybe: false },
      clock,
    );
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const emulator = () => harness.emulator;
  const deps = () => harness.app.deps;
  const tick = () => harness.app.scheduler.tick();
  const settings = (patch: SettingsPatch) => deps().firesides.settings.update(IDS.guild, patch, clock);
  const dms = (userId: string) => emulator().dmMessages(userId);
  const channel = () => emulator().channelMessages(IDS.announcements);
  const reminderDms = (userId: string, id: number) =>
    dms(userId).filter((m) => m.content.includes('Reminder') && JSON.stringify(m.components).includes(`cant:${id}`));

  const replyText = (result: InteractionResult) => replyTextOf(emulator(), result);

  /** Schedules through /fireside schedule and answers Going for `going` (and Maybe for `maybe`). */
  async function scheduled(title: string, startIso: string, going: string[], maybe: string[] = []) {
    const before = channel().length;
    const result = await emulator().command({
      name: 'fireside',
      subcommand: 'schedule',
      options: [
        { name: 'title', value: title },
        { name: 'start', value: startIso },
        { name: 'location', value: IDS.voice, type: 7 },
      ],
      userId: IDS.moderator,
      channelId: IDS.general,
    });
    const text = await replyText(result);
    expect(text).toMatch(/^Scheduled/);
    const announcement = (await emulator().waitFor(
      () => channel().length > before && channel().at(-1),
    )) as EmulatedMessage;
    const id = Number(/#(\d+)/.exec(text)?.[1]);
    for (const [users, status] of [
      [going, 'going'],
      [maybe, 'maybe'],
    ] as const) {
      for (const userId of users)
        await emulator().click({ message: announcement, customId: `rsvp:${id}:${status}`, userId });
    }
    return id;
  }

  const workStates = (id: number) =>
    deps()
      .scheduling.work.forDiscussion(id)
      .map((w) => `${w.kind}:${w.offsetMinutes}:${w.state}`);

  it('reminds Going members at each offset and posts the start, across restarts, with nothing twice or missed', async () => {
    clock = at('2030-06-06T08:00:00Z');
    const id = await scheduled('Morning breathwork', '2030-06-06 10:00', [IDS.member], [IDS.admin]);

    clock = at('2030-06-06T09:00:05Z'); // the 60-minute reminder is due
    expect(await tick()).toMatchObject({ holding: true, sent: 1 });
    const [first] = reminderDms(IDS.member, id);
    expect(first?.content).toContain(`<t:${at('2030-06-06T10:00:00Z') / 1000}:R>`);
    expect(first?.content).toContain(`<#${IDS.voice}>`);
    expect(first?.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(first?.components)).toContain("Can't make it");
    expect(reminderDms(IDS.admin, id)).toHaveLength(0); // Maybe, and the server does not remind Maybe

    await harness.restart();
    await tick();
    expect(reminderDms(IDS.member, id)).toHaveLength(1);

    // Down across the 10-minute reminder: it is still useful before the start, so it goes out late.
    await harness.app.stop();
    clock = at('2030-06-06T09:55:00Z');
    await harness.restart();
    await tick();
    expect(reminderDms(IDS.member, id)).toHaveLength(2);

    clock = at('2030-06-06T10:00:03Z');
    await tick();
    const starts = () =>
      channel().filter((m) => m.content.includes('is starting now') && m.content.includes('Morning breathwork'));
    expect(starts()).toHaveLength(1);
    expect(starts()[0]?.content).toContain(`<#${IDS.voice}>`);
    await harness.restart();
    clock = at('2030-06-06T10:01:00Z');
    await tick();
    expect(starts()).toHaveLength(1);
    expect(reminderDms(IDS.member, id)).toHaveLength(2);
    expect(workStates(id)).toEqual(['reminder:60:sent', 'reminder:10:sent', 'start:0:sent']);
  });

  it('after long downtime sends only the latest useful reminder, and skips a stale start post with a log line', async () => {
    clock = at('2030-06-06T11:00:00Z');
    const id = await scheduled('Sound bath', '2030-06-06 13:00', [IDS.member]);
    await harness.app.stop();
    clock = at('2030-06-06T12:55:00Z'); // both reminders fell due while down
    await harness.restart();
    await tick();
    expect(reminderDms(IDS.member, id)).toHaveLength(1);
    expect(workStates(id)).toEqual(['reminder:60:skipped', 'reminder:10:sent', 'start:0:pending']);

    await harness.app.stop();
    clock = at('2030-06-06T13:25:00Z'); // 25 minutes after the start: too late for "starting now"
    await harness.restart();
    await tick();
    expect(
      channel().filter((m) => m.content.includes('Sound bath') && m.content.includes('starting now')),
    ).toHaveLength(0);
    expect(workStates(id)).toContain('start:0:skipped');
    expect(harness.logs.some((l) => l.msg === 'due work skipped' && /stale/.test(String(l.reason)))).toBe(true);
  });

  it("lets a member step back with Can't make it from the DM reminder", async () => {
    clock = at('2030-06-06T17:00:00Z');
    const id = await scheduled('Evening circle', '2030-06-06 19:00', [IDS.member]);
    clock = at('2030-06-06T18:00:05Z');
    await tick();
    const [reminder] = reminderDms(IDS.member, id);
    if (!reminder) throw new Error('no reminder DM');
    const click = await emulator().click({ message: reminder, customId: `cant:${id}` });
    expect(click.ephemeral).toBe(true);
    expect(click.callback?.data?.content).toMatch(/not going|can't|cannot/i);
    expect(deps().firesides.rsvps.get(id, IDS.member)?.status).toBe('no');
    const again = await emulator().click({ message: reminder, customId: `cant:${id}` });
    expect(again.callback?.data?.content).toMatch(/^No change/);
  });

  it('falls back to a mention in the announcement channel when DMs are closed', async () => {
    clock = at('2030-06-06T14:00:00Z');
    const id = await scheduled('Yoga nidra', '2030-06-06 16:00', [IDS.moderator]);
    emulator().closeDms(IDS.moderator);
    clock = at('2030-06-06T15:00:01Z');
    await tick();
    const mention = channel().find(
      (m) => m.content.includes(`<@${IDS.moderator}>`) && m.content.includes('Yoga nidra'),
    );
    expect(mention?.allowed_mentions).toEqual({ users: [IDS.moderator] });
    expect(reminderDms(IDS.moderator, id)).toHaveLength(0);
  });

  it('waits out a 429 and loses nothing', async () => {
    clock = at('2030-06-06T17:00:00Z');
    const id = await scheduled('Cold plunge talk', '2030-06-06 19:00', [IDS.member]);
    const posts = () =>
      emulator().requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path));
    const before = posts().length;
    emulator().failNext(
      { method: 'POST', path: /^\/channels\/\d+\/messages$/ },
      { status: 429, body: { message: 'You are being rate limited.', retry_after: 0.3, global: false } },
    );
    clock = at('2030-06-06T18:00:01Z');
    await tick();
    expect(reminderDms(IDS.member, id)).toHaveLength(1);
    expect(posts().length - before).toBe(2); // the 429, then the retry
    expect(workStates(id)).toContain('reminder:60:sent');
  });

  it('channel delivery mentions exactly the Going members, and Can’t make it there sets the RSVP to no', async () => {
    settings({ reminderDelivery: 'channel' });
    clock = at('2030-06-07T08:00:00Z');
    const id = await scheduled('Journaling circle', '2030-06-07 10:00', [IDS.member, IDS.admin], [IDS.moderator]);
    clock = at('2030-06-07T09:00:01Z');
    await tick();
    const posts = channel().filter((m) => m.content.includes('Journaling circle') && m.content.includes('Reminder'));
    expect(posts).toHaveLength(1);
    expect(new Set(posts[0]?.allowed_mentions.users)).toEqual(new Set([IDS.member, IDS.admin]));
    expect(posts[0]?.content).not.toContain(`<@${IDS.moderator}>`);
    const click = await emulator().click({
      message: posts[0] as EmulatedMessage,
      customId: `cant:${id}`,
      userId: IDS.member,
    });
    expect(click.ephemeral).toBe(true);
    expect(deps().firesides.rsvps.get(id, IDS.member)?.status).toBe('no');
    settings({ reminderDelivery: 'dm' });
  });

  it('respects /reminders off for automatic reminders, and /remind reaches the audience now with its message', async () => {
    const off = await emulator().command({
      name: 'reminders',
      subcommand: 'off',
      userId: IDS.member,
      channelId: IDS.general,
    });
    expect(off.ephemeral).toBe(true);
    clock = at('2030-06-07T12:00:00Z');
    const id = await scheduled('Grief circle', '2030-06-07 14:00', [IDS.member, IDS.admin]);
    clock = at('2030-06-07T13:00:01Z');
    await tick();
    expect(reminderDms(IDS.member, id)).toHaveLength(0);
    expect(reminderDms(IDS.admin, id)).toHaveLength(1);

    const remind = await emulator().command({
      name: 'remind',
      options: [
        { name: 'event', value: String(id) },
        { name: 'message', value: 'Bring a photo if you like.' },
      ],
      userId: IDS.moderator,
      channelId: IDS.general,
    });
    expect(await replyText(remind)).toMatch(/Reminded 2 member/);
    expect(reminderDms(IDS.member, id).at(-1)?.content).toContain('Bring a photo if you like.');

    const refused = await emulator().command({
      name: 'remind',
      options: [{ name: 'event', value: String(id) }],
      userId: IDS.member,
      channelId: IDS.general,
    });
    expect(await replyText(refused)).toMatch(/Only moderators/);
    await emulator().command({ name: 'reminders', subcommand: 'on', userId: IDS.member, channelId: IDS.general });
  });

  it('re-arms the reminder when /fireside edit moves the discussion two days later: each sent once', async () => {
    clock = at('2030-06-08T08:00:00Z');
    const id = await scheduled('Moved circle', '2030-06-08 10:00', [IDS.member]);
    const oldStart = at('2030-06-08T10:00:00Z') / 1000;
    const newStart = at('2030-06-10T10:00:00Z') / 1000;
    clock = at('2030-06-08T09:00:05Z');
    expect(await tick()).toMatchObject({ sent: 1 });
    expect(reminderDms(IDS.member, id).map((m) => m.content.includes(`<t:${oldStart}:R>`))).toEqual([true]);

    clock = at('2030-06-08T09:05:00Z');
    const edit = await emulator().command({
      name: 'fireside',
      subcommand: 'edit',
      options: [
        { name: 'event', value: String(id) },
        { name: 'start', value: '2030-06-10 10:00' },
      ],
      userId: IDS.moderator,
      channelId: IDS.general,
    });
    expect(await replyText(edit)).toMatch(/^Updated/);
    expect(workStates(id)).toEqual(['reminder:60:sent', 'reminder:10:pending', 'start:0:pending']);
    expect(await tick()).toMatchObject({ sent: 0, failed: 0 });
    expect(workStates(id)).toEqual(['reminder:60:pending', 'reminder:10:pending', 'start:0:pending']);
    clock = at('2030-06-08T09:50:05Z'); // the old 10-minute moment: nothing is due any more
    expect(await tick()).toMatchObject({ sent: 0 });
    clock = at('2030-06-08T10:00:05Z'); // the old start: no "starting now"
    expect(await tick()).toMatchObject({ sent: 0 });

    clock = at('2030-06-10T09:00:05Z');
    expect(await tick()).toMatchObject({ sent: 1 });
    expect(await tick()).toMatchObject({ sent: 0 });
    clock = at('2030-06-10T09:50:05Z');
    expect(await tick()).toMatchObject({ sent: 1 });
    clock = at('2030-06-10T10:00:05Z');
    expect(await tick()).toMatchObject({ sent: 1 });
    clock = at('2030-06-10T10:01:00Z');
    expect(await tick()).toMatchObject({ sent: 0 });

    const reminders = reminderDms(IDS.member, id);
    expect(reminders).toHaveLength(3);
    expect(reminders.slice(1).every((m) => m.content.includes(`<t:${newStart}:R>`))).toBe(true);
    const starts = channel().filter((m) => m.content.includes('is starting now') && m.content.includes('Moved circle'));
    expect(starts).toHaveLength(1);
    expect(workStates(id)).toEqual(['reminder:60:sent', 'reminder:10:sent', 'start:0:sent']);
    expect(harness.logs.filter((l) => l.msg?.startsWith('due work re-armed'))).toHaveLength(1);
  });

  describe('/fireside series', () => {
    const series = (
      subcommand: string,
      options: { name: string; value: string | boolean; type?: number }[],
      extra = {},
    ) =>
      emulator().command({
        name: 'fireside',
        group: 'series',
        subcommand,
        options,
        userId: IDS.moderator,
        channelId: IDS.general,
        ...extra,
      });
    const seriesCount = () => deps().scheduling.series.listByGuild(IDS.guild).length;

    it.each([
      [
        [{ name: 'schedule', value: '0 25 * * *' }],
        /^`0 25 \* \* \*` is not a schedule I can read: `25` is not a valid hour \(0–23\).*0 19 \* \* 4/,
      ],
      [
        [
          { name: 'schedule', value: '0 19 * * 4' },
          { name: 'timezone', value: 'Mars/Olympus' },
        ],
        /not a time zone/,
      ],
      [
        [
          { name: 'schedule', value: '0 19 * * *' },
          { name: 'announce-before', value: '2d' },
        ],
        /longer than the 1d between/,
      ],
      [
        [
          { name: 'schedule', value: '0 19 * * 4' },
          { name: 'announce-before', value: 'soon' },
        ],
        /not a announce-before duration/,
      ],
      [
        [
          { name: 'schedule', value: '0 19 * * 4' },
          { name: 'reminders', value: '-1h' },
        ],
        /not a reminder offset/,
      ],
      [
        [
          { name: 'schedule', value: '0 19 * * 4' },
          { name: 'reminders', value: '0m' },
        ],
        /not a reminder offset/,
      ],
      [[{ name: 'schedule', value: '*/5 * * * *' }], /at most once an hour/],
    ])('refuses bad input %j, storing nothing', async (options, message) => {
      const result = await series('create', [{ name: 'title', value: 'Bad' }, ...options]);
      expect(result.ephemeral).toBe(true);
      expect(await replyText(result)).toMatch(message);
      expect(seriesCount()).toBe(0);
    });

    it('creates a series, shows the next three occurrences and announces each ahead of its start', async () => {
      clock = at('2030-06-10T09:00:00Z'); // a Monday
      const result = await series('create', [
        { name: 'title', value: 'Thursday fireside' },
        { name: 'schedule', value: '0 19 * * 4' },
        { name: 'timezone', value: 'America/New_York' },
        { name: 'reminders', value: '1h' },
      ]);
      const text = await replyText(result);
      expect(text).toMatch(/Created the series/);
      // 19:00 in New York (EDT) is 23:00 UTC.
      expect(text).toContain(`<t:${at('2030-06-13T23:00:00Z') / 1000}:F>`);
      expect((text.match(/<t:\d+:F>/g) ?? []).length).toBe(3);
      expect(result.ephemeral).toBe(true);

      // The first occurrence exists but is not announced before its 3-day window opens.
      await tick();
      expect(channel().filter((m) => m.embeds[0]?.title === 'Thursday fireside')).toHaveLength(0);
      clock = at('2030-06-10T23:00:05Z');
      await tick();
      const announced = channel().filter((m) => m.embeds[0]?.title === 'Thursday fireside');
      expect(announced).toHaveLength(1);
      const row = deps()
        .db.prepare('SELECT series_id, starts_at, reminders FROM discussions WHERE message_id = ?')
        .get(announced[0]?.id);
      expect(row).toMatchObject({ starts_at: at('2030-06-13T23:00:00Z'), reminders: '[60]' });
      await harness.restart();
      await tick();
      expect(channel().filter((m) => m.embeds[0]?.title === 'Thursday fireside')).toHaveLength(1);
    });

    it('lists, pauses, resumes and deletes; another server cannot touch it', async () => {
      const [mine] = deps().scheduling.series.listByGuild(IDS.guild);
      if (!mine) throw new Error('no series');
      const other = await series('pause', [{ name: 'series', value: String(mine.id) }], {
        guildId: IDS.secondGuild,
        channelId: IDS.secondGeneral,
        userId: IDS.admin,
      });
      expect(await replyText(other)).toMatch(/not a series of this server/);
      expect(deps().scheduling.series.get(mine.id)?.paused).toBe(false);

      expect(await replyText(await series('list', []))).toContain(`#${mine.id} Thursday fireside`);
      expect(await replyText(await series('pause', [{ name: 'series', value: String(mine.id) }]))).toMatch(/Paused/);
      expect(deps().scheduling.series.get(mine.id)?.paused).toBe(true);
      expect(await replyText(await series('resume', [{ name: 'series', value: String(mine.id) }]))).toMatch(/Resumed/);
      const deleted = await series('delete', [
        { name: 'series', value: String(mine.id) },
        { name: 'cancel-upcoming', value: false },
      ]);
      expect(await replyText(deleted)).toMatch(
        /Deleted the series.*\nStill taking place as one-offs: 1 announced discussion\./,
      );
      expect(seriesCount()).toBe(0);
    });

    it('retries an announcement refused for a missing permission, warning once, and announces it once', async () => {
      clock = at('2030-06-17T09:00:00Z'); // a Monday
      const created = await series('create', [
        { name: 'title', value: 'Refused fireside' },
        { name: 'schedule', value: '0 19 * * 4' },
        { name: 'timezone', value: 'UTC' },
      ]);
      expect(await replyText(created)).toMatch(/Created the series/);
      const client = harness.app.client;
      const canSend = () => {
        const me = client.guilds.cache.get(IDS.guild)?.members.me;
        const room = client.channels.cache.get(IDS.announcements);
        return me && room && 'permissionsFor' in room && room.permissionsFor(me)?.has(PermissionFlagsBits.SendMessages);
      };
      emulator().setBotPermissions(
        IDS.guild,
        IDS.announcements,
        (BOT_ROLE_PERMISSIONS & ~PermissionFlagsBits.SendMessages).toString(),
      );
      await emulator().waitFor(() => canSend() === false, { what: 'the permission change to reach the bot' });

      const announcements = () => channel().filter((m) => m.embeds[0]?.title === 'Refused fireside');
      const posts = () =>
        emulator().requests.filter((r) => r.method === 'POST' && r.path.endsWith(`${IDS.announcements}/messages`));
      const postsBefore = posts().length;
      const warnings = () => harness.logs.filter((l) => l.level === 40 && /Send Messages/.test(String(l.msg)));
      clock = at('2030-06-17T19:00:05Z'); // the announcement is due (3 days before Thursday 19:00)
      expect(await tick()).toMatchObject({ sent: 0, failed: 0, postponed: 1 });
      clock += 15_000;
      expect(await tick()).toMatchObject({ sent: 0, failed: 0, postponed: 1 });
      expect(announcements()).toHaveLength(0);
      expect(posts()).toHaveLength(postsBefore);
      const [occurrence] = deps()
        .db.prepare(
          "SELECT d.id FROM discussions d JOIN scheduled_work w ON w.discussion_id = d.id WHERE d.title = 'Refused fireside' AND w.kind = 'announce'",
        )
        .all() as { id: number }[];
      if (!occurrence) throw new Error('no occurrence');
      const announce = () =>
        deps()
          .scheduling.work.forDiscussion(occurrence.id)
          .find((w) => w.kind === 'announce');
      expect(announce()).toMatchObject({ state: 'pending', claimedBy: null });
      expect(warnings()).toHaveLength(1);
      expect(String(warnings()[0]?.msg)).toContain(`<#${IDS.announcements}>`);

      emulator().setBotPermissions(IDS.guild, IDS.announcements, null);
      await emulator().waitFor(() => canSend() === true, { what: 'the permission change to reach the bot' });
      clock += 15_000;
      expect(await tick()).toMatchObject({ sent: 1, postponed: 0 });
      clock += 15_000;
      await tick();
      expect(announcements()).toHaveLength(1);
      expect(announce()?.state).toBe('sent');
      expect(warnings()).toHaveLength(1);
    });
  });
});
