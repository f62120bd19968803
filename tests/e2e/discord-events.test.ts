import { type CommandOption, IDS, type InteractionResult, PERMISSIONS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, replyText as replyTextOf, startHarness } from '../support/harness.js';

/** The bot's and Discord's clock; tests move it and tick the scheduler themselves. */
let clock = Date.parse('2030-09-02T09:00:00Z');
const HOUR = 3_600_000;

describe('a discussion’s Discord event, as Discord moves it on by itself', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      env: { DEFAULT_TIMEZONE: 'UTC' },
      now: () => new Date(clock),
      scheduler: { cron: false },
    });
    const saved = await harness.emulator.command({
      name: 'setup',
      userId: IDS.admin,
      options: [
        { name: 'announcements', value: IDS.announcements, type: 7 },
        { name: 'native-events', value: true },
      ],
    });
    expect(saved.callback?.data.content).toMatch(/^Settings saved\./);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const emulator = () => harness.emulator;
  const deps = () => harness.app.deps;
  const replyText = (result: InteractionResult) => replyTextOf(emulator(), result);
  const fireside = (subcommand: string, options: CommandOption[]) =>
    emulator().command({ name: 'fireside', subcommand, options, userId: IDS.moderator, channelId: IDS.general });
  const eventOf = (id: number) => {
    const eventId = deps().firesides.discussions.get(id)?.scheduledEventId;
    return emulator()
      .scheduledEvents(IDS.guild)
      .find((e) => e.id === eventId);
  };

  async function schedule(title: string, start: string, extra: CommandOption[] = []): Promise<number> {
    const text = await replyText(
      await fireside('schedule', [{ name: 'title', value: title }, { name: 'start', value: start }, ...extra]),
    );
    expect(text).toMatch(/^Scheduled/);
    expect(text).not.toMatch(/Discord event/);
    return Number(/#(\d+)/.exec(text)?.[1]);
  }

  it('completes the event of a discussion cancelled after it began, instead of asking Discord for a transition it refuses', async () => {
    clock = Date.parse('2030-09-02T09:00:00Z');
    const id = await schedule('Online circle', '2030-09-03 18:00', [
      { name: 'link', value: 'https://meet.example.org/circle' },
      { name: 'duration', value: 90 },
    ]);
    expect(eventOf(id)).toMatchObject({ entity_type: 3, status: 1 });
    // Discord starts an external event at its start by itself.
    clock = Date.parse('2030-09-03T18:20:00Z');
    expect(eventOf(id)?.status).toBe(2);
    const text = await replyText(await fireside('cancel', [{ name: 'event', value: String(id) }]));
    expect(text).toMatch(/^Cancelled \*\*Online circle\*\*/);
    expect(text).not.toMatch(/Discord event|Create Events/);
    expect(eventOf(id)?.status).toBe(3);
  });

  it('starts a voice event at the discussion’s start, as Discord never does', async () => {
    clock = Date.parse('2030-09-04T09:00:00Z');
    const id = await schedule('Voice circle', '2030-09-04 18:00', [{ name: 'location', value: IDS.voice, type: 7 }]);
    expect(eventOf(id)).toMatchObject({ entity_type: 2, channel_id: IDS.voice, status: 1 });
    clock = Date.parse('2030-09-04T18:00:02Z');
    await harness.app.scheduler.tick();
    expect(eventOf(id)?.status).toBe(2);
    const start = deps()
      .scheduling.work.forDiscussion(id)
      .find((w) => w.kind === 'start');
    expect(start).toMatchObject({ state: 'sent', outcome: 'start post sent; Discord event started' });
    // Cancelled once begun: completed, the only way on from ACTIVE.
    clock = Date.parse('2030-09-04T18:30:00Z');
    expect(await replyText(await fireside('cancel', [{ name: 'event', value: String(id) }]))).not.toMatch(
      /Discord event/,
    );
    expect(eventOf(id)?.status).toBe(3);
  });

  it('an edit once the start has passed starts a voice event not begun yet; one Discord has cancelled meanwhile is left alone, or made anew for a later start', async () => {
    clock = Date.parse('2030-09-05T09:00:00Z');
    const location = { name: 'location', value: IDS.voice, type: 7 } as const;
    const late = await schedule('Late voice', '2030-09-05 18:00', [location, { name: 'duration', value: 600 }]);
    const lapsed = await schedule('Lapsed voice', '2030-09-05 18:00', [location, { name: 'duration', value: 600 }]);
    // The bot was not running at the start (no tick): neither event began.
    clock = Date.parse('2030-09-05T19:00:00Z');
    const edit = (id: number, options: CommandOption[]) =>
      fireside('edit', [{ name: 'event', value: String(id) }, ...options]);
    expect(await replyText(await edit(late, [{ name: 'description', value: 'Come in' }]))).not.toMatch(/Discord event/);
    expect(eventOf(late)).toMatchObject({ status: 2, description: 'Come in' });

    // Hours after its start Discord cancels an event that has not begun; Discord refuses changes to it since.
    clock = Date.parse('2030-09-05T18:00:00Z') + 4 * HOUR;
    const lapsedEvent = eventOf(lapsed)?.id;
    expect(eventOf(lapsed)?.status).toBe(4);
    const text = await replyText(await edit(lapsed, [{ name: 'title', value: 'Lapsed voice, renamed' }]));
    expect(text).toMatch(/^Updated \*\*Lapsed voice, renamed\*\*/);
    expect(text).toMatch(/\nIts Discord event had already ended in Discord, so I left it as it is\./);
    expect(text).not.toMatch(/Create Events/);
    expect(eventOf(lapsed)).toMatchObject({ id: lapsedEvent, name: 'Lapsed voice', status: 4 });

    // Moved to another day, it is a discussion ahead again: it gets a new event.
    const moved = await replyText(await edit(lapsed, [{ name: 'start', value: '2030-09-06 18:00' }]));
    expect(moved).not.toMatch(/Discord event/);
    expect(eventOf(lapsed)).toMatchObject({
      name: 'Lapsed voice, renamed',
      status: 1,
      scheduled_start_time: '2030-09-06T18:00:00.000Z',
    });
    expect(eventOf(lapsed)?.id).not.toBe(lapsedEvent);
  });

  it('keeps a voice event a host started early through a later edit; moved to a later start, it is ended and made anew', async () => {
    clock = Date.parse('2030-09-06T09:00:00Z');
    const id = await schedule('Early voice', '2030-09-06 18:00', [{ name: 'location', value: IDS.voice, type: 7 }]);
    const started = eventOf(id)?.id as string;
    // 17:50: a host presses Start event in their client, ten minutes before the discussion's start.
    clock = Date.parse('2030-09-06T17:50:00Z');
    emulator().startScheduledEvent(IDS.guild, started);
    const edit = (options: CommandOption[]) => fireside('edit', [{ name: 'event', value: String(id) }, ...options]);
    expect(await replyText(await edit([{ name: 'description', value: 'Doors open' }]))).not.toMatch(/Discord event/);
    expect(eventOf(id)).toMatchObject({
      id: started,
      status: 2,
      description: 'Doors open',
      scheduled_start_time: '2030-09-06T18:00:00.000Z',
    });
    expect(
      emulator()
        .scheduledEvents(IDS.guild)
        .filter((e) => e.name === 'Early voice'),
    ).toHaveLength(1);

    // Moved to a later start, the begun event cannot be scheduled again: it is completed and a new one made.
    expect(await replyText(await edit([{ name: 'start', value: '2030-09-06 20:00' }]))).not.toMatch(/Discord event/);
    expect(
      emulator()
        .scheduledEvents(IDS.guild)
        .find((e) => e.id === started)?.status,
    ).toBe(3);
    expect(eventOf(id)).toMatchObject({ status: 1, scheduled_start_time: '2030-09-06T20:00:00.000Z' });
  });

  it('makes an external event naming the voice channel when that channel’s overwrite denies the bot View Channel or Connect', async () => {
    clock = Date.parse('2030-09-06T09:00:00Z');
    const location = { name: 'location', value: IDS.voice, type: 7 } as const;
    const { VIEW_CHANNEL, CONNECT, CREATE_EVENTS } = PERMISSIONS;
    // The server grants what a voice event needs; an overwrite on the channel takes one of them away.
    for (const [denied, permissions] of [
      ['Connect', VIEW_CHANNEL | CREATE_EVENTS],
      ['View Channel', CONNECT | CREATE_EVENTS],
    ] as const) {
      emulator().setBotPermissions(IDS.guild, IDS.voice, permissions.toString());
      const id = await schedule(`No ${denied} circle`, '2030-09-06 18:00', [location]);
      expect(eventOf(id)).toMatchObject({
        entity_type: 3,
        channel_id: null,
        entity_metadata: { location: 'On Discord, in Fireside Voice' },
      });
    }
    emulator().setBotPermissions(IDS.guild, IDS.voice, null);
  });

  it('clears the event’s description when the discussion’s description or link is cleared', async () => {
    clock = Date.parse('2030-09-07T09:00:00Z');
    const id = await schedule('Tea circle', '2030-09-08 18:00', [
      { name: 'description', value: 'Bring tea' },
      { name: 'link', value: 'https://meet.example.org/tea' },
    ]);
    expect(eventOf(id)?.description).toBe('Bring tea\n\nhttps://meet.example.org/tea');
    const clear = (detail: string) =>
      fireside('edit', [
        { name: 'event', value: String(id) },
        { name: 'clear', value: detail },
      ]);
    expect(await replyText(await clear('description'))).not.toMatch(/Discord event/);
    expect(eventOf(id)?.description).toBe('https://meet.example.org/tea');
    expect(await replyText(await clear('link'))).not.toMatch(/Discord event/);
    expect(eventOf(id)?.description).toBeNull();
  });

  it('sent every request in a shape the OpenAPI description accepts, and Discord refused none', () => {
    expect(emulator().validationErrors).toEqual([]);
    expect(harness.logs.filter((line) => line.msg === 'scheduled event not in step')).toEqual([]);
  });
});
