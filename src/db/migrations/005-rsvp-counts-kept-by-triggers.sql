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
