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
