      -- A champion's weighted count of its word and its section's length in words, the section's part of its bm25
      -- score: a reload ranks the sections it indexed again against the stored champions without ranking every
      -- section holding the word. The index on id finds the lists a changed section is in. Filled by the next full
      -- index (the index version changes with this migration).
      ALTER TABLE library_champions ADD COLUMN freq REAL NOT NULL DEFAULT 0;
      ALTER TABLE library_champions ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX library_champions_by_id ON library_champions (id);
