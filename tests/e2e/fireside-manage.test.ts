import {
  BOT_ROLE_PERMISSIONS,
  type CommandOption,
  defaultGuild,
  type EmulatedMessage,
  IDS,
  type InteractionResult,
  PERMISSIONS,
} from '@healing-library/discord-emulator';
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, replyText as replyTextOf, startHarness } from '../support/harness.js';

/** The bot's clock (a Monday); tests move it and tick the scheduler themselves. */
let clock = Date.parse('2030-06-10T09:00:00Z');
const sec = (iso: string) => Date.parse(iso) / 1_000;

/** A facilitator whose role grants nothing by itself: a moderator only once /setup names that role. */
const FACILITATORS_ROLE = '400000000000000009';
const FACILITATOR = '500000000000000099';

/** More members than one page of /fireside attendees (40 lines) can show. */
const CROWD = Array.from({ length: 45 }, (_, index) => String(510_000_000_000_000_000n + BigInt(index)));

const buttons = (message: { components?: unknown[] }) =>
  ((message.components ?? []) as APIActionRowComponent<APIButtonComponentWithCustomId>[]).flatMap(
    (row) => row.components,
  );
const button = (message: { components?: unknown[] }, label: string) => {
  const found = buttons(message).find((b) => b.label === label);
  if (!found) throw new Error(`no ${label} button`);
  return found;
};
const field = (embed: APIEmbed | undefined, name: string) => embed?.fields?.find((f) => f.name === name)?.value;

describe('browsing and managing Fireside Discussions through the real bot and the emulator', () => {
  let harness: Harness;
  beforeAll(async () => {
    const guild = defaultGuild();
    guild.members.push(...CROWD.map((userId, index) => ({ userId, username: `guest${index}`, roles: [] })));
    guild.roles.push({ id: FACILITATORS_ROLE, name: 'Facilitators', permissions: '0' });
    guild.members.push({ userId: FACILITATOR, username: 'ember', roles: [FACILITATORS_ROLE] });
    // Whether the bot may create Discord events is then up to its own role (see the native events test).
    const everyone = guild.roles[0] as { permissions: string };
    everyone.permissions = (BigInt(everyone.permissions) & ~PERMISSIONS.CREATE_EVENTS).toString();
    harness = await startHarness({
      env: { DEFAULT_TIMEZONE: 'UTC' },
      emulator: { guilds: [guild] },
      now: () => new Date(clock),
      scheduler: { cron: false },
    });
    const saved = await harness.emulator.command({
      name: 'setup',
      userId: IDS.admin,
      options: [{ name: 'announcements', value: IDS.announcements, type: 7 }],
    });
    expect(saved.callback?.data.content).toMatch(/Settings saved/);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const emulator = () => harness.emulator;
  const deps = () => harness.app.deps;
  const announcements = () => emulator().channelMessages(IDS.announcements);

  const replyText = (result: InteractionResult) => replyTextOf(emulator(), result);

  function fireside(subcommand: string, options: CommandOption[], userId: string = IDS.moderator) {
    return emulator().command({ name: 'fireside', subcommand, options, userId, channelId: IDS.general });
  }

  async function scheduleOk(title: string, start: string, extra: CommandOption[] = []) {
    const before = announcements().length;
    const result = await fireside('schedule', [
      { name: 'title', value: title },
      { name: 'start', value: start },
      ...extra,
    ]);
    const text = await replyText(result);
    expect(text).toMatch(/^Scheduled/);
    const message = (await emulator().waitFor(
      () => announcements().length > before && announcements().at(-1),
    )) as EmulatedMessage;
    return { id: Number(/#(\d+)/.exec(text)?.[1]), message };
  }

  /** Discord refuses the bot's next post in the channel, as when an overwrite removed Send Messages there. */
  const refusePostIn = (channelId: string) =>
    emulator().failNext(
      { method: 'POST', path: new RegExp(`^/channels/${channelId}/messages$`) },
      { status: 403, body: { message: 'Missing Permissions', code: 50013 } },
    );

  const current = (message: EmulatedMessage) =>
    emulator()
      .channelMessages(message.channel_id)
      .find((m) => m.id === message.id);

  it('/fireside list shows ten at a time and pages with Previous and Next, editing the message in place', async () => {
    for (let day = 1; day <= 12; day++) {
      await scheduleOk(`Paging circle ${day}`, `2030-07-${String(day).padStart(2, '0')} 19:00`);
    }
    const list = await fireside('list', [], IDS.member);
    expect(list.ephemeral).toBe(true);
    const first = list.callback?.data;
    expect(first.embeds[0].description).toContain('Paging circle 10');
    expect(first.embeds[0].description).not.toContain('Paging circle 11');
    expect(first.embeds[0].footer.text).toBe('Page 1 of 2 · 12 discussions');
    expect(button(first, 'Previous').disabled).toBe(true);
    expect(button(first, 'Next')).toMatchObject({ disabled: false, custom_id: 'events:1' });
    expect(first.allowed_mentions).toEqual({ parse: [] });

    const message = list.message as EmulatedMessage;
    const next = await emulator().click({ message, customId: 'events:1', userId: IDS.member });
    expect(next.callback?.type).toBe(7);
    const second = next.callback?.data;
    expect(second.embeds[0].description).toMatch(/Paging circle 11[\s\S]*Paging circle 12/);
    expect(second.embeds[0].description).not.toContain('Paging circle 10');
    expect(second.embeds[0].footer.text).toBe('Page 2 of 2 · 12 discussions');
    expect(button(second, 'Next').disabled).toBe(true);
    expect(button(second, 'Previous')).toMatchObject({ disabled: false, custom_id: 'events:0' });
    expect(second.allowed_mentions).toEqual({ parse: [] });

    const back = await emulator().click({ message, customId: 'events:0', userId: IDS.member });
    expect(back.callback?.data.embeds[0].footer.text).toBe('Page 1 of 2 · 12 discussions');
    // A page past the end (the list shrank since) shows the last page rather than an empty one.
    const beyond = await emulator().click({ message, customId: 'events:7', userId: IDS.member });
    expect(beyond.callback?.data.embeds[0].footer.text).toBe('Page 2 of 2 · 12 discussions');
  });

  it('/fireside info shows the details, the member’s answer and the announcement; Add to calendar is stamped with the bot’s clock', async () => {
    const { id, message } = await scheduleOk('Info circle', '2030-12-03 19:00', [
      { name: 'description', value: 'Tea and stories.' },
      { name: 'duration', value: 90 },
      { name: 'link', value: 'https://meet.example.org/info' },
      { name: 'capacity', value: 5 },
      { name: 'facilitator', value: IDS.moderator, type: 6 },
    ]);
    await emulator().click({ message, customId: `rsvp:${id}:going`, userId: IDS.member });

    const info = await fireside('info', [{ name: 'event', value: String(id) }], IDS.member);
    expect(info.ephemeral).toBe(true);
    expect(info.callback?.data.allowed_mentions).toEqual({ parse: [] });
    const embed = info.callback?.data.embeds[0] as APIEmbed;
    expect(embed.title).toBe('Info circle');
    expect(embed.description).toBe('Tea and stories.');
    expect(field(embed, 'When')).toContain(`<t:${sec('2030-12-03T19:00:00Z')}:F>`);
    expect(field(embed, 'Duration')).toBe('1 h 30 min');
    expect(field(embed, 'Facilitator')).toBe(`<@${IDS.moderator}>`);
    expect(field(embed, 'Where')).toBe('https://meet.example.org/info');
    expect(field(embed, 'RSVPs')).toBe('Going: **1 / 5** · Maybe: **0** · Spots left: **4**');
    expect(field(embed, 'Your answer')).toBe('Going');
    expect(field(embed, 'Announcement')).toBe(
      `https://discord.com/channels/${IDS.guild}/${IDS.announcements}/${message.id}`,
    );
    const other = await fireside('info', [{ name: 'event', value: String(id) }], IDS.admin);
    expect(field(other.callback?.data.embeds[0], 'Your answer')).toBe('Not answered yet');

    const unknown = await fireside('info', [{ name: 'event', value: '999999' }], IDS.member);
    expect(unknown.ephemeral).toBe(true);
    expect(unknown.callback?.data.content).toMatch(/is not a Fireside Discussion of this server/);

    const calendar = await emulator().click({ message, customId: `ics:${id}`, userId: IDS.member });
    const ics = calendar.files[0]?.data.toString('utf8') ?? '';
    expect(ics).toContain('DTSTAMP:20300610T090000Z');
  });

  it('/fireside attendees pages through more attendees than one page holds', async () => {
    const { id, message } = await scheduleOk('Crowded circle', '2030-12-04 19:00');
    for (const userId of CROWD) {
      const click = await emulator().click({ message, customId: `rsvp:${id}:going`, userId });
      expect(click.callback?.type).toBe(7);
    }
    expect(deps().firesides.rsvps.counts(id).going).toBe(CROWD.length);

    const refused = await fireside('attendees', [{ name: 'event', value: String(id) }], IDS.member);
    expect(refused.callback?.data.content).toMatch(/Only moderators and the facilitator/);

    const first = await fireside('attendees', [{ name: 'event', value: String(id) }]);
    expect(first.ephemeral).toBe(true);
    const page1 = first.callback?.data;
    expect(page1.embeds[0].description).toMatch(/^\*\*Going \(45\)\*\*\n1\. <@510000000000000000>/);
    expect(page1.embeds[0].description).not.toContain(`<@${CROWD[44]}>`);
    expect(page1.embeds[0].footer.text).toBe(`Fireside #${id} · page 1 of 2`);
    expect(page1.allowed_mentions).toEqual({ parse: [] });
    expect(button(page1, 'Previous').disabled).toBe(true);
    const next = button(page1, 'Next');
    expect(next.disabled).toBe(false);

    const clicked = await emulator().click({
      message: first.message as EmulatedMessage,
      customId: next.custom_id,
      userId: IDS.moderator,
    });
    expect(clicked.callback?.type).toBe(7);
    const page2 = clicked.callback?.data;
    expect(page2.embeds[0].description).toContain(`45. <@${CROWD[44]}>`);
    expect(page2.embeds[0].description).toMatch(/\*\*Maybe \(0\)\*\*/);
    expect(page2.embeds[0].description).not.toContain(`1. <@${CROWD[0]}>`);
    expect(page2.embeds[0].footer.text).toBe(`Fireside #${id} · page 2 of 2`);
    expect(button(page2, 'Next').disabled).toBe(true);
    expect(button(page2, 'Previous').disabled).toBe(false);

    // The permission is checked again on every click.
    const sneaky = await emulator().click({
      message: first.message as EmulatedMessage,
      customId: next.custom_id,
      userId: IDS.member,
    });
    expect(sneaky.ephemeral).toBe(true);
    expect(sneaky.callback?.data.content).toMatch(/Only moderators and the facilitator/);
  });

  it('mirrors a discussion with a link as an EXTERNAL Discord event, updates it on edit and cancels it', async () => {
    const turnOn = async () =>
      replyText(
        await emulator().command({
          name: 'setup',
          userId: IDS.admin,
          options: [{ name: 'native-events', value: true }],
        }),
      );
    const takeWarning = () => {
      const at = harness.logs.findIndex((line) => line.msg === 'scheduled event not in step');
      expect(at).toBeGreaterThanOrEqual(0);
      harness.logs.splice(at, 1);
    };
    const botCanCreateEvents = () =>
      harness.app.client.guilds.cache.get(IDS.guild)?.members.me?.permissions.has('CreateEvents');
    // An admin turns events on before giving the bot Create Events: saved, and told what is missing.
    emulator().setBotRolePermissions(IDS.guild, (BOT_ROLE_PERMISSIONS & ~PERMISSIONS.CREATE_EVENTS).toString());
    await emulator().waitFor(() => !botCanCreateEvents(), { what: 'the role update to reach the client' });
    expect(await turnOn()).toBe(
      'Settings saved.\nDiscord events are on, but I am missing **Create Events** in this server: allow it for my role, or no event will be created.',
    );
    expect(deps().firesides.settings.get(IDS.guild).nativeEvents).toBe(true);
    // Manage Events alone no longer lets a bot create an event (Discord, since 23 February 2026).
    emulator().setBotRolePermissions(
      IDS.guild,
      ((BOT_ROLE_PERMISSIONS & ~PERMISSIONS.CREATE_EVENTS) | PERMISSIONS.MANAGE_EVENTS).toString(),
    );
    const unmirrored = await fireside('schedule', [
      { name: 'title', value: 'Not mirrored' },
      { name: 'start', value: '2030-12-04 19:00' },
    ]);
    expect(await replyText(unmirrored)).toMatch(
      /^Scheduled \*\*Not mirrored\*\*.*\nThe Discord event could not be created: check that I have \*\*Create Events\*\*\.$/s,
    );
    takeWarning();
    emulator().setBotRolePermissions(IDS.guild, BOT_ROLE_PERMISSIONS.toString());
    await emulator().waitFor(() => botCanCreateEvents(), { what: 'the role update to reach the client' });
    expect(await turnOn()).toBe('Settings saved.');
    const { id } = await scheduleOk('Online circle', '2030-12-05 19:00', [
      { name: 'link', value: 'https://meet.example.org/online' },
      { name: 'duration', value: 90 },
    ]);
    const eventId = deps().firesides.discussions.get(id)?.scheduledEventId;
    expect(eventId).toBeTruthy();
    const event = () =>
      emulator()
        .scheduledEvents(IDS.guild)
        .find((e) => e.id === deps().firesides.discussions.get(id)?.scheduledEventId);
    expect(event()).toMatchObject({
      name: 'Online circle',
      entity_type: 3,
      channel_id: null,
      entity_metadata: { location: 'https://meet.example.org/online' },
      scheduled_start_time: '2030-12-05T19:00:00.000Z',
      scheduled_end_time: '2030-12-05T20:30:00.000Z',
      status: 1,
    });

    const edit = await fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'link', value: 'https://meet.example.org/moved' },
      { name: 'duration', value: 120 },
    ]);
    expect(await replyText(edit)).toMatch(/^Updated \*\*Online circle\*\*/);
    expect(event()).toMatchObject({
      entity_type: 3,
      entity_metadata: { location: 'https://meet.example.org/moved' },
      scheduled_end_time: '2030-12-05T21:00:00.000Z',
    });
    expect(deps().firesides.discussions.get(id)?.scheduledEventId).toBe(eventId);

    // Someone deleted the Discord event by hand: the next edit makes it again, once.
    emulator().deleteScheduledEvent(IDS.guild, eventId as string);
    const remade = await fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'title', value: 'Online circle' },
    ]);
    expect(await replyText(remade)).not.toMatch(/Discord event/);
    expect(deps().firesides.discussions.get(id)?.scheduledEventId).not.toBe(eventId);
    expect(event()).toMatchObject({
      name: 'Online circle',
      entity_metadata: { location: 'https://meet.example.org/moved' },
    });
    expect(
      emulator()
        .scheduledEvents(IDS.guild)
        .filter((e) => e.name === 'Online circle'),
    ).toHaveLength(1);

    // Discord refuses to change the event: the moderator is told, the operator sees one line, the edit stands.
    const refuse = () =>
      emulator().failNext(
        { method: 'PATCH', path: /^\/guilds\/\d+\/scheduled-events\/\d+$/ },
        { status: 403, body: { message: 'Missing Permissions', code: 50013 } },
      );
    refuse();
    const refused = await fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'duration', value: 60 },
    ]);
    expect(await replyText(refused)).toMatch(
      /^Updated \*\*Online circle\*\*.*\nThe Discord event could not be changed to match: check that I have \*\*Create Events\*\*/s,
    );
    expect(deps().firesides.discussions.get(id)?.durationMinutes).toBe(60);
    takeWarning();

    refuse();
    const cancel = await fireside('cancel', [{ name: 'event', value: String(id) }]);
    expect(await replyText(cancel)).toMatch(
      /^Cancelled \*\*Online circle\*\*.*\nThe Discord event could not be changed/s,
    );
    takeWarning();
    expect(event()?.status).toBe(1);
    expect(deps().firesides.discussions.get(id)?.status).toBe('cancelled');
  });

  it('/fireside edit clear: unsets a detail: no capacity lets the waitlist in, a link instead of a voice channel moves the Discord event', async () => {
    const { id, message } = await scheduleOk('Clearing circle', '2030-12-07 19:00', [
      { name: 'location', value: IDS.voice, type: 7 },
      { name: 'capacity', value: 1 },
    ]);
    const eventId = deps().firesides.discussions.get(id)?.scheduledEventId;
    const event = () =>
      emulator()
        .scheduledEvents(IDS.guild)
        .find((e) => e.id === eventId);
    expect(event()).toMatchObject({ entity_type: 2, channel_id: IDS.voice });
    await emulator().click({ message, customId: `rsvp:${id}:going`, userId: IDS.member });
    await emulator().click({ message, customId: `rsvp:${id}:going`, userId: IDS.admin });
    expect(deps().firesides.rsvps.waitlistPosition(id, IDS.admin)).toBe(1);
    const edit = (options: CommandOption[]) => fireside('edit', [{ name: 'event', value: String(id) }, ...options]);

    const both = await edit([
      { name: 'clear', value: 'link' },
      { name: 'link', value: 'https://meet.example.org/x' },
    ]);
    expect(await replyText(both)).toBe('You both set and cleared `link`. Do one or the other; nothing was saved.');
    const bogus = await edit([{ name: 'clear', value: 'title' }]);
    expect(await replyText(bogus)).toMatch(/^`clear` is one of `description`, `facilitator`, `location`/);

    expect(await replyText(await edit([{ name: 'clear', value: 'capacity' }]))).toMatch(
      /Moved up from the waitlist and told: 1 member\./,
    );
    expect(deps().firesides.discussions.get(id)?.capacity).toBeNull();
    expect(emulator().dmMessages(IDS.admin).at(-1)?.content).toMatch(/^A spot opened up: you're now \*\*going\*\*/);
    expect(field(current(message)?.embeds[0], 'RSVPs')).toBe('Going: **2** · Maybe: **0**');

    const dms = emulator().dmMessages(IDS.member).length;
    const moved = await edit([
      { name: 'clear', value: 'location' },
      { name: 'link', value: 'https://meet.example.org/clearing' },
    ]);
    expect(await replyText(moved)).toMatch(/The place changed/);
    expect(deps().firesides.discussions.get(id)).toMatchObject({
      locationChannelId: null,
      link: 'https://meet.example.org/clearing',
    });
    expect(field(current(message)?.embeds[0], 'Where')).toBe('https://meet.example.org/clearing');
    expect(event()).toMatchObject({
      entity_type: 3,
      channel_id: null,
      entity_metadata: { location: 'https://meet.example.org/clearing' },
    });
    expect(emulator().dmMessages(IDS.member).length).toBe(dms + 1);
  });

  it('mirrors a stage discussion as a stage event only where the bot may host one, else as an external event naming the stage', async () => {
    const { id } = await scheduleOk('Stage circle', '2030-12-09 19:00', [
      { name: 'location', value: IDS.stage, type: 7 },
    ]);
    const event = () =>
      emulator()
        .scheduledEvents(IDS.guild)
        .find((e) => e.id === deps().firesides.discussions.get(id)?.scheduledEventId);
    expect(event()).toMatchObject({
      entity_type: 3,
      channel_id: null,
      entity_metadata: { location: 'On Discord, in Fireside Stage' },
    });
    // An admin makes the bot a stage moderator there, but the channel withholds Create Events (which the server
    // grants): Discord computes event permissions in the channel, so the event stays external.
    const P = PERMISSIONS;
    const stageModerator = P.VIEW_CHANNEL | P.CONNECT | P.MANAGE_CHANNELS | P.MUTE_MEMBERS | P.MOVE_MEMBERS;
    const overwrite = async (bits: bigint, has: 'MoveMembers' | 'CreateEvents') => {
      emulator().setBotPermissions(IDS.guild, IDS.stage, bits.toString());
      await emulator().waitFor(
        () =>
          harness.app.client.guilds.cache
            .get(IDS.guild)
            ?.channels.cache.get(IDS.stage)
            ?.permissionsFor(harness.app.client.user?.id ?? '')
            ?.has(has),
        { what: 'the overwrite to reach the client' },
      );
    };
    const edit = (duration: number) =>
      fireside('edit', [
        { name: 'event', value: String(id) },
        { name: 'duration', value: duration },
      ]);
    await overwrite(stageModerator, 'MoveMembers');
    expect(await replyText(await edit(75))).not.toMatch(/Discord event/);
    expect(event()).toMatchObject({ entity_type: 3, entity_metadata: { location: 'On Discord, in Fireside Stage' } });
    // With Create Events there too, the next change hosts the event in the stage itself.
    await overwrite(stageModerator | P.CREATE_EVENTS, 'CreateEvents');
    expect(await replyText(await edit(90))).not.toMatch(/Discord event/);
    expect(event()).toMatchObject({ entity_type: 1, channel_id: IDS.stage });
    emulator().setBotPermissions(IDS.guild, IDS.stage, null);
  });

  it('lets the waitlist in with a raised capacity before anything else: a Going click meanwhile joins the line', async () => {
    const { id, message } = await scheduleOk('Growing room', '2030-12-07 19:00', [{ name: 'capacity', value: 1 }]);
    await emulator().click({ message, customId: `rsvp:${id}:going`, userId: IDS.member });
    await emulator().click({ message, customId: `rsvp:${id}:going`, userId: IDS.admin });
    const dms = emulator().dmMessages(IDS.admin).length;
    // The edit stops at its announcement edit, as at any slow call to Discord (or a crash there).
    const held = emulator().holdNext({ method: 'PATCH', path: new RegExp(`^/channels/\\d+/messages/${message.id}$`) });
    const edited = fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'capacity', value: 2 },
    ]);
    await held.reached;
    try {
      expect(deps().firesides.rsvps.get(id, IDS.admin)?.status).toBe('going');
      await emulator().click({ message, customId: `rsvp:${id}:going`, userId: CROWD[0] as string });
      expect(deps().firesides.rsvps.waitlistPosition(id, CROWD[0] as string)).toBe(1);
    } finally {
      held.release();
    }
    expect(await replyText(await edited)).toMatch(/Moved up from the waitlist and told: 1 member\./);
    expect(
      deps()
        .firesides.rsvps.listByStatus(id, 'going')
        .map((r) => r.userId),
    ).toEqual([IDS.member, IDS.admin]);
    expect(deps().firesides.rsvps.waitlistPosition(id, CROWD[0] as string)).toBe(1);
    expect(emulator().dmMessages(IDS.admin).slice(dms)[0]?.content).toMatch(/spot opened up/);
  });

  it('keeps a raised capacity whose seats were given when the rest of the edit is undone, and says so', async () => {
    const { id, message } = await scheduleOk('Full room', '2030-12-08 19:00', [{ name: 'capacity', value: 1 }]);
    await emulator().click({ message, customId: `rsvp:${id}:going`, userId: IDS.member });
    await emulator().click({ message, customId: `rsvp:${id}:going`, userId: IDS.admin });
    const dms = emulator().dmMessages(IDS.admin).length;
    refusePostIn(IDS.general);
    const failed = await fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'channel', value: IDS.general, type: 7 },
      { name: 'capacity', value: 2 },
      { name: 'title', value: 'Full room, moved' },
    ]);
    expect(await replyText(failed)).toMatch(
      /^I cannot post in .* Only the capacity changed: it is now 2, as members already hold its new seats \(moved up from the waitlist and told: 1 member\)\. Nothing else was changed\.$/,
    );
    // The admin, moved up and told, is not sent back to the waitlist; the rest of the edit is undone.
    expect(deps().firesides.discussions.get(id)).toMatchObject({
      capacity: 2,
      channelId: IDS.announcements,
      title: 'Full room',
    });
    expect(deps().firesides.rsvps.get(id, IDS.admin)?.status).toBe('going');
    expect(emulator().dmMessages(IDS.admin).slice(dms)[0]?.content).toMatch(/spot opened up/);
    expect(field(current(message)?.embeds[0], 'RSVPs')).toBe('Going: **2 / 2** · Maybe: **0** · Spots left: **0**');
  });

  it('says members moved up keep their seats when an undone edit gives its capacity back, as a member stepped back meanwhile', async () => {
    const { id, message } = await scheduleOk('Shifting room', '2030-12-08 19:30', [{ name: 'capacity', value: 1 }]);
    await emulator().click({ message, customId: `rsvp:${id}:going`, userId: IDS.member });
    await emulator().click({ message, customId: `rsvp:${id}:going`, userId: IDS.admin });
    const dms = emulator().dmMessages(IDS.admin).length;
    // The repost is refused, and on its way the member going steps back: the edit's new seat is free again.
    const post = { method: 'POST', path: new RegExp(`^/channels/${IDS.general}/messages$`) };
    const held = emulator().holdNext(post);
    refusePostIn(IDS.general);
    const edited = fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'channel', value: IDS.general, type: 7 },
      { name: 'capacity', value: 2 },
    ]);
    await held.reached;
    try {
      expect(deps().firesides.rsvps.get(id, IDS.admin)?.status).toBe('going');
      await emulator().click({ message, customId: `rsvp:${id}:no`, userId: IDS.member });
    } finally {
      held.release();
    }
    expect(await replyText(await edited)).toMatch(
      /^I cannot post in .* Only the waitlist moved: the capacity is 1 as before, and those moved up from the waitlist and told keep their seats \(1 member\)\. Nothing else was changed\.$/,
    );
    expect(deps().firesides.discussions.get(id)).toMatchObject({ capacity: 1, channelId: IDS.announcements });
    // Told they are going, the admin stays going.
    expect(deps().firesides.rsvps.get(id, IDS.admin)?.status).toBe('going');
    expect(emulator().dmMessages(IDS.admin).slice(dms)[0]?.content).toMatch(/spot opened up/);
    expect(field(current(message)?.embeds[0], 'RSVPs')).toBe('Going: **1 / 1** · Maybe: **0** · Spots left: **0**');
  });

  it('undoes all of an edit whose announcement could not be posted when nobody holds a seat it added', async () => {
    const { id, message } = await scheduleOk('Quiet room', '2030-12-08 20:00', [{ name: 'capacity', value: 1 }]);
    await emulator().click({ message, customId: `rsvp:${id}:going`, userId: IDS.member });
    refusePostIn(IDS.general);
    const failed = await fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'channel', value: IDS.general, type: 7 },
      { name: 'capacity', value: 2 },
    ]);
    expect(await replyText(failed)).toMatch(/Nothing was changed\.$/);
    expect(deps().firesides.discussions.get(id)).toMatchObject({ capacity: 1, channelId: IDS.announcements });
  });

  it('undoes all of an edit whose announcement could not be posted when members over a lowered capacity hold no new seat', async () => {
    const { id, message } = await scheduleOk('Crowded room', '2030-12-08 21:00', [{ name: 'capacity', value: 10 }]);
    for (const userId of CROWD.slice(0, 8)) await emulator().click({ message, customId: `rsvp:${id}:going`, userId });
    const lowered = await fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'capacity', value: 5 },
    ]);
    expect(await replyText(lowered)).toMatch(/^Updated/);
    // Eight going over five seats: a capacity of 6 gives nobody a seat, and 3 gives none either.
    for (const capacity of [6, 3]) {
      refusePostIn(IDS.general);
      const failed = await fireside('edit', [
        { name: 'event', value: String(id) },
        { name: 'channel', value: IDS.general, type: 7 },
        { name: 'capacity', value: capacity },
      ]);
      expect(await replyText(failed)).toBe(
        `I cannot post in <#${IDS.general}>: I am missing **Send Messages**, **Embed Links** there. Ask an admin to allow them for my role, or pick another channel. Nothing was changed.`,
      );
      expect(deps().firesides.discussions.get(id)).toMatchObject({ capacity: 5, channelId: IDS.announcements });
    }
    expect(deps().firesides.rsvps.counts(id).going).toBe(8);
  });

  it('/fireside edit channel: moves the announcement, keeping the answers and the buttons working', async () => {
    const { id, message } = await scheduleOk('Moving rooms', '2030-12-06 19:00');
    await emulator().click({ message, customId: `rsvp:${id}:going`, userId: IDS.member });

    const refused = await fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'channel', value: IDS.voice, type: 7 },
    ]);
    expect(refused.ephemeral).toBe(true);
    expect(await replyText(refused)).toMatch(/is not a text channel/);
    expect(deps().firesides.discussions.get(id)?.channelId).toBe(IDS.announcements);

    // Discord refuses the post in the new channel: the edit is undone and the old announcement stays.
    refusePostIn(IDS.general);
    const failed = await fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'channel', value: IDS.general, type: 7 },
      { name: 'title', value: 'Moving rooms, renamed' },
    ]);
    expect(await replyText(failed)).toBe(
      `I cannot post in <#${IDS.general}>: I am missing **Send Messages**, **Embed Links** there. Ask an admin to allow them for my role, or pick another channel. Nothing was changed.`,
    );
    expect(deps().firesides.discussions.get(id)).toMatchObject({
      channelId: IDS.announcements,
      messageId: message.id,
      title: 'Moving rooms',
    });
    expect(current(message)).toBeDefined();

    const before = emulator().channelMessages(IDS.general).length;
    const edit = await fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'channel', value: IDS.general, type: 7 },
    ]);
    expect(await replyText(edit)).toMatch(/^Updated \*\*Moving rooms\*\*/);
    expect(current(message)).toBeUndefined();
    const moved = emulator()
      .channelMessages(IDS.general)
      .slice(before)
      .find((m) => m.embeds[0]?.title === 'Moving rooms') as EmulatedMessage;
    expect(moved).toBeDefined();
    expect(field(moved.embeds[0], 'RSVPs')).toBe('Going: **1** · Maybe: **0**');
    expect(moved.allowed_mentions).toEqual({ parse: [] });
    expect(deps().firesides.discussions.get(id)).toMatchObject({ channelId: IDS.general, messageId: moved.id });

    const click = await emulator().click({
      message: moved,
      customId: button(moved, 'Maybe').custom_id,
      userId: IDS.admin,
    });
    expect(click.callback?.type).toBe(7);
    expect(field(click.callback?.data.embeds[0], 'RSVPs')).toBe('Going: **1** · Maybe: **1**');
  });

  describe('a series occurrence before its announcement', () => {
    let seriesId: number;
    let occurrenceId: number;
    const announceAt = sec('2030-06-10T19:00:00Z');

    const eventChoiceValues = async (command: string, userId: string, subcommand?: string) => {
      const result = await emulator().autocomplete({
        name: command,
        subcommand,
        focused: 'event',
        value: '',
        userId,
        channelId: IDS.general,
      });
      const choices = (result.callback?.data.choices ?? []) as { value: string }[];
      return choices.map((choice) => choice.value);
    };

    it('is hidden from members’ listings and autocomplete, and refused to them as an unknown id; a moderator is told when it will be announced', async () => {
      clock = Date.parse('2030-06-10T09:00:00Z');
      const created = await emulator().command({
        name: 'fireside',
        group: 'series',
        subcommand: 'create',
        options: [
          { name: 'title', value: 'Weekly circle' },
          { name: 'schedule', value: '0 19 * * 4' },
        ],
        userId: IDS.moderator,
        channelId: IDS.general,
      });
      expect(await replyText(created)).toMatch(/Created the series/);
      const [series] = deps().scheduling.series.listByGuild(IDS.guild);
      seriesId = series?.id ?? 0;
      const next = deps().scheduling.occurrences.next(seriesId, clock);
      expect(next).toMatchObject({ announced: false, startsAt: Date.parse('2030-06-13T19:00:00Z') });
      occurrenceId = next?.id ?? 0;

      const list = await fireside('list', [], IDS.member);
      expect(JSON.stringify(list.callback?.data.embeds)).not.toContain('Weekly circle');
      const mine = await fireside('mine', [], IDS.member);
      expect(JSON.stringify(mine.callback?.data.embeds)).not.toContain('Weekly circle');
      expect(await eventChoiceValues('rsvp', IDS.member)).not.toContain(String(occurrenceId));
      expect(await eventChoiceValues('fireside', IDS.member, 'info')).not.toContain(String(occurrenceId));
      expect(await eventChoiceValues('fireside', IDS.moderator, 'list')).not.toContain(String(occurrenceId));

      const rsvp = await emulator().command({
        name: 'rsvp',
        userId: IDS.member,
        channelId: IDS.general,
        options: [
          { name: 'event', value: String(occurrenceId) },
          { name: 'status', value: 'going' },
        ],
      });
      // Refused as an id that does not exist, naming nothing (tests/e2e/unannounced-privacy.test.ts has the rest).
      expect(rsvp.ephemeral).toBe(true);
      expect(rsvp.callback?.data.content).toBe(
        `\`${occurrenceId}\` is not a Fireside Discussion of this server, or not one announced yet. Pick a discussion from the list as you type, or see \`/fireside list\`.`,
      );
      expect(deps().firesides.rsvps.get(occurrenceId, IDS.member)).toBeUndefined();

      const info = await fireside('info', [{ name: 'event', value: String(occurrenceId) }], IDS.member);
      expect(info.ephemeral).toBe(true);
      expect(info.callback?.data.content).toMatch(/not one announced yet/);
      expect(info.callback?.data.content).not.toContain('Weekly circle');

      // A moderator, who sees it, is told when members can answer.
      const early = await emulator().command({
        name: 'rsvp',
        userId: IDS.moderator,
        channelId: IDS.general,
        options: [
          { name: 'event', value: String(occurrenceId) },
          { name: 'status', value: 'going' },
        ],
      });
      expect(early.callback?.data.content).toBe(
        `**Weekly circle** is not announced yet (it will be <t:${announceAt}:R>); you can answer once it is. See \`/fireside list\` for discussions open now.`,
      );
    });

    it('moderators still find it, read when it will be announced, and can edit it without announcing it early', async () => {
      expect(await eventChoiceValues('fireside', IDS.moderator, 'edit')).toContain(String(occurrenceId));
      expect(await eventChoiceValues('fireside', IDS.moderator, 'info')).toContain(String(occurrenceId));
      const info = await fireside('info', [{ name: 'event', value: String(occurrenceId) }]);
      expect(field(info.callback?.data.embeds[0], 'Announcement')).toBe(
        `Not announced yet, announced <t:${announceAt}:R>.`,
      );

      const posts = announcements().length;
      const events = emulator().scheduledEvents(IDS.guild).length;
      const edit = await fireside('edit', [
        { name: 'event', value: String(occurrenceId) },
        { name: 'description', value: 'Bring a blanket.' },
      ]);
      expect(await replyText(edit)).toContain(`Not announced yet, announced <t:${announceAt}:R>.`);
      expect(announcements()).toHaveLength(posts);
      expect(emulator().scheduledEvents(IDS.guild)).toHaveLength(events); // native events are on, but not yet
      expect(deps().firesides.discussions.get(occurrenceId)).toMatchObject({
        description: 'Bring a blanket.',
        messageId: null,
      });
    });

    it('once announced, members can answer; deleting the series with cancel-upcoming cancels it as /fireside cancel does', async () => {
      clock = Date.parse('2030-06-10T19:00:05Z');
      await harness.app.scheduler.tick();
      const announced = deps().firesides.discussions.get(occurrenceId);
      expect(announced?.messageId).toBeTruthy();
      expect(announced?.scheduledEventId).toBeTruthy();
      const message = announcements().find((m) => m.id === announced?.messageId) as EmulatedMessage;
      expect(message.embeds[0].description).toBe('Bring a blanket.');
      expect(await eventChoiceValues('rsvp', IDS.member)).toContain(String(occurrenceId));
      await emulator().click({ message, customId: `rsvp:${occurrenceId}:going`, userId: IDS.member });
      await emulator().click({ message, customId: `rsvp:${occurrenceId}:maybe`, userId: IDS.admin });

      const dms = emulator().dmMessages(IDS.member).length;
      const deleted = await emulator().command({
        name: 'fireside',
        group: 'series',
        subcommand: 'delete',
        options: [
          { name: 'series', value: String(seriesId) },
          { name: 'cancel-upcoming', value: true },
        ],
        userId: IDS.moderator,
        channelId: IDS.general,
      });
      expect(await replyText(deleted)).toMatch(
        /Deleted the series \*\*Weekly circle\*\*.*\nCancelled 1 announced discussion and told the 2 members/,
      );
      expect(deps().scheduling.series.get(seriesId)).toBeUndefined();
      expect(deps().firesides.discussions.get(occurrenceId)).toMatchObject({
        status: 'cancelled',
        cancelReason: 'The series was ended.',
      });
      const edited = current(message) as EmulatedMessage;
      expect(edited.embeds[0].title).toBe('Cancelled: Weekly circle');
      expect(buttons(edited).every((b) => b.disabled)).toBe(true);
      const dm = emulator().dmMessages(IDS.member).slice(dms);
      expect(dm.map((m) => m.content)).toEqual([
        expect.stringMatching(/Weekly circle.*has been cancelled\. Reason: The series was ended\./),
      ]);
      expect(dm[0]?.allowed_mentions).toEqual({ parse: [] });
      expect(emulator().dmMessages(IDS.admin).at(-1)?.content).toMatch(/Weekly circle.*has been cancelled/);
      const event = emulator()
        .scheduledEvents(IDS.guild)
        .find((e) => e.id === announced?.scheduledEventId);
      expect(event?.status).toBe(4);
    });
  });

  describe('/setup clear:', () => {
    const setup = (options: CommandOption[], userId: string = IDS.admin) =>
      emulator().command({ name: 'setup', userId, channelId: IDS.general, options });
    const settings = () => deps().firesides.settings.get(IDS.guild);

    it('makes members of the moderator role moderators without Manage Events, until it is cleared', async () => {
      const schedule = async () =>
        replyText(
          await fireside(
            'schedule',
            [
              { name: 'title', value: 'Led by the facilitators' },
              { name: 'start', value: '2030-12-20 19:00' },
            ],
            FACILITATOR,
          ),
        );
      expect(await schedule()).toMatch(/^Only moderators can do this/);
      await setup([{ name: 'moderator-role', value: FACILITATORS_ROLE, type: 8 }]);
      expect(await schedule()).toMatch(/^Scheduled \*\*Led by the facilitators\*\*/);
      await setup([{ name: 'clear', value: 'moderator-role' }]);
      expect(await schedule()).toMatch(/^Only moderators can do this/);
    });

    it('unsets the ping role, the moderator role, the announcement channel and the time zone, and shows it', async () => {
      await setup([
        { name: 'ping-role', value: IDS.moderatorRole, type: 8 },
        { name: 'moderator-role', value: IDS.moderatorRole, type: 8 },
        { name: 'timezone', value: 'Europe/Paris' },
      ]);
      expect(settings()).toMatchObject({
        pingRoleId: IDS.moderatorRole,
        moderatorRoleId: IDS.moderatorRole,
        timezone: 'Europe/Paris',
        announcementChannelId: IDS.announcements,
      });

      const ping = await setup([{ name: 'clear', value: 'ping-role' }]);
      expect(ping.ephemeral).toBe(true);
      expect(ping.callback?.data.content).toBe('Settings saved; `ping-role` cleared.');
      expect(field(ping.callback?.data.embeds[0], 'Ping role')).toBe('not set');
      expect(ping.callback?.data.allowed_mentions).toEqual({ parse: [] });
      expect(settings().pingRoleId).toBeNull();

      const moderator = await setup([{ name: 'clear', value: 'moderator-role' }]);
      expect(field(moderator.callback?.data.embeds[0], 'Moderator role')).toBe(
        'not set: members with Manage Events moderate',
      );
      expect(settings().moderatorRoleId).toBeNull();

      const zone = await setup([{ name: 'clear', value: 'timezone' }]);
      expect(field(zone.callback?.data.embeds[0], 'Time zone')).toBe('UTC (default)');
      expect(settings()).toMatchObject({ timezone: 'UTC', timezoneIsDefault: true });

      const channel = await setup([{ name: 'clear', value: 'announcements' }]);
      expect(field(channel.callback?.data.embeds[0], 'Announcements')).toBe('not set');
      expect(settings().announcementChannelId).toBeNull();
      const schedule = await fireside('schedule', [
        { name: 'title', value: 'Nowhere to announce' },
        { name: 'start', value: '2030-12-07 19:00' },
      ]);
      expect(await replyText(schedule)).toMatch(/no announcement channel yet/);
      await setup([{ name: 'announcements', value: IDS.announcements, type: 7 }]);
      expect(settings().announcementChannelId).toBe(IDS.announcements);
    });

    it('keeps the time zone the moderator typed, only its letter case corrected: Europe/Kyiv is not made Europe/Kiev', async () => {
      for (const [typed, stored] of [
        ['Europe/Kyiv', 'Europe/Kyiv'],
        ['Asia/Kolkata', 'Asia/Kolkata'],
        ['europe/paris', 'Europe/Paris'],
        ['EST5EDT', 'EST5EDT'],
      ]) {
        const saved = await setup([{ name: 'timezone', value: typed as string }]);
        expect(saved.callback?.data.content).toMatch(/^Settings saved\./);
        expect(field(saved.callback?.data.embeds[0], 'Time zone')).toBe(stored);
        expect(settings().timezone).toBe(stored);
      }
      await setup([{ name: 'clear', value: 'timezone' }]);
    });

    it('refuses to set and clear the same setting at once, saving nothing; only Manage Server may clear', async () => {
      const both = await setup([
        { name: 'ping-role', value: IDS.moderatorRole, type: 8 },
        { name: 'timezone', value: 'Asia/Tokyo' },
        { name: 'clear', value: 'ping-role' },
      ]);
      expect(both.ephemeral).toBe(true);
      expect(both.callback?.data.content).toMatch(/both set and cleared `ping-role`.*nothing was saved/);
      expect(settings()).toMatchObject({ pingRoleId: null, timezone: 'UTC' });

      const bogus = await setup([{ name: 'clear', value: 'reminders' }]);
      expect(bogus.callback?.data.content).toMatch(/`clear` is one of `ping-role`/);

      await setup([{ name: 'ping-role', value: IDS.moderatorRole, type: 8 }]);
      const refused = await setup([{ name: 'clear', value: 'ping-role' }], IDS.moderator);
      expect(refused.callback?.data.content).toMatch(/Manage Server/);
      expect(settings().pingRoleId).toBe(IDS.moderatorRole);
    });
  });

  it('keeps a discussion whose announcement was deleted listed and answerable, and edit channel: posts it again without a second ping', async () => {
    // The ping role set in the /setup tests above pings on the first post only.
    expect(deps().firesides.settings.get(IDS.guild).pingRoleId).toBe(IDS.moderatorRole);
    const { id, message } = await scheduleOk('Lost announcement', '2030-12-13 19:00');
    expect(message.allowed_mentions).toEqual({ parse: [], roles: [IDS.moderatorRole] });
    await emulator().click({ message, customId: `rsvp:${id}:going`, userId: IDS.member });

    emulator().deleteMessage(message.id);
    const rsvp = (userId: string, status: string) =>
      emulator().command({
        name: 'rsvp',
        userId,
        channelId: IDS.general,
        options: [
          { name: 'event', value: String(id) },
          { name: 'status', value: status },
        ],
      });
    // The refresh after this answer finds the announcement gone.
    expect(await replyText(await rsvp(IDS.admin, 'maybe'))).toMatch(/maybe/i);
    await emulator().waitFor(() => deps().firesides.discussions.get(id)?.messageId === null, {
      what: 'the deleted announcement to be noticed',
    });
    expect(await replyText(await rsvp(CROWD[0] as string, 'going'))).toMatch(/^You're going/);
    const mine = await fireside('mine', [], IDS.member);
    expect(JSON.stringify(mine.callback?.data.embeds)).toContain('Lost announcement');
    const choices = await emulator().autocomplete({
      name: 'rsvp',
      focused: 'event',
      value: 'Lost',
      userId: IDS.member,
      channelId: IDS.general,
    });
    expect(JSON.stringify(choices.callback?.data)).toContain(`"value":"${id}"`);

    const info = await fireside('info', [{ name: 'event', value: String(id) }], IDS.member);
    expect(field(info.callback?.data.embeds[0], 'Announcement')).toMatch(/^Deleted in Discord\. Answer with `\/rsvp`/);

    // An edit that names no channel says how to bring the announcement back.
    const described = await fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'description', value: 'Still on.' },
    ]);
    expect(await replyText(described)).toMatch(
      new RegExp(
        `\nIts announcement was deleted in Discord; .*\`/fireside edit event:${id} channel:\` posts it again.$`,
      ),
    );

    // Posted again where it was: members were told once, so the role is not pinged again.
    const before = announcements().length;
    const reposted = await fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'channel', value: IDS.announcements, type: 7 },
    ]);
    expect(await replyText(reposted)).toMatch(/^Updated \*\*Lost announcement\*\*/);
    const [again] = announcements().slice(before);
    expect(again?.embeds[0]?.title).toBe('Lost announcement');
    expect(again?.allowed_mentions).toEqual({ parse: [] });
    expect(field(again?.embeds[0], 'RSVPs')).toBe('Going: **2** · Maybe: **1**');
    expect(deps().firesides.discussions.get(id)).toMatchObject({
      messageId: again?.id,
      announcedAt: expect.any(Number),
    });

    // Deleted again, and the bot has not noticed yet (it is not told): the edit finds it gone and posts it again.
    emulator().deleteMessage(again?.id as string);
    const third = await fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'channel', value: IDS.announcements, type: 7 },
    ]);
    expect(await replyText(third)).toMatch(/^Updated/);
    const live = announcements().filter((m) => m.embeds[0]?.title === 'Lost announcement');
    expect(live).toHaveLength(1);
    expect(deps().firesides.discussions.get(id)?.messageId).toBe(live[0]?.id);
  });

  it('refuses to edit or cancel a discussion that has already taken place, telling nobody', async () => {
    const past = deps().firesides.discussions.create({
      guildId: IDS.guild,
      title: 'Last week',
      startsAt: clock - 3 * 3_600_000,
      timezone: 'UTC',
      durationMinutes: 60,
      channelId: IDS.announcements,
      createdBy: IDS.moderator,
      createdAt: clock - 7 * 86_400_000,
    });
    deps().firesides.rsvps.set(past.id, IDS.member, 'going', clock - 86_400_000);
    const dms = emulator().dmMessages(IDS.member).length;
    for (const [subcommand, extra] of [
      ['cancel', []],
      ['edit', [{ name: 'title', value: 'Renamed' }]],
    ] as const) {
      const refused = await fireside(subcommand, [{ name: 'event', value: String(past.id) }, ...extra]);
      expect(refused.ephemeral).toBe(true);
      expect(await replyText(refused)).toBe(
        '**Last week** has already taken place; schedule a new one with `/fireside schedule` instead.',
      );
    }
    expect(deps().firesides.discussions.get(past.id)).toMatchObject({ status: 'scheduled', title: 'Last week' });
    expect(emulator().dmMessages(IDS.member)).toHaveLength(dms);
  });

  it('sent every request in a shape the OpenAPI description accepts, and logged no warning', () => {
    expect(harness.validating).toBe(true);
    expect(harness.logs.filter((line) => line.level >= 40)).toEqual([]);
    expect(emulator().validationErrors).toEqual([]);
  });
});
