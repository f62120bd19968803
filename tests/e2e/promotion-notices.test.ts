import { type EmulatedMessage, IDS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROMOTION_GRACE_MS } from '../../src/firesides/index.js';
import { componentsOf } from '../support/components.js';
import { fullCircle as scheduleFullCircle } from '../support/full-circle.js';
import { type Harness, startClockedHarness } from '../support/harness.js';

const START = Date.parse('2031-04-01T19:00:00Z');
const SPOT_OPENED = /spot opened up: you're now \*\*going\*\*/;

/**
 * A member moved up from the waitlist is owed the notice in the same commit as the move (promotion_notices): a
 * process that stops between the two leaves it to the scheduler, which sends it once the grace has passed, once.
 */
describe('members moved up from the waitlist are told once, even when the process stops before telling them', () => {
  let harness: Harness;
  let clock = START - 2 * 3_600_000;
  beforeAll(async () => {
    harness = await startClockedHarness(() => clock);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const deps = () => harness.app.deps;
  const owedRows = () => deps().db.prepare('SELECT user_id, state FROM promotion_notices ORDER BY user_id').all();
  const told = (userId: string, title: string) =>
    harness.emulator.dmMessages(userId).filter((m) => m.content?.match(SPOT_OPENED) && m.content.includes(title));

  /** A discussion of one seat: IDS.member going, IDS.admin first on the waitlist. */
  async function fullCircle(title: string): Promise<{ id: number; message: EmulatedMessage }> {
    const circle = await scheduleFullCircle(harness, title, '2031-04-01 19:00');
    expect(
      deps()
        .firesides.rsvps.listByStatus(circle.id, 'waitlist')
        .map((r) => r.userId),
    ).toEqual([IDS.admin]);
    return circle;
  }

  async function click(message: EmulatedMessage, label: string, userId: string) {
    const customId = componentsOf(message).find((c) => c.label === label)?.custom_id;
    const result = await harness.emulator.click({ message, customId: customId as string, userId });
    await harness.emulator.waitFor(() => result.followups[0] ?? (result.callback?.type === 4 && result.callback));
  }

  /** What the click commits, without what the process does next: the state a stop right after the commit leaves. */
  const stepBackAndStop = (id: number, userId: string) => deps().firesides.rsvps.set(id, userId, 'no', clock);

  it('a process that stopped after the move leaves the notice to the scheduler, sent once after the grace', async () => {
    const { id } = await fullCircle('Moved up, then a restart');
    expect(stepBackAndStop(id, IDS.member).promoted).toEqual([IDS.admin]);
    expect(owedRows()).toEqual([{ user_id: IDS.admin, state: 'owed' }]);

    // Within the grace the process that made the move may still be telling them: the scheduler leaves it.
    expect(await harness.app.scheduler.tick()).toMatchObject({ promotionNotices: 0 });
    expect(told(IDS.admin, 'Moved up, then a restart')).toHaveLength(0);

    clock += PROMOTION_GRACE_MS + 1_000;
    expect(await harness.app.scheduler.tick()).toMatchObject({ promotionNotices: 1 });
    expect(told(IDS.admin, 'Moved up, then a restart')).toHaveLength(1);
    expect(owedRows()).toEqual([]);

    clock += PROMOTION_GRACE_MS + 1_000;
    expect(await harness.app.scheduler.tick()).toMatchObject({ promotionNotices: 0 });
    expect(told(IDS.admin, 'Moved up, then a restart')).toHaveLength(1);
  });

  it('a notice the click sent is not sent again by the scheduler', async () => {
    const { message } = await fullCircle('Told by the click');
    await click(message, "Can't go", IDS.member);
    await harness.emulator.waitFor(() => told(IDS.admin, 'Told by the click')[0], { what: 'the promotion DM' });
    expect(owedRows()).toEqual([]);

    clock += PROMOTION_GRACE_MS + 1_000;
    expect(await harness.app.scheduler.tick()).toMatchObject({ promotionNotices: 0 });
    expect(told(IDS.admin, 'Told by the click')).toHaveLength(1);
  });

  it('closed DMs: the scheduler mentions the member in the channel, and a mention left owed by a stop is posted', async () => {
    harness.emulator.closeDms(IDS.admin);
    const mentions = (title: string) =>
      harness.emulator
        .channelMessages(IDS.announcements)
        .filter((m) => m.content?.startsWith(`<@${IDS.admin}>`) && m.content.includes(title));

    const first = await fullCircle('Closed DMs, swept');
    stepBackAndStop(first.id, IDS.member);
    clock += PROMOTION_GRACE_MS + 1_000;
    await harness.app.scheduler.tick();
    expect(mentions('Closed DMs, swept')).toHaveLength(1);
    expect(mentions('Closed DMs, swept')[0]?.allowed_mentions).toEqual({ users: [IDS.admin] });

    // Stopped after Discord refused the DM (50007) and before the mention that replaces it was posted.
    const second = await fullCircle('Closed DMs, mention owed');
    stepBackAndStop(second.id, IDS.member);
    deps().db.prepare("UPDATE promotion_notices SET state = 'mention' WHERE discussion_id = ?").run(second.id);
    clock += PROMOTION_GRACE_MS + 1_000;
    expect(await harness.app.scheduler.tick()).toMatchObject({ promotionNotices: 1 });
    expect(mentions('Closed DMs, mention owed')).toHaveLength(1);
    expect(owedRows()).toEqual([]);
  });

  it('owes nothing to a member who stepped back since, nor for a discussion cancelled, nor for a send cut short', async () => {
    const gone = await fullCircle('Stepped back since');
    stepBackAndStop(gone.id, IDS.member);
    deps().firesides.rsvps.set(gone.id, IDS.admin, 'no', clock);

    const cancelled = await fullCircle('Cancelled since');
    stepBackAndStop(cancelled.id, IDS.member);
    deps().firesides.discussions.cancel(cancelled.id, null, clock);

    // A send that began and never ended (the process stopped mid-DM) may have reached the member: never sent again.
    const cut = await fullCircle('Cut short');
    stepBackAndStop(cut.id, IDS.member);
    deps().db.prepare("UPDATE promotion_notices SET state = 'sending' WHERE discussion_id = ?").run(cut.id);

    clock += PROMOTION_GRACE_MS + 1_000;
    expect(await harness.app.scheduler.tick()).toMatchObject({ promotionNotices: 0 });
    for (const title of ['Stepped back since', 'Cancelled since', 'Cut short'])
      expect(told(IDS.admin, title)).toHaveLength(0);
    expect(owedRows()).toEqual([{ user_id: IDS.admin, state: 'sending' }]);

    clock += 3_600_000;
    await harness.app.scheduler.tick();
    expect(owedRows()).toEqual([]);
    expect(told(IDS.admin, 'Cut short')).toHaveLength(0);
  });
});
