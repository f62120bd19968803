import {
  type CommandOption,
  type EmulatedMessage,
  IDS,
  type InteractionResult,
} from '@healing-library/discord-emulator';
import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcedDiscussion } from '../support/announced-discussion.js';
import { type Harness, replyText, startClockedHarness } from '../support/harness.js';

let clock = Date.parse('2030-07-01T12:00:00Z');
const sec = (iso: string) => Date.parse(iso) / 1_000;
const DM_POST = { method: 'POST', path: /^\/channels\/\d+\/messages$/ };
const SERVER_ERROR = { status: 500, body: { message: '500: Internal Server Error', code: 0 } };
/** @discordjs/rest sends a request that meets a 5xx four times in all before it gives up. */
const REST_ATTEMPTS = 4;
/** The bot's own rounds after a pause (src/discord/retry.ts), each of REST_ATTEMPTS. */
const ROUNDS = 3;
/** Discord's interaction tokens serve edits and follow-ups for 15 minutes. */
const TOKEN_TTL_MS = 15 * 60_000;

/**
 * Work done, then its reply fails: the moderator reads what was done (in the reply, retried, or by DM once the
 * token is old or the reply keeps failing), never an apology that invites doing it twice; and announcement edits
 * Discord fails are retried, and reported when they still fail.
 */
describe('replies and announcement edits that fail after the work was done', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startClockedHarness(() => clock, { reminderDelivery: 'dm' });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const deps = () => harness.app.deps;
  const emulator = () => harness.emulator;

  const discussion = (title: string, going: string[]) => announcedDiscussion(deps(), title, going, clock);

  const reminders = (userId: string, id: number) =>
    emulator()
      .dmMessages(userId)
      .filter((m) => m.content.includes('Reminder') && JSON.stringify(m.components).includes(`cant:${id}`));
  const remind = (id: number, userId: string = IDS.moderator) =>
    emulator().command({
      name: 'remind',
      options: [{ name: 'event', value: String(id) }],
      userId,
      channelId: IDS.general,
    });
  const fireside = (subcommand: string, options: CommandOption[]) =>
    emulator().command({ name: 'fireside', subcommand, options, userId: IDS.moderator, channelId: IDS.general });

  /** Discord fails the next edits of a deferred reply with a 500. */
  const failReplyEdits = (times: number) =>
    emulator().failNext(
      { method: 'PATCH', path: /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/ },
      SERVER_ERROR,
      times,
    );
  const dmTo = (userId: string, pattern: RegExp) =>
    emulator().waitFor(
      () =>
        emulator()
          .dmMessages(userId)
          .find((m) => pattern.test(m.content)),
      {
        what: `a DM to ${userId} matching ${pattern}`,
      },
    );
  const editsSent = (result: InteractionResult) =>
    emulator().requests.filter((r) => r.method === 'PATCH' && r.path.includes(result.token));

  it('retries a /remind reply Discord failed, so the moderator reads what was sent instead of an apology', async () => {
    const id = discussion('Flaky reply circle', [IDS.member]);
    failReplyEdits(REST_ATTEMPTS);
    const result = await remind(id);
    expect(await replyText(emulator(), result)).toBe(
      'Reminded 1 member of **Flaky reply circle**: 1 by DM, 0 by channel fallback, 0 mentioned in the channel, 0 failed.',
    );
    expect(result.edits).toHaveLength(1);
    expect(reminders(IDS.member, id)).toHaveLength(1);
  });

  it('DMs the moderator what a /remind did when its reply keeps failing', async () => {
    const id = discussion('Failing reply circle', [IDS.member]);
    failReplyEdits(REST_ATTEMPTS * ROUNDS);
    const result = await remind(id);
    const dm = await dmTo(IDS.moderator, /Failing reply circle/);
    expect(dm.content).toBe(
      'About your `/remind`: Reminded 1 member of **Failing reply circle**: 1 by DM, 0 by channel fallback, 0 mentioned in the channel, 0 failed.',
    );
    expect(dm.allowed_mentions).toEqual({ parse: [] });
    expect(result.edits).toEqual([]);
    expect(reminders(IDS.member, id)).toHaveLength(1);
  });

  it('finishes a /remind that outlasted its interaction token by DM, never by an edit Discord refuses', async () => {
    const id = discussion('Long batch circle', [IDS.member, IDS.admin]);
    const held = emulator().holdNext(DM_POST);
    const result = await remind(id);
    await held.reached;
    clock += TOKEN_TTL_MS + 1_000;
    held.release();
    const dm = await dmTo(IDS.moderator, /Long batch circle/);
    expect(dm.content).toMatch(/^About your `\/remind`: Reminded 2 members of \*\*Long batch circle\*\*: 2 by DM/);
    expect(editsSent(result)).toEqual([]);
    expect(reminders(IDS.member, id)).toHaveLength(1);
    expect(reminders(IDS.admin, id)).toHaveLength(1);
  });

  /** The channel post that tells `userId` their command finished. */
  const pointerTo = (userId: string) =>
    emulator().waitFor(
      () =>
        emulator()
          .channelMessages(IDS.general)
          .find((m) => m.content.startsWith(`<@${userId}> your`)),
      { what: `the channel post to ${userId}` },
    );

  it('mentions the moderator alone in the channel when their DMs are closed too, saying only where to look', async () => {
    const id = discussion('Closed moderator circle', [IDS.member]);
    emulator().closeDms(IDS.admin);
    const held = emulator().holdNext(DM_POST);
    const result = await remind(id, IDS.admin);
    await held.reached;
    clock += TOKEN_TTL_MS - 60_000 + 1_000;
    held.release();
    const post = await pointerTo(IDS.admin);
    // The outcome may name what members must not see yet: the channel gets none of it.
    expect(post.content).toBe(
      `<@${IDS.admin}> your \`/remind\` finished, but I could not reply or DM you: see \`/fireside info\` before you run it again.`,
    );
    expect(post.allowed_mentions).toEqual({ users: [IDS.admin] });
    // Fourteen minutes in, the token still lives, but an edit could reach Discord after it died: none is tried.
    expect(editsSent(result)).toEqual([]);
  });

  it('sends the DM of an outcome once, never again after a 500 (Discord may have posted it), and points to where to look', async () => {
    const id = discussion('Once only circle', [IDS.member]);
    const dmChannel = emulator().dmMessages(IDS.moderator)[0]?.channel_id;
    expect(dmChannel, 'the moderator was DMed by an earlier test').toBeDefined();
    const toModerator = { method: 'POST', path: new RegExp(`^/channels/${dmChannel}/messages$`) };
    failReplyEdits(REST_ATTEMPTS * ROUNDS);
    emulator().failNext(toModerator, SERVER_ERROR, REST_ATTEMPTS);
    const before = emulator().requests.length;
    await remind(id);
    const post = await pointerTo(IDS.moderator);
    expect(post.content).toBe(
      `<@${IDS.moderator}> your \`/remind\` finished, but I could not reply or DM you: see \`/fireside info\` before you run it again.`,
    );
    const dmsTried = emulator()
      .requests.slice(before)
      .filter((r) => r.method === 'POST' && toModerator.path.test(r.path));
    // @discordjs/rest's own attempts at the one request; the bot asks no second time.
    expect(dmsTried).toHaveLength(REST_ATTEMPTS);
    expect(
      emulator()
        .dmMessages(IDS.moderator)
        .filter((m) => m.content.includes('Once only circle')),
    ).toEqual([]);
    expect(reminders(IDS.member, id)).toHaveLength(1);
  });

  const announcements = () => emulator().channelMessages(IDS.announcements);
  const announcementOf = (id: number) => {
    const messageId = deps().firesides.discussions.get(id)?.messageId;
    return announcements().find((m) => m.id === messageId) as EmulatedMessage;
  };
  const whenField = (message: EmulatedMessage) =>
    JSON.stringify((message.embeds as APIEmbed[] | undefined)?.[0]?.fields ?? []);
  /** Discord fails the next edits of this discussion's announcement with a 500. */
  const failAnnouncementEdits = (id: number, times: number) =>
    emulator().failNext(
      {
        method: 'PATCH',
        path: new RegExp(`^/channels/${IDS.announcements}/messages/${announcementOf(id).id}$`),
      },
      SERVER_ERROR,
      times,
    );

  async function schedule(title: string, start: string): Promise<number> {
    const text = await replyText(
      emulator(),
      await fireside('schedule', [
        { name: 'title', value: title },
        { name: 'start', value: start },
      ]),
    );
    expect(text).toMatch(/^Scheduled/);
    return Number(/#(\d+)/.exec(text)?.[1]);
  }

  it('says a /fireside schedule whose reply Discord failed was scheduled, instead of apologising', async () => {
    failReplyEdits(REST_ATTEMPTS);
    const id = await schedule('Announced anyway', '2030-07-03 19:00');
    expect(deps().firesides.discussions.get(id)?.title).toBe('Announced anyway');
    expect(announcements().filter((m) => JSON.stringify(m.embeds).includes('Announced anyway'))).toHaveLength(1);
  });

  it('retries an announcement edit Discord failed on /fireside edit and cancel, and says so when it still fails', async () => {
    const id = await schedule('Moving circle', '2030-07-03 19:00');
    failAnnouncementEdits(id, REST_ATTEMPTS);
    const moved = await fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'start', value: '2030-07-04 19:00' },
    ]);
    expect(await replyText(emulator(), moved)).not.toMatch(/Discord failed/);
    expect(whenField(announcementOf(id))).toContain(`<t:${sec('2030-07-04T19:00:00Z')}:F>`);

    failAnnouncementEdits(id, REST_ATTEMPTS * ROUNDS);
    const stuck = await fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'start', value: '2030-07-05 19:00' },
    ]);
    const link = `https://discord.com/channels/${IDS.guild}/${IDS.announcements}/${announcementOf(id).id}`;
    expect(await replyText(emulator(), stuck)).toContain(
      `\nDiscord failed to update its announcement (${link}), even when asked again: it still shows the details from before. \`/fireside edit event:${id} channel:\` with its channel, <#${IDS.announcements}>, updates it.`,
    );
    expect(whenField(announcementOf(id))).toContain(`<t:${sec('2030-07-04T19:00:00Z')}:F>`);

    failAnnouncementEdits(id, REST_ATTEMPTS);
    const cancelled = await fireside('cancel', [{ name: 'event', value: String(id) }]);
    expect(await replyText(emulator(), cancelled)).toMatch(/^Cancelled \*\*Moving circle\*\*[^\n]*$/);
    expect(announcementOf(id).embeds?.[0]?.title).toBe('Cancelled: Moving circle');

    const other = await schedule('Stuck circle', '2030-07-06 19:00');
    failAnnouncementEdits(other, REST_ATTEMPTS * ROUNDS);
    const refused = await fireside('cancel', [{ name: 'event', value: String(other) }]);
    const otherLink = `https://discord.com/channels/${IDS.guild}/${IDS.announcements}/${announcementOf(other).id}`;
    expect(await replyText(emulator(), refused)).toMatch(
      new RegExp(
        `^Cancelled \\*\\*Stuck circle\\*\\*.*\\nDiscord failed to mark the announcement of \\*\\*Stuck circle\\*\\* \\(${otherLink}\\) as cancelled, even when asked again: members still see it with its buttons \\(their answers are refused\\)\\. Delete that message by hand\\.$`,
        's',
      ),
    );
    expect(announcementOf(other).embeds?.[0]?.title).toBe('Stuck circle');
  });

  it('points a moderator whose series command could not be answered to the series list, not a discussion', async () => {
    // The admin's DMs were closed by an earlier test, and every edit of the deferred reply fails.
    failReplyEdits(REST_ATTEMPTS * ROUNDS);
    await emulator().command({
      name: 'fireside',
      group: 'series',
      subcommand: 'create',
      options: [
        { name: 'title', value: 'Unanswered series' },
        { name: 'schedule', value: '0 19 * * 4' },
      ],
      userId: IDS.admin,
      channelId: IDS.general,
    });
    const post = await emulator().waitFor(
      () =>
        emulator()
          .channelMessages(IDS.general)
          .find((m) => m.content.includes('`/fireside series create`')),
      { what: 'the channel post about the series' },
    );
    expect(post.content).toBe(
      `<@${IDS.admin}> your \`/fireside series create\` finished, but I could not reply or DM you: see \`/fireside series list\` before you run it again.`,
    );
    // The work was done: the series exists.
    expect(
      deps()
        .scheduling.series.listByGuild(IDS.guild)
        .map((series) => series.title),
    ).toContain('Unanswered series');
  });

  it('sent every request in a shape the OpenAPI description accepts', () => {
    expect(harness.validating).toBe(true);
    expect(emulator().validationErrors).toEqual([]);
  });
});
