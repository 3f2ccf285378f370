-- tnt-forms: the first schema. One row per form version, responses with their answers as JSON for
-- faithful export and one row per answered value for statistics by SQL aggregation, groups with their
-- registration counters (capacity checked in the sign-up's transaction), uniqueness claims for
-- unique_by, pilot access tokens and the export log. All times are UTC, DATETIME(6).
-- MariaDB commits DDL one statement at a time: every statement can be re-run (IF NOT EXISTS).

CREATE TABLE IF NOT EXISTS forms (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  slug VARCHAR(100) NOT NULL,
  current_version_id INT UNSIGNED NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY uq_forms_slug (slug)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS form_versions (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  form_id INT UNSIGNED NOT NULL,
  version INT UNSIGNED NOT NULL,
  sha256 CHAR(64) NOT NULL,
  definition LONGTEXT NOT NULL CHECK (JSON_VALID(definition)),
  opens_at DATETIME(6) NULL,
  closes_at DATETIME(6) NULL,
  loaded_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY uq_form_versions_hash (form_id, sha256),
  UNIQUE KEY uq_form_versions_number (form_id, version),
  CONSTRAINT fk_form_versions_form FOREIGN KEY (form_id) REFERENCES forms (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS responses (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  public_id CHAR(22) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  form_id INT UNSIGNED NOT NULL,
  form_version_id INT UNSIGNED NOT NULL,
  submitted_at DATETIME(6) NOT NULL,
  idempotency_key VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NULL,
  source VARCHAR(255) NULL,
  answers LONGTEXT NOT NULL CHECK (JSON_VALID(answers)),
  UNIQUE KEY uq_responses_public_id (public_id),
  UNIQUE KEY uq_responses_idempotency (form_id, idempotency_key),
  KEY ix_responses_form_time (form_id, submitted_at, id),
  CONSTRAINT fk_responses_version FOREIGN KEY (form_version_id) REFERENCES form_versions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS answers (
  response_id BIGINT UNSIGNED NOT NULL,
  form_id INT UNSIGNED NOT NULL,
  question_key VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  option_key VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  num_value DOUBLE NULL,
  text_value TEXT NULL,
  PRIMARY KEY (response_id, question_key, option_key),
  KEY ix_answers_stats (form_id, question_key, option_key, num_value),
  CONSTRAINT fk_answers_response FOREIGN KEY (response_id) REFERENCES responses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS project_groups (
  code VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  capacity INT UNSIGNED NULL,
  registration_deadline DATETIME(6) NULL,
  registered INT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS registrations (
  response_id BIGINT UNSIGNED NOT NULL,
  group_code VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  form_id INT UNSIGNED NOT NULL,
  PRIMARY KEY (response_id, group_code),
  KEY ix_registrations_group (group_code, form_id, response_id),
  CONSTRAINT fk_registrations_response FOREIGN KEY (response_id) REFERENCES responses (id) ON DELETE CASCADE,
  CONSTRAINT fk_registrations_group FOREIGN KEY (group_code) REFERENCES project_groups (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- unique_by: one row per claim (e.g. sha256 of "email|group"); the primary key refuses a second one.
CREATE TABLE IF NOT EXISTS unique_claims (
  form_id INT UNSIGNED NOT NULL,
  claim CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  response_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (form_id, claim),
  KEY ix_unique_claims_response (response_id),
  CONSTRAINT fk_unique_claims_response FOREIGN KEY (response_id) REFERENCES responses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS access_tokens (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  secret_sha256 CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  scopes TEXT NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  expires_at DATETIME(6) NULL,
  revoked_at DATETIME(6) NULL,
  UNIQUE KEY uq_access_tokens_secret (secret_sha256)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS export_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token_name VARCHAR(255) NOT NULL,
  form_slug VARCHAR(100) NOT NULL,
  scope TEXT NOT NULL,
  kind VARCHAR(32) NOT NULL,
  row_count BIGINT UNSIGNED NOT NULL,
  exported_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
