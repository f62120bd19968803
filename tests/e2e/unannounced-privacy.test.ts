import {
  type CommandOption,
  type EmulatedMessage,
  IDS,
  type InteractionResult,
} from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { questionForm } from '../../src/firesides/question-form.js';
import { type Harness, replyText, startHarness } from '../support/harness.js';

/** The bot's clock (a Monday); the series' first occurrence is announced on Tuesday evening. */
const NOW = Date.parse('2030-06-10T09:00:00Z');
const SECRETS = ['Hidden circle', 'Bring the secret word', 'https://meet.example.org/secret-room'];

/**
 * Ids are sequential, so a member can guess the id of a series occurrence before its announcement and forge a
 * custom id or type it. Whatever they try, they are told exactly what an id that does not exist gets: no title, no
 * detail, and nothing is stored.
 */
describe('a discussion not announced yet, to a member who guesses its id', () => {
  let harness: Harness;
  let hiddenId: number;
  let missingId: number;
  let seriesId: number;
  /** Any message of the bot, to click forged buttons on. */
  let carrier: EmulatedMessage;

  beforeAll(async () => {
    harness = await startHarness({
      env: { DEFAULT_TIMEZONE: 'UTC' },
      now: () => new Date(NOW),
      scheduler: { cron: false },
    });
    const { emulator } = harness;
    await emulator.command({
      name: 'setup',
      userId: IDS.admin,
      options: [{ name: 'announcements', value: IDS.announcements, type: 7 }],
    });
    const open = await emulator.command({
      name: 'fireside',
      subcommand: 'schedule',
      userId: IDS.moderator,
      channelId: IDS.general,
      options: [
        { name: 'title', value: 'Open circle' },
        { name: 'start', value: '2030-06-12 19:00' },
      ],
    });
    expect(await replyText(emulator, open)).toMatch(/^Scheduled/);
    carrier = await emulator.waitFor(() => emulator.channelMessages(IDS.announcements).at(-1), { what: 'a post' });
    const created = await emulator.command({
      name: 'fireside',
      group: 'series',
      subcommand: 'create',
      userId: IDS.moderator,
      channelId: IDS.general,
      options: [
        { name: 'title', value: SECRETS[0] as string },
        { name: 'schedule', value: '0 19 * * 4' },
        { name: 'description', value: SECRETS[1] as string },
        { name: 'link', value: SECRETS[2] as string },
      ],
    });
    expect(await replyText(emulator, created)).toMatch(/Created the series/);
    const [series] = harness.app.deps.scheduling.series.listByGuild(IDS.guild);
    seriesId = series?.id ?? 0;
    const next = harness.app.deps.scheduling.occurrences.next(seriesId, NOW);
    expect(next).toMatchObject({ announced: false });
    hiddenId = next?.id ?? 0;
    missingId = hiddenId + 1_000;
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const emulator = () => harness.emulator;

  /** Nothing of the discussion in the answer, in any follow-up, or as a file. */
  function expectNothingLeaked(result: InteractionResult) {
    const shown = JSON.stringify({ callback: result.callback, followups: result.followups, edits: result.edits });
    for (const secret of SECRETS) expect(shown).not.toContain(secret);
    expect(result.files).toEqual([]);
    expect(result.followups.flatMap((message) => emulator().messageFiles(message.id))).toEqual([]);
  }

  function expectNothingStored() {
    const { rsvps, questions } = harness.app.deps.firesides;
    for (const userId of [IDS.member, IDS.admin]) expect(rsvps.get(hiddenId, userId)).toBeUndefined();
    expect(questions.list(hiddenId)).toEqual([]);
  }

  const forged = (customId: (id: number) => string) => async () => {
    const click = (id: number) => emulator().click({ message: carrier, customId: customId(id), userId: IDS.member });
    const [hidden, missing] = [await click(hiddenId), await click(missingId)];
    expect(hidden.ephemeral).toBe(true);
    expect(hidden.callback?.type).toBe(4);
    expect(hidden.callback?.data.content).toBe(missing.callback?.data.content);
    expectNothingLeaked(hidden);
    expectNothingStored();
  };

  it('refuses a forged Going, Maybe and Can’t go', async () => {
    for (const status of ['going', 'maybe', 'no']) await forged((id) => `rsvp:${id}:${status}`)();
  });
  it(
    'refuses a forged Can’t make it of a reminder',
    forged((id) => `cant:${id}`),
  );
  it(
    'sends no calendar file for a forged Add to calendar',
    forged((id) => `ics:${id}`),
  );
  it(
    'opens no question form for a forged Ask a question',
    forged((id) => `ask:${id}`),
  );
  it('stores no question sent through a forged question form', async () => {
    // A hostile client can send a submission for a form the bot never showed it, under any custom id.
    const send = (id: number) =>
      emulator().submitModal({
        customId: `question:${id}`,
        userId: IDS.member,
        channelId: IDS.announcements,
        fields: { question: 'What is the secret word?' },
        forge: { modal: questionForm(id) },
      });
    const [hidden, missing] = [await send(hiddenId), await send(missingId)];
    expect(hidden.ephemeral).toBe(true);
    expect(hidden.callback?.type).toBe(4);
    expect(hidden.callback?.data.content).toBe(missing.callback?.data.content);
    expectNothingLeaked(hidden);
    expectNothingStored();
  });
  it(
    'refuses a forged attendees page',
    forged((id) => `attendees:${id}:0`),
  );

  it.each([
    ['/rsvp', 'rsvp', '', [{ name: 'status', value: 'going' }]],
    ['/fireside info', 'fireside', 'info', []],
    ['/fireside attendees', 'fireside', 'attendees', []],
    ['/fireside questions', 'fireside', 'questions', []],
  ] as [string, string, string, CommandOption[]][])(
    '%s names it as it names an id that does not exist',
    async (_label, name, subcommand, extra) => {
      const typed = (id: number) =>
        emulator().command({
          name,
          subcommand,
          userId: IDS.member,
          channelId: IDS.general,
          options: [{ name: 'event', value: String(id) }, ...extra],
        });
      const [hidden, missing] = [await typed(hiddenId), await typed(missingId)];
      expect(hidden.ephemeral).toBe(true);
      expect(hidden.callback?.data.content).toBe(
        missing.callback?.data.content?.replace(String(missingId), String(hiddenId)),
      );
      expectNothingLeaked(hidden);
      expectNothingStored();
    },
  );

  it('lists series and suggests them to moderators only', async () => {
    const list = (userId: string) =>
      emulator().command({ name: 'fireside', group: 'series', subcommand: 'list', userId, channelId: IDS.general });
    const suggest = async (userId: string) => {
      const result = await emulator().autocomplete({
        name: 'fireside',
        group: 'series',
        subcommand: 'pause',
        focused: 'series',
        value: '',
        userId,
        channelId: IDS.general,
      });
      return (result.callback?.data.choices ?? []) as { value: string }[];
    };

    const refused = await list(IDS.member);
    expect(refused.ephemeral).toBe(true);
    expect(refused.callback?.data.content).toMatch(/^Only moderators/);
    expectNothingLeaked(refused);
    expect(await suggest(IDS.member)).toEqual([]);

    expect((await list(IDS.moderator)).callback?.data.content).toContain(`#${seriesId} ${SECRETS[0]}`);
    expect((await suggest(IDS.moderator)).map((choice) => choice.value)).toEqual([String(seriesId)]);
  });

  it('a moderator still reads it in /fireside info, with when it will be announced', async () => {
    const info = await emulator().command({
      name: 'fireside',
      subcommand: 'info',
      userId: IDS.moderator,
      channelId: IDS.general,
      options: [{ name: 'event', value: String(hiddenId) }],
    });
    expect(JSON.stringify(info.callback?.data.embeds)).toContain(SECRETS[0]);
    expect(JSON.stringify(info.callback?.data.embeds)).toContain('Not announced yet');
  });
});
