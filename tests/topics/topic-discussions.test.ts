import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { createFiresideStores } from '../../src/firesides/index.js';
import { createTopicDiscussions } from '../../src/topics/index.js';

const GUILD = '200000000000000001';
const OTHER_GUILD = '200000000000000009';
const CHANNEL = '300000000000000002';
const MIN = 60_000;
const T0 = Date.parse('2030-06-10T09:00:00Z');

function setup() {
  const db = openDatabase(':memory:');
  const firesides = createFiresideStores(db);
  const topics = createTopicDiscussions(db);
  let message = 900000000000000100n;
  const discussion = (
    title: string,
    startsAt: number,
    options: { slug?: string | null; guildId?: string; announced?: boolean; durationMinutes?: number } = {},
  ) => {
    const slug = options.slug === undefined ? 'ketamine-therapy' : options.slug;
    const created = firesides.discussions.create({
      guildId: options.guildId ?? GUILD,
      title,
      startsAt,
      timezone: 'UTC',
      durationMinutes: options.durationMinutes ?? 60,
      channelId: CHANNEL,
      topicSlug: slug,
      topicTitle: slug && `Title of ${slug}`,
      createdBy: '500000000000000002',
      createdAt: T0 - 1_440 * MIN,
    });
    if (options.announced ?? true) firesides.discussions.setMessage(created.id, String(message++), T0 - 1_440 * MIN);
    return created.id;
  };
  return { db, firesides, topics, discussion };
}

describe('discussions read by their topic page', () => {
  it('lists the announced, not cancelled, not ended ones of this server on this page, soonest first, with going counts', () => {
    const { db, firesides, topics, discussion } = setup();
    const later = discussion('Later', T0 + 3 * 60 * MIN);
    const underWay = discussion('Under way', T0 - 30 * MIN);
    discussion('Ended', T0 - 2 * 60 * MIN);
    const cancelled = discussion('Cancelled', T0 + 60 * MIN);
    db.prepare("UPDATE discussions SET status = 'cancelled' WHERE id = ?").run(cancelled);
    discussion('Not announced', T0 + 30 * MIN, { announced: false });
    discussion('Other server', T0 + 10 * MIN, { guildId: OTHER_GUILD });
    discussion('Other page', T0 + 10 * MIN, { slug: 'breathwork' });
    discussion('No topic', T0 + 10 * MIN, { slug: null });
    firesides.rsvps.set(later, '600000000000000001', 'going', T0);
    firesides.rsvps.set(later, '600000000000000002', 'going', T0);
    firesides.rsvps.set(later, '600000000000000003', 'maybe', T0);

    const upcoming = topics.upcoming(GUILD, 'ketamine-therapy', T0, 3);
    expect(upcoming.map((entry) => [entry.id, entry.title, entry.going])).toEqual([
      [underWay, 'Under way', 0],
      [later, 'Later', 2],
    ]);
    expect(upcoming[1]).toMatchObject({ guildId: GUILD, channelId: CHANNEL, startsAt: T0 + 3 * 60 * MIN });
    expect(upcoming[1]?.messageId).toMatch(/^\d+$/);
    expect(topics.upcoming(GUILD, 'ketamine-therapy', T0, 1).map((entry) => entry.id)).toEqual([underWay]);
  });

  it('finds the nearest announced one not started yet: what interest waits for, while one under way is listed', () => {
    const { db, topics, discussion } = setup();
    discussion('Under way', T0 - 30 * MIN);
    discussion('Not announced', T0 + 30 * MIN, { announced: false });
    const cancelled = discussion('Cancelled', T0 + 40 * MIN);
    db.prepare("UPDATE discussions SET status = 'cancelled' WHERE id = ?").run(cancelled);
    discussion('Other server', T0 + 10 * MIN, { guildId: OTHER_GUILD });
    expect(topics.ahead(GUILD, 'ketamine-therapy', T0)).toBeUndefined();
    const next = discussion('Next', T0 + 2 * 60 * MIN);
    discussion('After', T0 + 3 * 60 * MIN);
    expect(topics.ahead(GUILD, 'ketamine-therapy', T0)).toMatchObject({ id: next, title: 'Next', going: 0 });
    expect(topics.ahead(GUILD, 'ketamine-therapy', T0 + 2 * 60 * MIN)?.title).toBe('After');
  });

  it('counts each page’s upcoming discussions, announced and all, for the list and for moderators', () => {
    const { topics, discussion } = setup();
    discussion('A', T0 + 60 * MIN);
    discussion('B', T0 + 2 * 60 * MIN);
    discussion('Planned', T0 + 30 * MIN, { announced: false });
    discussion('Only planned', T0 + 60 * MIN, { slug: 'breathwork', announced: false });
    discussion('Other server', T0 + 60 * MIN, { slug: 'breathwork', guildId: OTHER_GUILD });
    discussion('Ended', T0 - 2 * 60 * MIN, { slug: 'sound-healing' });
    const plans = topics.plans(GUILD, T0);
    expect([...plans.keys()].sort()).toEqual(['breathwork', 'ketamine-therapy']);
    expect(plans.get('ketamine-therapy')).toEqual({
      slug: 'ketamine-therapy',
      announced: 2,
      all: 3,
      nextAnnouncedAt: T0 + 60 * MIN,
    });
    expect(plans.get('breathwork')).toEqual({ slug: 'breathwork', announced: 0, all: 1, nextAnnouncedAt: null });
  });
});
