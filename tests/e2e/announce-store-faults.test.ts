import { IDS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, replyText, startClockedHarness } from '../support/harness.js';

const clock = Date.parse('2030-06-06T08:00:00Z');

/**
 * The announcement is posted, and then the database refuses to save it (a full disk, say), or what follows it. What
 * already happened in Discord must not be left standing where nothing can edit or cancel it, nor hidden from the
 * moderator.
 */
describe('/fireside schedule when the database fails after the post', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startClockedHarness(() => clock, { nativeEvents: true });
  });
  afterAll(async () => {
    await harness?.stop();
  });
  const db = () => harness.app.deps.db;
  const schedule = (title: string) =>
    harness.emulator.command({
      name: 'fireside',
      subcommand: 'schedule',
      userId: IDS.moderator,
      channelId: IDS.general,
      options: [
        { name: 'title', value: title },
        { name: 'start', value: 'in 3 days' },
      ],
    });
  const posts = (title: string) =>
    harness.emulator.channelMessages(IDS.announcements).filter((m) => JSON.stringify(m).includes(title));
  const rows = (title: string) =>
    db().prepare<[string], { id: number }>('SELECT id FROM discussions WHERE title = ?').all(title);
  const faultOn = (column: string, when = '1') =>
    db().exec(`CREATE TEMP TRIGGER fault BEFORE UPDATE OF ${column} ON discussions
      WHEN new.${column} IS NOT NULL AND ${when} BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
  const noFault = () => db().exec('DROP TRIGGER IF EXISTS temp.fault');

  it('takes the announcement down again when it cannot be saved: nothing is left, and trying again works', async () => {
    faultOn('message_id');
    try {
      const text = await replyText(harness.emulator, await schedule('Unsaved circle'));
      expect(text).toMatch(/^Sorry, something went wrong on our side/);
    } finally {
      noFault();
    }
    expect(posts('Unsaved circle')).toEqual([]);
    expect(rows('Unsaved circle')).toEqual([]);

    const again = await replyText(harness.emulator, await schedule('Unsaved circle'));
    expect(again).toMatch(/^Scheduled \*\*Unsaved circle\*\*/);
    expect(posts('Unsaved circle')).toHaveLength(1);
  });

  it('saves it after a write refused for a moment: one post, recorded', async () => {
    let refusals = 1;
    db().function('fault_once', () => (refusals-- > 0 ? 1 : 0));
    faultOn('message_id', 'fault_once()');
    try {
      const text = await replyText(harness.emulator, await schedule('Busy circle'));
      expect(text).toMatch(/^Scheduled \*\*Busy circle\*\*/);
    } finally {
      noFault();
    }
    const [post, ...more] = posts('Busy circle');
    expect(more).toEqual([]);
    const [row] = rows('Busy circle');
    expect(harness.app.deps.firesides.discussions.get(row?.id as number)?.messageId).toBe(post?.id);
  });

  it('keeps the discussion, and says where its post stands, when Discord will not take it down either', async () => {
    faultOn('message_id');
    // Every attempt: the first round and its two pauses, each with @discordjs/rest's three retries.
    harness.emulator.failNext(
      { method: 'DELETE', path: new RegExp(`^/channels/${IDS.announcements}/messages/\\d+$`) },
      { status: 503, body: { message: 'Service Unavailable', code: 0 } },
      12,
    );
    try {
      const result = await schedule('Stuck circle');
      // The write tried three times, then the delete three times (with their pauses): longer than replyText waits.
      const edit = await harness.emulator.waitFor(() => result.edits.at(-1), { timeoutMs: 20_000, what: 'the reply' });
      const text = edit.content as string;
      const [post] = posts('Stuck circle');
      const [row] = rows('Stuck circle');
      expect(text).toContain(
        `An announcement of **Stuck circle** (#${row?.id}) was posted (https://discord.com/channels/${IDS.guild}/${IDS.announcements}/${post?.id}) but could not be saved, and Discord refused to take it down again: delete that message and \`/fireside cancel event:${row?.id}\` before you announce it again.`,
      );
      expect(text).not.toMatch(/^Sorry/);
    } finally {
      noFault();
    }
    // The row stays, so the post's buttons answer for it: its id is not given to the next discussion.
    expect(rows('Stuck circle')).toHaveLength(1);
  });

  it('takes a Discord event down again when it cannot be saved; the discussion stays announced', async () => {
    faultOn('scheduled_event_id');
    try {
      const text = await replyText(harness.emulator, await schedule('Eventless circle'));
      expect(text).toMatch(/^Scheduled \*\*Eventless circle\*\*/);
      expect(text).toContain('The Discord event could not be created');
    } finally {
      noFault();
    }
    expect(posts('Eventless circle')).toHaveLength(1);
    expect(rows('Eventless circle')).toHaveLength(1);
    const events = harness.emulator.scheduledEvents(IDS.guild).filter((e) => e.name === 'Eventless circle');
    expect(events).toEqual([]);
  });
});
