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
