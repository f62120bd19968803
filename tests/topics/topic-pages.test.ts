import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OTHER_PROCESSES_MS } from '../../src/db/change-stamp.js';
import { openDatabase } from '../../src/db/open.js';
import { createFiresideStores } from '../../src/firesides/index.js';
import { loadLibrary, type PageInfo } from '../../src/library/index.js';
import { createTopicDiscussions, createTopicPages } from '../../src/topics/index.js';
import { pageText, tempContent, tempDir } from '../library/helpers.js';

const GUILD = '200000000000000001';
const CHANNEL = '300000000000000002';
const MIN = 60_000;
const T0 = Date.parse('2030-06-10T09:00:00Z');

/** A page's message as it is sent: JSON, through the embeds' and components' toJSON. */
interface SentEmbed {
  description: string;
  fields: { name: string; value: string }[];
}
const sent = (message: unknown) => JSON.parse(JSON.stringify(message)) as { embeds: SentEmbed[] };
const discussionsShown = (message: unknown) => sent(message).embeds[0]?.fields.at(-1)?.value ?? '';

/**
 * The library indexes into a database of its own here, so that a reload changes nothing the bot's database stamp
 * would see: only the library's version says the content changed.
 */
async function setup() {
  const contentDir = tempContent([
    { slug: 'ketamine-therapy', title: 'Ketamine Therapy', body: '## Overview\n\nThe first words.\n' },
    { slug: 'breathwork', title: 'Breathwork' },
  ]);
  const path = join(tempDir(), 'bot.sqlite');
  const db = openDatabase(path);
  const library = await loadLibrary({ db: openDatabase(join(tempDir(), 'library.sqlite')), contentDir });
  const firesides = createFiresideStores(db);
  const pages = createTopicPages(db, library, createTopicDiscussions(db));
  const discussion = (title: string, startsAt: number) => {
    const created = firesides.discussions.create({
      guildId: GUILD,
      title,
      startsAt,
      timezone: 'UTC',
      durationMinutes: 60,
      channelId: CHANNEL,
      topicSlug: 'ketamine-therapy',
      topicTitle: 'Ketamine Therapy',
      createdBy: '500000000000000002',
      createdAt: T0 - 1_440 * MIN,
    });
    firesides.discussions.setMessage(created.id, `9000000000000001${created.id}0`, T0 - 1_440 * MIN);
    return created.id;
  };
  const show = (now: number) => pages.message(GUILD, library.get('ketamine-therapy') as PageInfo, 'overview', now);
  return { path, db, library, firesides, contentDir, discussion, show };
}

describe("a page's message kept between answers", () => {
  it('is built once while nothing it shows changes', async () => {
    const { discussion, show } = await setup();
    discussion('Circle', T0 + 60 * MIN);
    const first = show(T0);
    expect(show(T0 + MIN)).toBe(first);
  });

  it('shows an RSVP given since, at once', async () => {
    const { firesides, discussion, show } = await setup();
    const id = discussion('Circle', T0 + 60 * MIN);
    expect(discussionsShown(show(T0))).toContain('0 going');
    firesides.rsvps.set(id, '600000000000000001', 'going', T0);
    expect(discussionsShown(show(T0))).toContain('1 going');
  });

  it('shows what another process wrote to the same database file, within OTHER_PROCESSES_MS', async () => {
    const { path, discussion, show } = await setup();
    const id = discussion('Circle', T0 + 60 * MIN);
    expect(discussionsShown(show(T0))).toContain('Circle');
    const other = openDatabase(path);
    other.prepare('UPDATE discussions SET title = ? WHERE id = ?').run('Renamed circle', id);
    other.close();
    // A little past the bound: timers may fire a millisecond early.
    await new Promise((resolve) => setTimeout(resolve, OTHER_PROCESSES_MS + 10));
    expect(discussionsShown(show(T0))).toContain('Renamed circle');
  });

  it('drops a discussion when it ends, with nothing written', async () => {
    const { discussion, show } = await setup();
    discussion('Soon over', T0);
    discussion('Tomorrow', T0 + 1_440 * MIN);
    expect(discussionsShown(show(T0 + 59 * MIN))).toContain('Soon over');
    const after = discussionsShown(show(T0 + 60 * MIN));
    expect(after).not.toContain('Soon over');
    expect(after).toContain('Tomorrow');
  });

  it('reads again for a clock that went back', async () => {
    const { discussion, show } = await setup();
    discussion('Earlier', T0);
    expect(discussionsShown(show(T0 + 2 * 60 * MIN))).toContain('None planned');
    expect(discussionsShown(show(T0))).toContain('Earlier');
  });

  it('shows the library’s new text once it is served', async () => {
    const { library, contentDir, show } = await setup();
    expect(sent(show(T0)).embeds[0]?.description).toBe('The first words.');
    writeFileSync(
      join(contentDir, 'modalities', 'ketamine-therapy.md'),
      pageText({ slug: 'ketamine-therapy', title: 'Ketamine Therapy', body: '## Overview\n\nThe new words.\n' }),
    );
    expect(await library.reload()).toMatchObject({ status: 'served' });
    expect(sent(show(T0)).embeds[0]?.description).toBe('The new words.');
  });
});
