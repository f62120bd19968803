import { type CommandOption, IDS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, replyText, startClockedHarness } from '../support/harness.js';

/** A Monday; the test moves the clock and ticks the scheduler itself. */
let clock = Date.parse('2030-06-10T09:00:00Z');

describe('a series without a channel of its own, when /setup changes the announcement channel', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startClockedHarness(() => clock);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const createSeries = async (title: string, extra: CommandOption[] = []) => {
    const created = await harness.emulator.command({
      name: 'fireside',
      group: 'series',
      subcommand: 'create',
      options: [{ name: 'title', value: title }, { name: 'schedule', value: '0 19 * * 4' }, ...extra],
      userId: IDS.moderator,
      channelId: IDS.general,
    });
    expect(await replyText(harness.emulator, created)).toMatch(/^Created the series/);
  };
  const occurrenceChannel = (title: string) =>
    harness.app.deps.db
      .prepare<[string], { channel_id: string }>('SELECT channel_id FROM discussions WHERE title = ?')
      .get(title)?.channel_id;
  const postedIn = (channelId: string, title: string) =>
    harness.emulator.channelMessages(channelId).filter((message) => JSON.stringify(message).includes(title)).length;

  it("announces the occurrence already made in the new channel; a series' own channel stays", async () => {
    await createSeries('Thursday circle');
    await createSeries('Own channel circle', [{ name: 'channel', value: IDS.announcements, type: 7 }]);
    // Made ahead (announced 3 days before Thursday 19:00), with the server's channel of the time.
    expect(occurrenceChannel('Thursday circle')).toBe(IDS.announcements);

    const saved = await harness.emulator.command({
      name: 'setup',
      userId: IDS.admin,
      options: [{ name: 'announcements', value: IDS.general, type: 7 }],
    });
    expect(saved.callback?.data.content).toMatch(/Settings saved/);
    expect(occurrenceChannel('Thursday circle')).toBe(IDS.general);
    expect(occurrenceChannel('Own channel circle')).toBe(IDS.announcements);

    clock = Date.parse('2030-06-10T19:00:05Z');
    await harness.app.scheduler.tick();
    expect(postedIn(IDS.general, 'Thursday circle')).toBe(1);
    expect(postedIn(IDS.announcements, 'Thursday circle')).toBe(0);
    expect(postedIn(IDS.announcements, 'Own channel circle')).toBe(1);
  });

  it('leaves an occurrence already announced where members saw it', async () => {
    await harness.emulator.command({
      name: 'setup',
      userId: IDS.admin,
      options: [{ name: 'announcements', value: IDS.announcements, type: 7 }],
    });
    expect(occurrenceChannel('Thursday circle')).toBe(IDS.general);
  });
});
