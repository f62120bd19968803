import { IDS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcedDiscussion, dueAnnouncement } from '../support/announced-discussion.js';
import { type Harness, replyText, startClockedHarness } from '../support/harness.js';

let clock = Date.parse('2030-06-06T08:00:00Z');

const BAD_GATEWAY = { status: 502, body: { message: 'Bad Gateway', code: 0 } };
const postsTo = (channelId: string) => ({ method: 'POST', path: new RegExp(`^/channels/${channelId}/messages$`) });

/**
 * Discord posted the message, but its answer was lost (a 502 from its proxy, a timeout). discord.js then sends the
 * same request again; without a nonce Discord would post it a second time.
 */
describe('a post whose answer Discord lost', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startClockedHarness(() => clock);
  });
  afterAll(async () => {
    await harness?.stop();
  });
  const posts = (title: string) =>
    harness.emulator.channelMessages(IDS.announcements).filter((m) => JSON.stringify(m).includes(title));

  it('an announcement from a moderator: posted once, and the discussion knows that one post', async () => {
    harness.emulator.loseNextResponse(postsTo(IDS.announcements), BAD_GATEWAY);
    const result = await harness.emulator.command({
      name: 'fireside',
      subcommand: 'schedule',
      userId: IDS.moderator,
      options: [
        { name: 'title', value: 'Lost answer circle' },
        { name: 'start', value: 'in 3 days' },
      ],
    });
    expect(await replyText(harness.emulator, result)).toContain('Lost answer circle');
    const [post, ...more] = posts('Lost answer circle');
    expect(more).toEqual([]);
    const [discussion] = harness.app.deps.firesides.discussions.listUpcoming(IDS.guild, clock);
    expect(discussion).toMatchObject({ title: 'Lost answer circle', messageId: post?.id });
  });

  it('an announcement due from the scheduler: posted once, and marked sent', async () => {
    const id = dueAnnouncement(harness.app.deps, 'Scheduled lost answer', clock);
    harness.emulator.loseNextResponse(postsTo(IDS.announcements), BAD_GATEWAY);
    clock += 15_000;
    expect(await harness.app.scheduler.tick()).toMatchObject({ sent: 1, failed: 0 });
    const [post, ...more] = posts('Scheduled lost answer');
    expect(more).toEqual([]);
    expect(harness.app.deps.firesides.discussions.get(id)?.messageId).toBe(post?.id);
  });

  it('a reminder DM: the member gets it once', async () => {
    const { firesides } = harness.app.deps;
    firesides.settings.update(IDS.guild, { reminderDelivery: 'dm' }, clock);
    const id = announcedDiscussion(harness.app.deps, 'Reminded once', [IDS.member], clock, { reminders: [60] });
    await harness.app.scheduler.tick(); // plans the reminder
    clock += 60 * 60_000 + 1_000;
    harness.emulator.loseNextResponse({ method: 'POST', path: /^\/channels\/\d+\/messages$/ }, BAD_GATEWAY);
    await harness.app.scheduler.tick();
    const reminders = harness.emulator
      .dmMessages(IDS.member)
      .filter((m) => JSON.stringify(m).includes('Reminded once'));
    expect(reminders).toHaveLength(1);
    expect(harness.app.deps.scheduling.work.forDiscussion(id).find((w) => w.kind === 'reminder')).toMatchObject({
      state: 'sent',
    });
  });

  it('each post carries a nonce of its own, which Discord enforces', () => {
    const sent = harness.emulator.requests.filter(
      (r) => r.method === 'POST' && r.route === '/channels/{channel_id}/messages',
    );
    expect(sent.length).toBeGreaterThanOrEqual(6);
    for (const request of sent) expect(request.body).toMatchObject({ nonce: expect.any(String), enforce_nonce: true });
    // A retry repeats its request's nonce; two posts never share one.
    const nonces = sent.map((r) => (r.body as { nonce: string }).nonce);
    expect(new Set(nonces).size).toBe(nonces.length - 3);
  });
});
