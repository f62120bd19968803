-- The schema after every migration in src/db/migrations (user_version 24), read from sqlite_master:
-- each table followed by its indexes and triggers. Do not edit: a test compares it with the migrations,
-- and `npm run db:schema` writes it again.

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
  updated_at INTEGER NOT NULL, planned_for TEXT, announced_at INTEGER, topic_slug TEXT, topic_title TEXT, link_for TEXT NOT NULL DEFAULT 'everyone'
  CHECK (link_for IN ('everyone', 'going')), cancelled_at INTEGER, purged_at INTEGER, kept_going INTEGER, kept_maybe INTEGER, kept_declined INTEGER, kept_waitlisted INTEGER, kept_questions INTEGER, series_slot_at INTEGER,
  UNIQUE (series_id, starts_at)
) STRICT;

CREATE INDEX discussions_guild_start ON discussions (guild_id, starts_at);

CREATE INDEX discussions_guild_topic_start ON discussions (guild_id, topic_slug, starts_at)
WHERE topic_slug IS NOT NULL;

CREATE INDEX discussions_not_purged ON discussions (id) WHERE purged_at IS NULL;

CREATE INDEX discussions_series_slot ON discussions (series_id, series_slot_at);

CREATE TABLE dm_channels (user_id TEXT PRIMARY KEY, channel_id TEXT NOT NULL) STRICT;

CREATE TABLE dms_closed (user_id TEXT PRIMARY KEY, closed_at INTEGER NOT NULL) STRICT;

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
, retention_days INTEGER CHECK (retention_days BETWEEN 1 AND 365)) STRICT;

CREATE TABLE library_champions (
  term TEXT NOT NULL,
  position INTEGER NOT NULL,
  id INTEGER NOT NULL, freq REAL NOT NULL DEFAULT 0, size INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (term, position)
) STRICT, WITHOUT ROWID;

CREATE INDEX library_champions_by_id ON library_champions (id);

CREATE VIRTUAL TABLE library_fts USING fts5(
  title, aliases, heading, body,
  content='library_sections', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2'
);

CREATE TABLE library_list_bounds (
  term TEXT PRIMARY KEY,
  bound REAL NOT NULL,
  avgdl REAL NOT NULL,
  tie_id INTEGER,
  tie_freq REAL,
  tie_size INTEGER
) STRICT, WITHOUT ROWID;

CREATE TABLE library_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

CREATE TABLE library_pages (slug TEXT PRIMARY KEY, hash TEXT NOT NULL) STRICT, WITHOUT ROWID;

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

CREATE TABLE library_terms (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) STRICT, WITHOUT ROWID;

CREATE VIRTUAL TABLE library_vocab USING fts5vocab(library_fts, 'row');

CREATE TABLE manual_reminder_recipients (
  reminder_id INTEGER NOT NULL REFERENCES manual_reminders (id) ON DELETE CASCADE,
  via TEXT NOT NULL CHECK (via IN ('dm', 'channel')),
  user_id TEXT NOT NULL,
  PRIMARY KEY (reminder_id, via, user_id)
) STRICT, WITHOUT ROWID;

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

CREATE UNIQUE INDEX manual_reminders_running ON manual_reminders (discussion_id) WHERE state = 'running';

CREATE TRIGGER manual_ended_owed AFTER UPDATE OF state ON manual_reminders WHEN new.state != 'running' BEGIN
  DELETE FROM mentions_owed WHERE batch = 'manual:' || new.id;
END;

CREATE TABLE member_reminder_prefs (
  guild_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  reminders_on INTEGER NOT NULL CHECK (reminders_on IN (0, 1)),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (guild_id, user_id)
) STRICT;

CREATE TABLE mentions_owed (
  batch TEXT NOT NULL,
  user_id TEXT NOT NULL,
  -- Gone with its discussion, so a reused id never inherits another discussion's debts.
  discussion_id INTEGER NOT NULL REFERENCES discussions (id) ON DELETE CASCADE,
  PRIMARY KEY (batch, user_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX mentions_owed_discussion ON mentions_owed (discussion_id);

CREATE INDEX mentions_owed_user ON mentions_owed (user_id);

CREATE TABLE promotion_notices (
  discussion_id INTEGER NOT NULL REFERENCES discussions (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('owed', 'sending', 'mention')),
  since INTEGER NOT NULL,
  -- The send that took it (random, per send): a send settles only its own takes, never a later one of the same member
  -- (moved up again while the first notice was on its way).
  taken_by TEXT,
  PRIMARY KEY (discussion_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX promotion_notices_since ON promotion_notices (since);

CREATE INDEX promotion_notices_user ON promotion_notices (user_id);

CREATE TABLE questions (
  id INTEGER PRIMARY KEY,
  discussion_id INTEGER NOT NULL REFERENCES discussions (id) ON DELETE CASCADE,
  -- The member who asked under their name; NULL for an anonymous question.
  user_id TEXT,
  anonymous INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
  text TEXT NOT NULL,
  asked_at INTEGER NOT NULL,
  CHECK ((anonymous = 1) = (user_id IS NULL))
) STRICT;

CREATE INDEX questions_discussion ON questions (discussion_id, asked_at);

CREATE INDEX questions_user ON questions (user_id) WHERE user_id IS NOT NULL;

CREATE TABLE rsvp_counts (
  discussion_id INTEGER NOT NULL REFERENCES discussions (id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  n INTEGER NOT NULL CHECK (n >= 0),
  PRIMARY KEY (discussion_id, status)
) STRICT, WITHOUT ROWID;

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

CREATE TRIGGER rsvps_count_delete AFTER DELETE ON rsvps BEGIN
  UPDATE rsvp_counts SET n = n - 1 WHERE discussion_id = old.discussion_id AND status = old.status;
END;

CREATE TRIGGER rsvps_count_insert AFTER INSERT ON rsvps BEGIN
  INSERT INTO rsvp_counts (discussion_id, status, n) VALUES (new.discussion_id, new.status, 1)
    ON CONFLICT (discussion_id, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER rsvps_count_update AFTER UPDATE OF status ON rsvps WHEN old.status != new.status BEGIN
  UPDATE rsvp_counts SET n = n - 1 WHERE discussion_id = old.discussion_id AND status = old.status;
  INSERT INTO rsvp_counts (discussion_id, status, n) VALUES (new.discussion_id, new.status, 1)
    ON CONFLICT (discussion_id, status) DO UPDATE SET n = n + 1;
END;

CREATE TABLE scheduled_work (
  discussion_id INTEGER NOT NULL REFERENCES discussions (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('announce', 'reminder', 'start')),
  offset_minutes INTEGER NOT NULL CHECK (offset_minutes >= 0),
  due_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'claimed', 'sent', 'skipped', 'failed')),
  claimed_by TEXT,
  claimed_at INTEGER,
  finished_at INTEGER,
  outcome TEXT, attempted_at INTEGER,
  PRIMARY KEY (discussion_id, kind, offset_minutes)
) STRICT;

CREATE INDEX scheduled_work_pending ON scheduled_work (due_at) WHERE state = 'pending';

CREATE TRIGGER work_ended_owed AFTER UPDATE OF state ON scheduled_work
  WHEN new.state IN ('sent', 'skipped', 'failed') BEGIN
  DELETE FROM mentions_owed
    WHERE batch = 'work:' || new.discussion_id || ':' || new.kind || ':' || new.offset_minutes;
END;

CREATE TRIGGER work_moved AFTER UPDATE OF due_at ON scheduled_work WHEN new.due_at != old.due_at BEGIN
  DELETE FROM work_recipients WHERE discussion_id = new.discussion_id AND kind = new.kind
    AND offset_minutes = new.offset_minutes;
END;

CREATE TRIGGER work_moved_owed AFTER UPDATE OF due_at ON scheduled_work WHEN new.due_at != old.due_at BEGIN
  DELETE FROM mentions_owed
    WHERE batch = 'work:' || new.discussion_id || ':' || new.kind || ':' || new.offset_minutes;
END;

CREATE TRIGGER work_rearmed AFTER UPDATE OF state ON scheduled_work
  WHEN new.state = 'pending' AND old.state IN ('sent', 'skipped', 'failed') BEGIN
  DELETE FROM work_recipients WHERE discussion_id = new.discussion_id AND kind = new.kind
    AND offset_minutes = new.offset_minutes;
END;

CREATE TABLE scheduler_lease (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  acquired_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
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
, topic_slug TEXT, topic_title TEXT, link_for TEXT NOT NULL DEFAULT 'everyone'
  CHECK (link_for IN ('everyone', 'going'))) STRICT;

CREATE INDEX series_guild ON series (guild_id);

CREATE TABLE topic_interest (
  guild_id TEXT NOT NULL,
  slug TEXT NOT NULL,
  user_id TEXT NOT NULL,
  created_at INTEGER NOT NULL, taken_at INTEGER,
  PRIMARY KEY (guild_id, slug, user_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX topic_interest_taken ON topic_interest (taken_at) WHERE taken_at IS NOT NULL;

CREATE INDEX topic_interest_user ON topic_interest (user_id);

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
