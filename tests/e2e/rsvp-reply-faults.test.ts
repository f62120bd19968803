import {
  type EmulatedMessage,
  type FailureResponse,
  IDS,
  type InteractionResult,
} from '@healing-library/discord-emulator';
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullCircle as scheduleFullCircle } from '../support/full-circle.js';
import { type Harness, replyText, startHarness } from '../support/harness.js';

const CALLBACK = { method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/ };
const UNKNOWN_INTERACTION: FailureResponse = { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
const SERVER_ERROR: FailureResponse = { status: 500, body: { message: '500: Internal Server Error', code: 0 } };
/** @discordjs/rest sends a request once and retries a 5xx three times (its default `retries`). */
const ATTEMPTS = 4;
const FAILED_AFTER_WORK = 'interaction failed after its work was done';

const rsvps = (message: EmulatedMessage | undefined) =>
  (message?.embeds[0] as APIEmbed | undefined)?.fields?.find((f) => f.name === 'RSVPs')?.value;

describe('an answer whose reply fails is followed through', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ env: { DEFAULT_TIMEZONE: 'UTC' } });
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
  const current = (message: EmulatedMessage) =>
    emulator()
      .channelMessages(IDS.announcements)
      .find((m) => m.id === message.id);

  /** Capacity 1: the member is going, the admin is first on the waitlist. */
  async function fullCircle(title: string) {
    const { id, message } = await scheduleFullCircle(harness, title, 'in 3 days');
    expect(harness.app.deps.firesides.rsvps.waitlistPosition(id, IDS.admin)).toBe(1);
    expect(rsvps(current(message))).toMatch(/Waitlist: \*\*1\*\*/);
    return { id, message };
  }

  const answers = {
    'a click on the announcement': (id: number, message: EmulatedMessage) => {
      const buttons = (message.components as APIActionRowComponent<APIButtonComponentWithCustomId>[]).flatMap(
        (row) => row.components,
      );
      const cantGo = buttons.find((b) => b.label === "Can't go")?.custom_id as string;
      expect(cantGo).toBe(`rsvp:${id}:no`);
      return emulator().click({ message, customId: cantGo, userId: IDS.member, timeoutMs: 2_000 });
    },
    '/rsvp': (id: number) =>
      emulator().command({
        name: 'rsvp',
        userId: IDS.member,
        channelId: IDS.general,
        timeoutMs: 2_000,
        options: [
          { name: 'event', value: String(id) },
          { name: 'status', value: 'no' },
        ],
      }),
  } satisfies Record<string, (id: number, message: EmulatedMessage) => Promise<InteractionResult>>;

  /**
   * 10062: the interaction is gone (its 3 seconds passed), so what the error boundary then tries is refused too and
   * the member gets no answer at all. 500: every attempt of the answer fails; the error boundary's reply then goes
   * through, and says where the member stands rather than apologising (the answer was stored).
   */
  const faults = [
    ['10062', UNKNOWN_INTERACTION, 2],
    ['500 on every retry', SERVER_ERROR, ATTEMPTS],
  ] as const;

  it('a question whose thanks fails on every retry is stored once, and the member reads that it was passed on', async () => {
    const { id, message } = await fullCircle('Questions with a failing reply');
    const ask = await emulator().click({ message, customId: `ask:${id}`, userId: IDS.member });
    const modalId = ask.callback?.data.custom_id as string;
    emulator().failNext(CALLBACK, SERVER_ERROR, ATTEMPTS);
    const result = await emulator().submitModal({
      customId: modalId,
      userId: IDS.member,
      fields: { question: 'Asked once, answered late?' },
    });
    expect(harness.app.deps.firesides.questions.list(id).map((q) => q.text)).toEqual(['Asked once, answered late?']);
    // Not "Sorry, something went wrong", which would invite asking again: an anonymous duplicate nobody can trace.
    expect(result.ephemeral).toBe(true);
    expect(result.callback?.data.content).toMatch(/^Thank you, your question for .* was passed on anonymously\./);
    expect(result.callback?.data.content).not.toMatch(/Sorry/);
  });

  it('a click whose update lands after a cancellation leaves the announcement showing the cancellation', async () => {
    const { id, message } = await fullCircle('Answered as it was cancelled');
    // No edit left over from those answers may land after ours and hide what this test looks for.
    await harness.app.deps.settler.flush();
    // The click's answer is stored and its in-place update is on its way when the moderator cancels.
    const held = emulator().holdNext(CALLBACK);
    const clicked = emulator().click({ message, customId: `rsvp:${id}:maybe`, userId: IDS.moderator });
    await held.reached;
    let cancelled: Promise<InteractionResult>;
    try {
      cancelled = emulator().command({
        name: 'fireside',
        subcommand: 'cancel',
        userId: IDS.moderator,
        channelId: IDS.general,
        options: [{ name: 'event', value: String(id) }],
      });
      await emulator().waitFor(() => current(message)?.embeds[0]?.title?.startsWith('Cancelled:'), {
        what: 'the cancellation shown',
      });
    } finally {
      held.release();
    }
    expect(await replyText(emulator(), await cancelled)).toMatch(/^Cancelled/);
    // The member's standing follows the update, so by then the update has landed, last, with the details from
    // before: the announcement must be edited once more.
    const click = await clicked;
    await emulator().waitFor(() => click.followups.length > 0, { what: "the click's follow-up" });
    const shown = await emulator().waitFor(
      () => current(message)?.embeds[0]?.title?.startsWith('Cancelled:') && current(message),
      { what: 'the cancellation shown again' },
    );
    expect(shown.embeds[0]?.fields?.[0]?.name).toBe('Cancelled');
  });

  describe.each(Object.keys(answers) as (keyof typeof answers)[])('%s', (how) => {
    it.each(faults)(
      'with the reply failing with %s: the member moved up is told and the announcement refreshed',
      async (what, fault, times) => {
        const { id, message } = await fullCircle(`${how} ${what}`);
        const dms = emulator().dmMessages(IDS.admin).length;
        const failures = harness.logs.filter((line) => line.msg === FAILED_AFTER_WORK).length;
        const callbacks = () => emulator().requests.filter((r) => CALLBACK.path.test(r.path)).length;
        const callbacksBefore = callbacks();

        emulator().failNext(CALLBACK, fault, times);
        const answered = answers[how](id, message).then(
          (result) => result,
          (error: Error) => error,
        );

        const dm = await emulator().waitFor(() => emulator().dmMessages(IDS.admin).slice(dms)[0], {
          what: 'the promotion DM',
        });
        expect(dm.content).toMatch(/spot opened up/);
        expect(harness.app.deps.firesides.rsvps.get(id, IDS.member)?.status).toBe('no');
        expect(harness.app.deps.firesides.rsvps.get(id, IDS.admin)?.status).toBe('going');
        const shown = await emulator().waitFor(
          () => {
            const counts = rsvps(current(message));
            return counts && !counts.includes('Waitlist') && counts;
          },
          { what: 'the refreshed announcement' },
        );
        expect(shown).toBe('Going: **1 / 1** · Maybe: **0** · Spots left: **0**');
        // The failed reply is still the error boundary's to log.
        await emulator().waitFor(
          () => harness.logs.filter((line) => line.msg === FAILED_AFTER_WORK).length > failures,
          { what: 'the failure logged' },
        );

        const outcome = await answered;
        expect(callbacks() - callbacksBefore).toBe(times + (fault === SERVER_ERROR ? 1 : 0));
        if (fault === SERVER_ERROR) {
          const result = outcome as InteractionResult;
          expect(result.ephemeral).toBe(true);
          expect(result.callback?.data.content).toMatch(
            /^You're not going to \*\*.*\*\*\. Thanks for letting us know\./,
          );
          expect(result.callback?.data.content).not.toMatch(/Sorry/);
        } else {
          expect((outcome as Error).message).toMatch(/got no callback/);
        }
      },
    );
  });
});
