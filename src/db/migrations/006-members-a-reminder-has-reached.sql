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
