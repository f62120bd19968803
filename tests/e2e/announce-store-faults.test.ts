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
  const faultOn = (column: string) =>
    db().exec(`CREATE TEMP TRIGGER fault BEFORE UPDATE OF ${column} ON discussions WHEN new.${column} IS NOT NULL
      BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
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

  it('says where the announcement stands when Discord will not take it down either', async () => {
    faultOn('message_id');
    // Every attempt: the first round and its two pauses, each with @discordjs/rest's three retries.
    harness.emulator.failNext(
      { method: 'DELETE', path: new RegExp(`^/channels/${IDS.announcements}/messages/\\d+$`) },
      { status: 503, body: { message: 'Service Unavailable', code: 0 } },
      12,
    );
    try {
      const text = await replyText(harness.emulator, await schedule('Stuck circle'));
      const [post] = posts('Stuck circle');
      expect(text).toContain(
        `An announcement of **Stuck circle** was posted (https://discord.com/channels/${IDS.guild}/${IDS.announcements}/${post?.id}) but could not be saved, and Discord refused to take it down again: delete that message before you announce it again.`,
      );
      expect(text).not.toMatch(/^Sorry/);
    } finally {
      noFault();
    }
    expect(rows('Stuck circle')).toEqual([]);
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
