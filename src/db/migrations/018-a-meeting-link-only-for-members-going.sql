      -- `link-for:` of /fireside schedule, edit and series: 'going' keeps the meeting link out of everything public
      -- (the announcement, the start post, the Discord event, channel reminders) and gives it only to members going.
      -- A series' occurrences take the series' value, as they take its link.
      ALTER TABLE discussions ADD COLUMN link_for TEXT NOT NULL DEFAULT 'everyone'
        CHECK (link_for IN ('everyone', 'going'));
      ALTER TABLE series ADD COLUMN link_for TEXT NOT NULL DEFAULT 'everyone'
        CHECK (link_for IN ('everyone', 'going'));
