-- A member moved up from the waitlist is owed the notice that they are going, committed with the move itself: a
-- crash before the DM (or, for closed DMs, the mention) no longer leaves them going without being told. state:
-- 'owed' until its send begins; 'sending' from just before the DM (never sent again: it may have gone out);
-- 'mention' once the DM was refused as closed (50007) and a mention in the channel is owed instead. The row goes once
-- the notice is done with; one left 'sending' by a crash is deleted by the scheduler's sweep, never re-sent.
CREATE TABLE promotion_notices (
  discussion_id INTEGER NOT NULL REFERENCES discussions (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('owed', 'sending', 'mention')),
  since INTEGER NOT NULL,
  -- The send that took it (random, per send): a send settles only its own takes, never a later one of the same member
  -- (moved up again while the first notice was on its way).
  taken_by TEXT,
  PRIMARY KEY (discussion_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX promotion_notices_since ON promotion_notices (since);

CREATE INDEX promotion_notices_user ON promotion_notices (user_id);
