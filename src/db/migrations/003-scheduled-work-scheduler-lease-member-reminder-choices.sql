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
