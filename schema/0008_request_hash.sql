-- An Idempotency-Key replays the response it created only for the same answers: the SHA-256 of the answers
-- as received is kept with the response, and a retry whose answers differ is refused (422
-- idempotency_key_reused) instead of silently returning another response's id. NULL for responses stored
-- before this migration: their replays are accepted as before.
ALTER TABLE responses ADD COLUMN IF NOT EXISTS request_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL;
