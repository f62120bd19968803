/**
 * Numbered migrations: migration N brings the schema from user_version N-1 to N.
 * Append only; never edit a migration that has shipped.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'library search index',
    sql: `
      CREATE TABLE library_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      -- One row per page section; the texts live here and are read on demand, never all held in memory.
      -- title and aliases are filled on the overview row only, so a name match ranks the page's overview.
      CREATE TABLE library_sections (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL,
        section TEXT NOT NULL,
        title TEXT NOT NULL,
        aliases TEXT NOT NULL,
        heading TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (slug, section)
      ) STRICT;
      -- External content: the index does not store a second copy of the texts; snippet() reads library_sections.
      CREATE VIRTUAL TABLE library_fts USING fts5(
        title, aliases, heading, body,
        content='library_sections', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
      );
      -- ORDER BY rank uses these bm25 weights: names above headings above body text.
      INSERT INTO library_fts (library_fts, rank) VALUES ('rank', 'bm25(10.0, 8.0, 3.0, 1.0)');
      CREATE VIRTUAL TABLE library_vocab USING fts5vocab(library_fts, 'row');
      -- How many sections hold each word, copied from library_vocab at indexing (counting it live scans the word's list).
      CREATE TABLE library_terms (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) STRICT, WITHOUT ROWID;
      -- Champion lists: the best-ranked sections of each very common word, computed once at indexing,
      -- because ranking every section that holds such a word costs time in proportion to their number.
      CREATE TABLE library_champions (
        term TEXT NOT NULL,
        position INTEGER NOT NULL,
        id INTEGER NOT NULL,
        PRIMARY KEY (term, position)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'fireside discussions',
    sql: `
      CREATE TABLE guild_settings (
        guild_id TEXT PRIMARY KEY,
        announcement_channel_id TEXT,
        moderator_role_id TEXT,
        timezone TEXT,
        reminders TEXT,
        reminder_delivery TEXT NOT NULL DEFAULT 'dm' CHECK (reminder_delivery IN ('dm', 'channel', 'both')),
        remind_maybe INTEGER NOT NULL DEFAULT 0,
        ping_role_id TEXT,
        native_events INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE series (
        id INTEGER PRIMARY KEY,
        guild_id TEXT NOT NULL,
        title TEXT NOT NULL,
        description TEXT,
        cron TEXT NOT NULL,
        timezone TEXT NOT NULL,
        announce_before_minutes INTEGER NOT NULL,
        duration_minutes INTEGER NOT NULL,
        facilitator_id TEXT,
        location_channel_id TEXT,
        link TEXT,
        capacity INTEGER,
        channel_id TEXT,
        reminders TEXT,
        paused INTEGER NOT NULL DEFAULT 0,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX series_guild ON series (guild_id);
      CREATE TABLE discussions (
        id INTEGER PRIMARY KEY,
        guild_id TEXT NOT NULL,
        series_id INTEGER REFERENCES series (id) ON DELETE SET NULL,
        title TEXT NOT NULL,
        description TEXT,
        starts_at INTEGER NOT NULL,
        timezone TEXT NOT NULL,
        duration_minutes INTEGER NOT NULL,
        facilitator_id TEXT,
        location_channel_id TEXT,
        link TEXT,
        capacity INTEGER,
        channel_id TEXT NOT NULL,
        message_id TEXT,
        scheduled_event_id TEXT,
        reminders TEXT,
        status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
        cancel_reason TEXT,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (series_id, starts_at)
      ) STRICT;
      CREATE INDEX discussions_guild_start ON discussions (guild_id, starts_at);
      CREATE TABLE rsvps (
        discussion_id INTEGER NOT NULL REFERENCES discussions (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('going', 'maybe', 'no', 'waitlist')),
        first_clicked_at INTEGER NOT NULL,
        status_since INTEGER NOT NULL,
        -- order of entering the current status, per discussion: RSVP order and waitlist order without clock ties
        position INTEGER NOT NULL,
        PRIMARY KEY (discussion_id, user_id)
      ) STRICT;
      CREATE INDEX rsvps_order ON rsvps (discussion_id, status, position);
      CREATE INDEX rsvps_position ON rsvps (discussion_id, position);
      CREATE INDEX rsvps_user ON rsvps (user_id);
      CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        discussion_id INTEGER NOT NULL REFERENCES discussions (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        anonymous INTEGER NOT NULL,
        text TEXT NOT NULL,
        asked_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX questions_discussion ON questions (discussion_id, asked_at);
    `,
  },
  {
    version: 3,
    name: 'scheduled work, scheduler lease, member reminder choices',
    sql: `
      -- One row per announcement, reminder and start post: claimed and marked in one transaction, so at most once.
      CREATE TABLE scheduled_work (
        discussion_id INTEGER NOT NULL REFERENCES discussions (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('announce', 'reminder', 'start')),
        offset_minutes INTEGER NOT NULL CHECK (offset_minutes >= 0),
        due_at INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'claimed', 'sent', 'skipped', 'failed')),
        claimed_by TEXT,
        claimed_at INTEGER,
        finished_at INTEGER,
        outcome TEXT,
        PRIMARY KEY (discussion_id, kind, offset_minutes)
      ) STRICT;
      CREATE INDEX scheduled_work_pending ON scheduled_work (due_at) WHERE state = 'pending';
      CREATE TABLE scheduler_lease (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        acquired_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE member_reminder_prefs (
        guild_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        reminders_on INTEGER NOT NULL CHECK (reminders_on IN (0, 1)),
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (guild_id, user_id)
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'DM channels of members',
    sql: `
      CREATE TABLE dm_channels (user_id TEXT PRIMARY KEY, channel_id TEXT NOT NULL) STRICT;
    `,
  },
  {
    version: 5,
    name: 'RSVP counts kept by triggers',
    sql: `
      -- Every click shows the counts: reading them is one row per status instead of a scan of every answer.
      -- Triggers keep them through INSERT, UPDATE (upserts included) and DELETE (cascades included); an
      -- INSERT OR REPLACE would bypass the delete trigger, so the stores never use one on rsvps.
      CREATE TABLE rsvp_counts (
        discussion_id INTEGER NOT NULL REFERENCES discussions (id) ON DELETE CASCADE,
        status TEXT NOT NULL,
        n INTEGER NOT NULL CHECK (n >= 0),
        PRIMARY KEY (discussion_id, status)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO rsvp_counts (discussion_id, status, n)
        SELECT discussion_id, status, count(*) FROM rsvps GROUP BY discussion_id, status;
      CREATE TRIGGER rsvps_count_insert AFTER INSERT ON rsvps BEGIN
        INSERT INTO rsvp_counts (discussion_id, status, n) VALUES (new.discussion_id, new.status, 1)
          ON CONFLICT (discussion_id, status) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER rsvps_count_update AFTER UPDATE OF status ON rsvps WHEN old.status != new.status BEGIN
        UPDATE rsvp_counts SET n = n - 1 WHERE discussion_id = old.discussion_id AND status = old.status;
        INSERT INTO rsvp_counts (discussion_id, status, n) VALUES (new.discussion_id, new.status, 1)
          ON CONFLICT (discussion_id, status) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER rsvps_count_delete AFTER DELETE ON rsvps BEGIN
        UPDATE rsvp_counts SET n = n - 1 WHERE discussion_id = old.discussion_id AND status = old.status;
      END;
    `,
  },
  {
    version: 6,
    name: 'members a reminder has reached',
    sql: `
      -- Written just before each DM or channel post of a reminder: a batch cut short by a crash resumes with the
      -- members it had not reached, and nobody is reached twice.
      CREATE TABLE work_recipients (
        discussion_id INTEGER NOT NULL,
        kind TEXT NOT NULL,
        offset_minutes INTEGER NOT NULL,
        via TEXT NOT NULL CHECK (via IN ('dm', 'channel')),
        user_id TEXT NOT NULL,
        PRIMARY KEY (discussion_id, kind, offset_minutes, via, user_id),
        FOREIGN KEY (discussion_id, kind, offset_minutes)
          REFERENCES scheduled_work (discussion_id, kind, offset_minutes) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;
      -- A reminder done for a discussion's old time and due again for its new time reaches everyone again.
      CREATE TRIGGER work_rearmed AFTER UPDATE OF state ON scheduled_work
        WHEN new.state = 'pending' AND old.state IN ('sent', 'skipped', 'failed') BEGIN
        DELETE FROM work_recipients WHERE discussion_id = new.discussion_id AND kind = new.kind
          AND offset_minutes = new.offset_minutes;
      END;
    `,
  },
  {
    version: 7,
    name: 'what each discussion was last planned for',
    sql: `
      -- The start and reminder offsets the discussion's due work was last planned for: a tick plans again only the
      -- discussions whose start or offsets changed, instead of every upcoming one.
      ALTER TABLE discussions ADD COLUMN planned_for TEXT;
    `,
  },
  {
    version: 8,
    name: 'a reminder moved to another time reaches everyone again',
    sql: `
      -- A reminder that moves while it is pending again after a crash (its discussion moved while it was being
      -- sent) is a reminder for the new time: members reached for the old time are reached again, as on a re-arm.
      CREATE TRIGGER work_moved AFTER UPDATE OF due_at ON scheduled_work WHEN new.due_at != old.due_at BEGIN
        DELETE FROM work_recipients WHERE discussion_id = new.discussion_id AND kind = new.kind
          AND offset_minutes = new.offset_minutes;
      END;
    `,
  },
  {
    version: 9,
    name: "moderators' reminders that go on after a crash",
    sql: `
      -- A /remind is recorded before its first send, and each member is taken (manual_reminder_recipients) in its
      -- own commit just before the DM or post that reaches them: a batch cut short by a crash goes on with the
      -- members it had not reached, and nobody is reached twice.
      CREATE TABLE manual_reminders (
        id INTEGER PRIMARY KEY,
        discussion_id INTEGER NOT NULL REFERENCES discussions (id) ON DELETE CASCADE,
        requested_by TEXT NOT NULL,
        audience TEXT NOT NULL CHECK (audience IN ('going', 'going-and-maybe')),
        delivery TEXT NOT NULL CHECK (delivery IN ('dm', 'channel', 'both')),
        note TEXT,
        state TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'sent', 'skipped', 'failed')),
        -- The process sending it renews the heartbeat every few seconds; a running row whose heartbeat is older than
        -- the scheduler's lease was left by a process that stopped, and the lease holder goes on with it.
        holder TEXT NOT NULL,
        heartbeat_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        finished_at INTEGER,
        outcome TEXT
      ) STRICT;
      -- One batch at a time per discussion: a second would reach the same members again.
      CREATE UNIQUE INDEX manual_reminders_running ON manual_reminders (discussion_id) WHERE state = 'running';
      CREATE TABLE manual_reminder_recipients (
        reminder_id INTEGER NOT NULL REFERENCES manual_reminders (id) ON DELETE CASCADE,
        via TEXT NOT NULL CHECK (via IN ('dm', 'channel')),
        user_id TEXT NOT NULL,
        PRIMARY KEY (reminder_id, via, user_id)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 10,
    name: 'mentions owed to members whose DMs are closed',
    sql: `
      -- A reminder DM refused because the member's DMs are closed (50007) is owed a mention in the channel. It is
      -- written the moment Discord says so and cleared just before the mention is posted, so a batch cut short in
      -- between still mentions them when it goes on. batch: 'work:<discussion>:<kind>:<offset>' or 'manual:<id>'.
      CREATE TABLE mentions_owed (
        batch TEXT NOT NULL,
        user_id TEXT NOT NULL,
        -- Gone with its discussion, so a reused id never inherits another discussion's debts.
        discussion_id INTEGER NOT NULL REFERENCES discussions (id) ON DELETE CASCADE,
        PRIMARY KEY (batch, user_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX mentions_owed_discussion ON mentions_owed (discussion_id);
      -- A reminder due at a new time (re-armed, or moved) starts afresh, as its recipients do.
      CREATE TRIGGER work_moved_owed AFTER UPDATE OF due_at ON scheduled_work WHEN new.due_at != old.due_at BEGIN
        DELETE FROM mentions_owed
          WHERE batch = 'work:' || new.discussion_id || ':' || new.kind || ':' || new.offset_minutes;
      END;
    `,
  },
  {
    version: 11,
    name: 'a reminder batch that ends owes no mention',
    sql: `
      -- However a batch ends (sent, skipped because its discussion was cancelled or is over, failed), it owes nothing
      -- more: a re-armed reminder or a later /remind starts afresh. The keys are those workBatch() and manualBatch()
      -- build in src/scheduler/mentions-owed.ts.
      CREATE TRIGGER work_ended_owed AFTER UPDATE OF state ON scheduled_work
        WHEN new.state IN ('sent', 'skipped', 'failed') BEGIN
        DELETE FROM mentions_owed
          WHERE batch = 'work:' || new.discussion_id || ':' || new.kind || ':' || new.offset_minutes;
      END;
      CREATE TRIGGER manual_ended_owed AFTER UPDATE OF state ON manual_reminders WHEN new.state != 'running' BEGIN
        DELETE FROM mentions_owed WHERE batch = 'manual:' || new.id;
      END;
      -- Debts of batches that ended skipped before this trigger existed.
      DELETE FROM mentions_owed WHERE batch NOT IN (
        SELECT 'work:' || discussion_id || ':' || kind || ':' || offset_minutes FROM scheduled_work
          WHERE state IN ('pending', 'claimed')
        UNION ALL
        SELECT 'manual:' || id FROM manual_reminders WHERE state = 'running'
      );
    `,
  },
  {
    version: 12,
    name: 'a discussion stays announced when its announcement is deleted',
    sql: `
      -- When members were first shown the discussion, apart from where its announcement is: a deleted announcement
      -- (message_id null again) leaves it listed, answerable with /rsvp and reminded. Until now the lost message
      -- made it look never announced. Already announced: one with a message, a one-off (announced when scheduled),
      -- an occurrence whose announcement went out, or one members answered.
      ALTER TABLE discussions ADD COLUMN announced_at INTEGER;
      UPDATE discussions SET announced_at = updated_at WHERE message_id IS NOT NULL OR series_id IS NULL
        OR EXISTS (SELECT 1 FROM scheduled_work w WHERE w.discussion_id = discussions.id AND w.kind = 'announce'
          AND w.state = 'sent')
        OR EXISTS (SELECT 1 FROM rsvps r WHERE r.discussion_id = discussions.id);
    `,
  },
  {
    version: 13,
    name: 'members whose DMs are closed',
    sql: `
      -- A member whose DMs refused the bot (50007), and since when: they are mentioned in the channel at once instead
      -- of costing a refused DM (a 403 toward Discord's invalid-request limit) at every reminder, until the bot tries
      -- their DMs again after some days (src/firesides/dm-channel-store.ts).
      CREATE TABLE dms_closed (user_id TEXT PRIMARY KEY, closed_at INTEGER NOT NULL) STRICT;
    `,
  },
];
