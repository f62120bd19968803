import { type CommandOption, type EmulatedMessage, IDS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentsOf } from '../support/components.js';
import { fullCircle } from '../support/full-circle.js';
import { type Harness, replyText, startClockedHarness } from '../support/harness.js';

const clock = Date.parse('2030-06-10T09:00:00Z');

/** Two moderators at once: one edits a discussion while the other cancels it. */
describe('/fireside edit overlapping /fireside cancel', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startClockedHarness(() => clock, { nativeEvents: true });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const emulator = () => harness.emulator;
  const fireside = (subcommand: string, options: CommandOption[], userId: string = IDS.moderator) =>
    emulator().command({ name: 'fireside', subcommand, options, userId, channelId: IDS.general });
  const changedDms = () =>
    emulator()
      .dmMessages(IDS.member)
      .filter((m) => /has changed/.test(m.content ?? ''));

  /** A discussion announced through the bot, with the member going. */
  async function scheduled(title: string): Promise<{ id: number; message: EmulatedMessage }> {
    const before = emulator().channelMessages(IDS.announcements).length;
    const text = await replyText(
      emulator(),
      await fireside('schedule', [
        { name: 'title', value: title },
        { name: 'start', value: '2030-12-03 19:00' },
      ]),
    );
    expect(text).toMatch(/^Scheduled/);
    const message = await emulator().waitFor(
      () =>
        emulator().channelMessages(IDS.announcements).length > before &&
        emulator().channelMessages(IDS.announcements).at(-1),
    );
    const id = Number(/#(\d+)/.exec(text)?.[1]);
    await emulator().click({ message, customId: `rsvp:${id}:going`, userId: IDS.member });
    return { id, message };
  }

  /** Runs the edit with `request` held while `meanwhile` cancels the discussion; the edit's answer. */
  async function editHeldAt(
    id: number,
    request: { method: string; path: RegExp },
    meanwhile: () => Promise<void>,
  ): Promise<string> {
    const held = emulator().holdNext(request);
    const edit = fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'start', value: '2030-12-03 20:00' },
    ]);
    await held.reached;
    try {
      await meanwhile();
    } finally {
      held.release();
    }
    return replyText(emulator(), await edit);
  }

  it('refuses an edit whose discussion was cancelled during its deferral, changes nothing and tells nobody', async () => {
    const { id } = await scheduled('Evening circle');
    // The edit's deferral is held: the cancel commits between the edit's checks and its write.
    const deferral = { method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/ };
    const answer = await editHeldAt(id, deferral, async () => {
      const cancel = await fireside('cancel', [{ name: 'event', value: String(id) }], IDS.admin);
      expect(await replyText(emulator(), cancel)).toMatch(/^Cancelled .* Told 1 member\./);
    });
    expect(answer).toBe('**Evening circle** was cancelled meanwhile. Nothing was changed.');
    expect(harness.app.deps.firesides.discussions.get(id)).toMatchObject({
      status: 'cancelled',
      startsAt: Date.parse('2030-12-03T19:00:00Z'),
    });
    expect(
      emulator()
        .dmMessages(IDS.member)
        .some((m) => /cancelled/i.test(m.content ?? '')),
    ).toBe(true);
    expect(changedDms()).toHaveLength(0);
  });

  it('does not tell members of an edit whose discussion was cancelled after it was written, and says so', async () => {
    const { id, message } = await scheduled('Late circle');
    const dms = emulator().dmMessages(IDS.member).length;
    // The edit is written; its announcement's refresh is held while another process cancels it (the same request
    // from this one would wait behind the held one: discord.js sends one request of a route at a time).
    const refresh = { method: 'PATCH', path: new RegExp(`^/channels/\\d+/messages/${message.id}$`) };
    const answer = await editHeldAt(id, refresh, async () => {
      expect(harness.app.deps.firesides.discussions.cancel(id, null, clock)).toBeDefined();
    });
    expect(answer).toMatch(
      /\nThe time changed, but \*\*Late circle\*\* was cancelled meanwhile: members were not told of the change\.$/,
    );
    expect(emulator().dmMessages(IDS.member).slice(dms)).toHaveLength(0);
    // The edit's refresh, which showed it open, is not the announcement's last word.
    const shown = emulator()
      .channelMessages(IDS.announcements)
      .find((m) => m.id === message.id);
    expect(shown?.embeds[0]?.title).toBe('Cancelled: Late circle');
    const answers = componentsOf(shown ?? {}).filter((c) => c.custom_id?.startsWith('rsvp:'));
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) expect(answer).toMatchObject({ disabled: true });
    // Its Discord event, brought in step with the edit, is cancelled after it.
    const eventId = harness.app.deps.firesides.discussions.get(id)?.scheduledEventId;
    const event = emulator()
      .scheduledEvents(IDS.guild)
      .find((e) => (e as { id: string }).id === eventId);
    expect(event).toMatchObject({ status: 4 }); // CANCELED
  });

  it('tells nobody moved up by a raised capacity that they are going, once the discussion was cancelled meanwhile', async () => {
    const { id, message } = await fullCircle(harness, 'Small circle', '2030-12-03 19:00');
    const held = emulator().holdNext({ method: 'PATCH', path: new RegExp(`^/channels/\\d+/messages/${message.id}$`) });
    const edit = fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'capacity', value: 2 },
    ]);
    await held.reached;
    harness.app.deps.firesides.discussions.cancel(id, null, clock); // another process
    held.release();
    const answer = await replyText(emulator(), await edit);
    expect(answer).toContain('**Small circle** was cancelled meanwhile.');
    expect(answer).not.toContain('Moved up from the waitlist');
    expect(
      emulator()
        .dmMessages(IDS.admin)
        .filter((m) => /spot opened up/.test(m.content ?? '')),
    ).toEqual([]);
    expect(harness.app.deps.db.prepare('SELECT count(*) FROM promotion_notices').pluck().get()).toBe(0);
  });
});
