-- Amendments (issue 19): a respondent changes their answers until the form closes, from their receipt's
-- "Modifier mes réponses" link (the receipt secret is the right to it). The change replaces the answers in
-- one transaction and keeps submitted_at; updated_at says when it was last changed (NULL: never). The
-- statistics counters follow in the same transaction: the old answers leave them (when already counted)
-- and the response is listed as pending again, so its new answers are counted like a new response's.
ALTER TABLE responses ADD COLUMN IF NOT EXISTS updated_at DATETIME(6) NULL;
