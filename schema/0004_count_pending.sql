-- Responses stored but not yet in the statistics counters of 0002. A submission adds one narrow row here
-- instead of updating dozens of counters in its own transaction; the service's folder
-- (service/storage/answer_count_folder.cpp) moves a run of them into the counters in one transaction —
-- each counter row then changes once per run instead of once per submission. Statistics read the counters
-- plus the answers of the responses still listed here, in one snapshot, so they are exact at every moment.
-- Responses stored before this migration are all counted already: the table starts empty.
-- `run` marks the rows a fold has taken (a random number per fold), so its sums and its deletion cover
-- exactly those rows, whatever is added beside them meanwhile; its index keeps a fold's reads and locks
-- on its own rows.
CREATE TABLE IF NOT EXISTS count_pending (
  response_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  run BIGINT UNSIGNED NULL,
  KEY ix_count_pending_run (run),
  CONSTRAINT fk_count_pending_response FOREIGN KEY (response_id) REFERENCES responses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
