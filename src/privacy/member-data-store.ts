import type { Db } from '../db/open.js';
import type { ErasedAnswer, FiresideStores, RsvpStatus } from '../firesides/index.js';

/** A member's answer to a discussion of the server, with what they need to recognise it. */
export interface HeldRsvp {
  discussionId: number;
  title: string;
  startsAt: number;
  timezone: string;
  discussionStatus: 'scheduled' | 'cancelled';
  answer: RsvpStatus;
  firstAnsweredAt: number;
  answerSince: number;
}

export interface HeldQuestion {
  discussionId: number;
  discussionTitle: string;
  askedAt: number;
  text: string;
}

/** Delivery records: who each reminder reached (so none comes twice), and mentions owed to closed DMs. */
export interface HeldDeliveries {
  reminders: number;
  moderatorReminders: number;
  mentionsOwed: number;
  /** Notices owed that they moved up from a waitlist, not sent yet (promotion_notices). */
  promotionNotices: number;
}

/**
 * Everything the bot holds about one member in one server. The DM channel and the closed-DMs record are not per
 * server: `dm.erasable` says whether /privacy forget here erases them (nothing of the member is left elsewhere).
 */
export interface MemberData {
  rsvps: HeldRsvp[];
  questions: HeldQuestion[];
  reminders: { on: boolean; since: number } | null;
  interests: { slug: string; since: number }[];
  deliveries: HeldDeliveries;
  dm: { channelId: string | null; closedSince: number | null; erasable: boolean };
}

/** What /privacy forget erased, or would erase. */
export interface ErasedCounts {
  rsvps: number;
  questions: number;
  reminderChoice: number;
  interests: number;
  deliveries: number;
  dmRecords: number;
}

/** A freed answer of a discussion that still takes place: its announcement and the members moved up follow. */
export interface FreedPlace extends ErasedAnswer {
  discussionId: number;
}

export type MemberDataStore = ReturnType<typeof createMemberDataStore>;

type Key = { guildId: string; userId: string };

/**
 * The one place that knows every row holding a member's id: /privacy show reads them, /privacy forget erases them
 * in one transaction. Records of what moderators did (discussions and series created_by, manual_reminders
 * requested_by) are not the member's data and are left alone. Answers go through the RSVP store, so a freed Going
 * place is given to the waitlist by the same code as "Can't go".
 */
export function createMemberDataStore(db: Db, firesides: Pick<FiresideStores, 'rsvps'>) {
  const ofGuild = 'SELECT id FROM discussions WHERE guild_id = @guildId';
  const rsvps = db.prepare<
    Key & { now: number },
    {
      discussion_id: number;
      title: string;
      starts_at: number;
      timezone: string;
      discussion_status: 'scheduled' | 'cancelled';
      status: RsvpStatus;
      first_clicked_at: number;
      status_since: number;
      open: number;
    }
  >(`
    SELECT r.discussion_id, d.title, d.starts_at, d.timezone, d.status AS discussion_status, r.status,
      r.first_clicked_at, r.status_since,
      d.status = 'scheduled' AND d.starts_at + d.duration_minutes * 60000 > @now AS open
    FROM rsvps r JOIN discussions d ON d.id = r.discussion_id
    WHERE r.user_id = @userId AND d.guild_id = @guildId
    ORDER BY d.starts_at, d.id`);
  const questions = db.prepare<Key, { discussion_id: number; title: string; asked_at: number; text: string }>(`
    SELECT q.discussion_id, d.title, q.asked_at, q.text FROM questions q JOIN discussions d ON d.id = q.discussion_id
    WHERE q.user_id = @userId AND d.guild_id = @guildId ORDER BY q.asked_at, q.id`);
  const reminders = db.prepare<Key, { reminders_on: number; updated_at: number }>(
    'SELECT reminders_on, updated_at FROM member_reminder_prefs WHERE guild_id = @guildId AND user_id = @userId',
  );
  const interests = db.prepare<Key, { slug: string; created_at: number }>(
    'SELECT slug, created_at FROM topic_interest WHERE guild_id = @guildId AND user_id = @userId ORDER BY created_at, slug',
  );
  const deliveries = db.prepare<Key, HeldDeliveries>(`
    SELECT
      (SELECT count(*) FROM work_recipients WHERE user_id = @userId AND discussion_id IN (${ofGuild})) AS reminders,
      (SELECT count(*) FROM manual_reminder_recipients WHERE user_id = @userId AND reminder_id IN (
        SELECT id FROM manual_reminders WHERE discussion_id IN (${ofGuild}))) AS moderatorReminders,
      (SELECT count(*) FROM mentions_owed WHERE user_id = @userId AND discussion_id IN (${ofGuild})) AS mentionsOwed,
      (SELECT count(*) FROM promotion_notices WHERE user_id = @userId AND discussion_id IN (${ofGuild}))
        AS promotionNotices`);
  const dm = db.prepare<Key, { channel_id: string | null; closed_at: number | null; elsewhere: number }>(`
    SELECT (SELECT channel_id FROM dm_channels WHERE user_id = @userId) AS channel_id,
      (SELECT closed_at FROM dms_closed WHERE user_id = @userId) AS closed_at,
      EXISTS (SELECT 1 FROM rsvps r JOIN discussions d ON d.id = r.discussion_id
        WHERE r.user_id = @userId AND d.guild_id != @guildId)
      OR EXISTS (SELECT 1 FROM topic_interest WHERE user_id = @userId AND guild_id != @guildId) AS elsewhere`);

  const eraseQuestions = db.prepare<Key>(
    `DELETE FROM questions WHERE user_id = @userId AND discussion_id IN (${ofGuild})`,
  );
  const eraseReminders = db.prepare<Key>(
    'DELETE FROM member_reminder_prefs WHERE guild_id = @guildId AND user_id = @userId',
  );
  const eraseInterests = db.prepare<Key>('DELETE FROM topic_interest WHERE guild_id = @guildId AND user_id = @userId');
  const eraseDeliveries = [
    db.prepare<Key>(`DELETE FROM work_recipients WHERE user_id = @userId AND discussion_id IN (${ofGuild})`),
    db.prepare<Key>(`DELETE FROM manual_reminder_recipients WHERE user_id = @userId AND reminder_id IN (
      SELECT id FROM manual_reminders WHERE discussion_id IN (${ofGuild}))`),
    db.prepare<Key>(`DELETE FROM mentions_owed WHERE user_id = @userId AND discussion_id IN (${ofGuild})`),
    db.prepare<Key>(`DELETE FROM promotion_notices WHERE user_id = @userId AND discussion_id IN (${ofGuild})`),
  ];
  const eraseDm = [
    db.prepare<Pick<Key, 'userId'>>('DELETE FROM dm_channels WHERE user_id = @userId'),
    db.prepare<Pick<Key, 'userId'>>('DELETE FROM dms_closed WHERE user_id = @userId'),
  ];

  function read(guildId: string, userId: string, now: number): MemberData {
    const key = { guildId, userId };
    const held = dm.get(key);
    const pref = reminders.get(key);
    return {
      rsvps: rsvps.all({ ...key, now }).map((row) => ({
        discussionId: row.discussion_id,
        title: row.title,
        startsAt: row.starts_at,
        timezone: row.timezone,
        discussionStatus: row.discussion_status,
        answer: row.status,
        firstAnsweredAt: row.first_clicked_at,
        answerSince: row.status_since,
      })),
      questions: questions.all(key).map((row) => ({
        discussionId: row.discussion_id,
        discussionTitle: row.title,
        askedAt: row.asked_at,
        text: row.text,
      })),
      reminders: pref ? { on: pref.reminders_on === 1, since: pref.updated_at } : null,
      interests: interests.all(key).map((row) => ({ slug: row.slug, since: row.created_at })),
      deliveries: deliveries.get(key) ?? { reminders: 0, moderatorReminders: 0, mentionsOwed: 0, promotionNotices: 0 },
      dm: {
        channelId: held?.channel_id ?? null,
        closedSince: held?.closed_at ?? null,
        erasable: held?.elsewhere !== 1,
      },
    };
  }

  const erase = db.transaction((guildId: string, userId: string, now: number) => {
    const key = { guildId, userId };
    const freed: FreedPlace[] = [];
    const answers = rsvps.all({ ...key, now });
    for (const row of answers) {
      const open = row.open === 1;
      const erased = firesides.rsvps.erase(row.discussion_id, userId, now, open);
      // Every announcement that counted the answer is brought up to date, an ended one too; only an open one promotes.
      if (erased.changed) freed.push({ discussionId: row.discussion_id, ...erased });
    }
    const deliveryCount = eraseDeliveries.reduce((sum, statement) => sum + statement.run(key).changes, 0);
    const counts: ErasedCounts = {
      rsvps: answers.length,
      questions: eraseQuestions.run(key).changes,
      reminderChoice: eraseReminders.run(key).changes,
      interests: eraseInterests.run(key).changes,
      deliveries: deliveryCount,
      dmRecords: 0,
    };
    // The DM channel serves every server the bot shares with the member: erased only when nothing of theirs that
    // could be DMed about (an answer, an interest) is left in any server; else the next reminder would store it again.
    if (dm.get(key)?.elsewhere !== 1)
      counts.dmRecords = eraseDm.reduce((sum, statement) => sum + statement.run({ userId }).changes, 0);
    return { counts, freed };
  });

  return {
    /** What /privacy show lists. */
    read,
    /** What /privacy forget would erase now. */
    count(guildId: string, userId: string, now: number): ErasedCounts {
      const data = read(guildId, userId, now);
      const { reminders: r, moderatorReminders: m, mentionsOwed: o, promotionNotices: p } = data.deliveries;
      return {
        rsvps: data.rsvps.length,
        questions: data.questions.length,
        reminderChoice: data.reminders ? 1 : 0,
        interests: data.interests.length,
        deliveries: r + m + o + p,
        dmRecords: data.dm.erasable ? (data.dm.channelId ? 1 : 0) + (data.dm.closedSince !== null ? 1 : 0) : 0,
      };
    },
    /** Erases the member's data in this server in one transaction (immediate, so nothing slips in between). */
    erase(guildId: string, userId: string, now: number): { counts: ErasedCounts; freed: FreedPlace[] } {
      return erase.immediate(guildId, userId, now);
    },
  };
}

export function nothingHeld(counts: ErasedCounts): boolean {
  return Object.values(counts).every((n) => n === 0);
}
