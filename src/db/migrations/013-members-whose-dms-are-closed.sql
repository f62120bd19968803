      -- A member whose DMs refused the bot (50007), and since when: they are mentioned in the channel at once instead
      -- of costing a refused DM (a 403 toward Discord's invalid-request limit) at every reminder, until the bot tries
      -- their DMs again after some days (src/firesides/dm-channel-store.ts).
      CREATE TABLE dms_closed (user_id TEXT PRIMARY KEY, closed_at INTEGER NOT NULL) STRICT;
