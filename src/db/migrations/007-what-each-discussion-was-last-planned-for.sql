      -- The start and reminder offsets the discussion's due work was last planned for: a tick plans again only the
      -- discussions whose start or offsets changed, instead of every upcoming one.
      ALTER TABLE discussions ADD COLUMN planned_for TEXT;
