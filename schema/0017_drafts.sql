-- Respondents' drafts (issue 19): the answers of a step-by-step form kept between its steps, and resumed
-- later from a link. The right to resume or change a draft is its secret (service/submission/signed_secrets.h,
-- purpose "draft"), given only to the respondent and stored here as its SHA-256. `answers` is the answers
-- object as posted, not yet validated (a draft is incomplete by nature); it is validated step by step and
-- whole when sent. A draft lives until the form closes, at most the form's retention, and goes when its
-- answers are sent, when it is resumed after its expiry or the form's closing, and at the daily purge
-- (`tnt-forms purge`). It holds no link to the response its answers become.
CREATE TABLE IF NOT EXISTS drafts (
  secret_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  form_id INT UNSIGNED NOT NULL,
  answers MEDIUMTEXT NOT NULL,
  step SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  KEY ix_drafts_expiry (expires_at),
  CONSTRAINT fk_drafts_form FOREIGN KEY (form_id) REFERENCES forms (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
