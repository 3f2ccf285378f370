-- The deletions' audit log (issue 14, item 8): who deleted which response, when and why — never an answer.
-- `deleted_by` is 'repondant' (the respondent's deletion link) or 'purge' (`tnt-forms purge`, the form's
-- retention period); `reason` says it in French. The response's public id and submission time identify it
-- as the exports did. Written in the same transaction as the deletion: no deletion without its line.
CREATE TABLE IF NOT EXISTS deletion_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  form_id INT UNSIGNED NOT NULL,
  response_public_id CHAR(22) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  submitted_at DATETIME(6) NOT NULL,
  deleted_by VARCHAR(32) NOT NULL,
  reason VARCHAR(255) NOT NULL,
  deleted_at DATETIME(6) NOT NULL,
  KEY ix_deletion_log_form_time (form_id, deleted_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
