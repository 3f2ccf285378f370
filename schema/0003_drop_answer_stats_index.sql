-- Statistics now read the counters of 0002 (unfiltered) or join from the responses (filtered), so the
-- secondary index of every answer row no longer pays for itself: each submission writes a dozen answer
-- rows, and this index was a dozen more B-tree insertions in the hot path.
ALTER TABLE answers DROP INDEX IF EXISTS ix_answers_stats;
