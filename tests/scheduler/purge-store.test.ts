import { beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import type { Db } from '../../src/db/open.js';
import { openDatabase } from '../../src/db/open.js';
import { createFiresideStores, type FiresideStores } from '../../src/firesides/index.js';
import { createPurgeStore, type PurgeStore } from '../../src/scheduler/purge-store.js';
import { GUILD, MIN, seedDiscussion } from './fixtures.js';

const DAY = 1_440 * MIN;
const OTHER_GUILD = '200000000000000002';
/** When the first discussion ends. */
const T0 = Date.parse('2026-05-01T12:00:00Z');
const [A, B, C, D, E, F] = ['5001', '5002', '5003', '5004', '5005', '5006'].map((n) => `50000000000000${n}`) as [
  string,
  string,
  string,
  string,
  string,
  string,
];

let db: Db;
let stores: FiresideStores;
let purge: PurgeStore;

beforeEach(() => {
  db = openDatabase(':memory:');
  stores = createFiresideStores(db);
  purge = createPurgeStore(db);
});

/** A discussion of an hour ending at `endsAt`. */
function ended(endsAt: number, guildId = GUILD) {
  return seedDiscussion(db, { startsAt: endsAt - 60 * MIN, createdAt: endsAt - 10 * DAY, guildId });
}

const rows = (table: string, id: number) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE discussion_id = ?`).get(id) as { n: number }).n;
const dmChannels = () =>
  (db.prepare('SELECT user_id FROM dm_channels ORDER BY user_id').all() as { user_id: string }[]).map((r) => r.user_id);

/** Ten members answering, so that each count differs. */
const W = Array.from({ length: 10 }, (_, n) => `5100000000000000${10 + n}`);
const COUNTS = { going: 1, maybe: 2, no: 3, waitlist: 4 };

/** 1 Going (capacity 1), 4 on the waitlist, 2 Maybe, 3 Can't go; two questions; who reminders reached; a mention owed. */
function withMembers(id: number) {
  db.prepare('UPDATE discussions SET capacity = 1 WHERE id = ?').run(id);
  const at = T0 - 5 * DAY;
  W.forEach((userId, n) => {
    stores.rsvps.set(id, userId, n < 5 ? 'going' : n < 7 ? 'maybe' : 'no', at);
  });
  stores.questions.add({ discussionId: id, userId: A, anonymous: false, text: 'Is it safe?', askedAt: at });
  stores.questions.add({ discussionId: id, userId: B, anonymous: true, text: 'Who comes?', askedAt: at });
  db.prepare(
    "INSERT INTO scheduled_work (discussion_id, kind, offset_minutes, due_at, state) VALUES (?, 'reminder', 60, ?, 'sent')",
  ).run(id, at);
  db.prepare(
    "INSERT INTO work_recipients (discussion_id, kind, offset_minutes, via, user_id) VALUES (?, 'reminder', 60, 'dm', ?)",
  ).run(id, A);
  const manual = db
    .prepare(
      `INSERT INTO manual_reminders (discussion_id, requested_by, audience, delivery, holder, heartbeat_at, created_at,
        state) VALUES (?, ?, 'going', 'dm', 'p', ?, ?, 'running') RETURNING id`,
    )
    .get(id, F, at, at) as { id: number };
  db.prepare("INSERT INTO manual_reminder_recipients (reminder_id, via, user_id) VALUES (?, 'dm', ?)").run(
    manual.id,
    B,
  );
  db.prepare('INSERT INTO mentions_owed (batch, user_id, discussion_id) VALUES (?, ?, ?)').run(
    `manual:${manual.id}`,
    C,
    id,
  );
  return manual.id;
}

function perMemberRows(id: number, manualId: number) {
  return {
    rsvps: rows('rsvps', id),
    questions: rows('questions', id),
    recipients: rows('work_recipients', id),
    manual: (
      db.prepare('SELECT count(*) AS n FROM manual_reminder_recipients WHERE reminder_id = ?').get(manualId) as {
        n: number;
      }
    ).n,
    owed: rows('mentions_owed', id),
  };
}

describe('purging a discussion past its retention', () => {
  it('deletes its per-member rows in one go once the retention has passed, and keeps only the counts', () => {
    const gone = ended(T0);
    const manualId = withMembers(gone.id);
    const inside = ended(T0 + DAY);
    stores.rsvps.set(inside.id, A, 'going', T0);
    const before = stores.rsvps.counts(gone.id);
    expect(before).toEqual(COUNTS);

    // The default retention, 30 days: not a millisecond early.
    expect(purge.due(T0 + 30 * DAY - 1, 10)).toEqual([]);
    expect(purge.purge(gone.id, T0 + 30 * DAY - 1)).toBeUndefined();
    expect(perMemberRows(gone.id, manualId)).toEqual({ rsvps: 10, questions: 2, recipients: 1, manual: 1, owed: 1 });

    expect(purge.due(T0 + 30 * DAY, 10)).toEqual([gone.id]);
    expect(purge.purge(gone.id, T0 + 30 * DAY)).toMatchObject({
      going: 1,
      maybe: 2,
      declined: 3,
      waitlisted: 4,
      questions: 2,
      reminderRecipients: 2,
      mentionsOwed: 1,
    });
    expect(perMemberRows(gone.id, manualId)).toEqual({ rsvps: 0, questions: 0, recipients: 0, manual: 0, owed: 0 });
    expect(rows('rsvp_counts', gone.id)).toBe(0);
    // What is shown from now on: the counts taken before the rows went, not the zeros the triggers would leave.
    expect(stores.rsvps.counts(gone.id)).toEqual(before);
    expect(stores.discussions.get(gone.id)).toMatchObject({ purgedAt: T0 + 30 * DAY, keptQuestions: 2 });
    // The moderator's record of their /remind stays, with its moderator.
    expect(db.prepare('SELECT requested_by FROM manual_reminders WHERE id = ?').get(manualId)).toEqual({
      requested_by: F,
    });
    // Inside its own window: untouched.
    expect(stores.rsvps.get(inside.id, A)?.status).toBe('going');
    expect(stores.discussions.get(inside.id)?.purgedAt).toBeNull();
  });

  it('does nothing the second time, and never lists a purged discussion as due again', () => {
    const gone = ended(T0);
    withMembers(gone.id);
    expect(purge.purge(gone.id, T0 + 31 * DAY)).toBeDefined();
    expect(purge.purge(gone.id, T0 + 32 * DAY)).toBeUndefined();
    expect(purge.due(T0 + 400 * DAY, 10)).toEqual([]);
    expect(stores.discussions.get(gone.id)?.purgedAt).toBe(T0 + 31 * DAY);
    expect(stores.rsvps.counts(gone.id)).toEqual(COUNTS);
  });

  it("follows each server's own retention", () => {
    stores.settings.update(GUILD, { retentionDays: 7 }, T0);
    stores.settings.update(OTHER_GUILD, { retentionDays: 90 }, T0);
    const week = ended(T0);
    const quarter = ended(T0, OTHER_GUILD);
    const byDefault = ended(T0, '200000000000000003');
    expect(purge.due(T0 + 7 * DAY, 10)).toEqual([week.id]);
    expect(purge.due(T0 + 30 * DAY, 10)).toEqual([week.id, byDefault.id]);
    expect(purge.due(T0 + 90 * DAY, 10)).toEqual([week.id, quarter.id, byDefault.id]);
    // A bounded batch: the oldest first.
    expect(purge.due(T0 + 90 * DAY, 2)).toEqual([week.id, quarter.id]);
  });

  it('counts a cancelled discussion from its cancel, even when it was due weeks later', () => {
    const later = seedDiscussion(db, { startsAt: T0 + 60 * DAY, createdAt: T0 - DAY });
    stores.rsvps.set(later.id, A, 'going', T0 - DAY);
    stores.discussions.cancel(later.id, null, T0);
    expect(stores.discussions.get(later.id)?.cancelledAt).toBe(T0);
    expect(purge.due(T0 + 30 * DAY - 1, 10)).toEqual([]);
    expect(purge.due(T0 + 30 * DAY, 10)).toEqual([later.id]);
    expect(purge.purge(later.id, T0 + 30 * DAY)).toMatchObject({ going: 1 });
    expect(rows('rsvps', later.id)).toBe(0);
  });

  it('rolls a purge that fails half-way back whole, and does it all at the next try', () => {
    const first = ended(T0);
    const manualId = withMembers(first.id);
    db.prepare('INSERT INTO dm_channels (user_id, channel_id) VALUES (?, ?)').run(W[0], '600000000000000001');
    // A fault after the RSVPs and counts went, inside the transaction: as if the process died there.
    db.exec(`CREATE TEMP TRIGGER fault BEFORE DELETE ON questions BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
    expect(() => purge.purge(first.id, T0 + 30 * DAY)).toThrow(/injected fault/);
    expect(perMemberRows(first.id, manualId)).toEqual({ rsvps: 10, questions: 2, recipients: 1, manual: 1, owed: 1 });
    expect(stores.rsvps.counts(first.id)).toEqual(COUNTS);
    expect(stores.discussions.get(first.id)?.purgedAt).toBeNull();
    expect(dmChannels()).toEqual([W[0]]);
    expect(purge.due(T0 + 30 * DAY, 10)).toEqual([first.id]);

    db.exec('DROP TRIGGER temp.fault');
    expect(purge.purge(first.id, T0 + 30 * DAY)).toMatchObject({ going: 1, questions: 2, dmChannels: 1 });
    expect(perMemberRows(first.id, manualId)).toEqual({ rsvps: 0, questions: 0, recipients: 0, manual: 0, owed: 0 });
    expect(stores.rsvps.counts(first.id)).toEqual(COUNTS);
  });
});

describe('an answer that meets the purge', () => {
  it('refuses an RSVP queued before the purge committed, re-creating nothing', async () => {
    const gone = ended(T0);
    stores.rsvps.set(gone.id, A, 'going', T0 - DAY);
    // Queued for the group commit at the end of this turn; the purge commits first, in this same turn.
    const late = stores.rsvps.record(gone.id, B, 'going', T0 + 30 * DAY);
    purge.purge(gone.id, T0 + 30 * DAY);
    await expect(late).rejects.toThrow(UserError);
    await expect(late).rejects.toThrow(/already taken place/);
    expect(rows('rsvps', gone.id)).toBe(0);
    expect(rows('rsvp_counts', gone.id)).toBe(0);
    expect(stores.rsvps.counts(gone.id)).toEqual({ going: 1, maybe: 0, no: 0, waitlist: 0 });
    expect(() => stores.rsvps.set(gone.id, A, 'no', T0 + 31 * DAY)).toThrow(UserError);
    expect(() =>
      stores.questions.add({ discussionId: gone.id, userId: B, anonymous: false, text: 'Late?', askedAt: T0 }),
    ).toThrow(/already taken place/);
    expect(rows('questions', gone.id)).toBe(0);
  });
});

describe('DM channel ids', () => {
  const channel = (userId: string, n: number) =>
    db.prepare('INSERT INTO dm_channels (user_id, channel_id) VALUES (?, ?)').run(userId, `60000000000000000${n}`);

  it('go at the purge for members with nothing ahead, and stay for those with an answer, a page or a mention ahead', () => {
    const gone = ended(T0);
    const ahead = seedDiscussion(db, { startsAt: T0 + 40 * DAY, createdAt: T0 });
    for (const [n, userId] of [A, B, C, D, E].entries()) {
      channel(userId, n);
      stores.rsvps.set(gone.id, userId, 'going', T0 - DAY);
    }
    stores.rsvps.set(ahead.id, B, 'maybe', T0); // reminded before it
    db.prepare("INSERT INTO topic_interest (guild_id, slug, user_id, created_at) VALUES (?, 'ketamine', ?, ?)").run(
      GUILD,
      C,
      T0,
    );
    stores.rsvps.set(ahead.id, D, 'no', T0); // declined: nothing to remind them of
    db.prepare(
      "INSERT INTO mentions_owed (batch, user_id, discussion_id) VALUES ('work:x', ?, ?)", // a batch under way
    ).run(E, ahead.id);
    expect(purge.purge(gone.id, T0 + 30 * DAY)).toMatchObject({ going: 5, dmChannels: 2 });
    expect(dmChannels()).toEqual([B, C, E]);
  });

  it("are swept when nothing at all is kept about the member, in any server's window; closed-DMs records after a week", () => {
    const elsewhere = ended(T0, OTHER_GUILD);
    stores.rsvps.set(elsewhere.id, A, 'going', T0 - DAY); // still inside that server's retention
    channel(A, 1);
    channel(B, 2); // told about a page once; nothing since
    channel(C, 3);
    db.prepare("INSERT INTO topic_interest (guild_id, slug, user_id, created_at) VALUES (?, 'ketamine', ?, ?)").run(
      GUILD,
      C,
      T0,
    );
    const now = T0 + 10 * DAY;
    // Written directly: the store keeps such records only for members with something to be DMed about.
    const closed = db.prepare('INSERT INTO dms_closed (user_id, closed_at) VALUES (?, ?)');
    closed.run(D, now - 7 * DAY);
    closed.run(E, now - 7 * DAY + 1);

    // A small window walks the table across calls; each call looks at two rows at most.
    const first = purge.sweep(0, 2, now);
    expect(first).toMatchObject({ dmChannels: 1, closedDms: 1 });
    expect(dmChannels()).toEqual([A, C]);
    const second = purge.sweep(first.next, 2, now);
    expect(second).toMatchObject({ dmChannels: 0 });
    expect(purge.sweep(second.next, 2, now).next).toBe(0);
    expect(stores.dmChannels.closedAt(D)).toBeUndefined();
    expect(stores.dmChannels.isClosed(E, now)).toBe(true);
  });
});
