import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { createFiresideStores } from '../../src/firesides/index.js';
import { createSchedulingStores } from '../../src/scheduler/stores.js';
import { MIN, seedSeries } from '../scheduler/fixtures.js';

const T0 = Date.parse('2030-06-10T09:00:00Z'); // a Monday
const THU = Date.parse('2030-06-13T19:00:00Z');

function setup() {
  const db = openDatabase(':memory:');
  const firesides = createFiresideStores(db);
  const scheduling = createSchedulingStores(db, firesides);
  const series = seedSeries(scheduling, T0, { timezone: 'UTC' });
  const [id] = scheduling.occurrences.ensureUpcoming(series, T0).created;
  if (id === undefined) throw new Error('no occurrence made');
  return { db, firesides, scheduling, series, id };
}

describe('the occurrences of a series', () => {
  it('takes an occurrence members have not seen as unseen, and one announced, being announced or answered as seen', () => {
    const { firesides, scheduling, series, id } = setup();
    const { occurrences, work } = scheduling;
    expect(occurrences.seenUpcoming(series.id, T0)).toEqual([]);

    // Its announcement is in flight: neither dropped nor changed in place.
    const announceAt = THU - 3 * 1440 * MIN;
    expect(work.claimDue(announceAt, 'holder').claimed).toHaveLength(1);
    expect(occurrences.removeUnseen(series.id, announceAt)).toBe(0);
    expect(occurrences.applyToUnseen(series.id, { title: 'Renamed' }, announceAt)).toBe(0);
    expect(occurrences.seenUpcoming(series.id, announceAt)).toEqual([id]);

    // Announced, then its message deleted (message_id null again) with a member going: still seen.
    firesides.discussions.setMessage(id, '900000000000000001', announceAt);
    work.finish(
      { discussionId: id, kind: 'announce', offsetMinutes: 3 * 1440 },
      'holder',
      'sent',
      'announced',
      announceAt,
    );
    firesides.rsvps.set(id, '500000000000000001', 'going', announceAt);
    firesides.discussions.setMessage(id, null, announceAt + MIN);
    expect(occurrences.removeUnseen(series.id, announceAt + MIN)).toBe(0);
    expect(firesides.discussions.get(id)?.title).toBe('Thursday fireside');
    expect(occurrences.seenUpcoming(series.id, announceAt + MIN)).toEqual([id]);
  });

  it('takes an occurrence whose announcement was deleted, nobody having answered, as seen', () => {
    const { firesides, scheduling, series, id } = setup();
    const { occurrences } = scheduling;
    expect(occurrences.next(series.id, T0)).toMatchObject({ id, announced: false });
    firesides.discussions.setMessage(id, '900000000000000001', T0);
    firesides.discussions.clearMessage(id, '900000000000000001', T0 + MIN);
    expect(firesides.discussions.get(id)).toMatchObject({ messageId: null, announcedAt: T0 });
    expect(occurrences.next(series.id, T0 + MIN)).toMatchObject({ id, announced: true });
    expect(occurrences.seenUpcoming(series.id, T0 + MIN)).toEqual([id]);
    expect(occurrences.removeUnseen(series.id, T0 + MIN)).toBe(0);
  });

  it('leaves past occurrences alone, and drops an unseen upcoming one with its due work', () => {
    const { firesides, scheduling, series, id } = setup();
    expect(scheduling.occurrences.applyToUnseen(series.id, { title: 'Renamed' }, THU + MIN)).toBe(0);
    expect(scheduling.occurrences.removeUnseen(series.id, THU + MIN)).toBe(0);
    expect(scheduling.occurrences.removeUnseen(series.id, T0)).toBe(1);
    expect(firesides.discussions.get(id)).toBeUndefined();
    expect(scheduling.work.forDiscussion(id)).toEqual([]);
  });

  it('makes no other occurrence within half an interval of one that stands for its period: moved, cancelled or kept', () => {
    const { db, firesides, scheduling, series, id } = setup();
    // Moved to Friday with /fireside edit, then cancelled to skip it: the series does not make Thursday's again.
    firesides.discussions.update(id, { startsAt: THU + 1440 * MIN }, T0);
    firesides.discussions.cancel(id, 'Skipped this week', T0);
    expect(scheduling.occurrences.ensureUpcoming(series, T0).created).toEqual([]);
    expect(scheduling.occurrences.nextFree(series, T0, 2)).toEqual([THU + 7 * 1440 * MIN, THU + 14 * 1440 * MIN]);
    // A week later the next one is made as usual.
    const later = THU + 2 * 1440 * MIN;
    expect(scheduling.occurrences.ensureUpcoming(series, later).created).toHaveLength(1);
    const starts = db.prepare('SELECT starts_at FROM discussions ORDER BY starts_at').all();
    expect(starts).toEqual([{ starts_at: THU + 1440 * MIN }, { starts_at: THU + 7 * 1440 * MIN }]);
  });

  it('keeps an occurrence moved by more than half an interval for its own slot: no second one that week, none lost after', () => {
    const { db, firesides, scheduling, series, id } = setup();
    // Thursday's occurrence moved back to Sunday, four days earlier: Thursday's slot is still taken.
    firesides.discussions.update(id, { startsAt: THU - 4 * 1440 * MIN }, T0);
    expect(scheduling.occurrences.ensureUpcoming(series, T0).created).toEqual([]);
    expect(scheduling.occurrences.nextFree(series, T0, 1)).toEqual([THU + 7 * 1440 * MIN]);
    // Moved forward by five days instead: the next week's slot is free, and made in its turn.
    firesides.discussions.update(id, { startsAt: THU + 5 * 1440 * MIN }, T0);
    expect(scheduling.occurrences.ensureUpcoming(series, T0).created).toEqual([]);
    const next = THU + 3 * 1440 * MIN;
    expect(scheduling.occurrences.ensureUpcoming(series, next).created).toHaveLength(1);
    const starts = db.prepare('SELECT starts_at FROM discussions ORDER BY starts_at').all();
    expect(starts).toEqual([{ starts_at: THU + 5 * 1440 * MIN }, { starts_at: THU + 7 * 1440 * MIN }]);
  });

  it('takes the slot an occurrence was moved onto exactly: a week later to the minute, the series makes no second one there', () => {
    const { db, firesides, scheduling, series, id } = setup();
    firesides.discussions.update(id, { startsAt: THU + 7 * 1440 * MIN }, T0);
    const later = THU + 2 * 1440 * MIN;
    expect(scheduling.occurrences.ensureUpcoming(series, later).created).toHaveLength(0);
    expect(scheduling.occurrences.nextStarts(series, later, 2)).toEqual([THU + 7 * 1440 * MIN, THU + 14 * 1440 * MIN]);
    expect(db.prepare('SELECT starts_at FROM discussions').all()).toEqual([{ starts_at: THU + 7 * 1440 * MIN }]);
  });

  it('names the starts members will meet at: an occurrence where it was moved, none for a cancelled one, the free slots after', () => {
    const { firesides, scheduling, series, id } = setup();
    const WEEK = 7 * 1440 * MIN;
    expect(scheduling.occurrences.nextStarts(series, T0, 3)).toEqual([THU, THU + WEEK, THU + 2 * WEEK]);
    firesides.discussions.update(id, { startsAt: THU + 60 * MIN }, T0);
    expect(scheduling.occurrences.nextStarts(series, T0, 2)).toEqual([THU + 60 * MIN, THU + WEEK]);
    // Paused: only what already exists still takes place.
    expect(scheduling.occurrences.nextStarts({ ...series, paused: true }, T0, 2)).toEqual([THU + 60 * MIN]);
    firesides.discussions.cancel(id, 'Skipped this week', T0);
    expect(scheduling.occurrences.nextStarts(series, T0, 2)).toEqual([THU + WEEK, THU + 2 * WEEK]);
    expect(scheduling.occurrences.nextStarts({ ...series, paused: true }, T0, 2)).toEqual([]);
  });
});
