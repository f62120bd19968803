-- Retention (issue 13). A server's retention in days (NULL: the default, 30); when a discussion was cancelled, so
-- that its purge is counted from then (cancelled before this migration: its last change, the cancel itself); and
-- what a purge keeps of a discussion once its per-member rows are gone: the counts, and when it happened.
ALTER TABLE guild_settings ADD COLUMN retention_days INTEGER CHECK (retention_days BETWEEN 1 AND 365);

ALTER TABLE discussions ADD COLUMN cancelled_at INTEGER;

UPDATE discussions SET cancelled_at = updated_at WHERE status = 'cancelled';

ALTER TABLE discussions ADD COLUMN purged_at INTEGER;

ALTER TABLE discussions ADD COLUMN kept_going INTEGER;

ALTER TABLE discussions ADD COLUMN kept_maybe INTEGER;

ALTER TABLE discussions ADD COLUMN kept_declined INTEGER;

ALTER TABLE discussions ADD COLUMN kept_waitlisted INTEGER;

ALTER TABLE discussions ADD COLUMN kept_questions INTEGER;

-- The purge looks only at discussions not purged yet: upcoming ones and those inside their retention.
CREATE INDEX discussions_not_purged ON discussions (id) WHERE purged_at IS NULL;

-- Whether a member still has anything that needs their DM channel, asked per member.
CREATE INDEX IF NOT EXISTS topic_interest_user ON topic_interest (user_id);

CREATE INDEX IF NOT EXISTS mentions_owed_user ON mentions_owed (user_id);
