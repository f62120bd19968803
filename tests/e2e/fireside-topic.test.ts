import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandOption, type EmulatedMessage, IDS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentsOf, fieldOf } from '../support/components.js';
import { type Harness, replyText, startHarness } from '../support/harness.js';

/** A Monday; the tests move it and tick the scheduler themselves. */
let clock = Date.parse('2030-06-10T09:00:00Z');

/** A second page, removed from the library later; its title is longer than a button label may be (80). */
const LONG_TITLE = 'Sound Healing with Singing Bowls, Gongs and Tuning Forks in a Circle of Community Voices';
const SOUND_PAGE = `---
title: ${LONG_TITLE}
slug: sound-healing
summary: A page made for the tests of discussion topics
last_reviewed: 2026-11-26
---

## Overview

Words of the test page's overview.
`;

interface TopicRow {
  id: number;
  topic_slug: string | null;
  topic_title: string | null;
}

describe('a discussion has a topic: a page of the library', () => {
  let harness: Harness;
  let contentDir: string;
  beforeAll(async () => {
    // A copy of the content, so a page can be removed and the bot restarted on the same database.
    contentDir = mkdtempSync(join(tmpdir(), 'topic-content-'));
    cpSync('content', contentDir, { recursive: true });
    writeFileSync(join(contentDir, 'modalities', 'sound-healing.md'), SOUND_PAGE);
    harness = await startHarness({
      env: { DEFAULT_TIMEZONE: 'UTC', CONTENT_DIR: contentDir },
      now: () => new Date(clock),
      scheduler: { cron: false },
    });
    harness.app.deps.firesides.settings.update(IDS.guild, { announcementChannelId: IDS.announcements }, clock);
  });
  afterAll(async () => {
    await harness?.stop();
    rmSync(contentDir, { recursive: true, force: true });
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
  const announcementOf = (id: number) => {
    const messageId = deps().firesides.discussions.get(id)?.messageId;
    const found = emulator()
      .channelMessages(IDS.announcements)
      .find((message) => message.id === messageId);
    if (!found) throw new Error(`no announcement for #${id}`);
    return found;
  };

  async function schedule(title: string, start: string, topic: string) {
    const result = await fireside('schedule', [
      { name: 'title', value: title },
      { name: 'start', value: start },
      { name: 'topic', value: topic },
    ]);
    const text = await replyText(emulator(), result);
    expect(text).toMatch(/^Scheduled/);
    return Number(/#(\d+)/.exec(text)?.[1]);
  }

  it('offers the library’s pages to a moderator typing a topic, the slug as value, nothing else', async () => {
    const result = await emulator().autocomplete({
      name: 'fireside',
      subcommand: 'schedule',
      focused: 'topic',
      value: 'keta',
      userId: IDS.moderator,
      channelId: IDS.general,
    });
    expect(result.callback?.data.choices).toEqual([{ name: 'Ketamine Therapy', value: 'ketamine-therapy' }]);
    // In the series group too, where the series' own autocomplete would otherwise answer.
    const series = await emulator().autocomplete({
      name: 'fireside',
      group: 'series',
      subcommand: 'create',
      focused: 'topic',
      value: 'sound',
      userId: IDS.moderator,
      channelId: IDS.general,
    });
    expect(series.callback?.data.choices).toEqual([{ name: LONG_TITLE, value: 'sound-healing' }]);
  });

  let ketamineId = 0;
  it('/fireside schedule topic: stores the slug and title, shows the topic and a Read button on the announcement', async () => {
    // A typed name, resolved like /modality's.
    ketamineId = await schedule('Ketamine, questions and answers', '2030-06-20 19:00', 'ketamine');
    expect(topicOf('id', ketamineId)).toEqual([
      { id: ketamineId, topic_slug: 'ketamine-therapy', topic_title: 'Ketamine Therapy' },
    ]);
    const announcement = announcementOf(ketamineId);
    expect(fieldOf(announcement.embeds[0], 'Topic')).toBe('Ketamine Therapy');
    const read = componentsOf(announcement).find((b) => b.custom_id === 'read:ketamine-therapy');
    expect(read?.label).toBe('Read: Ketamine Therapy');
  });

  it('Read answers the clicking member alone with the overview, whose section buttons switch it in place', async () => {
    const announcement = announcementOf(ketamineId);
    const opened = await emulator().click({
      message: announcement,
      customId: 'read:ketamine-therapy',
      userId: IDS.member,
    });
    expect(opened.callback?.type).toBe(4);
    expect(opened.ephemeral).toBe(true);
    expect(opened.callback?.data.embeds[0].title).toBe('Ketamine Therapy: Overview');
    expect(opened.callback?.data.embeds[0].description).toContain('Ketamine therapy, also known as');
    const page = opened.message as EmulatedMessage;
    const risks = componentsOf(page).find((b) => b.label === 'Disadvantages');
    const turned = await emulator().click({ message: page, customId: risks?.custom_id ?? '', userId: IDS.member });
    expect(turned.callback?.type).toBe(7);
    expect(turned.message?.id).toBe(page.id);
    expect(turned.message?.embeds[0].title).toBe('Ketamine Therapy: Disadvantages');
    // The announcement itself is untouched.
    expect(announcementOf(ketamineId).embeds[0]?.title).toBe('Ketamine, questions and answers');
  });

  it('keeps a long page title within Discord’s 80-character button label', async () => {
    const id = await schedule('Bowls and gongs', '2030-06-22 19:00', 'sound-healing');
    const read = componentsOf(announcementOf(id)).find((b) => b.custom_id === 'read:sound-healing');
    expect(read?.label?.length).toBeLessThanOrEqual(80);
    expect(read?.label).toMatch(/^Read: Sound Healing with Singing Bowls.*…$/);
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
      /is not in the Healing Library\. Did you mean \*\*Ketamine Therapy\*\*/,
    );
    expect(discussionCount()).toBe(before);
  });

  it('/fireside edit changes the topic, and clear:topic unsets it; the announcement follows', async () => {
    const changed = await fireside('edit', [
      { name: 'event', value: String(ketamineId) },
      { name: 'topic', value: 'sound-healing' },
    ]);
    expect(await replyText(emulator(), changed)).toMatch(/^Updated/);
    expect(topicOf('id', ketamineId)[0]).toMatchObject({ topic_slug: 'sound-healing', topic_title: LONG_TITLE });
    expect(componentsOf(announcementOf(ketamineId)).map((b) => b.custom_id)).toContain('read:sound-healing');

    const both = await fireside('edit', [
      { name: 'event', value: String(ketamineId) },
      { name: 'topic', value: 'ketamine' },
      { name: 'clear', value: 'topic' },
    ]);
    expect(await replyText(emulator(), both)).toMatch(/both set and cleared `topic`/);

    const cleared = await fireside('edit', [
      { name: 'event', value: String(ketamineId) },
      { name: 'clear', value: 'topic' },
    ]);
    expect(await replyText(emulator(), cleared)).toMatch(/^Updated/);
    expect(topicOf('id', ketamineId)[0]).toMatchObject({ topic_slug: null, topic_title: null });
    const announcement = announcementOf(ketamineId);
    expect(fieldOf(announcement.embeds[0], 'Topic')).toBeUndefined();
    expect(componentsOf(announcement).some((b) => b.custom_id?.startsWith('read:'))).toBe(false);

    const back = await fireside('edit', [
      { name: 'event', value: String(ketamineId) },
      { name: 'topic', value: 'Ketamine Therapy' },
    ]);
    expect(await replyText(emulator(), back)).toMatch(/^Updated/);
  });

  it('/fireside info and /fireside list show the topic', async () => {
    const info = await fireside('info', [{ name: 'event', value: String(ketamineId) }], undefined, IDS.member);
    expect(fieldOf(info.callback?.data.embeds[0], 'Topic')).toBe(
      'Ketamine Therapy · read it with `/modality name:ketamine-therapy`',
    );
    const list = await fireside('list', [], undefined, IDS.member);
    expect(list.callback?.data.embeds[0].description).toContain(
      `**#${ketamineId} · Ketamine, questions and answers**\nTopic: Ketamine Therapy`,
    );
  });

  let seriesId = 0;
  it('/fireside series create topic: each occurrence takes it; series edit reaches the one not announced yet', async () => {
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
    seriesId = series?.id ?? 0;
    expect(series).toMatchObject({ topicSlug: 'ketamine-therapy', topicTitle: 'Ketamine Therapy' });
    const occurrences = topicOf('series_id', seriesId);
    expect(occurrences.length).toBeGreaterThan(0);
    for (const row of occurrences) expect(row).toMatchObject({ topic_slug: 'ketamine-therapy' });

    const edited = await fireside(
      'edit',
      [
        { name: 'series', value: String(seriesId) },
        { name: 'topic', value: 'sound-healing' },
      ],
      'series',
    );
    expect(await replyText(emulator(), edited)).toMatch(/topic/);
    expect(deps().scheduling.series.get(seriesId)).toMatchObject({ topicSlug: 'sound-healing' });
    for (const row of topicOf('series_id', seriesId)) expect(row).toMatchObject({ topic_slug: 'sound-healing' });
    const listed = await replyText(emulator(), await fireside('list', [], 'series'));
    expect(listed).toMatch(/\*\*#\d+ Ketamine circle\*\*.* · topic: Sound Healing with Singing Bowls/);

    // Announced by the scheduler three days ahead, the occurrence shows the topic and its Read button.
    clock = Date.parse('2030-06-10T19:00:00Z');
    await harness.app.scheduler.tick();
    const [first] = topicOf('series_id', seriesId);
    expect(deps().firesides.discussions.get(first?.id ?? 0)?.messageId).toBeTruthy();
    expect(componentsOf(announcementOf(first?.id ?? 0)).map((b) => b.custom_id)).toContain('read:sound-healing');
  });

  it('/fireside series edit clear:topic unsets the series’ topic; the occurrence not announced yet follows', async () => {
    const both = await fireside(
      'edit',
      [
        { name: 'series', value: String(seriesId) },
        { name: 'topic', value: 'ketamine' },
        { name: 'clear', value: 'topic' },
      ],
      'series',
    );
    expect(await replyText(emulator(), both)).toMatch(/both set and cleared `topic`/);
    expect(deps().scheduling.series.get(seriesId)).toMatchObject({ topicSlug: 'sound-healing' });

    // Once the first occurrence has begun, an edit makes the next one: not announced yet, it has the topic.
    clock = Date.parse('2030-06-13T19:30:00Z');
    const described = await fireside(
      'edit',
      [
        { name: 'series', value: String(seriesId) },
        { name: 'description', value: 'Bring a bowl.' },
      ],
      'series',
    );
    expect(await replyText(emulator(), described)).toMatch(/description/);
    expect(topicOf('series_id', seriesId).map((row) => row.topic_slug)).toEqual(['sound-healing', 'sound-healing']);

    const cleared = await fireside(
      'edit',
      [
        { name: 'series', value: String(seriesId) },
        { name: 'clear', value: 'topic' },
      ],
      'series',
    );
    expect(await replyText(emulator(), cleared)).toMatch(/topic/);
    expect(deps().scheduling.series.get(seriesId)).toMatchObject({ topicSlug: null, topicTitle: null });
    const [announced, ...unseen] = topicOf('series_id', seriesId);
    expect(announced).toMatchObject({ topic_slug: 'sound-healing' });
    expect(unseen.length).toBeGreaterThan(0);
    for (const row of unseen) expect(row).toMatchObject({ topic_slug: null, topic_title: null });
  });

  it('answers a tampered Read button ephemerally, storing nothing', async () => {
    const announcement = announcementOf(ketamineId);
    const garbled = await emulator().click({
      message: announcement,
      customId: 'read:Ketamine/../x',
      userId: IDS.member,
    });
    expect(garbled.ephemeral).toBe(true);
    expect(garbled.callback?.data.content).toContain('out of date');
    const unknown = await emulator().click({
      message: announcement,
      customId: 'read:no-such-page',
      userId: IDS.member,
    });
    expect(unknown.ephemeral).toBe(true);
    expect(unknown.callback?.data.content).toContain('removed from the library');
  });

  describe('a topic page removed while the bot runs (the library follows CONTENT_DIR)', () => {
    const DRUM_FILE = () => join(contentDir, 'modalities', 'drumming.md');
    const DRUM_TITLE = 'Drumming Together';
    /** Asks again until the answer passes, or the 5 s for serving a change are over. */
    async function within5s<T>(ask: () => Promise<T>, passes: (answer: T) => boolean): Promise<T> {
      const deadline = Date.now() + 5_000;
      for (;;) {
        const answer = await ask();
        if (passes(answer) || Date.now() > deadline) return answer;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const typedTopic = async () =>
      (
        await emulator().autocomplete({
          name: 'fireside',
          subcommand: 'schedule',
          focused: 'topic',
          value: 'drum',
          userId: IDS.moderator,
          channelId: IDS.general,
        })
      ).callback?.data.choices as { value: string }[];

    it('its Read button answers that it is gone, and /fireside info shows the topic as text', async () => {
      writeFileSync(
        DRUM_FILE(),
        SOUND_PAGE.replace(`title: ${LONG_TITLE}`, `title: ${DRUM_TITLE}`).replace(
          'slug: sound-healing',
          'slug: drumming',
        ),
      );
      const offered = await within5s(typedTopic, (choices) => choices.some((c) => c.value === 'drumming'));
      expect(offered).toContainEqual({ name: DRUM_TITLE, value: 'drumming' });
      const id = await schedule('Drum circle', '2030-06-26 19:00', 'drumming');
      const announcement = announcementOf(id);
      expect(componentsOf(announcement).map((c) => c.custom_id)).toContain('read:drumming');

      rmSync(DRUM_FILE());
      const read = () => emulator().click({ message: announcement, customId: 'read:drumming', userId: IDS.member });
      const gone = await within5s(read, (click) => click.callback?.data.content?.includes('removed from the library'));
      expect(gone.ephemeral).toBe(true);
      expect(gone.callback?.data.content).toContain('removed from the library');

      const info = await fireside('info', [{ name: 'event', value: String(id) }], undefined, IDS.member);
      expect(fieldOf(info.callback?.data.embeds[0], 'Topic')).toBe(DRUM_TITLE);
    });
  });

  describe('once the topic’s page is removed from the library', () => {
    let soundId = 0;
    let oldAnnouncement: EmulatedMessage;
    beforeAll(async () => {
      soundId = await schedule('Sound circle', '2030-06-24 19:00', 'sound-healing');
      oldAnnouncement = announcementOf(soundId);
      rmSync(join(contentDir, 'modalities', 'sound-healing.md'));
      await harness.restart();
    });

    it('an old announcement’s Read button answers that the page is no longer in the library', async () => {
      const click = await emulator().click({
        message: oldAnnouncement,
        customId: 'read:sound-healing',
        userId: IDS.member,
      });
      expect(click.ephemeral).toBe(true);
      expect(click.callback?.data.content).toContain('removed from the library');
    });

    it('a re-rendered announcement names the topic as plain text, without the button; info too', async () => {
      const edited = await fireside('edit', [
        { name: 'event', value: String(soundId) },
        { name: 'description', value: 'Bring a bowl if you have one.' },
      ]);
      expect(await replyText(emulator(), edited)).toMatch(/^Updated/);
      const announcement = announcementOf(soundId);
      expect(fieldOf(announcement.embeds[0], 'Topic')).toBe(LONG_TITLE);
      expect(componentsOf(announcement).some((b) => b.custom_id?.startsWith('read:'))).toBe(false);
      const info = await fireside('info', [{ name: 'event', value: String(soundId) }], undefined, IDS.member);
      expect(fieldOf(info.callback?.data.embeds[0], 'Topic')).toBe(LONG_TITLE);
    });

    it('a topic still offered by an autocomplete from before is refused clearly, and nothing is stored', async () => {
      const before = discussionCount();
      const result = await fireside('schedule', [
        { name: 'title', value: 'Late pick' },
        { name: 'start', value: '2030-06-25 19:00' },
        { name: 'topic', value: 'sound-healing' },
      ]);
      expect(result.ephemeral).toBe(true);
      expect(await replyText(emulator(), result)).toMatch(/`sound-healing` is not in the Healing Library/);
      expect(discussionCount()).toBe(before);
      const series = await fireside(
        'edit',
        [
          { name: 'series', value: String(seriesId) },
          { name: 'topic', value: 'sound-healing' },
        ],
        'series',
      );
      expect(await replyText(emulator(), series)).toMatch(/is not in the Healing Library/);
    });
  });
});
