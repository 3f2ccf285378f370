-- The answer rows now live in responses.answer_rows (0005); the texts were always in responses.answers.
DROP TABLE IF EXISTS answers;
