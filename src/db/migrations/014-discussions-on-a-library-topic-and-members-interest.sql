      -- A discussion (and a series, whose occurrences take it) may be about a page of the library. The slug links
      -- it to the page; the title is kept too, so a discussion whose page was later removed still names its topic.
      ALTER TABLE discussions ADD COLUMN topic_slug TEXT;
      ALTER TABLE discussions ADD COLUMN topic_title TEXT;
      ALTER TABLE series ADD COLUMN topic_slug TEXT;
      ALTER TABLE series ADD COLUMN topic_title TEXT;
      -- /modality lists the upcoming discussions of a server on a page.
      CREATE INDEX discussions_guild_topic_start ON discussions (guild_id, topic_slug, starts_at)
        WHERE topic_slug IS NOT NULL;
      -- "I'd join a discussion on this": a member's interest in a page, per server, until a discussion on it is
      -- announced (they are DMed once and the row goes) or they withdraw it. Counted for moderators, never listed.
      CREATE TABLE topic_interest (
        guild_id TEXT NOT NULL,
        slug TEXT NOT NULL,
        user_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (guild_id, slug, user_id)
      ) STRICT, WITHOUT ROWID;
