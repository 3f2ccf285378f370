-- The pilots' dashboard sessions: the browser keeps a random session id, never the access token itself.
-- Only the SHA-256 of the id is stored. A session ends at logout (its row is deleted), when idle too long,
-- at its absolute age limit, or with its token (expired or revoked); the limits are the service's
-- (access::PilotSessionPolicy), checked against these two times.
CREATE TABLE IF NOT EXISTS pilot_sessions (
  session_sha256 CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  token_id INT UNSIGNED NOT NULL,
  created_at DATETIME(6) NOT NULL,
  last_seen_at DATETIME(6) NOT NULL,
  KEY ix_pilot_sessions_token (token_id),
  KEY ix_pilot_sessions_seen (last_seen_at),
  CONSTRAINT fk_pilot_sessions_token FOREIGN KEY (token_id) REFERENCES access_tokens (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
