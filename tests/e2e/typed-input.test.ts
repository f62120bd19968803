import {
  type CommandOption,
  type EmulatedMessage,
  IDS,
  type InteractionResult,
} from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, replyText as replyTextOf, startClockedHarness } from '../support/harness.js';

/** The bot's clock: Monday 10 June 2030, 09:00 UTC. */
const clock = Date.parse('2030-06-10T09:00:00Z');
const sec = (iso: string) => Date.parse(iso) / 1_000;

/** What moderators type that nobody meant: refused in private, with nothing stored, posted or sent. */
describe('values nobody meant, typed by a moderator through the real bot and the emulator', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startClockedHarness(() => clock);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const emulator = () => harness.emulator;
  const deps = () => harness.app.deps;
  const announcements = () => emulator().channelMessages(IDS.announcements);
  const replyText = (result: InteractionResult) => replyTextOf(emulator(), result);
  const discussions = () => deps().firesides.discussions.countUpcoming(IDS.guild, clock, { includeUnannounced: true });
  const fireside = (subcommand: string, options: CommandOption[], group?: string) =>
    emulator().command({ name: 'fireside', group, subcommand, options, userId: IDS.moderator, channelId: IDS.general });

  /** The moderator's private answer to a refused /fireside command, after checking nothing was stored or posted. */
  async function refused(subcommand: string, options: CommandOption[], group?: string): Promise<string> {
    const [stored, posted, series] = [
      discussions(),
      announcements().length,
      deps().scheduling.series.listByGuild(IDS.guild).length,
    ];
    const result = await fireside(subcommand, options, group);
    expect(result.ephemeral).toBe(true);
    const text = await replyText(result);
    expect(discussions()).toBe(stored);
    expect(announcements()).toHaveLength(posted);
    expect(deps().scheduling.series.listByGuild(IDS.guild)).toHaveLength(series);
    return text;
  }

  async function schedule(title: string, extra: CommandOption[] = []) {
    const result = await fireside('schedule', [
      { name: 'title', value: title },
      { name: 'start', value: '2030-07-01 19:00' },
      ...extra,
    ]);
    const text = await replyText(result);
    expect(text).toMatch(/^Scheduled/);
    const id = Number(/#(\d+)/.exec(text)?.[1]);
    const message = (await emulator().waitFor(() =>
      announcements().find((m) => m.embeds[0]?.title === title),
    )) as EmulatedMessage;
    return { id, message };
  }

  it.each([
    ['in 100000 years', /too far ahead: a discussion starts at most 2 years from now, by 10 Jun 2032/],
    ['in 9999999999 minutes', /too far ahead/],
    ['9999-12-31 23:30', /Fri 31 Dec 9999 at 23:30 \(UTC\), which is too far ahead/],
    ['last thursday', /`last thursday` points to the past.*`next thursday 7pm`/],
    ['3 days ago', /points to the past/],
  ])('/fireside schedule start:%j is refused, saying what to type instead', async (start, message) => {
    const text = await refused('schedule', [
      { name: 'title', value: 'Some time' },
      { name: 'start', value: start },
    ]);
    expect(text).toMatch(message);
  });

  it.each([
    ['zero-width spaces', '\u200b\u200b\u200b'],
    ['a NUL', '\u0000'],
  ])('/fireside schedule refuses a title of %s', async (_, title) => {
    const text = await refused('schedule', [
      { name: 'title', value: title },
      { name: 'start', value: '2030-07-01 19:00' },
    ]);
    expect(text).toMatch(/^The title (is empty|shows nothing)/);
  });

  it('stores a time zone as typed with its letter case corrected, and accepts EST5EDT', async () => {
    const { id } = await schedule('Paris circle', [{ name: 'timezone', value: 'europe/paris' }]);
    expect(deps().firesides.discussions.get(id)).toMatchObject({
      timezone: 'Europe/Paris',
      startsAt: Date.parse('2030-07-01T17:00:00Z'),
    });

    const saved = await emulator().command({
      name: 'setup',
      userId: IDS.admin,
      options: [{ name: 'timezone', value: 'EST5EDT' }],
    });
    expect(saved.callback?.data.content).toBe('Settings saved.');
    const zone = deps().firesides.settings.get(IDS.guild).timezone;
    // Kept as typed, never swapped for the zone Node's Intl links it to (America/New_York).
    expect(zone).toBe('EST5EDT');
    const { id: eastern } = await schedule('Eastern circle');
    expect(deps().firesides.discussions.get(eastern)?.startsAt).toBe(Date.parse('2030-07-01T23:00:00Z'));
    await emulator().command({ name: 'setup', userId: IDS.admin, options: [{ name: 'clear', value: 'timezone' }] });
  });

  it('/fireside series create says a date that never exists never occurs, rather than that its day is invalid', async () => {
    const text = await refused(
      'create',
      [
        { name: 'title', value: 'Never' },
        { name: 'schedule', value: '0 19 31 2 *' },
      ],
      'series',
    );
    expect(text).toMatch(/^`0 19 31 2 \*` never occurs: February has no day 31\./);
  });

  it('/fireside series create lists the next three 29 Februaries and says plainly they are years apart', async () => {
    const result = await fireside(
      'create',
      [
        { name: 'title', value: 'Leap circle' },
        { name: 'schedule', value: '0 19 29 2 *' },
      ],
      'series',
    );
    const text = await replyText(result);
    const starts = ['2032-02-29T19:00:00Z', '2036-02-29T19:00:00Z', '2040-02-29T19:00:00Z'];
    expect(text).toContain(
      `Next three: ${starts.map((at) => `<t:${sec(at)}:F>`).join(', ')}. \`0 19 29 2 *\` falls on 29 February, which exists only in leap years: its starts are years apart.`,
    );
  });

  it('/fireside cancel refuses a reason longer than the announcement can show, cancelling and telling nothing', async () => {
    const { id, message } = await schedule('Long reasons');
    await emulator().click({ message, customId: `rsvp:${id}:going`, userId: IDS.member });
    const shown = () => announcements().find((m) => m.id === message.id)?.embeds[0];
    const before = shown();
    const dms = emulator().dmMessages(IDS.member).length;

    const text = await refused('cancel', [
      { name: 'event', value: String(id) },
      { name: 'reason', value: 'r'.repeat(1_100) },
    ]);
    expect(text).toBe('The reason is 1100 characters long; keep it to 500. Nothing was cancelled.');
    expect(deps().firesides.discussions.get(id)?.status).toBe('scheduled');
    expect(shown()).toEqual(before);
    expect(emulator().dmMessages(IDS.member)).toHaveLength(dms);

    // The longest reason allowed fits the announcement's field.
    const done = await fireside('cancel', [
      { name: 'event', value: String(id) },
      { name: 'reason', value: 'r'.repeat(500) },
    ]);
    expect(await replyText(done)).toMatch(/^Cancelled \*\*Long reasons\*\*/);
    await emulator().waitFor(
      () => shown()?.fields?.find((f: { name: string }) => f.name === 'Cancelled')?.value === 'r'.repeat(500),
    );
  });

  it('sent every request in a shape the OpenAPI description accepts, and logged no warning', () => {
    expect(harness.validating).toBe(true);
    expect(harness.logs.filter((line) => line.level >= 40)).toEqual([]);
    expect(emulator().validationErrors).toEqual([]);
  });
});
