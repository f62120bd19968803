import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { createInterestStore } from '../../src/topics/index.js';
import { GUILD, MIN, seedDiscussion } from '../scheduler/fixtures.js';

const T0 = Date.parse('2030-06-10T09:00:00Z');
const OTHER_GUILD = '200000000000000009';
const DAY = 1_440 * MIN;

function setup() {
  const db = openDatabase(':memory:');
  const interest = createInterestStore(db);
  /** A discussion on a page, as /fireside schedule stores one with `topic:`. */
  const onTopic = (slug: string, startsAt: number, options: { announced?: boolean; guildId?: string } = {}) => {
    const discussion = seedDiscussion(db, { startsAt, createdAt: T0 - DAY, ...options });
    db.prepare('UPDATE discussions SET topic_slug = ?, topic_title = ? WHERE id = ?').run(
      slug,
      `Title of ${slug}`,
      discussion.id,
    );
    return discussion.id;
  };
  return { db, interest, onTopic };
}

describe('pages members wait on', () => {
  it('are the ones with an announced, not cancelled discussion ahead in that server, with the nearest one', () => {
    const { db, interest, onTopic } = setup();
    interest.toggle(GUILD, 'ketamine-therapy', 'u1', T0 - 3 * DAY);
    interest.toggle(GUILD, 'ketamine-therapy', 'u2', T0 - 2 * DAY);
    interest.toggle(GUILD, 'breathwork', 'u3', T0 - DAY);
    interest.toggle(OTHER_GUILD, 'ketamine-therapy', 'u4', T0 - DAY);
    onTopic('ketamine-therapy', T0 - 30 * MIN); // started already
    onTopic('ketamine-therapy', T0 + DAY, { announced: false }); // a series occurrence not announced yet
    const cancelled = onTopic('ketamine-therapy', T0 + 60 * MIN);
    db.prepare("UPDATE discussions SET status = 'cancelled' WHERE id = ?").run(cancelled);
    const nearest = onTopic('ketamine-therapy', T0 + 2 * DAY);
    onTopic('ketamine-therapy', T0 + 3 * DAY);
    onTopic('breathwork', T0 + DAY, { announced: false });
    expect(interest.awaited(T0)).toEqual([
      { guildId: GUILD, slug: 'ketamine-therapy', topicTitle: 'Title of ketamine-therapy', discussionId: nearest },
    ]);
    // Once it starts, the next one is the nearest ahead.
    expect(interest.awaited(T0 + 2 * DAY).map((topic) => topic.discussionId)).not.toContain(nearest);
    expect(interest.awaited(T0 + 4 * DAY)).toEqual([]);
  });

  it('are waited on no more once every member is taken; a member is taken once, and may be put back', () => {
    const { interest, onTopic } = setup();
    interest.toggle(GUILD, 'ketamine-therapy', 'u1', T0 - 2 * DAY);
    interest.toggle(GUILD, 'ketamine-therapy', 'u2', T0 - DAY);
    onTopic('ketamine-therapy', T0 + DAY);
    expect(interest.take(GUILD, 'ketamine-therapy', 'u1', T0)).toBe(true);
    expect(interest.take(GUILD, 'ketamine-therapy', 'u1', T0)).toBe(false);
    expect(interest.members(GUILD, 'ketamine-therapy', 10)).toEqual(['u2']);
    expect(interest.countsByPage(GUILD)).toEqual([{ slug: 'ketamine-therapy', members: 1 }]);
    // Put back, it keeps its first moment: first in line again.
    interest.restore(GUILD, 'ketamine-therapy', 'u1');
    expect(interest.members(GUILD, 'ketamine-therapy', 10)).toEqual(['u1', 'u2']);
    interest.take(GUILD, 'ketamine-therapy', 'u1', T0);
    interest.take(GUILD, 'ketamine-therapy', 'u2', T0);
    expect(interest.awaited(T0)).toEqual([]);
    // Told: gone, and putting it back then finds nothing.
    interest.finish(GUILD, 'ketamine-therapy', 'u1');
    interest.restore(GUILD, 'ketamine-therapy', 'u1');
    expect(interest.members(GUILD, 'ketamine-therapy', 10)).toEqual([]);
  });

  it('are waited on again after a tap while taken, which the DM taken before neither puts back nor deletes', () => {
    const { interest, onTopic } = setup();
    interest.toggle(GUILD, 'ketamine-therapy', 'u1', T0 - DAY);
    onTopic('ketamine-therapy', T0 + DAY);
    interest.take(GUILD, 'ketamine-therapy', 'u1', T0);
    // The discussion the DM is about got cancelled meanwhile, so the button reached the store: waiting again.
    expect(interest.toggle(GUILD, 'ketamine-therapy', 'u1', T0 + 1)).toBe('added');
    interest.finish(GUILD, 'ketamine-therapy', 'u1');
    // Not to the telling that took the DM and began at T0 (it would repeat what it is telling), but to the next.
    expect(interest.members(GUILD, 'ketamine-therapy', 10, T0)).toEqual([]);
    expect(interest.members(GUILD, 'ketamine-therapy', 10, T0 + 1)).toEqual(['u1']);
    expect(interest.toggle(GUILD, 'ketamine-therapy', 'u1', T0 + 2)).toBe('withdrawn');
  });
});
