-- Bulk load for the export and statistics benchmarks: @n realistic responses to satisfaction-agenda with
-- their answer rows (responses.answer_rows), generated in SQL (MariaDB's sequence engine), not through
-- HTTP; tests/bench/run.sh then lists them as pending for the service's folder. Run after the service has
-- recorded its forms. They are
-- dated from 2025-09-01 (a response every 7 s: 81 days for a million), before the benchmark's own submissions.
-- Variables: @n (responses).
SET @form = (SELECT id FROM forms WHERE slug = 'satisfaction-agenda');
SET @version = (SELECT current_version_id FROM forms WHERE slug = 'satisfaction-agenda');
SET @first = (SELECT COALESCE(MAX(id), 0) FROM responses);
SET SESSION unique_checks = 0, foreign_key_checks = 0;

INSERT INTO responses (public_id, form_id, form_version_id, submitted_at, answers, answer_rows)
SELECT CONCAT('b', LPAD(@first + seq, 21, '0')), @form, @version, TIMESTAMPADD(SECOND, seq * 7, '2025-09-01 08:00:00'),
       JSON_OBJECT('profil', profil, 'frequence', frequence, 'satisfaction_generale', satisfaction, 'utilite', utilite,
                   'facilite', facilite, 'exhaustivite', exhaustivite, 'recommandation', recommandation,
                   'rubriques_utilisees', JSON_ARRAY(rubrique), 'suggestion', suggestion),
       IF(suggestion IS NULL, rows_json, JSON_ARRAY_APPEND(rows_json, '$', JSON_ARRAY('suggestion', '', NULL)))
FROM (SELECT seq, profil, frequence, satisfaction, utilite, facilite, exhaustivite, recommandation, rubrique, suggestion,
             JSON_ARRAY(JSON_ARRAY('profil', profil, NULL), JSON_ARRAY('frequence', frequence, NULL),
                        JSON_ARRAY('satisfaction_generale', '', satisfaction), JSON_ARRAY('utilite', '', utilite),
                        JSON_ARRAY('facilite', '', facilite), JSON_ARRAY('exhaustivite', '', exhaustivite),
                        JSON_ARRAY('recommandation', '', recommandation),
                        JSON_ARRAY('rubriques_utilisees', rubrique, NULL)) AS rows_json
      FROM (SELECT seq, ELT(1 + seq % 5, 'elu', 'agent_collectivite', 'agent_etat', 'opsn', 'entreprise') AS profil,
                   ELT(1 + seq % 4, 'chaque_semaine', 'chaque_mois', 'quelques_fois_par_an', 'premiere_fois') AS frequence,
                   1 + seq % 5 AS satisfaction, 1 + (seq DIV 3) % 5 AS utilite, 1 + (seq DIV 7) % 5 AS facilite,
                   1 + (seq DIV 11) % 5 AS exhaustivite, seq % 11 AS recommandation,
                   ELT(1 + seq % 6, 'echeances', 'chantiers', 'ressources', 'financements', 'evenements', 'contacts') AS rubrique,
                   IF(seq % 4 = 0, CONCAT('Suggestion n° ', seq, ' ; « accents », "guillemets"'), NULL) AS suggestion
            FROM seq_1_to_1000000 WHERE seq <= @n) v) g;

SET SESSION unique_checks = 1, foreign_key_checks = 1;
