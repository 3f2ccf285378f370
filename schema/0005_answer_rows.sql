-- The answer rows behind the statistics move into the response itself: one compact JSON array per
-- response, [[question, option, number], …] (option "" and number null when the question has none; text
-- answers appear only as their question). A submission wrote 10 to 25 rows into `answers` — 40 % of the
-- database's work per submission; the folder, deletions and filtered statistics read this column instead.
-- Re-runnable: the column is added once, and only responses without it are filled.
ALTER TABLE responses ADD COLUMN IF NOT EXISTS answer_rows LONGTEXT NULL;

UPDATE responses r
SET r.answer_rows = COALESCE((SELECT JSON_ARRAYAGG(JSON_ARRAY(a.question_key, a.option_key, a.num_value))
                              FROM answers a WHERE a.response_id = r.id), '[]')
WHERE r.answer_rows IS NULL;
