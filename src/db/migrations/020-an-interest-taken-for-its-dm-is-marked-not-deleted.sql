-- A member's interest taken for its DM is marked rather than deleted, and deleted once the DM is done with. Putting
-- it back after Discord refused to open the DM is then an update, which finds nothing when /privacy forget erased
-- the row meanwhile (an insert would bring it back). A mark left by a crash (the DM may have gone out) is deleted
-- by the retention sweep, never retried.
ALTER TABLE topic_interest ADD COLUMN taken_at INTEGER;

CREATE INDEX topic_interest_taken ON topic_interest (taken_at) WHERE taken_at IS NOT NULL;
