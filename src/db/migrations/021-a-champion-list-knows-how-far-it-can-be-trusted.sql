-- What a word's stored champion list can promise about the sections it does not hold, so that a search for the word
-- alone can be served from the list exactly as FTS5 would rank it, or else is ranked in FTS5:
-- * `bound`: none of them weighed more (the word's part of bm25 before its idf) when the average section had `avgdl`
--   words, except
-- * the tie's twins: sections with the same weighted count (`tie_freq`) and length (`tie_size`) as the section
--   `tie_id`, which weigh the same as it under any totals, all with higher row ids (none when `tie_id` is null).
-- Filled by the next full index (the index version changes with this migration).
CREATE TABLE library_list_bounds (
  term TEXT PRIMARY KEY,
  bound REAL NOT NULL,
  avgdl REAL NOT NULL,
  tie_id INTEGER,
  tie_freq REAL,
  tie_size INTEGER
) STRICT, WITHOUT ROWID;
