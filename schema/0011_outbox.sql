-- The e-mail outbox (issue 16): every message the service sends is first a row here, inserted in the same
-- transaction as the submission that causes it, so that a message exists exactly when its response does.
-- Sender threads claim due rows (SELECT … FOR UPDATE SKIP LOCKED, then `next_attempt_at` moved past the
-- claim's lease, committed before the SMTP conversation), send them and mark them sent; failures are retried
-- with back-off, then marked failed. `payload` is what the message says, as JSON (the template values,
-- the respondent's receipt secret for the withdrawal link): the sender renders it into MIME when it sends,
-- so the submission's transaction writes a few hundred bytes, not the whole message. It and the recipient
-- are emptied once the message is sent or has failed, and the rows of a deleted response go with it.
-- `message_id` is the Message-ID header, fixed when queued, so that a message sent twice after a crash is
-- recognisable as one.
CREATE TABLE IF NOT EXISTS outbox (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  message_id VARCHAR(190) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind VARCHAR(32) NOT NULL,
  response_id BIGINT UNSIGNED NULL,
  recipient VARCHAR(320) NOT NULL,
  payload MEDIUMBLOB NULL,
  state ENUM('pending', 'sent', 'failed') NOT NULL DEFAULT 'pending',
  attempts INT UNSIGNED NOT NULL DEFAULT 0,
  created_at DATETIME(3) NOT NULL,
  next_attempt_at DATETIME(3) NOT NULL,
  finished_at DATETIME(3) NULL,
  last_error VARCHAR(255) NULL,
  UNIQUE KEY uq_outbox_message_id (message_id),
  KEY ix_outbox_due (state, next_attempt_at),
  CONSTRAINT fk_outbox_response FOREIGN KEY (response_id) REFERENCES responses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
