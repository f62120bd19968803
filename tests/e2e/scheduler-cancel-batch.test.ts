import { IDS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcedDiscussion } from '../support/announced-discussion.js';
import { type Harness, startClockedHarness } from '../support/harness.js';

const DM_POST = { method: 'POST', path: /^\/channels\/\d+\/messages$/ };
const START = Date.parse('2031-04-01T19:00:00Z');

/** A reminder batch under way when its discussion is cancelled: nobody reads "starts in 1 hour" after the cancel. */
describe('a reminder batch whose discussion is cancelled while it runs', () => {
  let harness: Harness;
  let clock = START - 2 * 3_600_000;
  beforeAll(async () => {
    harness = await startClockedHarness(() => clock, { reminderDelivery: 'dm' });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('stops at the next send, and the rest of the batch is never sent', async () => {
    const { firesides, scheduling } = harness.app.deps;
    // Reminded in RSVP order: the first DM, IDS.member's, is held while the cancel commits.
    const members = [IDS.member, IDS.admin, IDS.moderator];
    const id = announcedDiscussion(harness.app.deps, 'Cancelled mid-batch', members, clock, { reminders: [60] });
    await harness.app.scheduler.tick(); // plans the reminder

    clock = START - 3_600_000 + 1_000;
    const held = harness.emulator.holdNext(DM_POST);
    const batch = harness.app.scheduler.tick();
    await held.reached;
    firesides.discussions.cancel(id, null, clock);
    held.release();
    expect(await batch).toMatchObject({ sent: 1, failed: 0 });

    const reminders = (userId: string) =>
      harness.emulator.dmMessages(userId).filter((m) => JSON.stringify(m).includes('Cancelled mid-batch'));
    // The DM in flight at the cancel had reached Discord; nobody after it is reminded.
    expect(reminders(IDS.member)).toHaveLength(1);
    expect(reminders(IDS.admin)).toHaveLength(0);
    expect(reminders(IDS.moderator)).toHaveLength(0);
    const row = scheduling.work.forDiscussion(id).find((w) => w.kind === 'reminder');
    expect(row).toMatchObject({
      state: 'sent',
      outcome: expect.stringContaining('stopped when the discussion was cancelled'),
    });

    // Nothing is left to resume.
    clock += 60_000;
    await harness.app.scheduler.tick();
    expect(reminders(IDS.admin)).toHaveLength(0);
    expect(reminders(IDS.moderator)).toHaveLength(0);
  });
});
