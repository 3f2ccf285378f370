-- The respondent's receipt: the right to see a receipt or to delete a response comes from a secret that
-- only the respondent received (service/submission/receipt_secrets.h), stored here as its SHA-256 — never
-- from the public id that every export shows. Responses stored before this migration, and imported ones,
-- have none: no link can reach them.
-- deleted_receipts keeps, for the respondents' own deletions, the hash alone (no answer, no response id),
-- so a receipt link used again says "already deleted" (410) rather than "unknown" (404).
ALTER TABLE responses ADD COLUMN IF NOT EXISTS receipt_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL;
-- Not UNIQUE: 160-bit secrets do not collide, and a plain index costs the submissions less.
CREATE INDEX IF NOT EXISTS ix_responses_receipt ON responses (receipt_hash);

CREATE TABLE IF NOT EXISTS deleted_receipts (
  receipt_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  form_id INT UNSIGNED NOT NULL,
  deleted_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
