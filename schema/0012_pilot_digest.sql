-- The pilots' daily digest (issue 16): a token created with `--notify EMAIL` gets, once a day, the number of
-- new registrations to the groups in its scope (no personal data). `digest_until` is the end (UTC) of the
-- period the last digest covered; the next one counts the registrations submitted after it.
ALTER TABLE access_tokens
  ADD COLUMN IF NOT EXISTS notify_email VARCHAR(320) NULL,
  ADD COLUMN IF NOT EXISTS digest_until DATETIME(6) NULL;
