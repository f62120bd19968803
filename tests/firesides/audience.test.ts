import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { whoAnswered } from '../../src/firesides/audience.js';
import { createFiresideStores } from '../../src/firesides/stores.js';

describe('whoAnswered', () => {
  it('lists the members of each status asked for, status by status, in RSVP order', () => {
    const firesides = createFiresideStores(openDatabase(':memory:'));
    const { id } = firesides.discussions.create({
      guildId: '200000000000000001',
      title: 'Circle',
      startsAt: 2_000_000_000_000,
      timezone: 'UTC',
      durationMinutes: 60,
      channelId: '300000000000000002',
      createdBy: '500000000000000002',
      createdAt: 1_000,
      capacity: 2,
    });
    const answers = [
      ['m1', 'maybe'],
      ['g1', 'going'],
      ['n1', 'no'],
      ['g2', 'going'],
      ['w1', 'going'], // full: waitlisted
    ] as const;
    for (const [index, [userId, choice]] of answers.entries()) firesides.rsvps.set(id, userId, choice, 2_000 + index);
    const deps = { firesides };

    expect(whoAnswered(deps, id, ['going'])).toEqual(['g1', 'g2']);
    expect(whoAnswered(deps, id, ['going', 'maybe'])).toEqual(['g1', 'g2', 'm1']);
    expect(whoAnswered(deps, id, ['going', 'maybe', 'waitlist'])).toEqual(['g1', 'g2', 'm1', 'w1']);
    expect(whoAnswered(deps, id, [])).toEqual([]);
  });
});
