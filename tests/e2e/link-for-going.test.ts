import {
  type CommandOption,
  defaultGuild,
  type EmulatedMessage,
  IDS,
  type InteractionResult,
} from '@healing-library/discord-emulator';
import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, replyText as replyTextOf, startHarness } from '../support/harness.js';

/** A Monday morning; the tests move the clock and tick the scheduler themselves. */
let clock = Date.parse('2030-06-10T09:00:00Z');

/*
 * Each link carries a word of letters and digits only, found as is in JSON, in a URL-encoded Google Calendar link
 * and in an .ics file (unfolded).
 */
const LINK = 'https://meet.example.org/secretroom7Qx';
const MOVED_LINK = 'https://meet.example.org/newroom9Zk';
const SERIES_LINK = 'https://meet.example.org/seriesroom4Wp';
const OPEN_LINK = 'https://meet.example.org/openroom2Hn';
const PRIVATE = ['secretroom7Qx', 'newroom9Zk', 'seriesroom4Wp'];

const GOING = IDS.member;
const MAYBE = '520000000000000001';
const BYSTANDER = '520000000000000002';
/** Going, with DMs closed: reached by a mention in the channel, which everyone reads. */
const CLOSED = '520000000000000003';
const LEAVER = '520000000000000004';
/** On the waitlist, moved up when LEAVER steps back: told by DM. */
const WAITER = '520000000000000005';
/** On the waitlist with DMs closed, moved up by a raised capacity: told by a mention in the channel. */
const CLOSED_WAITER = '520000000000000006';

const WITHHELD = 'Link sent to members going';

/** Everything of a message or answer a member can read: text, embeds, components, attached files (unfolded). */
function readable(emulator: Harness['emulator'], messages: (EmulatedMessage | undefined)[]): string {
  return messages
    .filter((m) => m !== undefined)
    .map((m) =>
      [
        JSON.stringify(m),
        ...emulator.messageFiles(m.id).map((file) => file.data.toString('utf8').replaceAll('\r\n ', '')),
      ].join('\n'),
    )
    .join('\n');
}

const field = (embed: APIEmbed | undefined, name: string) => embed?.fields?.find((f) => f.name === name)?.value;

describe('link-for:going: the meeting link reaches members going and nobody else', () => {
  let harness: Harness;
  let id = 0;
  /** Interactions whose private answer may carry the link: a member going, or a moderator managing it. */
  const allowedTokens = new Set<string>();

  beforeAll(async () => {
    const guild = defaultGuild();
    for (const userId of [MAYBE, BYSTANDER, CLOSED, LEAVER, WAITER, CLOSED_WAITER])
      guild.members.push({ userId, username: `m${userId.slice(-2)}`, roles: [] });
    harness = await startHarness({
      env: { DEFAULT_TIMEZONE: 'UTC' },
      emulator: { guilds: [guild] },
      now: () => new Date(clock),
      scheduler: { cron: false },
    });
    harness.app.deps.firesides.settings.update(
      IDS.guild,
      {
        announcementChannelId: IDS.announcements,
        reminders: [60],
        // DM and channel delivery at once, Maybe members reminded too: every kind of reminder goes out.
        reminderDelivery: 'both',
        remindMaybe: true,
        nativeEvents: true,
      },
      clock,
    );
    harness.emulator.closeDms(CLOSED);
    harness.emulator.closeDms(CLOSED_WAITER);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const emulator = () => harness.emulator;
  const deps = () => harness.app.deps;
  const tick = () => harness.app.scheduler.tick();
  const replyText = (result: InteractionResult) => replyTextOf(emulator(), result);
  const announcements = () => emulator().channelMessages(IDS.announcements);
  const announcementOf = (discussionId: number) =>
    announcements().find((m) => m.id === deps().firesides.discussions.get(discussionId)?.messageId);
  const eventOf = (discussionId: number) =>
    emulator()
      .scheduledEvents(IDS.guild)
      .find((e) => e.id === deps().firesides.discussions.get(discussionId)?.scheduledEventId) as
      | { entity_metadata: { location?: string } | null; description: string | null }
      | undefined;
  const fireside = (subcommand: string, options: CommandOption[], userId: string = IDS.moderator, group?: string) =>
    emulator().command({ name: 'fireside', group, subcommand, options, userId, channelId: IDS.general });
  /** A moderator's answer, which may show the link: they gave it. */
  const manage = async (subcommand: string, options: CommandOption[], group?: string) => {
    const result = await fireside(subcommand, options, IDS.moderator, group);
    allowedTokens.add(result.token);
    return replyText(result);
  };
  /** A click on the announcement, with the member's private follow-up. */
  const answer = async (userId: string, status: 'going' | 'maybe' | 'no') => {
    const message = announcementOf(id) as EmulatedMessage;
    const result = await emulator().click({ message, customId: `rsvp:${id}:${status}`, userId, until: 'follow-up' });
    return { result, text: String(result.followups[0]?.content ?? result.callback?.data?.content ?? '') };
  };
  /** `going`: the member is going, so the answer may carry the link. */
  const info = async (userId: string, discussionId = id, going = false) => {
    const result = await fireside('info', [{ name: 'event', value: String(discussionId) }], userId);
    if (going) allowedTokens.add(result.token);
    return JSON.stringify(result.callback?.data);
  };
  const calendar = async (userId: string, discussionId = id, going = false) => {
    const message = announcementOf(discussionId) as EmulatedMessage;
    const result = await emulator().click({ message, customId: `ics:${discussionId}`, userId });
    if (going) allowedTokens.add(result.token);
    return [
      JSON.stringify(result.callback?.data),
      ...result.files.map((f) => f.data.toString('utf8').replaceAll('\r\n ', '')),
    ].join('\n');
  };
  const dmChannelOf = (userId: string) => deps().firesides.dmChannels.get(userId);

  /**
   * Every request the bot sent that carries a private link and is not for a member going: DMs to members going, and
   * the private answers to interactions of members going and of moderators, are the only places allowed. An answer
   * that edits the announcement in place (callback 6 or 7) is public whoever clicked.
   */
  function leaks(privateDms: string[]): string[] {
    const dmChannels = new Set(privateDms.map(dmChannelOf).filter((c) => c !== undefined));
    return emulator()
      .requests.filter((request) => {
        const text = [
          JSON.stringify(request.body),
          ...request.files.map((f) => f.data.toString('utf8').replaceAll('\r\n ', '')),
        ].join('\n');
        if (!PRIVATE.some((word) => text.includes(word))) return false;
        const token = [...allowedTokens].find((t) => request.path.includes(t));
        const type = (request.body as { type?: number } | null)?.type;
        if (token && !(request.path.endsWith('/callback') && (type === 6 || type === 7))) return false;
        const channel = /^\/channels\/(\d+)\/messages/.exec(request.path)?.[1];
        return !(channel && dmChannels.has(channel));
      })
      .map((request) => `${request.method} ${request.path} ${JSON.stringify(request.body).slice(0, 300)}`);
  }

  it('refuses link-for:going without a link, changing nothing', async () => {
    const before = announcements().length;
    const refused = await fireside('schedule', [
      { name: 'title', value: 'No link' },
      { name: 'start', value: '2030-06-10 12:00' },
      { name: 'link-for', value: 'going' },
    ]);
    expect(refused.ephemeral).toBe(true);
    expect(refused.callback?.data.content).toMatch(/`link-for:going`.*there is no `link`.*Nothing was saved/);
    expect(deps().firesides.discussions.listUpcoming(IDS.guild, clock)).toEqual([]);
    expect(announcements()).toHaveLength(before);

    const series = await fireside(
      'create',
      [
        { name: 'title', value: 'No link either' },
        { name: 'schedule', value: '0 19 * * 4' },
        { name: 'link-for', value: 'going' },
      ],
      IDS.moderator,
      'series',
    );
    expect(series.callback?.data.content).toMatch(/`link-for:going`.*there is no `link`/);
    expect(deps().scheduling.series.listByGuild(IDS.guild)).toEqual([]);
  });

  it('announces without the link, saying it is sent to members going; the Discord event names no link', async () => {
    const text = await manage('schedule', [
      { name: 'title', value: 'Private circle' },
      { name: 'start', value: '2030-06-10 12:00' },
      { name: 'link', value: LINK },
      { name: 'link-for', value: 'going' },
      { name: 'capacity', value: 3 },
    ]);
    expect(text).toMatch(/^Scheduled/);
    // The moderator who gave it sees it in their own answer.
    expect(text).toContain(LINK);
    id = Number(/#(\d+)/.exec(text)?.[1]);
    const announcement = announcementOf(id);
    expect(field(announcement?.embeds[0] as APIEmbed, 'Where')).toContain(WITHHELD);
    expect(JSON.stringify(announcement)).not.toContain('secretroom7Qx');
    const event = eventOf(id);
    expect(event?.entity_metadata?.location).toBe(WITHHELD);
    expect(JSON.stringify(event)).not.toContain('secretroom7Qx');
  });

  it('gives the link in the Going answer only', async () => {
    const going = await answer(GOING, 'going');
    allowedTokens.add(going.result.token);
    expect(going.text).toMatch(/You're going/);
    expect(going.text).toContain(LINK);
    for (const userId of [CLOSED, LEAVER]) allowedTokens.add((await answer(userId, 'going')).result.token);

    const maybe = await answer(MAYBE, 'maybe');
    expect(maybe.text).toMatch(/maybe/);
    expect(maybe.text).not.toContain('secretroom7Qx');
    for (const userId of [WAITER, CLOSED_WAITER]) {
      const waiting = await answer(userId, 'going');
      expect(waiting.text).toMatch(/waitlist/);
      expect(waiting.text).not.toContain('secretroom7Qx');
    }
  });

  it('/fireside info and the calendar file carry it for a member going, not for a maybe, a waitlisted or a non-RSVP', async () => {
    expect(await info(GOING, id, true)).toContain(LINK);
    expect(await calendar(GOING, id, true)).toContain('secretroom7Qx');
    for (const userId of [MAYBE, WAITER, BYSTANDER]) {
      const shown = await info(userId);
      expect(shown).toContain(WITHHELD);
      expect(shown).not.toContain('secretroom7Qx');
      expect(await calendar(userId)).not.toContain('secretroom7Qx');
    }
    // Whoever runs it sees it privately without an answer: a moderator, and its facilitator (who needs it).
    expect(await info(IDS.moderator, id, true)).toContain(LINK);
    const deps = harness.app.deps.firesides.discussions;
    deps.update(id, { facilitatorId: BYSTANDER }, clock);
    expect(await info(BYSTANDER, id, true)).toContain(LINK);
    deps.update(id, { facilitatorId: null }, clock);
    expect(await info(BYSTANDER)).not.toContain('secretroom7Qx');
    for (const subcommand of ['list', 'mine']) {
      for (const userId of [GOING, BYSTANDER]) {
        const listed = await fireside(subcommand, [], userId);
        expect(JSON.stringify(listed.callback?.data)).not.toContain('secretroom7Qx');
      }
    }
  });

  it('tells a member moved up from the waitlist the link by DM, and a member whose DMs are closed only in public words', async () => {
    const before = announcements().length;
    await answer(LEAVER, 'no');
    const promoted = await emulator().waitFor(() =>
      emulator()
        .dmMessages(WAITER)
        .find((m) => m.content.includes('A spot opened up')),
    );
    expect(readable(emulator(), [promoted])).toContain(LINK);

    // A raised capacity moves the next one up; their DMs are closed, so the channel says it, without the link.
    expect(
      await manage('edit', [
        { name: 'event', value: String(id) },
        { name: 'capacity', value: 4 },
      ]),
    ).toMatch(/Moved up from the waitlist and told: 1 member/);
    const mention = announcements()
      .slice(before)
      .find((m) => m.content.includes(`<@${CLOSED_WAITER}>`));
    expect(mention?.content).toMatch(/A spot opened up/);
    expect(JSON.stringify(mention)).toContain(WITHHELD);
  });

  it('a new link reaches members going by DM; a maybe hears of the change without it', async () => {
    const text = await manage('edit', [
      { name: 'event', value: String(id) },
      { name: 'link', value: MOVED_LINK },
    ]);
    expect(text).toContain(MOVED_LINK);
    const changed = (userId: string) =>
      emulator()
        .dmMessages(userId)
        .filter((m) => m.content.includes('has changed'));
    expect(readable(emulator(), changed(GOING))).toContain(MOVED_LINK);
    expect(readable(emulator(), changed(WAITER))).toContain(MOVED_LINK);
    expect(changed(MAYBE)).toHaveLength(1);
    expect(readable(emulator(), changed(MAYBE))).not.toContain('newroom9Zk');
    expect(JSON.stringify(announcementOf(id))).not.toContain('newroom9Zk');
  });

  it('refuses to leave members going without a link: clear:link while link-for is going', async () => {
    const refused = await fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'clear', value: 'link' },
    ]);
    expect(refused.callback?.data.content ?? (await replyText(refused))).toMatch(
      /clearing it would leave them with none.*Nothing was changed/,
    );
    expect(deps().firesides.discussions.get(id)).toMatchObject({ link: MOVED_LINK, linkFor: 'going' });
  });

  it('reminds members going with the link by DM; the Maybe DM, the channel reminder and the mention for closed DMs go without it', async () => {
    const before = announcements().length;
    clock = Date.parse('2030-06-10T11:00:05Z');
    await tick();
    const reminders = (userId: string) =>
      emulator()
        .dmMessages(userId)
        .filter((m) => m.content.includes('Reminder') && m.content.includes('Private circle'));
    for (const userId of [GOING, WAITER]) {
      expect(reminders(userId)).toHaveLength(1);
      expect(readable(emulator(), reminders(userId))).toContain(MOVED_LINK);
    }
    expect(reminders(MAYBE)).toHaveLength(1);
    expect(readable(emulator(), reminders(MAYBE))).not.toContain('newroom9Zk');
    const posted = announcements().slice(before);
    // Channel delivery, and the mention of the member going whose DMs are closed.
    expect(posted.some((m) => m.content.includes(`<@${CLOSED}>`))).toBe(true);
    expect(posted.some((m) => m.content.includes(`<@${GOING}>`))).toBe(true);
    for (const message of posted) {
      expect(message.content).toContain(WITHHELD);
      expect(message.content).toContain('/fireside info');
    }

    clock = Date.parse('2030-06-10T12:00:03Z');
    await tick();
    const start = announcements().find((m) => m.content.includes('is starting now'));
    expect(start?.content).toContain(WITHHELD);
  });

  it('gives each series occurrence the series’ link-for', async () => {
    const text = await manage(
      'create',
      [
        { name: 'title', value: 'Thursday circle' },
        { name: 'schedule', value: '0 19 * * 4' },
        { name: 'link', value: SERIES_LINK },
        { name: 'link-for', value: 'going' },
      ],
      'series',
    );
    expect(text).toMatch(/^Created the series/);
    expect(text).toContain(WITHHELD);
    const [series] = deps().scheduling.series.listByGuild(IDS.guild);
    const occurrence = deps().scheduling.occurrences.next(series?.id ?? 0, clock);
    const occurrenceId = occurrence?.id ?? 0;
    expect(deps().firesides.discussions.get(occurrenceId)?.linkFor).toBe('going');
    clock = Date.parse('2030-06-10T19:00:05Z'); // three days before Thursday 19:00: its announcement is due
    await tick();
    const announcement = announcementOf(occurrenceId);
    expect(field(announcement?.embeds[0] as APIEmbed, 'Where')).toContain(WITHHELD);
    expect(eventOf(occurrenceId)?.entity_metadata?.location).toBe(WITHHELD);

    id = occurrenceId;
    const going = await answer(GOING, 'going');
    allowedTokens.add(going.result.token);
    expect(going.text).toContain(SERIES_LINK);
    expect(await info(BYSTANDER, occurrenceId)).not.toContain('seriesroom4Wp');
    expect(await calendar(BYSTANDER, occurrenceId)).not.toContain('seriesroom4Wp');

    const created = await fireside(
      'create',
      [
        { name: 'title', value: 'Linkless' },
        { name: 'schedule', value: '0 18 * * 2' },
      ],
      IDS.moderator,
      'series',
    );
    expect(await replyText(created)).toMatch(/^Created the series/);
    const linkless = deps()
      .scheduling.series.listByGuild(IDS.guild)
      .find((s) => s.title === 'Linkless');
    const edit = await fireside(
      'edit',
      [
        { name: 'series', value: String(linkless?.id) },
        { name: 'link-for', value: 'going' },
      ],
      IDS.moderator,
      'series',
    );
    expect(edit.callback?.data.content).toMatch(/`link-for:going`.*the series \*\*Linkless\*\* has no link/);
    expect(deps().scheduling.series.get(linkless?.id ?? 0)?.linkFor).toBe('everyone');
  });

  it('puts no private link anywhere but with members going: every request, message, file and Discord event', () => {
    // DMs refused by closed DMs are tried all the same: they too were for members going.
    expect(leaks([GOING, WAITER, CLOSED, CLOSED_WAITER])).toEqual([]);
    const everywhere = [
      readable(emulator(), [IDS.general, IDS.announcements, IDS.voice, IDS.stage].flatMap(emulator().channelMessages)),
      readable(emulator(), [MAYBE, BYSTANDER, CLOSED, CLOSED_WAITER, LEAVER].flatMap(emulator().dmMessages)),
      JSON.stringify(emulator().scheduledEvents(IDS.guild)),
    ].join('\n');
    for (const word of PRIVATE) expect(everywhere).not.toContain(word);
    // The sweep sees what it looks for: the members going do have it.
    expect(readable(emulator(), emulator().dmMessages(GOING))).toContain('newroom9Zk');
  });
});

describe('switching an announced discussion between link-for:everyone and going', () => {
  let harness: Harness;
  beforeAll(async () => {
    clock = Date.parse('2030-06-10T09:00:00Z');
    harness = await startHarness({
      env: { DEFAULT_TIMEZONE: 'UTC' },
      now: () => new Date(clock),
      scheduler: { cron: false },
    });
    harness.app.deps.firesides.settings.update(
      IDS.guild,
      { announcementChannelId: IDS.announcements, nativeEvents: true },
      clock,
    );
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('shows the link on the announcement and the event, then not, then again', async () => {
    const { emulator } = harness;
    const command = (options: CommandOption[], subcommand = 'edit') =>
      emulator.command({ name: 'fireside', subcommand, options, userId: IDS.moderator, channelId: IDS.general });
    const text = await replyTextOf(
      emulator,
      await command(
        [
          { name: 'title', value: 'Open circle' },
          { name: 'start', value: '2030-06-10 12:00' },
          { name: 'link', value: OPEN_LINK },
        ],
        'schedule',
      ),
    );
    const id = Number(/#(\d+)/.exec(text)?.[1]);
    const discussion = () => harness.app.deps.firesides.discussions.get(id);
    const publicText = () =>
      JSON.stringify([
        emulator.channelMessages(IDS.announcements).find((m) => m.id === discussion()?.messageId),
        emulator.scheduledEvents(IDS.guild).find((e) => e.id === discussion()?.scheduledEventId),
      ]);
    expect(publicText()).toContain(OPEN_LINK);

    const private_ = await replyTextOf(
      emulator,
      await command([
        { name: 'event', value: String(id) },
        { name: 'link-for', value: 'going' },
      ]),
    );
    expect(private_).toMatch(/^Updated/);
    expect(publicText()).not.toContain('openroom2Hn');
    expect(publicText()).toContain(WITHHELD);

    await replyTextOf(
      emulator,
      await command([
        { name: 'event', value: String(id) },
        { name: 'link-for', value: 'everyone' },
      ]),
    );
    expect(publicText()).toContain(OPEN_LINK);
    expect(publicText()).not.toContain(WITHHELD);
  });
});
