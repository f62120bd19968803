-- The start a series' schedule gave an occurrence, kept when a moderator moves it with /fireside edit: the series
-- makes no other occurrence near that slot, wherever the occurrence now stands. Judged by its moved start instead, an
-- occurrence moved by more than half the series' interval let the series make a second one in its own week, and
-- left the week it was moved into without one. Occurrences made before this column: their start, as before (one
-- already moved cannot be told apart).
ALTER TABLE discussions ADD COLUMN series_slot_at INTEGER;

UPDATE discussions SET series_slot_at = starts_at WHERE series_id IS NOT NULL;

-- Read for every start a series looks at (occurrence-store's `near`).
CREATE INDEX discussions_series_slot ON discussions (series_id, series_slot_at);
