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
