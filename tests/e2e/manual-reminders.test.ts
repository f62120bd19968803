import { IDS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEASE_TTL_MS } from '../../src/scheduler/index.js';
import { createManualReminderStore } from '../../src/scheduler/manual-reminder-store.js';
import { announcedDiscussion } from '../support/announced-discussion.js';
import { type Harness, replyText, startClockedHarness } from '../support/harness.js';

let clock = Date.parse('2030-07-01T12:00:00Z');
const DM_POST = { method: 'POST', path: /^\/channels\/\d+\/messages$/ };

/** A moderator's /remind: one batch at a time per discussion, and one cut short by a crash goes on. */
describe("a moderator's /remind through the real bot", () => {
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

  /** The reminders store as another bot process on the same database file sees it: one that is about to die. */
  const deadProcess = () => createManualReminderStore(deps().db, 'a-process-that-died');

  const moderatorDms = () =>
    emulator()
      .dmMessages(IDS.moderator)
      .map((m) => m.content);
  const reminders = (userId: string, id: number) =>
    emulator()
      .dmMessages(userId)
      .filter((m) => m.content.includes('Reminder') && JSON.stringify(m.components).includes(`cant:${id}`));
  const remind = (id: number, userId: string = IDS.moderator) =>
    emulator().command({
      name: 'remind',
      options: [
        { name: 'event', value: String(id) },
        { name: 'message', value: 'Bring tea.' },
      ],
      userId,
      channelId: IDS.general,
    });

  it('refuses a second /remind of a discussion while the first is still being sent, and takes one once it is done', async () => {
    const id = discussion('Busy circle', [IDS.member, IDS.admin]);
    const held = emulator().holdNext(DM_POST);
    const first = await remind(id);
    await held.reached;

    const second = await remind(id, IDS.admin);
    expect(second.ephemeral).toBe(true);
    expect(await replyText(emulator(), second)).toMatch(
      new RegExp(`^A reminder of \\*\\*Busy circle\\*\\* that <@${IDS.moderator}> asked for is still being sent`),
    );
    // The refusal names the moderator but pings nobody.
    expect(second.edits.at(-1)?.allowed_mentions).toEqual({ parse: [] });

    // Held for longer than the lease, but alive: nobody takes it over and the moderator is told nothing.
    const modDms = moderatorDms().length;
    clock += LEASE_TTL_MS + 1_000;
    expect(await harness.app.scheduler.tick()).toMatchObject({ holding: true, resumed: 0 });
    expect(moderatorDms()).toHaveLength(modDms);

    held.release();
    expect(await replyText(emulator(), first)).toMatch(/^Reminded 2 members of \*\*Busy circle\*\*: 2 by DM/);
    expect(reminders(IDS.member, id)).toHaveLength(1);
    expect(reminders(IDS.admin, id)).toHaveLength(1);

    expect(await replyText(emulator(), await remind(id))).toMatch(/^Reminded 2 member/);
    expect(reminders(IDS.member, id)).toHaveLength(2);
  });

  it('goes on with the members a stopped process had not reached, reaches nobody twice, and tells the moderator', async () => {
    const id = discussion('Interrupted circle', [IDS.member, IDS.admin]);
    const manual = deadProcess();
    // What a process killed mid-batch leaves behind: the reminder running, the first member taken (their DM in
    // flight), the second not reached.
    const begun = manual.begin(
      { discussionId: id, requestedBy: IDS.moderator, audience: 'going', delivery: 'dm', note: 'Bring tea.' },
      clock,
    );
    if (!('started' in begun)) throw new Error('a reminder was already running');
    expect(manual.progress(begun.started, () => clock).take('dm', [IDS.member])).toEqual([IDS.member]);

    // Its heartbeat is fresh: it may still be running somewhere, so nobody takes it over yet.
    expect(await harness.app.scheduler.tick()).toMatchObject({ holding: true, resumed: 0 });
    const refused = await remind(id);
    expect(await replyText(emulator(), refused)).toMatch(
      /that you asked for is still being sent \(1 member reached so far\)/,
    );
    expect(reminders(IDS.admin, id)).toHaveLength(0);

    clock += LEASE_TTL_MS + 1_000;
    const modDms = moderatorDms().length;
    expect(await harness.app.scheduler.tick()).toMatchObject({ holding: true, resumed: 1 });
    expect(reminders(IDS.member, id)).toHaveLength(0);
    expect(reminders(IDS.admin, id)).toHaveLength(1);
    expect(reminders(IDS.admin, id)[0]?.content).toContain('Bring tea.');
    expect(manual.get(begun.started.id)).toMatchObject({
      state: 'sent',
      holder: deps().scheduling.manual.processId,
      outcome: expect.stringMatching(/reminded 2: 1 by DM.*; 1 member reached by an earlier attempt, not again/),
    });
    expect(moderatorDms().slice(modDms)).toEqual([
      expect.stringMatching(/^Your \/remind of \*\*Interrupted circle\*\* was cut short.*No need to send it again/),
    ]);
    expect(harness.logs.some((l) => String(l.msg).startsWith("a moderator's reminder was left unfinished"))).toBe(true);

    // Done: the next tick has nothing to resume, and the moderator may remind again.
    expect(await harness.app.scheduler.tick()).toMatchObject({ resumed: 0 });
    expect(await replyText(emulator(), await remind(id))).toMatch(/^Reminded 2 member/);
  });

  it('mentions in the channel a member whose DMs were closed when the process died before posting the mention', async () => {
    const id = discussion('Closed doors circle', [IDS.member, IDS.admin, IDS.moderator]);
    const manual = deadProcess();
    const begun = manual.begin(
      { discussionId: id, requestedBy: IDS.moderator, audience: 'going', delivery: 'dm', note: null },
      clock,
    );
    if (!('started' in begun)) throw new Error('a reminder was already running');
    // The dead process took the member, Discord refused the DM (closed DMs), and it died before the mention. The
    // same happened to the moderator, who has since stepped back: owed nothing now.
    const progress = manual.progress(begun.started, () => clock);
    expect(progress.take('dm', [IDS.member, IDS.moderator])).toEqual([IDS.member, IDS.moderator]);
    progress.owe([IDS.member, IDS.moderator]);
    deps().firesides.rsvps.set(id, IDS.moderator, 'no', clock);

    const posts = emulator().channelMessages(IDS.announcements).length;
    clock += LEASE_TTL_MS + 1_000;
    expect(await harness.app.scheduler.tick()).toMatchObject({ resumed: 1 });
    const mentions = emulator().channelMessages(IDS.announcements).slice(posts);
    expect(mentions).toHaveLength(1);
    expect(mentions[0]?.content.startsWith(`<@${IDS.member}>\n⏰ Reminder: **Closed doors circle**`)).toBe(true);
    expect(mentions[0]?.allowed_mentions).toEqual({ users: [IDS.member] });
    expect(reminders(IDS.member, id)).toHaveLength(0);
    expect(reminders(IDS.admin, id)).toHaveLength(1);
    // Nobody had been reached before the restart: the two taken were still owed their mention.
    expect(manual.get(begun.started.id)?.outcome).toBe(
      'reminded 2: 1 by DM, 1 by channel fallback, 0 mentioned in the channel, 0 failed',
    );
    expect(progress.owed()).toEqual([]);

    await harness.app.scheduler.tick();
    expect(emulator().channelMessages(IDS.announcements).slice(posts)).toHaveLength(1);
  });

  it('does not go on with a stopped reminder of a discussion cancelled meanwhile, and tells the moderator so', async () => {
    const id = discussion('Cancelled circle', [IDS.member]);
    const manual = deadProcess();
    const begun = manual.begin(
      { discussionId: id, requestedBy: IDS.moderator, audience: 'going', delivery: 'dm', note: null },
      clock,
    );
    if (!('started' in begun)) throw new Error('a reminder was already running');
    deps().firesides.discussions.cancel(id, 'Facilitator unwell', clock);
    clock += LEASE_TTL_MS + 1_000;
    const modDms = moderatorDms().length;
    await harness.app.scheduler.tick();
    expect(reminders(IDS.member, id)).toHaveLength(0);
    expect(manual.get(begun.started.id)).toMatchObject({ state: 'skipped' });
    expect(moderatorDms().slice(modDms)).toEqual([
      expect.stringMatching(/Cancelled circle.*the rest were not reminded, because the discussion has been cancelled/),
    ]);
  });

  /** Runs `act` while one method of the reminders store refuses, as a locked database would. */
  async function whileRefusing<T>(method: 'finish' | 'membersReached', act: () => Promise<T>): Promise<T> {
    const { manual } = deps().scheduling;
    const real = manual[method];
    manual[method] = () => {
      throw new Error('database is locked');
    };
    try {
      return await act();
    } finally {
      manual[method] = real as never;
    }
  }
  const stateOf = (id: number) =>
    deps()
      .db.prepare<[number], { state: string }>('SELECT state FROM manual_reminders WHERE discussion_id = ?')
      .all(id)
      .map((row) => row.state);

  it('confirms a /remind whose end could not be recorded, and the scheduler finishes it instead of it blocking the next', async () => {
    const id = discussion('Unrecorded circle', [IDS.member]);
    const answer = await whileRefusing('finish', async () => replyText(emulator(), await remind(id)));
    expect(answer).toMatch(/^Reminded 1 member of \*\*Unrecorded circle\*\*/);
    expect(reminders(IDS.member, id)).toHaveLength(1);
    // Its row is still running: for now a retry is refused, since it might reach members twice.
    expect(await replyText(emulator(), await remind(id))).toMatch(/is still being sent \(1 member reached so far\)/);

    clock += LEASE_TTL_MS + 1_000;
    const modDms = moderatorDms().length;
    expect(await harness.app.scheduler.tick()).toMatchObject({ resumed: 1 });
    expect(reminders(IDS.member, id)).toHaveLength(1);
    expect(stateOf(id)).toEqual(['sent']);
    expect(moderatorDms().slice(modDms)).toEqual([
      expect.stringMatching(/Unrecorded circle.*Reached before that: 1 member;.*No need to send/),
    ]);
    expect(await replyText(emulator(), await remind(id))).toMatch(/^Reminded 1 member/);
    expect(reminders(IDS.member, id)).toHaveLength(2);
  });

  it('records a /remind that failed before reaching anyone as failed, and shows the apology in place of its thinking reply', async () => {
    const id = discussion('Failing circle', [IDS.member]);
    const result = await whileRefusing('membersReached', async () => {
      const result = await remind(id);
      await replyText(emulator(), result);
      return result;
    });
    expect(result.edits.map((edit) => edit.content)).toEqual([
      expect.stringMatching(/^Sorry, something went wrong on our side/),
    ]);
    expect(result.followups).toEqual([]);
    expect(reminders(IDS.member, id)).toHaveLength(0);
    expect(stateOf(id)).toEqual(['failed']);
    expect(await replyText(emulator(), await remind(id))).toMatch(/^Reminded 1 member/);
  });

  it("mentions a member whose DMs are closed once, not twice, when the server's delivery is both", async () => {
    deps().firesides.settings.update(IDS.guild, { reminderDelivery: 'both' }, clock);
    const id = discussion('Both ways circle', [IDS.member, IDS.admin]);
    emulator().closeDms(IDS.admin);
    const posts = emulator().channelMessages(IDS.announcements).length;
    expect(await replyText(emulator(), await remind(id))).toBe(
      'Reminded 2 members of **Both ways circle**: 1 by DM, 1 by channel fallback, 1 mentioned in the channel, 0 failed.',
    );
    const mentions = emulator()
      .channelMessages(IDS.announcements)
      .slice(posts)
      .map((m) => m.allowed_mentions);
    expect(mentions).toEqual([{ users: [IDS.admin] }, { users: [IDS.member] }]);
    expect(reminders(IDS.member, id)).toHaveLength(1);
  });
});
