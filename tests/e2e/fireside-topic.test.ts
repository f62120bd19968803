import { type CommandOption, IDS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, replyText, startClockedHarness } from '../support/harness.js';

/** A Monday; the tests move the clock and tick the scheduler themselves. */
const clock = Date.parse('2030-06-10T09:00:00Z');

interface TopicRow {
  id: number;
  topic_slug: string | null;
  topic_title: string | null;
}

describe('a discussion has a topic: a page of the library', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startClockedHarness(() => clock);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const emulator = () => harness.emulator;
  const deps = () => harness.app.deps;
  const fireside = (subcommand: string, options: CommandOption[], group?: string, userId: string = IDS.moderator) =>
    emulator().command({ name: 'fireside', group, subcommand, options, userId, channelId: IDS.general });
  const topicOf = (where: string, value: number) =>
    deps()
      .db.prepare<[number], TopicRow>(`SELECT id, topic_slug, topic_title FROM discussions WHERE ${where} = ?`)
      .all(value);
  const discussionCount = () => deps().db.prepare<[], { n: number }>('SELECT count(*) AS n FROM discussions').get()?.n;

  it('offers the library’s pages to a moderator typing a topic, with the slug as value', async () => {
    const result = await emulator().autocomplete({
      name: 'fireside',
      subcommand: 'schedule',
      focused: 'topic',
      value: 'keta',
      userId: IDS.moderator,
      channelId: IDS.general,
    });
    expect(result.callback?.data.choices).toEqual([{ name: 'Ketamine Therapy', value: 'ketamine-therapy' }]);
  });

  it('/fireside schedule topic: stores the page’s slug and title, a typed name resolved like /modality', async () => {
    const result = await fireside('schedule', [
      { name: 'title', value: 'Ketamine, questions and answers' },
      { name: 'start', value: '2030-06-20 19:00' },
      { name: 'topic', value: 'ketamine' },
    ]);
    const text = await replyText(emulator(), result);
    const id = Number(/#(\d+)/.exec(text)?.[1]);
    expect(topicOf('id', id)).toEqual([{ id, topic_slug: 'ketamine-therapy', topic_title: 'Ketamine Therapy' }]);
  });

  it('refuses an unknown topic with "did you mean", ephemerally, and stores nothing', async () => {
    const before = discussionCount();
    const result = await fireside('schedule', [
      { name: 'title', value: 'Misspelt' },
      { name: 'start', value: '2030-06-21 19:00' },
      { name: 'topic', value: 'ketamin therapi' },
    ]);
    expect(result.ephemeral).toBe(true);
    expect(await replyText(emulator(), result)).toMatch(
      /is not in the Healing Library\. Did you mean \*\*Ketamine Therapy\*\*\?/,
    );
    expect(discussionCount()).toBe(before);
  });

  it('/fireside series create topic: each occurrence takes the series’ topic', async () => {
    const created = await fireside(
      'create',
      [
        { name: 'title', value: 'Ketamine circle' },
        { name: 'schedule', value: '0 19 * * 4' },
        { name: 'topic', value: 'ketamine-therapy' },
      ],
      'series',
    );
    expect(await replyText(emulator(), created)).toMatch(/^Created the series/);
    const series = deps()
      .scheduling.series.listByGuild(IDS.guild)
      .find((s) => s.title === 'Ketamine circle');
    expect(series).toMatchObject({ topicSlug: 'ketamine-therapy', topicTitle: 'Ketamine Therapy' });
    const occurrences = topicOf('series_id', series?.id ?? 0);
    expect(occurrences.length).toBeGreaterThan(0);
    for (const row of occurrences) expect(row).toMatchObject({ topic_slug: 'ketamine-therapy' });
  });
});
