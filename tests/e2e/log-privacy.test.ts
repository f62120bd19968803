import {
  type AutocompleteInput,
  type CommandOption,
  defaultGuild,
  type EmulatedMessage,
  IDS,
  type InteractionResult,
} from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentsOf } from '../support/components.js';
import { type Harness, type LogLine, replyText, startHarness } from '../support/harness.js';

/**
 * Issue 13, Logs: nothing a member typed reaches the logs at any level, and member ids only where an error must be
 * traced. The stories are played at 'trace' with every line the bot logs captured (the app forwards no discord.js
 * debug output, so this is all of it), some Discord calls made to fail so that errors carrying request bodies are
 * logged too; then the log is searched for every distinctive text the test typed.
 */

/** Every text typed below: each must be absent from the log. */
const TYPED = {
  setupZone: 'zq-typed-setup-zone-3a1',
  setupOffsets: 'zq-typed-setup-offsets-3a2',
  modalityName: 'zq-typed-modality-name-3a3',
  modalityAutocomplete: 'zq-typed-modality-ac-3a4',
  searchQuery: 'zq-typed-search-query-3a5',
  searchMixed: 'zq-typed-search-mixed-3a6',
  topicAutocomplete: 'zq-typed-topic-ac-3a7',
  topicUnknown: 'zq-typed-topic-unknown-3a8',
  start: 'zq-typed-start-3a9',
  title: 'zq-typed-title-3b1',
  description: 'zq-typed-description-3b2',
  link: 'zq-typed-link-3b3',
  editedTitle: 'zq-typed-title-edit-3b4',
  editedDescription: 'zq-typed-description-edit-3b5',
  eventAutocomplete: 'zq-typed-event-ac-3b6',
  rsvpEvent: 'zq-typed-rsvp-event-3b7',
  rsvpAutocomplete: 'zq-typed-rsvp-ac-3b8',
  namedQuestion: 'zq-typed-question-named-3b9',
  anonymousQuestion: 'zq-typed-question-anon-3c1',
  failedAnonymousQuestion: 'zq-typed-question-anon-failed-5d2',
  remindNote: 'zq-typed-remind-note-3c2',
  failedRemindNote: 'zq-typed-remind-note-failed-3c3',
  seriesTitle: 'zq-typed-series-title-3c4',
  seriesDescription: 'zq-typed-series-description-3c5',
  seriesEditedTitle: 'zq-typed-series-title-edit-3c6',
  seriesAutocomplete: 'zq-typed-series-ac-3c7',
  cancelReason: 'zq-typed-cancel-reason-3c8',
  refusedTitle: 'zq-typed-title-refused-3c9',
  refusedDescription: 'zq-typed-description-refused-3d1',
  timezoneAutocomplete: 'zq-typed-timezone-ac-3d2',
  scheduleZone: 'zq-typed-schedule-zone-3d3',
  unrepliedTitle: 'zq-typed-title-unreplied-3d4',
  scheduleReminders: 'zq-typed-reminders-3d5',
  badLink: 'zq-typed-bad-link-3d6',
  cron: 'zq-typed-cron-3d7 19 * * 4',
} as const;

/** The members of the story; a waitlisted one is promoted by DM. */
const MEMBERS = [IDS.member, IDS.moderator, IDS.admin, '500000000000000077'] as const;
const [member, moderator, admin, guest] = MEMBERS;

/** pino's numeric levels. */
const WARN = 40;

/**
 * The rule for member ids: one may appear only in a line at warn or above, the levels at which the bot reports a
 * failure someone may need to trace to an interaction or a member (an error logged with its interaction, a DM or
 * an outcome that did not reach them). A line at info or below (what was sent, skipped, resumed) names nobody, and
 * warn lines that are not failures (pacing, the scheduler's lease) name nobody either.
 */
const mayNameMembers = (line: LogLine) => line.level >= WARN;
const reportsAnError = (line: LogLine) => line.level >= WARN && line.err !== undefined;

let clock = Date.parse('2030-06-10T09:00:00Z');

describe('the logs hold nothing a member typed, and member ids only where an error is traced', () => {
  let harness: Harness;
  beforeAll(async () => {
    const guild = defaultGuild();
    guild.members.push({ userId: guest, username: 'guest', roles: [] });
    harness = await startHarness({
      env: { DEFAULT_TIMEZONE: 'UTC' },
      emulator: { guilds: [guild] },
      now: () => new Date(clock),
      scheduler: { cron: false },
      logLevel: 'trace',
    });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const emulator = () => harness.emulator;
  const tick = () => harness.app.scheduler.tick();
  const text = (result: InteractionResult) => replyText(emulator(), result);
  const announcements = () => emulator().channelMessages(IDS.announcements);
  const fireside = (subcommand: string, options: CommandOption[], userId: string = moderator, group?: string) =>
    emulator().command({ name: 'fireside', group, subcommand, options, userId, channelId: IDS.general });
  const autocomplete = (name: string, focused: string, value: string, extra: Partial<AutocompleteInput> = {}) =>
    emulator().autocomplete({ name, focused, value, userId: moderator, channelId: IDS.general, ...extra });
  const click = (message: EmulatedMessage, label: string, userId: string) => {
    const button = componentsOf(message).find((c) => c.label === label);
    if (!button?.custom_id) throw new Error(`no ${label} button`);
    return emulator().click({ message, customId: button.custom_id, userId });
  };
  const current = (message: EmulatedMessage) => announcements().find((m) => m.id === message.id) ?? message;

  async function schedule(options: CommandOption[]): Promise<{ id: number; message: EmulatedMessage }> {
    const before = announcements().length;
    const reply = await text(await fireside('schedule', options));
    expect(reply).toMatch(/^Scheduled/);
    const message = (await emulator().waitFor(
      () => announcements().length > before && announcements().at(-1),
    )) as EmulatedMessage;
    return { id: Number(/#(\d+)/.exec(reply)?.[1]), message };
  }

  async function ask(message: EmulatedMessage, userId: string, question: string, named: boolean) {
    const form = await click(message, 'Ask a question', userId);
    const sent = await emulator().submitModal({
      customId: form.callback?.data.custom_id,
      userId,
      fields: { question, show_name: named },
    });
    expect(sent.callback?.data.content).toMatch(named ? /with your name/ : /anonymously/);
  }

  it('plays the stories at the most verbose level', async () => {
    // /setup, its typed mistakes refused.
    const setup = (options: CommandOption[]) => emulator().command({ name: 'setup', userId: admin, options });
    expect((await setup([{ name: 'timezone', value: TYPED.setupZone }])).ephemeral).toBe(true);
    expect((await setup([{ name: 'reminders', value: TYPED.setupOffsets }])).ephemeral).toBe(true);
    const saved = await setup([
      { name: 'announcements', value: IDS.announcements, type: 7 },
      { name: 'reminders', value: '24h' },
      { name: 'reminder-delivery', value: 'dm' },
      { name: 'native-events', value: true },
    ]);
    expect(saved.callback?.data.content).toMatch(/Settings saved/);
    await autocomplete('setup', 'timezone', TYPED.timezoneAutocomplete, { userId: admin });

    // The library: a page, a name it does not know, autocomplete, searches; interest in a page.
    const page = await emulator().command({
      name: 'modality',
      userId: member,
      options: [{ name: 'name', value: 'ketamine' }],
    });
    await emulator().command({
      name: 'modality',
      userId: member,
      options: [{ name: 'name', value: TYPED.modalityName }],
    });
    await autocomplete('modality', 'name', TYPED.modalityAutocomplete, { userId: member });
    for (const query of [TYPED.searchQuery, `ketamine ${TYPED.searchMixed}`])
      await emulator().command({
        name: 'library',
        subcommand: 'search',
        userId: member,
        options: [{ name: 'query', value: query }],
      });
    await click(page.message as EmulatedMessage, "I'd join a discussion on this", guest);

    // Scheduling: typed mistakes refused, then a discussion with a place for one member.
    await autocomplete('fireside', 'topic', TYPED.topicAutocomplete, { subcommand: 'schedule' });
    for (const wrong of [
      [
        { name: 'title', value: TYPED.title },
        { name: 'start', value: TYPED.start },
      ],
      [
        { name: 'title', value: TYPED.title },
        { name: 'start', value: '2030-06-20 19:00' },
        { name: 'timezone', value: TYPED.scheduleZone },
      ],
      [
        { name: 'title', value: TYPED.title },
        { name: 'start', value: '2030-06-20 19:00' },
        { name: 'topic', value: TYPED.topicUnknown },
      ],
      [
        { name: 'title', value: TYPED.title },
        { name: 'start', value: '2030-06-20 19:00' },
        { name: 'reminders', value: TYPED.scheduleReminders },
      ],
      [
        { name: 'title', value: TYPED.title },
        { name: 'start', value: '2030-06-20 19:00' },
        { name: 'link', value: TYPED.badLink },
      ],
    ])
      expect(await text(await fireside('schedule', wrong))).not.toMatch(/^Scheduled/);
    const { id, message } = await schedule([
      { name: 'title', value: TYPED.title },
      { name: 'start', value: '2030-06-20 19:00' },
      { name: 'description', value: TYPED.description },
      { name: 'link', value: `https://meet.example.org/${TYPED.link}` },
      { name: 'capacity', value: 1 },
      { name: 'topic', value: 'ketamine-therapy' },
    ]);
    // The member who asked for a discussion on the page is told of this one.
    await tick();

    // RSVPs: a place taken, a waitlist, a typed event that matches nothing.
    await click(message, 'Going', member);
    const event = [{ name: 'event', value: String(id) }];
    await emulator().command({ name: 'rsvp', userId: admin, options: [...event, { name: 'status', value: 'going' }] });
    const refused = await emulator().command({
      name: 'rsvp',
      userId: admin,
      options: [
        { name: 'event', value: TYPED.rsvpEvent },
        { name: 'status', value: 'going' },
      ],
    });
    expect(refused.ephemeral).toBe(true);
    await autocomplete('rsvp', 'event', TYPED.rsvpAutocomplete, { userId: member });
    await autocomplete('fireside', 'event', TYPED.eventAutocomplete, { subcommand: 'edit' });

    // Questions under the member's name and anonymous.
    await ask(current(message), member, TYPED.namedQuestion, true);
    await ask(current(message), admin, TYPED.anonymousQuestion, false);
    // An anonymous question stored, and its answer refused by Discord: the error line must not lead back to its author
    // (the form's custom id names the discussion, the line its time).
    const form = await click(current(message), 'Ask a question', member);
    emulator().failNext(
      { method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/ },
      { status: 500, body: { message: 'Internal Server Error', code: 0 } },
      4,
    );
    await emulator()
      .submitModal({
        customId: form.callback?.data.custom_id,
        userId: member,
        fields: { question: TYPED.failedAnonymousQuestion, show_name: false },
      })
      .catch(() => undefined);
    const failed = await emulator().waitFor(() =>
      harness.logs.find((line) => String(line.customId ?? '').startsWith('question:') && line.level >= 50),
    );
    expect(failed.userId).toBeUndefined();
    expect(JSON.stringify(failed)).not.toContain(member);
    for (const sub of ['questions', 'attendees', 'info']) await fireside(sub, event);
    await fireside('list', [], member);
    await fireside('mine', [], member);

    // An edit that moves the time: those going are told by DM.
    const edited = await fireside('edit', [
      ...event,
      { name: 'title', value: TYPED.editedTitle },
      { name: 'description', value: TYPED.editedDescription },
      { name: 'start', value: '2030-06-20 20:00' },
    ]);
    expect(await text(edited)).toMatch(/^Updated/);

    // /remind with a note, then again with the member's DM refused (an error logged with Discord's answer).
    const remind = (note: string) =>
      emulator().command({
        name: 'remind',
        userId: moderator,
        channelId: IDS.general,
        options: [...event, { name: 'message', value: note }],
      });
    expect(await text(await remind(TYPED.remindNote))).toMatch(/^Reminded/);
    const dmChannel = emulator().dmMessages(member)[0]?.channel_id;
    expect(dmChannel, 'the member has a DM channel by now').toBeDefined();
    emulator().failNext(
      { method: 'POST', path: new RegExp(`^/channels/${dmChannel}/messages$`) },
      { status: 400, body: { message: 'Invalid Form Body', code: 50035 } },
    );
    await text(await remind(TYPED.failedRemindNote));

    // The member steps back: the waitlisted admin gets the place and a DM.
    await click(current(message), "Can't go", member);
    await emulator().waitFor(() => emulator().dmMessages(admin).length > 0, { what: 'the promotion DM' });

    // A series, a typed schedule refused, its autocomplete and an edit; the scheduler announces its occurrence.
    const wrongSchedule = [
      { name: 'title', value: TYPED.seriesTitle },
      { name: 'schedule', value: TYPED.cron },
    ];
    expect(await text(await fireside('create', wrongSchedule, moderator, 'series'))).not.toMatch(/^Created/);
    const series = await fireside(
      'create',
      [
        { name: 'title', value: TYPED.seriesTitle },
        { name: 'description', value: TYPED.seriesDescription },
        { name: 'schedule', value: '0 19 * * 4' },
      ],
      moderator,
      'series',
    );
    expect(await text(series)).toMatch(/^Created the series/);
    await autocomplete('fireside', 'series', TYPED.seriesAutocomplete, { group: 'series', subcommand: 'edit' });
    const seriesId = harness.app.deps.scheduling.series.listByGuild(IDS.guild)[0]?.id;
    const seriesEdit = await fireside(
      'edit',
      [
        { name: 'series', value: String(seriesId) },
        { name: 'title', value: TYPED.seriesEditedTitle },
      ],
      moderator,
      'series',
    );
    expect(await text(seriesEdit)).toMatch(/^Updated the series/);
    clock = Date.parse('2030-06-12T19:30:00Z');
    await tick();

    // The day before: reminders by DM.
    clock = Date.parse('2030-06-19T20:30:00Z');
    await tick();

    // A discussion whose announcement Discord refuses: the moderator is told, the refusal is logged.
    emulator().failNext(
      { method: 'POST', path: new RegExp(`^/channels/${IDS.announcements}/messages$`) },
      { status: 400, body: { message: 'Invalid Form Body', code: 50035 } },
    );
    await text(
      await fireside('schedule', [
        { name: 'title', value: TYPED.refusedTitle },
        { name: 'description', value: TYPED.refusedDescription },
        { name: 'start', value: '2030-06-27 19:00' },
      ]),
    );

    // An edit whose reply Discord refuses: the moderator gets the outcome by DM.
    emulator().failNext(
      { method: 'PATCH', path: /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/ },
      { status: 400, body: { message: 'Invalid Form Body', code: 50035 } },
    );
    await fireside('edit', [...event, { name: 'title', value: TYPED.unrepliedTitle }]);
    await emulator().waitFor(
      () =>
        emulator()
          .dmMessages(moderator)
          .some((m) => m.content.includes(TYPED.unrepliedTitle)),
      { what: 'the outcome by DM' },
    );

    // Cancelled with a reason while Discord refuses the announcement's edit.
    emulator().failNext(
      { method: 'PATCH', path: new RegExp(`^/channels/${IDS.announcements}/messages/${message.id}$`) },
      { status: 403, body: { message: 'Missing Permissions', code: 50013 } },
    );
    await text(await fireside('cancel', [...event, { name: 'reason', value: TYPED.cancelReason }]));
  });

  it('logged the stories, failures included, so the checks below can fail', () => {
    expect(harness.logs.length).toBeGreaterThan(10);
    expect(harness.logs.filter(reportsAnError).length, 'errors logged with Discord’s refusal').toBeGreaterThan(3);
  });

  it('holds none of the texts the members typed, at any level', () => {
    const lines = harness.logs.map((line) => JSON.stringify(line));
    // Each text's marker, so that a part of it (a cron field quoted alone, a clipped title) is found too.
    const markers = Object.values(TYPED).map((typed) => /zq-typed-[\w-]+/.exec(typed)?.[0] ?? typed);
    const found = markers.filter((marker) => lines.some((line) => line.includes(marker)));
    expect(found, found.map((marker) => lines.find((line) => line.includes(marker))).join('\n')).toEqual([]);
    expect(lines.filter((line) => line.includes('zq-typed'))).toEqual([]);
  });

  it('holds no interaction token (it answers for the interaction for 15 minutes)', () => {
    const log = harness.logs.map((line) => JSON.stringify(line)).join('\n');
    expect(log).toContain('[redacted]');
    expect(log).not.toMatch(/\/(webhooks|interactions)\/\d+\/(?!\[redacted\])/);
  });

  it('names a member only in a line at warn or above, where a failure is traced', () => {
    const naming = harness.logs.filter((line) => MEMBERS.some((id) => JSON.stringify(line).includes(id)));
    const untraced = naming.filter((line) => !mayNameMembers(line));
    expect(untraced.map((line) => JSON.stringify(line))).toEqual([]);
  });
});
