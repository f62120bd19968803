      -- The content hash of each indexed page file, so a library that changes while the bot runs is re-indexed
      -- page by page: only the pages whose hash differs are read again. Filled by the next full index.
      CREATE TABLE library_pages (slug TEXT PRIMARY KEY, hash TEXT NOT NULL) STRICT, WITHOUT ROWID;
