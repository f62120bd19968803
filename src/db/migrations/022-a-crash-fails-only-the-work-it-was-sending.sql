-- When a claimed item's send began: set in its own commit just before the send, so that the process taking over
-- from one that stopped fails only the item that may have gone out (never sent twice) and hands the ones never
-- tried back as pending (never dropped). Claims left by a process older than this column may have been in the
-- middle of a send: they count as tried.
ALTER TABLE scheduled_work ADD COLUMN attempted_at INTEGER;

UPDATE scheduled_work SET attempted_at = claimed_at WHERE state = 'claimed';
