      -- When members were first shown the discussion, apart from where its announcement is: a deleted announcement
      -- (message_id null again) leaves it listed, answerable with /rsvp and reminded. Until now the lost message
      -- made it look never announced. Already announced: one with a message, a one-off (announced when scheduled),
      -- an occurrence whose announcement went out, or one members answered.
      ALTER TABLE discussions ADD COLUMN announced_at INTEGER;
      UPDATE discussions SET announced_at = updated_at WHERE message_id IS NOT NULL OR series_id IS NULL
        OR EXISTS (SELECT 1 FROM scheduled_work w WHERE w.discussion_id = discussions.id AND w.kind = 'announce'
          AND w.state = 'sent')
        OR EXISTS (SELECT 1 FROM rsvps r WHERE r.discussion_id = discussions.id);
