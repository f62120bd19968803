import {
  type CommandOption,
  defaultGuild,
  type EmulatedMessage,
  IDS,
  type InteractionResult,
  PERMISSIONS,
  secondGuild,
} from '@healing-library/discord-emulator';
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed, APIEmbedField } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, replyText as replyTextOf, startHarness } from '../support/harness.js';

const EPHEMERAL = 64;
/** The bot's clock: starts are at most two years ahead of it, so it stays months before PARIS_START whatever the date. */
const CLOCK = Date.parse('2030-06-10T09:00:00Z');
const PARIS_START = '2030-12-03 19:00';
const PARIS_START_SEC = Date.parse('2030-12-03T18:00:00Z') / 1_000;

const buttons = (message: { components: unknown[] }) =>
  (message.components as APIActionRowComponent<APIButtonComponentWithCustomId>[]).flatMap((row) => row.components);
const field = (embed: APIEmbed | undefined, name: string) => embed?.fields?.find((f) => f.name === name)?.value;
const buttonId = (message: EmulatedMessage, label: string) => {
  const found = buttons(message).find((button) => button.label === label);
  expect(found, `button ${label}`).toBeDefined();
  return found?.custom_id as string;
};

describe('Fireside Discussions through the real bot and the emulator', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      env: { DEFAULT_TIMEZONE: 'UTC' },
      emulator: { guilds: [defaultGuild(), secondGuild()] },
      now: () => new Date(CLOCK),
    });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const emulator = () => harness.emulator;
  const discussionCount = () =>
    (harness.app.deps.db.prepare('SELECT count(*) AS n FROM discussions').get() as { n: number }).n;
  const announcements = () => emulator().channelMessages(IDS.announcements);

  const replyText = (result: InteractionResult) => replyTextOf(emulator(), result);

  function fireside(subcommand: string, options: CommandOption[], userId: string = IDS.moderator) {
    return emulator().command({ name: 'fireside', subcommand, options, userId, channelId: IDS.general });
  }

  async function schedule(options: CommandOption[], userId: string = IDS.moderator) {
    const result = await fireside('schedule', options, userId);
    return { result, text: await replyText(result) };
  }

  async function scheduleOk(title: string, extra: CommandOption[] = []) {
    const before = announcements().length;
    const { text } = await schedule([{ name: 'title', value: title }, { name: 'start', value: PARIS_START }, ...extra]);
    expect(text).toMatch(/^Scheduled/);
    const message = await emulator().waitFor(() => announcements().length > before && announcements().at(-1));
    const id = Number(/#(\d+)/.exec(text)?.[1]);
    return { id, message: message as EmulatedMessage, text };
  }

  async function click(message: EmulatedMessage, label: string, userId: string) {
    return emulator().click({ message, customId: buttonId(message, label), userId });
  }

  it('refuses to schedule before an announcement channel is set, storing nothing', async () => {
    const { result, text } = await schedule([
      { name: 'title', value: 'Too early' },
      { name: 'start', value: PARIS_START },
    ]);
    expect(result.ephemeral).toBe(true);
    expect(text).toMatch(/no announcement channel.*\/setup announcements/i);
    expect(discussionCount()).toBe(0);
  });

  it('lets only Manage Server members change the settings', async () => {
    const refused = await emulator().command({
      name: 'setup',
      userId: IDS.moderator,
      options: [{ name: 'timezone', value: 'Asia/Tokyo' }],
    });
    expect(refused.ephemeral).toBe(true);
    expect(refused.callback?.data.content).toMatch(/Manage Server/);
    expect(harness.app.deps.firesides.settings.get(IDS.guild).timezoneIsDefault).toBe(true);

    const saved = await emulator().command({
      name: 'setup',
      userId: IDS.admin,
      options: [
        { name: 'announcements', value: IDS.announcements, type: 7 },
        { name: 'timezone', value: 'Europe/Paris' },
        { name: 'reminders', value: '24h,1h' },
      ],
    });
    expect(saved.ephemeral).toBe(true);
    expect(saved.callback?.data.content).toMatch(/Settings saved/);
    expect(harness.app.deps.firesides.settings.get(IDS.guild)).toMatchObject({
      announcementChannelId: IDS.announcements,
      timezone: 'Europe/Paris',
      reminders: [1440, 60],
    });
  });

  it('refuses a non-moderator and posts nothing', async () => {
    const before = announcements().length;
    const { result, text } = await schedule(
      [
        { name: 'title', value: 'Not mine to run' },
        { name: 'start', value: PARIS_START },
      ],
      IDS.member,
    );
    expect(result.ephemeral).toBe(true);
    expect(text).toMatch(/Only moderators/);
    expect(discussionCount()).toBe(0);
    expect(announcements()).toHaveLength(before);
  });

  it.each([
    ['a title over 100 characters', [{ name: 'title', value: 'x'.repeat(101) }], /title is 101 characters/],
    ['a description over 1,000', [{ name: 'description', value: 'y'.repeat(1_001) }], /description is 1001/],
    ['a past start', [{ name: 'start', value: '2020-01-01 10:00' }], /already passed.*next thursday 7pm/],
    ['an unreadable start', [{ name: 'start', value: 'whenever suits' }], /could not read.*in 2 hours/],
    ['an unknown zone', [{ name: 'timezone', value: 'Mars/Olympus' }], /not a time zone/],
    ['capacity 0', [{ name: 'capacity', value: 0 }], /capacity must be at least 1/],
    ['a link that is not http(s)', [{ name: 'link', value: 'ftp://files.example.org' }], /must be a web address/],
  ])('refuses %s with a hint, storing and posting nothing', async (_what, bad, message) => {
    const before = announcements().length;
    const base = [
      { name: 'title', value: 'Fine title' },
      { name: 'start', value: PARIS_START },
    ];
    const options = [...base.filter((o) => !bad.some((b) => b.name === o.name)), ...bad];
    const { result, text } = await schedule(options);
    expect(result.ephemeral).toBe(true);
    expect(text).toMatch(message);
    expect(discussionCount()).toBe(0);
    expect(announcements()).toHaveLength(before);
  });

  it('names the missing permission and leaves nothing behind', async () => {
    const client = harness.app.client;
    const withoutSend = PERMISSIONS.VIEW_CHANNEL | PERMISSIONS.EMBED_LINKS | PERMISSIONS.READ_MESSAGE_HISTORY;
    emulator().setBotPermissions(IDS.guild, IDS.announcements, withoutSend.toString());
    await emulator().waitFor(() => {
      const channel = client.channels.cache.get(IDS.announcements);
      const me = client.guilds.cache.get(IDS.guild)?.members.me;
      return channel && me && 'permissionsFor' in channel && !channel.permissionsFor(me)?.has('SendMessages');
    });
    const before = announcements().length;
    const { text } = await schedule([
      { name: 'title', value: 'Cannot post' },
      { name: 'start', value: PARIS_START },
    ]);
    expect(text).toMatch(/missing \*\*Send Messages\*\*/);
    expect(discussionCount()).toBe(0);
    expect(announcements()).toHaveLength(before);
    emulator().setBotPermissions(IDS.guild, IDS.announcements, null);
    await emulator().waitFor(() => {
      const channel = client.channels.cache.get(IDS.announcements);
      const me = client.guilds.cache.get(IDS.guild)?.members.me;
      return channel && me && 'permissionsFor' in channel && channel.permissionsFor(me)?.has('SendMessages');
    });

    // The cache can be wrong: a 50013 from the post itself also removes the stored row.
    emulator().failNext(
      { method: 'POST', path: new RegExp(`/channels/${IDS.announcements}/messages$`) },
      { status: 403, body: { message: 'Missing Permissions', code: 50013 } },
    );
    const failed = await schedule([
      { name: 'title', value: 'Refused by Discord' },
      { name: 'start', value: PARIS_START },
    ]);
    expect(failed.text).toMatch(/missing \*\*Send Messages\*\*/);
    expect(discussionCount()).toBe(0);
  });

  it('schedules: the confirmation shows the time as understood, the announcement has five buttons and pings nobody', async () => {
    const { id, message, text } = await scheduleOk('Grief & winter <@&400000000000000001>', [
      { name: 'description', value: 'Bring a warm drink. @everyone welcome.' },
      { name: 'duration', value: 90 },
      { name: 'link', value: 'https://meet.example.org/fireside' },
      { name: 'facilitator', value: IDS.moderator, type: 6 },
    ]);
    expect(text).toContain(`<t:${PARIS_START_SEC}:F>`);
    expect(text).toContain('Tue 3 Dec 2030, 19:00 (Europe/Paris)');
    const stored = harness.app.deps.firesides.discussions.get(id);
    expect(stored).toMatchObject({ startsAt: PARIS_START_SEC * 1_000, messageId: message.id, durationMinutes: 90 });

    expect(message.allowed_mentions).toEqual({ parse: [] });
    const embed = message.embeds[0];
    expect(embed.title).toBe('Grief & winter <@&400000000000000001>');
    expect(embed.description).toBe('Bring a warm drink. @everyone welcome.');
    const fields = Object.fromEntries((embed.fields as APIEmbedField[]).map((f) => [f.name, f.value]));
    expect(fields.When).toBe(`<t:${PARIS_START_SEC}:F> (<t:${PARIS_START_SEC}:R>)`);
    expect(fields.Duration).toBe('1 h 30 min');
    expect(fields.Facilitator).toBe(`<@${IDS.moderator}>`);
    expect(fields.Where).toBe('https://meet.example.org/fireside');
    expect(buttons(message).map((b) => b.label)).toEqual([
      'Going',
      'Maybe',
      "Can't go",
      'Ask a question',
      'Add to calendar',
    ]);
  });

  it('answers a Going click with a type 7 update carrying the counts and an ephemeral follow-up; the same click again writes nothing', async () => {
    const { id, message } = await scheduleOk('Counting circle');
    const going = await click(message, 'Going', IDS.member);
    expect(going.callback?.type).toBe(7);
    const rsvps = field(going.callback?.data.embeds[0], 'RSVPs');
    expect(rsvps).toBe('Going: **1** · Maybe: **0**');
    expect(going.callback?.data.allowed_mentions).toEqual({ parse: [] });
    const followUp = await emulator().waitFor(() => going.followups[0], { what: 'the follow-up' });
    expect(followUp.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(followUp.content).toMatch(/^You're going to \*\*Counting circle\*\*/);

    const row = harness.app.deps.firesides.rsvps.get(id, IDS.member);
    const again = await click(message, 'Going', IDS.member);
    expect(again.callback?.type).toBe(4);
    expect(again.ephemeral).toBe(true);
    expect(again.callback?.data.content).toMatch(/^No change: you're going/);
    expect(harness.app.deps.firesides.rsvps.get(id, IDS.member)).toEqual(row);
  });

  it('waitlists past capacity and promotes in order, by DM or by a channel mention when DMs are closed', async () => {
    const { id, message } = await scheduleOk('Small circle', [{ name: 'capacity', value: 1 }]);
    await click(message, 'Going', IDS.member);
    const second = await click(message, 'Going', IDS.moderator);
    const secondFollowUp = await emulator().waitFor(() => second.followups[0]);
    expect(secondFollowUp.content).toMatch(/number 1 on the waitlist/);
    const third = await click(message, 'Going', IDS.admin);
    expect((await emulator().waitFor(() => third.followups[0])).content).toMatch(/number 2 on the waitlist/);
    const counts = field(third.callback?.data.embeds[0], 'RSVPs');
    expect(counts).toBe('Going: **1 / 1** · Maybe: **0** · Spots left: **0** · Waitlist: **2**');

    // The moderator, first in line, does not accept DMs: the promotion falls back to a mention in the channel.
    emulator().closeDms(IDS.moderator);
    const before = announcements().length;
    await click(message, "Can't go", IDS.member);
    const mention = await emulator().waitFor(() => announcements().length > before && announcements().at(-1));
    expect(mention.content).toMatch(new RegExp(`^<@${IDS.moderator}>\\n.*spot opened up`));
    expect(mention.allowed_mentions).toEqual({ users: [IDS.moderator] });
    expect(harness.app.deps.firesides.rsvps.listByStatus(id, 'going').map((r) => r.userId)).toEqual([IDS.moderator]);

    // The moderator steps back too: the admin is promoted and told by DM.
    await click(message, "Can't go", IDS.moderator);
    const dm = await emulator().waitFor(() => emulator().dmMessages(IDS.admin).at(-1), { what: 'the promotion DM' });
    expect(dm.content).toMatch(/spot opened up.*\*\*going\*\* to \*\*Small circle\*\*/);
    expect(harness.app.deps.firesides.rsvps.listByStatus(id, 'going').map((r) => r.userId)).toEqual([IDS.admin]);
  });

  it('refuses a discussion id of another server', async () => {
    const { id } = await scheduleOk('Home server only');
    const result = await emulator().command({
      name: 'rsvp',
      guildId: IDS.secondGuild,
      channelId: IDS.secondGeneral,
      userId: IDS.member,
      options: [
        { name: 'event', value: String(id) },
        { name: 'status', value: 'going' },
      ],
    });
    expect(result.ephemeral).toBe(true);
    expect(result.callback?.data.content).toMatch(/is not a Fireside Discussion of this server/);

    // A button whose custom_id names the first server's discussion, on a message of the second server.
    const manage = PERMISSIONS.MANAGE_EVENTS | (1n << 5n);
    emulator().setMemberPermissions(IDS.secondGuild, IDS.admin, (manage | PERMISSIONS.VIEW_CHANNEL).toString());
    await emulator().command({
      name: 'setup',
      guildId: IDS.secondGuild,
      channelId: IDS.secondGeneral,
      userId: IDS.admin,
      options: [{ name: 'announcements', value: IDS.secondGeneral, type: 7 }],
    });
    const elsewhere = await emulator().command({
      name: 'fireside',
      subcommand: 'schedule',
      guildId: IDS.secondGuild,
      channelId: IDS.secondGeneral,
      userId: IDS.admin,
      options: [
        { name: 'title', value: 'Second server circle' },
        { name: 'start', value: PARIS_START },
      ],
    });
    expect(await replyText(elsewhere)).toMatch(/^Scheduled/);
    const foreign = emulator().channelMessages(IDS.secondGeneral).at(-1) as EmulatedMessage;
    const click = await emulator().click({ message: foreign, customId: `rsvp:${id}:going`, userId: IDS.member });
    expect(click.ephemeral).toBe(true);
    expect(click.callback?.data.content).toMatch(/no longer exists/);
    expect(harness.app.deps.firesides.rsvps.get(id, IDS.member)).toBeUndefined();
  });

  it('/rsvp records the answer and refreshes the announcement by editing it', async () => {
    const { id, message } = await scheduleOk('Typed answers');
    const result = await emulator().command({
      name: 'rsvp',
      userId: IDS.member,
      options: [
        { name: 'event', value: String(id) },
        { name: 'status', value: 'maybe' },
      ],
    });
    expect(result.callback?.data.content).toMatch(/You're a maybe/);
    await emulator().waitFor(() => {
      const current = announcements().find((m) => m.id === message.id);
      return field(current?.embeds[0], 'RSVPs') === 'Going: **0** · Maybe: **1**';
    });
    expect(harness.app.deps.firesides.rsvps.get(id, IDS.member)?.status).toBe('maybe');
  });

  it('asks a question through Labels and a checkbox: anonymous unless the member ticks Show my name', async () => {
    const { id, message } = await scheduleOk('Questions welcome');
    const ask = await click(message, 'Ask a question', IDS.member);
    expect(ask.callback?.type).toBe(9);
    // Text inputs sit in Labels (type 18) without a label of their own; the anonymity choice is a checkbox (23).
    const form = ask.callback?.data;
    expect(form.components.map((c: { type: number }) => c.type)).toEqual([18, 18]);
    expect(form.components[0].component).toMatchObject({ type: 4, custom_id: 'question' });
    expect(form.components[0].component.label).toBeUndefined();
    expect(form.components[1].component).toEqual({ type: 23, custom_id: 'show_name' });
    const modalId = form.custom_id as string;
    // The checkbox left as it opened: anonymous.
    const first = await emulator().submitModal({
      customId: modalId,
      userId: IDS.member,
      fields: { question: 'How do I prepare? <@&400000000000000001>' },
    });
    expect(first.ephemeral).toBe(true);
    expect(first.callback?.data.content).toMatch(/passed on anonymously/);
    await click(message, 'Ask a question', IDS.admin);
    const named = await emulator().submitModal({
      customId: modalId,
      userId: IDS.admin,
      fields: { question: 'Can I bring a friend?', show_name: true },
    });
    expect(named.callback?.data.content).toMatch(/passed on with your name/);
    await click(message, 'Ask a question', IDS.moderator);
    await emulator().submitModal({
      customId: modalId,
      userId: IDS.moderator,
      fields: { question: 'Is there tea?', show_name: false },
    });

    const refused = await fireside('questions', [{ name: 'event', value: String(id) }], IDS.member);
    expect(refused.callback?.data.content).toMatch(/Only moderators and the facilitator/);

    const listed = await fireside('questions', [{ name: 'event', value: String(id) }]);
    expect(listed.ephemeral).toBe(true);
    const description = listed.callback?.data.embeds[0].description as string;
    expect(description.indexOf('How do I prepare?')).toBeLessThan(description.indexOf('Can I bring a friend?'));
    expect(description).toMatch(/\*\*1\.\*\* anonymous/);
    expect(description).toContain(`**2.** <@${IDS.admin}>`);
    expect(description).not.toContain(`<@${IDS.member}>`);
    expect(description).toMatch(/\*\*3\.\*\* anonymous/);
    expect(description).not.toContain(`<@${IDS.moderator}>`);
  });

  it('answers Add to calendar with an .ics attachment and a Google Calendar link', async () => {
    const { id, message } = await scheduleOk('Calendar circle', [{ name: 'duration', value: 45 }]);
    const result = await click(message, 'Add to calendar', IDS.member);
    expect(result.ephemeral).toBe(true);
    expect(result.callback?.data.content).toContain('https://calendar.google.com/calendar/render?');
    const file = result.files[0];
    expect(file?.name).toBe(`fireside-${id}.ics`);
    const ics = file?.data.toString('utf8') ?? '';
    expect(ics).toContain(`UID:fireside-${id}@${IDS.guild}`);
    expect(ics).toContain('DTSTART:20301203T180000Z');
    expect(ics).toContain('DTEND:20301203T184500Z');
    expect(ics).toContain('SUMMARY:Calendar circle');
  });

  it('mirrors the discussion as a Discord event when native events are on, and cancels it with the discussion', async () => {
    await emulator().command({ name: 'setup', userId: IDS.admin, options: [{ name: 'native-events', value: true }] });
    const { id, message } = await scheduleOk('Voice circle', [{ name: 'location', value: IDS.voice, type: 7 }]);
    const stored = harness.app.deps.firesides.discussions.get(id);
    expect(stored?.scheduledEventId).toBeTruthy();
    const event = emulator()
      .scheduledEvents(IDS.guild)
      .find((e) => e.id === stored?.scheduledEventId);
    expect(event).toMatchObject({ entity_type: 2, channel_id: IDS.voice, name: 'Voice circle' });

    await click(message, 'Going', IDS.member);
    await click(message, 'Maybe', IDS.admin);
    const dmsBefore = emulator().dmMessages(IDS.member).length;
    const cancel = await fireside('cancel', [
      { name: 'event', value: String(id) },
      { name: 'reason', value: 'Facilitator is unwell' },
    ]);
    expect(await replyText(cancel)).toMatch(/Cancelled \*\*Voice circle\*\*.*Told 2 member/);
    const edited = announcements().find((m) => m.id === message.id) as EmulatedMessage;
    expect(edited.embeds[0].title).toBe('Cancelled: Voice circle');
    expect(buttons(edited).every((b) => b.disabled)).toBe(true);
    const dm = emulator().dmMessages(IDS.member).slice(dmsBefore);
    expect(dm.some((m) => /Voice circle.*has been cancelled\. Reason: Facilitator is unwell/.test(m.content))).toBe(
      true,
    );
    expect(emulator().dmMessages(IDS.admin).at(-1)?.content).toMatch(/has been cancelled/);
    expect(
      emulator()
        .scheduledEvents(IDS.guild)
        .find((e) => e.id === stored?.scheduledEventId)?.status,
    ).toBe(4);

    const late = await click(message, 'Going', IDS.moderator);
    expect(late.ephemeral).toBe(true);
    expect(late.callback?.data.content).toMatch(/was cancelled \(Facilitator is unwell\)/);
    await emulator().command({ name: 'setup', userId: IDS.admin, options: [{ name: 'native-events', value: false }] });
  });

  it('tells going and maybe members when the time changes', async () => {
    const { id, message } = await scheduleOk('Moving circle');
    await click(message, 'Going', IDS.member);
    const before = emulator().dmMessages(IDS.member).length;
    const edit = await fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'start', value: '2030-12-04 20:00' },
    ]);
    expect(await replyText(edit)).toMatch(/The time changed\. Told 1 member/);
    const dm = await emulator().waitFor(() => emulator().dmMessages(IDS.member).slice(before)[0]);
    expect(dm.content).toMatch(/Moving circle\*\* has changed \(time\)/);
    const newStart = Date.parse('2030-12-04T19:00:00Z');
    expect(harness.app.deps.firesides.discussions.get(id)?.startsAt).toBe(newStart);
    const current = announcements().find((m) => m.id === message.id);
    expect(current?.embeds[0].fields[0].value).toContain(`<t:${newStart / 1_000}:F>`);
  });

  it('lists upcoming discussions with the member’s own answer, and their RSVPs', async () => {
    const list = await fireside('list', [], IDS.member);
    expect(list.ephemeral).toBe(true);
    expect(list.callback?.data.embeds[0].description).toMatch(/Counting circle[\s\S]*Your answer: \*\*Going\*\*/);
    const mine = await fireside('mine', [], IDS.member);
    expect(mine.callback?.data.embeds[0].description).toContain('Typed answers');
    expect(mine.callback?.data.embeds[0].description).not.toContain('Voice circle');
  });

  it('pings the configured role on a new announcement, and nobody else', async () => {
    await emulator().command({
      name: 'setup',
      userId: IDS.admin,
      options: [{ name: 'ping-role', value: IDS.moderatorRole, type: 8 }],
    });
    const { message } = await scheduleOk('Ping circle <@500000000000000001>');
    expect(message.content).toBe(`<@&${IDS.moderatorRole}> a new Fireside Discussion`);
    expect(message.allowed_mentions).toEqual({ parse: [], roles: [IDS.moderatorRole] });
    const update = await click(message, 'Going', IDS.member);
    expect(update.callback?.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('keeps the buttons working after the bot restarts', async () => {
    const { id, message } = await scheduleOk('Survives restarts');
    await harness.restart();
    const result = await click(message, 'Maybe', IDS.admin);
    expect(result.callback?.type).toBe(7);
    expect(harness.app.deps.firesides.rsvps.get(id, IDS.admin)?.status).toBe('maybe');
  });

  it('sent every request in a shape the OpenAPI description accepts', () => {
    expect(harness.validating).toBe(true);
    expect(harness.logs.filter((line) => line.level >= 40)).toEqual([]);
    expect(emulator().validationErrors).toEqual([]);
  });
});
