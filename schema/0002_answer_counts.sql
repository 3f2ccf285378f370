-- Counters behind unfiltered statistics, kept in the transaction that stores (or deletes) a response, so
-- statistics of a million responses read a few hundred rows instead of scanning every answer.
-- Each counter is split over 16 slots (a transaction picks one at random) so concurrent submissions do
-- not queue on one hot row; a figure is the SUM over its slots.
--   kind 0: respondents of a question; 1: an option chosen; 2: a numeric value given.

CREATE TABLE IF NOT EXISTS answer_counts (
  form_id INT UNSIGNED NOT NULL,
  question_key VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind TINYINT UNSIGNED NOT NULL,
  option_key VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  value_key DOUBLE NOT NULL DEFAULT 0,
  slot TINYINT UNSIGNED NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (form_id, question_key, kind, option_key, value_key, slot)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS response_counts (
  form_id INT UNSIGNED NOT NULL,
  hour INT NOT NULL,
  slot TINYINT UNSIGNED NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (form_id, hour, slot)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Responses stored before this migration, counted once (slot 0). Re-running it after a partial run is
-- safe: the tables are emptied first.
DELETE FROM answer_counts;
DELETE FROM response_counts;

INSERT INTO answer_counts (form_id, question_key, kind, option_key, value_key, slot, n)
SELECT form_id, question_key, 0, '', 0, 0, COUNT(DISTINCT response_id) FROM answers GROUP BY form_id, question_key;

INSERT INTO answer_counts (form_id, question_key, kind, option_key, value_key, slot, n)
SELECT form_id, question_key, 1, option_key, 0, 0, COUNT(*) FROM answers WHERE option_key <> ''
GROUP BY form_id, question_key, option_key;

INSERT INTO answer_counts (form_id, question_key, kind, option_key, value_key, slot, n)
SELECT form_id, question_key, 2, '', num_value, 0, COUNT(*) FROM answers WHERE num_value IS NOT NULL
GROUP BY form_id, question_key, num_value;

INSERT INTO response_counts (form_id, hour, slot, n)
SELECT form_id, TIMESTAMPDIFF(HOUR, '1970-01-01 00:00:00', submitted_at), 0, COUNT(*) FROM responses
GROUP BY form_id, TIMESTAMPDIFF(HOUR, '1970-01-01 00:00:00', submitted_at);
