-- An anonymous question keeps no author at all, so nobody (moderators, facilitators, whoever holds the database
-- file) can trace it: user_id becomes nullable, NULL exactly when the question is anonymous. SQLite cannot drop a
-- NOT NULL in place, so the table is rebuilt (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of
-- Table Schema Changes"), in this migration's transaction. Nothing references questions, so foreign keys stay on.
ALTER TABLE questions RENAME TO questions_old;

CREATE TABLE questions (
  id INTEGER PRIMARY KEY,
  discussion_id INTEGER NOT NULL REFERENCES discussions (id) ON DELETE CASCADE,
  -- The member who asked under their name; NULL for an anonymous question.
  user_id TEXT,
  anonymous INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
  text TEXT NOT NULL,
  asked_at INTEGER NOT NULL,
  CHECK ((anonymous = 1) = (user_id IS NULL))
) STRICT;

INSERT INTO questions (id, discussion_id, user_id, anonymous, text, asked_at)
  SELECT id, discussion_id, CASE WHEN anonymous = 1 THEN NULL ELSE user_id END, anonymous = 1, text, asked_at
  FROM questions_old;

DROP TABLE questions_old;

CREATE INDEX questions_discussion ON questions (discussion_id, asked_at);

-- /privacy show and forget find a member's named questions without reading every question.
CREATE INDEX questions_user ON questions (user_id) WHERE user_id IS NOT NULL;
