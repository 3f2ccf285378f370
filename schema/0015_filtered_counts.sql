-- Counters behind filtered statistics (issue 18): a group pilot's view and any range of dates are a sum over
-- the counters of the days and group sets they cover, instead of a scan of every matching response.
--
-- A response is counted under the Paris day it was submitted (`day`: days since 1970-01-01, the Paris
-- calendar date) and its group set: the sorted codes of the groups its registrations name, whatever their
-- state (a pilot's group filter keeps the responses registered to one of its groups, withdrawn or not — the
-- same rule as exports, service/storage/response_filter.cpp). A response's registrations are written with it
-- and never added later, so its set never changes. Counting per set rather than per group keeps a response
-- with two groups once in a filter naming both: a filter sums the sets that share a group with it.
-- Set 0 is "no group" (every response of a form without groups) and has no row here.
-- Form versions are not a key: statistics merge versions by question key, like the unfiltered counters.
-- No slots (unlike 0002): only the folder (0004) writes these counters, a run at a time.
CREATE TABLE IF NOT EXISTS group_sets (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  codes_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  codes TEXT CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  UNIQUE KEY uq_group_sets_hash (codes_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS group_set_members (
  group_code VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  set_id INT UNSIGNED NOT NULL,
  PRIMARY KEY (group_code, set_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- kind as in 0002: 0 respondents of a question, 1 an option chosen, 2 a numeric value given.
CREATE TABLE IF NOT EXISTS day_answer_counts (
  form_id INT UNSIGNED NOT NULL,
  day INT NOT NULL,
  set_id INT UNSIGNED NOT NULL,
  question_key VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind TINYINT UNSIGNED NOT NULL,
  option_key VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  value_key DOUBLE NOT NULL DEFAULT 0,
  n BIGINT NOT NULL,
  PRIMARY KEY (form_id, day, set_id, question_key, kind, option_key, value_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The same answer counters over all days, per group set: a group pilot's usual view (no dates) sums a few
-- rows per set instead of a few per set and day.
CREATE TABLE IF NOT EXISTS set_answer_counts (
  form_id INT UNSIGNED NOT NULL,
  set_id INT UNSIGNED NOT NULL,
  question_key VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind TINYINT UNSIGNED NOT NULL,
  option_key VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  value_key DOUBLE NOT NULL DEFAULT 0,
  n BIGINT NOT NULL,
  PRIMARY KEY (form_id, set_id, question_key, kind, option_key, value_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Responses per Paris day and group set (the statistics' responses per day).
CREATE TABLE IF NOT EXISTS day_response_counts (
  form_id INT UNSIGNED NOT NULL,
  day INT NOT NULL,
  set_id INT UNSIGNED NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (form_id, day, set_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Responses stored before this migration: every counter is emptied and every response listed as pending
-- again, in one transaction, so the service's folder counts each response once into the old counters and
-- the new ones (statistics read pending responses directly meanwhile: exact, slower until the fold is done;
-- about 40 s per million responses on two cores). Re-running it after a partial run is safe.
START TRANSACTION;
DELETE FROM answer_counts;
DELETE FROM response_counts;
DELETE FROM day_answer_counts;
DELETE FROM set_answer_counts;
DELETE FROM day_response_counts;
INSERT IGNORE INTO count_pending (response_id) SELECT id FROM responses;
COMMIT;
