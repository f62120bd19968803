      CREATE TABLE dm_channels (user_id TEXT PRIMARY KEY, channel_id TEXT NOT NULL) STRICT;
