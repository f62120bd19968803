import {
  type CommandOption,
  defaultGuild,
  type EmulatedMessage,
  type FailureResponse,
  IDS,
  type InteractionResult,
  secondGuild,
} from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentsOf, fieldOf } from '../support/components.js';
import { type Harness, replyText as replyTextOf, startClockedHarness } from '../support/harness.js';
import { tablesHolding } from '../support/tables-holding.js';

/** The bot's clock (and Discord's): the test moves it. */
let clock = Date.parse('2030-06-10T09:00:00Z');
/** Members who do one thing each, so what the database holds of them is known. */
const ASKER = '630000000000000001';
const NEWCOMER = '630000000000000002';
const ANONYMOUS_NOTE = /Anonymous questions cannot be listed: they are stored without their author/;
const CALLBACK = { method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/ };
const SERVER_ERROR: FailureResponse = { status: 500, body: { message: '500: Internal Server Error', code: 0 } };
/** @discordjs/rest sends a request once and retries a 5xx three times. */
const ATTEMPTS = 4;

interface MemberDataJson {
  rsvps: { discussionId: number; title: string; answer: string; startsAt: string; discussionStatus: string }[];
  questionsUnderYourName: { discussionId: number; text: string; askedAt: string }[];
  anonymousQuestions: string;
  reminders: { choice: string; chosenAt: string | null };
  topicInterests: { page: string; title: string }[];
  deliveryRecords: { reminders: number; moderatorReminders: number; mentionsOwed: number; promotionNotices: number };
  directMessages: { dmChannelId: string | null };
}

describe('/privacy: members see and erase what the bot holds about them', () => {
  let harness: Harness;
  beforeAll(async () => {
    const guild = defaultGuild();
    guild.members.push(
      { userId: ASKER, username: 'hazel', roles: [] },
      { userId: NEWCOMER, username: 'aspen', roles: [] },
    );
    harness = await startClockedHarness(() => clock, {}, { emulator: { guilds: [guild, secondGuild()] } });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const emulator = () => harness.emulator;
  const deps = () => harness.app.deps;
  const announcements = () => emulator().channelMessages(IDS.announcements);
  const current = (message: EmulatedMessage) => announcements().find((m) => m.id === message.id);
  const replyText = (result: InteractionResult) => replyTextOf(emulator(), result);
  const privacy = (subcommand: 'show' | 'forget', userId: string, guildId: string = IDS.guild) =>
    emulator().command({
      name: 'privacy',
      subcommand,
      userId,
      guildId,
      channelId: guildId === IDS.guild ? IDS.general : IDS.secondGeneral,
    });
  const buttonOf = (message: EmulatedMessage, label: string) =>
    componentsOf(message).find((c) => c.label === label)?.custom_id as string;

  async function schedule(title: string, extra: CommandOption[] = []) {
    const before = announcements().length;
    const scheduled = await emulator().command({
      name: 'fireside',
      subcommand: 'schedule',
      userId: IDS.moderator,
      channelId: IDS.general,
      options: [{ name: 'title', value: title }, { name: 'start', value: 'in 3 days' }, ...extra],
    });
    const text = await replyText(scheduled);
    expect(text).toMatch(/^Scheduled/);
    const message = (await emulator().waitFor(
      () => announcements().length > before && announcements().at(-1),
    )) as EmulatedMessage;
    return { id: Number(/#(\d+)/.exec(text)?.[1]), message };
  }
  const answer = (message: EmulatedMessage, id: number, choice: string, userId: string) =>
    emulator().click({ message, customId: `rsvp:${id}:${choice}`, userId });
  async function ask(message: EmulatedMessage, userId: string, question: string, named: boolean) {
    const form = await emulator().click({ message, customId: buttonOf(message, 'Ask a question'), userId });
    const sent = await emulator().submitModal({
      customId: form.callback?.data.custom_id as string,
      userId,
      fields: { question, show_name: named },
    });
    expect(sent.callback?.data.content).toMatch(named ? /with your name/ : /anonymously/);
  }
  async function tapsInterest(userId: string, guildId: string = IDS.guild) {
    const channelId = guildId === IDS.guild ? IDS.general : IDS.secondGeneral;
    const page = await emulator().command({
      name: 'modality',
      userId,
      guildId,
      channelId,
      options: [{ name: 'name', value: 'ketamine' }],
    });
    const message = page.message as EmulatedMessage;
    const tapped = await emulator().click({
      message,
      customId: buttonOf(message, "I'd join a discussion on this"),
      userId,
      guildId,
      channelId,
    });
    expect(await replyText(tapped)).toMatch(/^Recorded/);
  }
  /** /privacy show's message and its JSON file, parsed. */
  async function show(userId: string, guildId?: string) {
    const shown = await privacy('show', userId, guildId);
    expect(shown.ephemeral).toBe(true);
    expect(shown.files.map((f) => f.name)).toEqual(['my-data.json']);
    const json = JSON.parse(shown.files[0]?.data.toString('utf8') ?? '') as MemberDataJson;
    return { text: shown.callback?.data.content as string, json };
  }
  /** /privacy forget's offer: its text and the message its buttons sit on. */
  async function offer(userId: string, guildId?: string) {
    const asked = await privacy('forget', userId, guildId);
    expect(asked.ephemeral).toBe(true);
    return { text: asked.callback?.data.content as string, message: asked.message as EmulatedMessage };
  }
  const click = (message: EmulatedMessage, label: 'Erase my data' | 'Cancel', userId: string = IDS.member) =>
    emulator().click({ message, customId: buttonOf(message, label), userId });

  describe('a member with answers, questions, a reminder choice, an interest and a reminder that reached them', () => {
    let id: number;
    let announcement: EmulatedMessage;
    beforeAll(async () => {
      // Capacity 1: the admin goes, the member and the moderator wait; the admin steps back and the member moves up
      // (told by DM, so the bot remembers the member's DM channel); the moderator is first in line after that.
      ({ id, message: announcement } = await schedule('Ketamine circle', [{ name: 'capacity', value: 1 }]));
      await answer(announcement, id, 'going', IDS.admin);
      await answer(announcement, id, 'going', IDS.member);
      await answer(announcement, id, 'going', IDS.moderator);
      await answer(announcement, id, 'no', IDS.admin);
      await emulator().waitFor(() => emulator().dmMessages(IDS.member).length === 1, { what: 'the member told' });
      expect(deps().firesides.rsvps.waitlistPosition(id, IDS.moderator)).toBe(1);
      await ask(announcement, IDS.member, 'Can I bring my partner?', true);
      await ask(announcement, IDS.member, 'Is it safe with my medication?', false);
      await emulator().command({ name: 'reminders', subcommand: 'off', userId: IDS.member, channelId: IDS.general });
      await tapsInterest(IDS.member);
      const reminded = await emulator().command({
        name: 'remind',
        userId: IDS.moderator,
        channelId: IDS.general,
        options: [{ name: 'event', value: String(id) }],
      });
      expect(await replyText(reminded)).toMatch(/^Reminded 1 member/);
    });

    it('/privacy show lists it to the member alone, with all of it in a JSON file', async () => {
      const { text, json } = await show(IDS.member);
      expect(text).toContain('**Your RSVPs** (1)');
      expect(text).toContain(`Going: **Ketamine circle**, <t:${Math.floor((clock + 3 * 86_400_000) / 1000)}:f>`);
      expect(text).toContain('Can I bring my partner?');
      expect(text).toContain('**Reminders**: off');
      expect(text).toContain('Ketamine Therapy');
      expect(text).toMatch(ANONYMOUS_NOTE);
      expect(text).not.toContain('medication');
      expect(text.length).toBeLessThanOrEqual(2_000);

      expect(json.rsvps).toEqual([
        expect.objectContaining({ discussionId: id, title: 'Ketamine circle', answer: 'going' }),
      ]);
      expect(json.rsvps[0]?.startsAt).toBe(new Date(clock + 3 * 86_400_000).toISOString());
      expect(json.questionsUnderYourName.map((q) => q.text)).toEqual(['Can I bring my partner?']);
      expect(json.anonymousQuestions).toMatch(ANONYMOUS_NOTE);
      expect(json.reminders.choice).toBe('off');
      expect(json.topicInterests).toEqual([
        expect.objectContaining({ page: 'ketamine-therapy', title: 'Ketamine Therapy' }),
      ]);
      expect(json.deliveryRecords).toEqual({
        reminders: 0,
        moderatorReminders: 1,
        mentionsOwed: 0,
        promotionNotices: 0,
      });
      expect(json.directMessages.dmChannelId).toBe(deps().firesides.dmChannels.get(IDS.member));
      expect(JSON.stringify(json)).not.toContain('medication');
    });

    it('/privacy forget erases nothing on another member’s click, then erases it all: the freed place goes to the waitlist', async () => {
      const { text, message } = await offer(IDS.member);
      expect(text).toMatch(/• 1 RSVP\n• 1 question asked under your name\n• your reminder choice/);
      expect(text).toContain('• 1 topic interest');
      expect(text).toContain('• 1 delivery record');
      expect(text).toContain('the DM channel I remember for you');

      const intruder = await click(message, 'Erase my data', IDS.admin);
      expect(intruder.ephemeral).toBe(true);
      expect(intruder.callback?.type).toBe(4);
      expect(intruder.callback?.data.content).toMatch(
        /belongs to the member who ran `\/privacy forget`; nothing was erased/,
      );
      expect(deps().firesides.rsvps.get(id, IDS.member)?.status).toBe('going');

      const moderatorDms = emulator().dmMessages(IDS.moderator).length;
      const eraseId = buttonOf(message, 'Erase my data');
      const erased = await click(message, 'Erase my data');
      expect(erased.callback?.type).toBe(7);
      const done = erased.callback?.data.content as string;
      expect(done).toMatch(/^\*\*Erased what I held about you in this server:\*\*/);
      expect(done).toContain('• 1 RSVP\n• 1 question asked under your name\n• your reminder choice');
      expect(done).toContain('1 member moved up from a waitlist into your place.');
      expect(erased.callback?.data.components).toEqual([]);

      // Exactly as after "Can't go": the member moved up is told, and the announcement shows the new counts.
      const dm = await emulator().waitFor(() => emulator().dmMessages(IDS.moderator)[moderatorDms], {
        what: 'the promotion DM',
      });
      expect(dm.content).toMatch(/spot opened up/);
      expect(deps().firesides.rsvps.get(id, IDS.moderator)?.status).toBe('going');
      await emulator().waitFor(
        () =>
          fieldOf(current(announcement)?.embeds[0], 'RSVPs') === 'Going: **1 / 1** · Maybe: **0** · Spots left: **0**',
        { what: 'the refreshed announcement' },
      );

      // Nothing in the database names the member any more; what the moderator did keeps the moderator's id.
      expect(tablesHolding(deps().db, IDS.member)).toEqual({});
      expect(tablesHolding(deps().db, IDS.moderator)).toMatchObject({ discussions: 1, manual_reminders: 1 });
      // The anonymous question stays, with no author.
      expect(
        deps()
          .firesides.questions.list(id)
          .map((q) => [q.text, q.userId]),
      ).toEqual([['Is it safe with my medication?', null]]);

      const after = await show(IDS.member);
      expect(after.text).toContain('**Your RSVPs**: none');
      expect(after.text).toContain('**Questions you asked under your name**: none');
      expect(after.text).toContain('**Reminders**: on (you never chose otherwise)');
      expect(after.json).toMatchObject({
        rsvps: [],
        questionsUnderYourName: [],
        topicInterests: [],
        reminders: { choice: 'not chosen (on)', chosenAt: null },
        deliveryRecords: { reminders: 0, moderatorReminders: 0, mentionsOwed: 0, promotionNotices: 0 },
        directMessages: { dmChannelId: null },
      });

      // A second click on the same offer (a double click, before the buttons went) erases nothing more and says so.
      const again = await emulator().click({ message, customId: eraseId, userId: IDS.member });
      expect(again.callback?.data.content).toMatch(/^Nothing left to erase/);
      expect(deps().firesides.rsvps.get(id, IDS.moderator)?.status).toBe('going');
    });
  });

  it('says there is nothing to erase to a member the bot holds nothing about', async () => {
    const asked = await privacy('forget', NEWCOMER);
    expect(asked.ephemeral).toBe(true);
    expect(asked.callback?.data.content).toMatch(/^I hold nothing about you in this server.*nothing to erase/);
    expect(asked.callback?.data.components ?? []).toEqual([]);
    const { text, json } = await show(NEWCOMER);
    expect(text).toContain('**Your RSVPs**: none');
    expect(text).toMatch(ANONYMOUS_NOTE);
    expect(json.rsvps).toEqual([]);
  });

  it('Cancel erases nothing; an offer clicked after its 5 minutes erases nothing and says so', async () => {
    const { id, message } = await schedule('Breathwork circle');
    await answer(message, id, 'maybe', IDS.member);

    const cancelled = await click((await offer(IDS.member)).message, 'Cancel');
    expect(cancelled.callback?.type).toBe(7);
    expect(cancelled.callback?.data).toMatchObject({ content: 'Cancelled: nothing was erased.', components: [] });
    expect(deps().firesides.rsvps.get(id, IDS.member)?.status).toBe('maybe');

    const late = await offer(IDS.member);
    clock += 5 * 60_000 + 1;
    const expired = await click(late.message, 'Erase my data');
    expect(expired.callback?.data.content).toMatch(/^This confirmation expired.*nothing was erased/);
    expect(deps().firesides.rsvps.get(id, IDS.member)?.status).toBe('maybe');
  });

  it('an offer made before a restart is honoured after it', async () => {
    const { id, message } = await schedule('Restart circle');
    await answer(message, id, 'going', IDS.member);
    const { message: offered } = await offer(IDS.member);
    await harness.restart();
    const erased = await click(offered, 'Erase my data');
    expect(erased.callback?.data.content).toMatch(/^\*\*Erased what I held about you in this server:\*\*/);
    expect(deps().firesides.rsvps.get(id, IDS.member)).toBeUndefined();
  });

  it('what was erased stays erased when the answer fails after the commit', async () => {
    const { id, message } = await schedule('Fault circle');
    await answer(message, id, 'going', IDS.member);
    const { message: offered } = await offer(IDS.member);
    emulator().failNext(CALLBACK, SERVER_ERROR, ATTEMPTS);
    const erased = await click(offered, 'Erase my data');
    // Every try of the update failed; the error boundary's own answer says what was done, not "Sorry".
    expect(erased.callback?.type).toBe(4);
    expect(erased.ephemeral).toBe(true);
    expect(erased.callback?.data.content).toMatch(/^\*\*Erased what I held about you in this server:\*\*/);
    expect(erased.callback?.data.content).not.toMatch(/Sorry/);
    expect(deps().firesides.rsvps.get(id, IDS.member)).toBeUndefined();
    const { json } = await show(IDS.member);
    expect(json.rsvps).toEqual([]);
  });

  it('keeps the DM channel while the member has data in another server, and erases it with the last', async () => {
    const { id, message } = await schedule('Two servers circle');
    await answer(message, id, 'going', IDS.member);
    await tapsInterest(IDS.member, IDS.secondGuild);
    deps().firesides.dmChannels.set(IDS.member, '700000000000000099');

    const here = await offer(IDS.member);
    expect(here.text).not.toContain('DM channel');
    await click(here.message, 'Erase my data');
    expect(deps().firesides.dmChannels.get(IDS.member)).toBe('700000000000000099');
    expect(deps().interest.members(IDS.secondGuild, 'ketamine-therapy', 10)).toEqual([IDS.member]);

    const there = await offer(IDS.member, IDS.secondGuild);
    expect(there.text).toContain('• 1 topic interest');
    expect(there.text).toContain('the DM channel I remember for you');
    const erased = await emulator().click({
      message: there.message,
      customId: buttonOf(there.message, 'Erase my data'),
      userId: IDS.member,
      guildId: IDS.secondGuild,
      channelId: IDS.secondGeneral,
    });
    expect(erased.callback?.data.content).toContain('the DM channel I remember for you');
    expect(tablesHolding(deps().db, IDS.member)).toEqual({});
  });

  it('an anonymous question leaves the asker’s id nowhere in the database', async () => {
    const { message } = await schedule('Anonymous circle');
    await ask(message, ASKER, 'What if I panic?', false);
    expect(tablesHolding(deps().db, ASKER)).toEqual({});
    // The scan finds an id where one is stored: a named question's author.
    await ask(message, NEWCOMER, 'Is there parking?', true);
    expect(tablesHolding(deps().db, NEWCOMER)).toEqual({ questions: 1 });

    const { text, json } = await show(ASKER);
    expect(text).toContain('**Questions you asked under your name**: none');
    expect(text).toMatch(ANONYMOUS_NOTE);
    expect(json.questionsUnderYourName).toEqual([]);
    expect(json.anonymousQuestions).toMatch(ANONYMOUS_NOTE);
  });

  it('brings the announcement of a discussion that has ended up to date too', async () => {
    const { id, message } = await schedule('Past circle');
    await answer(message, id, 'going', NEWCOMER);
    await emulator().waitFor(() => fieldOf(current(message)?.embeds[0], 'RSVPs')?.startsWith('Going: **1**'));
    clock += 4 * 24 * 3_600_000;
    const { message: buttons } = await offer(NEWCOMER);
    await click(buttons, 'Erase my data', NEWCOMER);
    expect(deps().firesides.rsvps.get(id, NEWCOMER)).toBeUndefined();
    await emulator().waitFor(() => fieldOf(current(message)?.embeds[0], 'RSVPs')?.startsWith('Going: **0**'), {
      what: "the ended discussion's announcement without the erased answer",
    });
  });
});
