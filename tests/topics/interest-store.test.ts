import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { createInterestStore } from '../../src/topics/index.js';

const GUILD = '200000000000000001';
const OTHER_GUILD = '200000000000000009';

describe('members’ interest in a page', () => {
  it('is added by a first toggle and withdrawn by the second, per member, page and server', () => {
    const interest = createInterestStore(openDatabase(':memory:'));
    expect(interest.toggle(GUILD, 'ketamine-therapy', 'u1', 1)).toBe('added');
    expect(interest.members(GUILD, 'ketamine-therapy', 10)).toEqual(['u1']);
    expect(interest.members(OTHER_GUILD, 'ketamine-therapy', 10)).toEqual([]);
    expect(interest.members(GUILD, 'breathwork', 10)).toEqual([]);
    expect(interest.toggle(GUILD, 'ketamine-therapy', 'u1', 2)).toBe('withdrawn');
    expect(interest.members(GUILD, 'ketamine-therapy', 10)).toEqual([]);
    expect(interest.toggle(GUILD, 'ketamine-therapy', 'u1', 3)).toBe('added');
  });

  it('is counted per page for moderators, most wanted first, ties by slug, this server only', () => {
    const interest = createInterestStore(openDatabase(':memory:'));
    for (const user of ['u1', 'u2', 'u3']) interest.toggle(GUILD, 'breathwork', user, 1);
    for (const user of ['u1', 'u2']) interest.toggle(GUILD, 'sound-healing', user, 1);
    for (const user of ['u4', 'u5']) interest.toggle(GUILD, 'ketamine-therapy', user, 1);
    for (const user of ['u1', 'u2', 'u3', 'u4']) interest.toggle(OTHER_GUILD, 'ketamine-therapy', user, 1);
    interest.toggle(GUILD, 'breathwork', 'u3', 2);
    expect(interest.countsByPage(GUILD)).toEqual([
      { slug: 'breathwork', members: 2 },
      { slug: 'ketamine-therapy', members: 2 },
      { slug: 'sound-healing', members: 2 },
    ]);
    expect(interest.countsByPage(OTHER_GUILD)).toEqual([{ slug: 'ketamine-therapy', members: 4 }]);
    expect(interest.members(GUILD, 'breathwork', 10)).toEqual(['u1', 'u2']);
  });
});
