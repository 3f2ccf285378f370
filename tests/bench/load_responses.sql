-- Bulk load for the export and statistics benchmarks: @n realistic responses to satisfaction-agenda with
-- their answer rows, generated in SQL (MariaDB's sequence engine), not through HTTP. Run after the
-- service has recorded its forms. Variables: @n (responses).
SET @form = (SELECT id FROM forms WHERE slug = 'satisfaction-agenda');
SET @version = (SELECT current_version_id FROM forms WHERE slug = 'satisfaction-agenda');
SET @first = (SELECT COALESCE(MAX(id), 0) FROM responses);
SET SESSION unique_checks = 0, foreign_key_checks = 0;

INSERT INTO responses (public_id, form_id, form_version_id, submitted_at, answers)
SELECT CONCAT('b', LPAD(@first + seq, 21, '0')), @form, @version,
       TIMESTAMPADD(SECOND, seq * 7, '2026-11-01 08:00:00'),
       JSON_OBJECT('profil', ELT(1 + seq % 5, 'elu', 'agent_collectivite', 'agent_etat', 'opsn', 'entreprise'),
                   'frequence', ELT(1 + seq % 4, 'chaque_semaine', 'chaque_mois', 'quelques_fois_par_an', 'premiere_fois'),
                   'satisfaction_generale', 1 + seq % 5, 'utilite', 1 + (seq DIV 3) % 5, 'facilite', 1 + (seq DIV 7) % 5,
                   'exhaustivite', 1 + (seq DIV 11) % 5, 'recommandation', seq % 11,
                   'rubriques_utilisees', JSON_ARRAY(ELT(1 + seq % 6, 'echeances', 'chantiers', 'ressources', 'financements', 'evenements', 'contacts')),
                   'suggestion', IF(seq % 4 = 0, CONCAT('Suggestion n° ', seq, ' ; « accents », "guillemets"'), NULL))
FROM seq_1_to_1000000 WHERE seq <= @n;

INSERT INTO answers (response_id, form_id, question_key, option_key, num_value, text_value)
SELECT r.id, @form, q.k,
       CASE q.k WHEN 'profil' THEN JSON_VALUE(r.answers, '$.profil')
                WHEN 'frequence' THEN JSON_VALUE(r.answers, '$.frequence')
                WHEN 'rubriques_utilisees' THEN JSON_VALUE(r.answers, '$.rubriques_utilisees[0]')
                ELSE '' END,
       CASE WHEN q.k IN ('profil', 'frequence', 'rubriques_utilisees', 'suggestion') THEN NULL
            ELSE JSON_VALUE(r.answers, CONCAT('$.', q.k)) END,
       IF(q.k = 'suggestion', JSON_VALUE(r.answers, '$.suggestion'), NULL)
FROM responses r
JOIN (SELECT 'profil' AS k UNION ALL SELECT 'frequence' UNION ALL SELECT 'satisfaction_generale'
      UNION ALL SELECT 'utilite' UNION ALL SELECT 'facilite' UNION ALL SELECT 'exhaustivite'
      UNION ALL SELECT 'recommandation' UNION ALL SELECT 'rubriques_utilisees' UNION ALL SELECT 'suggestion') q
WHERE r.id > @first AND r.form_id = @form AND (q.k <> 'suggestion' OR JSON_VALUE(r.answers, '$.suggestion') IS NOT NULL);

-- The statistics counters the service keeps at each submission (schema/0002_answer_counts.sql).
INSERT INTO answer_counts (form_id, question_key, kind, option_key, value_key, slot, n)
SELECT @form, question_key, 0, '', 0, 0, COUNT(*) FROM answers WHERE response_id > @first GROUP BY question_key
ON DUPLICATE KEY UPDATE n = n + VALUES(n);
INSERT INTO answer_counts (form_id, question_key, kind, option_key, value_key, slot, n)
SELECT @form, question_key, 1, option_key, 0, 0, COUNT(*) FROM answers WHERE response_id > @first AND option_key <> ''
GROUP BY question_key, option_key
ON DUPLICATE KEY UPDATE n = n + VALUES(n);
INSERT INTO answer_counts (form_id, question_key, kind, option_key, value_key, slot, n)
SELECT @form, question_key, 2, '', num_value, 0, COUNT(*) FROM answers WHERE response_id > @first AND num_value IS NOT NULL
GROUP BY question_key, num_value
ON DUPLICATE KEY UPDATE n = n + VALUES(n);
INSERT INTO response_counts (form_id, hour, slot, n)
SELECT @form, TIMESTAMPDIFF(HOUR, '1970-01-01 00:00:00', submitted_at), 0, COUNT(*) FROM responses WHERE id > @first
GROUP BY TIMESTAMPDIFF(HOUR, '1970-01-01 00:00:00', submitted_at)
ON DUPLICATE KEY UPDATE n = n + VALUES(n);

SET SESSION unique_checks = 1, foreign_key_checks = 1;
