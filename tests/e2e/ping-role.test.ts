import {
  BOT_ROLE_PERMISSIONS,
  type CommandOption,
  defaultGuild,
  type EmulatedMessage,
  IDS,
  type InteractionResult,
  PERMISSIONS,
} from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, replyText as replyTextOf, startHarness } from '../support/harness.js';

/** A Monday. The bot's clock (and Discord's) is this variable. */
let clock = Date.parse('2030-06-10T09:00:00Z');
const WITHOUT_MENTION_EVERYONE = (BOT_ROLE_PERMISSIONS & ~PERMISSIONS.MENTION_EVERYONE).toString();
const UNHEARD =
  /Announcements do not notify <@&400000000000000001>: the role is not mentionable and I am missing \*\*Mention Everyone\*\* in <#300000000000000002>\. Turn on "Allow anyone to @mention this role"/;

describe('the ping role through the real bot and the emulator', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      env: { DEFAULT_TIMEZONE: 'UTC' },
      emulator: { guilds: [defaultGuild()] },
      now: () => new Date(clock),
    });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const emulator = () => harness.emulator;
  const replyText = (result: InteractionResult) => replyTextOf(emulator(), result);
  const announcements = () => emulator().channelMessages(IDS.announcements);
  const setup = (options: CommandOption[]) =>
    emulator().command({ name: 'setup', userId: IDS.admin, channelId: IDS.general, options });
  const fireside = (subcommand: string, options: CommandOption[], group?: string) =>
    emulator().command({ name: 'fireside', group, subcommand, options, userId: IDS.moderator, channelId: IDS.general });

  async function scheduleOk(title: string) {
    const before = announcements().length;
    const text = await replyText(
      await fireside('schedule', [
        { name: 'title', value: title },
        { name: 'start', value: '2030-12-03 19:00' },
      ]),
    );
    expect(text).toMatch(/^Scheduled/);
    const message = (await emulator().waitFor(
      () => announcements().length > before && announcements().at(-1),
    )) as EmulatedMessage;
    return { id: Number(/#(\d+)/.exec(text)?.[1]), message, text };
  }

  it('warns at /setup and when announcing that a ping role nobody will hear pings nobody, until it is fixed', async () => {
    emulator().setBotRolePermissions(IDS.guild, WITHOUT_MENTION_EVERYONE);
    const set = await setup([
      { name: 'announcements', value: IDS.announcements, type: 7 },
      { name: 'ping-role', value: IDS.moderatorRole, type: 8 },
    ]);
    expect(await replyText(set)).toMatch(UNHEARD);
    expect(harness.app.deps.firesides.settings.get(IDS.guild).pingRoleId).toBe(IDS.moderatorRole);

    const silent = await scheduleOk('Silent ping');
    expect(silent.message.content).toBe(`<@&${IDS.moderatorRole}> a new Fireside Discussion`);
    expect(emulator().mentionedMembers(silent.message.id)).toEqual([]);
    expect(silent.text).toMatch(UNHEARD);
    // Told once, with the post that pings: an edit that refreshes the announcement does not say it again.
    const edit = await fireside('edit', [
      { name: 'event', value: String(silent.id) },
      { name: 'title', value: 'Silent ping, renamed' },
    ]);
    expect(await replyText(edit)).not.toMatch(/notify/);

    // An admin makes the role mentionable: /setup says nothing more, and the next announcement is heard.
    emulator().setRole(IDS.guild, IDS.moderatorRole, { mentionable: true });
    await emulator().waitFor(
      () => harness.app.client.guilds.cache.get(IDS.guild)?.roles.cache.get(IDS.moderatorRole)?.mentionable,
    );
    expect(await replyText(await setup([]))).not.toMatch(/notify/);
    const heard = await scheduleOk('Heard ping');
    expect(heard.text).not.toMatch(/notify/);
    expect(emulator().mentionedMembers(heard.message.id)).toEqual([IDS.moderator]);
  });

  it('warns at series create and edit that its announcements will ping nobody, and logs once when one does', async () => {
    emulator().setRole(IDS.guild, IDS.moderatorRole, { mentionable: false });
    await emulator().waitFor(
      () => harness.app.client.guilds.cache.get(IDS.guild)?.roles.cache.get(IDS.moderatorRole)?.mentionable === false,
    );
    const created = await fireside(
      'create',
      [
        { name: 'title', value: 'Thursday fireside' },
        { name: 'schedule', value: '0 19 * * 4' },
      ],
      'series',
    );
    const createdText = await replyText(created);
    expect(createdText).toMatch(/Created the series/);
    expect(createdText).toMatch(UNHEARD);
    const seriesId = Number(/\(#(\d+)\)/.exec(createdText)?.[1]);
    const edited = await fireside(
      'edit',
      [
        { name: 'series', value: String(seriesId) },
        { name: 'description', value: 'Bring a cushion' },
      ],
      'series',
    );
    const editedText = await replyText(edited);
    expect(editedText).toMatch(/^Updated the series/);
    expect(editedText).toMatch(UNHEARD);
    clock = Date.parse('2030-06-10T19:00:05Z'); // three days before Thursday 19:00 UTC: its announcement is due
    await harness.app.scheduler.tick();
    const announced = announcements().filter((m) => m.embeds[0]?.title === 'Thursday fireside');
    expect(announced).toHaveLength(1);
    expect(emulator().mentionedMembers(announced[0]?.id as string)).toEqual([]);
    await harness.app.scheduler.tick();
    const warned = harness.logs.filter((line) => line.level === 40 && /notified nobody/.test(String(line.msg)));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ roleId: IDS.moderatorRole });
  });

  it('keeps the unread mention of the ping role through every refresh of the announcement', async () => {
    emulator().setBotRolePermissions(IDS.guild, BOT_ROLE_PERMISSIONS.toString());
    const { id, message } = await scheduleOk('Kept ping');
    expect(emulator().mentionedMembers(message.id)).toEqual([IDS.moderator]);

    await emulator().click({ message, customId: `rsvp:${id}:going`, userId: IDS.member });
    const rsvp = await emulator().command({
      name: 'rsvp',
      userId: IDS.admin,
      channelId: IDS.general,
      options: [
        { name: 'event', value: String(id) },
        { name: 'status', value: 'maybe' },
      ],
    });
    await replyText(rsvp);
    const patches = () => emulator().requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/${message.id}`));
    // /rsvp changes the counts without touching the message: one edit follows once answers settle.
    await emulator().waitFor(() => patches().length > 0, { what: 'the settled refresh' });
    const edit = await fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'title', value: 'Kept ping, renamed' },
    ]);
    expect(await replyText(edit)).toMatch(/^Updated/);
    const refreshes = patches();
    expect(refreshes.length).toBeGreaterThanOrEqual(2);
    expect(emulator().mentionedMembers(message.id)).toEqual([IDS.moderator]);
    expect(refreshes.every((r) => !('content' in (r.body as object)))).toBe(true);
    expect(message.embeds[0].title).toBe('Kept ping, renamed');

    // Cancelled, the ping line goes, and the mention with it.
    const cancel = await fireside('cancel', [{ name: 'event', value: String(id) }]);
    expect(await replyText(cancel)).toMatch(/^Cancelled/);
    expect(message.content).toBe('');
    expect(emulator().mentionedMembers(message.id)).toEqual([]);
  });

  it('defers /setup before asking Discord for what its cache lacks, so a cold cache never misses the deadline', async () => {
    const guild = harness.app.client.guilds.cache.get(IDS.guild);
    if (!guild) throw new Error('no guild in the cache');
    /** Runs /setup while the look-up is held; true when the deferral reached Discord before the look-up. */
    async function deferredBeforeLookup(path: RegExp, options: CommandOption[]) {
      const hold = emulator().holdNext({ method: 'GET', path });
      const from = emulator().requests.length;
      const result = setup(options);
      const lookup = await hold.reached;
      const before = emulator().requests.slice(from, emulator().requests.indexOf(lookup));
      hold.release();
      expect(await replyText(await result)).toMatch(/^Settings saved|^Current settings/);
      return before.some((r) => r.route.endsWith('/callback') && (r.body as { type?: number }).type === 5);
    }

    // The bot's own member, needed to read its permissions in the announcement channel.
    guild.members.cache.delete(harness.app.client.user?.id as string);
    expect(
      await deferredBeforeLookup(/^\/guilds\/\d+\/members\/\d+$/, [
        { name: 'announcements', value: IDS.announcements, type: 7 },
      ]),
    ).toBe(true);
    // The ping role, needed to know whether it will be heard.
    guild.roles.cache.delete(IDS.moderatorRole);
    expect(await deferredBeforeLookup(/^\/guilds\/\d+\/roles\/\d+$/, [])).toBe(true);
    // Warm again: answered at once.
    expect((await setup([])).callback?.type).toBe(4);
  });

  it('sent every request in a shape the OpenAPI description accepts', () => {
    expect(harness.validating).toBe(true);
    expect(emulator().validationErrors).toEqual([]);
    const expected = (line: { msg?: string }) => /notified nobody/.test(String(line.msg));
    expect(harness.logs.filter((line) => line.level >= 40 && !expected(line))).toEqual([]);
  });
});
