      CREATE TABLE library_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      -- One row per page section; the texts live here and are read on demand, never all held in memory.
      -- title and aliases are filled on the overview row only, so a name match ranks the page's overview.
      CREATE TABLE library_sections (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL,
        section TEXT NOT NULL,
        title TEXT NOT NULL,
        aliases TEXT NOT NULL,
        heading TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (slug, section)
      ) STRICT;
      -- External content: the index does not store a second copy of the texts; snippet() reads library_sections.
      CREATE VIRTUAL TABLE library_fts USING fts5(
        title, aliases, heading, body,
        content='library_sections', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
      );
      -- ORDER BY rank uses these bm25 weights: names above headings above body text.
      INSERT INTO library_fts (library_fts, rank) VALUES ('rank', 'bm25(10.0, 8.0, 3.0, 1.0)');
      CREATE VIRTUAL TABLE library_vocab USING fts5vocab(library_fts, 'row');
      -- How many sections hold each word, copied from library_vocab at indexing (counting it live scans the word's list).
      CREATE TABLE library_terms (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) STRICT, WITHOUT ROWID;
      -- Champion lists: the best-ranked sections of each very common word, computed once at indexing,
      -- because ranking every section that holds such a word costs time in proportion to their number.
      CREATE TABLE library_champions (
        term TEXT NOT NULL,
        position INTEGER NOT NULL,
        id INTEGER NOT NULL,
        PRIMARY KEY (term, position)
      ) STRICT, WITHOUT ROWID;
