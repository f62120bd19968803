import { type CommandOption, type EmulatedMessage, IDS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentsOf } from '../support/components.js';
import { type Harness, replyText, startClockedHarness } from '../support/harness.js';

/** A Monday; the tests move the clock and tick the scheduler themselves. */
let clock = Date.parse('2030-06-10T09:00:00Z');
const ANNOUNCEMENT_POST = { method: 'POST', path: new RegExp(`^/channels/${IDS.announcements}/messages$`) };
const CALLBACK = { method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/ };

/**
 * A moderator cancels or edits a series occurrence while the scheduler's post of its announcement is on its way: the
 * announcement members see ends up showing what was committed, not what the scheduler read before.
 */
describe('a cancel or an edit while the announcement of an occurrence is being posted', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startClockedHarness(() => clock, { pingRoleId: IDS.moderatorRole });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const emulator = () => harness.emulator;
  const fireside = (subcommand: string, options: CommandOption[], group?: string) =>
    emulator().command({ name: 'fireside', group, subcommand, options, userId: IDS.moderator, channelId: IDS.general });

  /** A weekly series whose first occurrence is announced three days ahead, at `announceAt`; its occurrence's id. */
  async function occurrence(title: string, schedule: string): Promise<number> {
    const created = await fireside(
      'create',
      [
        { name: 'title', value: title },
        { name: 'schedule', value: schedule },
      ],
      'series',
    );
    expect(await replyText(emulator(), created)).toMatch(/^Created the series/);
    const row = harness.app.deps.db
      .prepare<[string], { id: number }>('SELECT id FROM discussions WHERE title = ?')
      .get(title);
    return row?.id ?? 0;
  }

  /** Ticks the scheduler at `at` and runs `meanwhile` while the announcement's POST is held; the posted message. */
  async function whilePosting(at: number, meanwhile: () => Promise<unknown>): Promise<EmulatedMessage> {
    clock = at;
    const held = emulator().holdNext(ANNOUNCEMENT_POST);
    const tick = harness.app.scheduler.tick();
    await held.reached;
    try {
      await meanwhile();
    } finally {
      held.release();
    }
    await tick;
    return emulator().channelMessages(IDS.announcements).at(-1) as EmulatedMessage;
  }

  it('marks the announcement cancelled, its buttons disabled and the ping gone, and the moderator hears so', async () => {
    const id = await occurrence('Thursday circle', '0 19 * * 4');
    let answer = '';
    const posted = await whilePosting(Date.parse('2030-06-10T19:00:05Z'), async () => {
      answer = await replyText(emulator(), await fireside('cancel', [{ name: 'event', value: String(id) }]));
    });
    expect(answer).toMatch(
      /^Cancelled \*\*Thursday circle\*\*.* Its announcement was being posted as you cancelled: if it went out, it shows the cancellation, its buttons disabled\.$/,
    );
    expect(posted.embeds[0]?.title).toBe('Cancelled: Thursday circle');
    const buttons = componentsOf(posted).filter((c) => c.custom_id?.startsWith('rsvp:'));
    expect(buttons.length).toBeGreaterThan(0);
    expect(buttons.every((b) => b.disabled)).toBe(true);
    // The edit's content leaves out the ping line: the role's unread mention of a cancelled discussion goes.
    expect(posted.content).toBe('');
    expect(emulator().mentionedMembers(posted.id)).toEqual([]);
    expect(harness.app.deps.firesides.discussions.get(id)).toMatchObject({ status: 'cancelled', messageId: posted.id });
  });

  it('shows the details of an edit committed meanwhile, keeping the ping', async () => {
    const id = await occurrence('Friday circle', '0 19 * * 5');
    let answer = '';
    const posted = await whilePosting(Date.parse('2030-06-11T19:00:05Z'), async () => {
      const edited = await fireside('edit', [
        { name: 'event', value: String(id) },
        { name: 'title', value: 'Friday circle, by the fire' },
      ]);
      answer = await replyText(emulator(), edited);
    });
    expect(answer).toMatch(/^Updated \*\*Friday circle, by the fire\*\*/);
    expect(posted.embeds[0]?.title).toBe('Friday circle, by the fire');
    expect(componentsOf(posted).some((c) => c.custom_id?.startsWith('rsvp:') && !c.disabled)).toBe(true);
    expect(emulator().mentionedMembers(posted.id)).toEqual([IDS.moderator]);
  });

  const moveTo = (id: number, channel: string) =>
    fireside('edit', [
      { name: 'event', value: String(id) },
      { name: 'channel', value: channel, type: 7 },
    ]);

  /** The announcement members see stays the one the discussion tracks, in the channel it was posted in. */
  function expectTracked(id: number, posted: EmulatedMessage): void {
    expect(posted.embeds[0]?.title).toBe(harness.app.deps.firesides.discussions.get(id)?.title);
    expect(harness.app.deps.firesides.discussions.get(id)).toMatchObject({
      channelId: IDS.announcements,
      messageId: posted.id,
    });
  }

  it('refuses to move it to another channel, changing nothing, rather than leave its announcement untracked', async () => {
    const id = await occurrence('Saturday circle', '0 19 * * 6');
    const before = emulator().channelMessages(IDS.general).length;
    let answer = '';
    const posted = await whilePosting(Date.parse('2030-06-12T19:00:05Z'), async () => {
      answer = await replyText(emulator(), await moveTo(id, IDS.general));
    });
    expect(answer).toBe('Its announcement is being posted right now; try again in a moment. Nothing was changed.');
    expectTracked(id, posted);
    expect(emulator().channelMessages(IDS.general)).toHaveLength(before);
    // Once posted, the same edit moves it.
    expect(await replyText(emulator(), await moveTo(id, IDS.general))).toMatch(/^Updated \*\*Saturday circle\*\*/);
    expect(emulator().channelMessages(IDS.general).at(-1)?.embeds[0]?.title).toBe('Saturday circle');
  });

  it('refuses a move read before the scheduler announced it and written after', async () => {
    const id = await occurrence('Sunday circle', '0 19 * * 0');
    clock = Date.parse('2030-06-13T19:00:05Z');
    const held = emulator().holdNext(CALLBACK);
    const edit = moveTo(id, IDS.general);
    await held.reached;
    try {
      await harness.app.scheduler.tick();
    } finally {
      held.release();
    }
    expect(await replyText(emulator(), await edit)).toBe(
      'It was announced as you edited; try again to move its announcement. Nothing was changed.',
    );
    expectTracked(id, emulator().channelMessages(IDS.announcements).at(-1) as EmulatedMessage);
  });
});
