-- Bulk load for the filtered statistics benchmark: @n registrations to inscription-groupes-projets, each to
-- one, two or three of the programme's nine groups (forms/groups.yaml), with their answer rows and their
-- registrations, generated in SQL (MariaDB's sequence engine). Dated through 2025 (a response every 31 s:
-- 359 days for a million), with the sign-ups' counters (schema/0016) they add up to; tests/bench/run.sh then
-- lists them as pending for the service's folder. Run after the service has recorded its forms and groups.
-- Variables: @n (responses).
SET @form = (SELECT id FROM forms WHERE slug = 'inscription-groupes-projets');
SET @version = (SELECT current_version_id FROM forms WHERE slug = 'inscription-groupes-projets');
SET @first = (SELECT COALESCE(MAX(id), 0) FROM responses);
SET SESSION unique_checks = 0, foreign_key_checks = 0;

INSERT INTO responses (public_id, form_id, form_version_id, submitted_at, answers, answer_rows)
SELECT CONCAT('g', LPAD(@first + seq, 21, '0')), @form, @version, TIMESTAMPADD(SECOND, seq * 31, '2025-01-01 07:00:00'),
       JSON_OBJECT('prenom', 'Camille', 'nom', CONCAT('Agent ', seq), 'email', CONCAT('agent', seq, '@collectivite.fr'),
                   'structure', CONCAT('Commune n° ', seq % 5000), 'type_structure', type_structure, 'role', role,
                   'fonction', 'Chargée de mission numérique', 'departement', departement, 'groupes', JSON_EXTRACT(codes, '$'),
                   'consentement', TRUE),
       JSON_ARRAY(JSON_ARRAY('prenom', '', NULL), JSON_ARRAY('nom', '', NULL), JSON_ARRAY('email', '', NULL),
                  JSON_ARRAY('structure', '', NULL), JSON_ARRAY('type_structure', type_structure, NULL),
                  JSON_ARRAY('role', role, NULL), JSON_ARRAY('fonction', '', NULL),
                  JSON_ARRAY('departement', departement, NULL), JSON_ARRAY('groupes', g1, NULL),
                  JSON_ARRAY('consentement', 'oui', NULL))
FROM (SELECT seq, type_structure, role, departement, g1,
             IF(g3 IS NULL, IF(g2 IS NULL, JSON_ARRAY(g1), JSON_ARRAY(g1, g2)), JSON_ARRAY(g1, g2, g3)) AS codes
      FROM (SELECT seq, ELT(1 + seq % 7, 'commune', 'epci', 'departement', 'region', 'syndicat_mixte',
                            'association_elus', 'etat') AS type_structure,
                   ELT(1 + seq % 2, 'elu', 'agent') AS role,
                   LPAD(1 + seq % 95, 2, '0') AS departement,
                   ELT(1 + seq % 9, 'GP1', 'GP2', 'GP3', 'GP5', 'GP6', 'GP8', 'GP9', 'GP10', 'GP11') AS g1,
                   IF(seq % 3 = 0, ELT(1 + (seq % 9 + 1 + (seq DIV 9) % 4) % 9,
                                       'GP1', 'GP2', 'GP3', 'GP5', 'GP6', 'GP8', 'GP9', 'GP10', 'GP11'), NULL) AS g2,
                   IF(seq % 15 = 0, ELT(1 + (seq % 9 + 5 + (seq DIV 36) % 4) % 9,
                                        'GP1', 'GP2', 'GP3', 'GP5', 'GP6', 'GP8', 'GP9', 'GP10', 'GP11'), NULL) AS g3
            FROM seq_1_to_1000000 WHERE seq <= @n) v) w;

-- The other groups' rows of the responses with two or three (the answer rows above hold the first).
UPDATE responses r
SET r.answer_rows = JSON_ARRAY_APPEND(r.answer_rows, '$', JSON_ARRAY('groupes', JSON_UNQUOTE(JSON_EXTRACT(r.answers, '$.groupes[1]')), NULL))
WHERE r.id > @first AND r.form_id = @form AND JSON_LENGTH(r.answers, '$.groupes') >= 2;
UPDATE responses r
SET r.answer_rows = JSON_ARRAY_APPEND(r.answer_rows, '$', JSON_ARRAY('groupes', JSON_UNQUOTE(JSON_EXTRACT(r.answers, '$.groupes[2]')), NULL))
WHERE r.id > @first AND r.form_id = @form AND JSON_LENGTH(r.answers, '$.groupes') = 3;

INSERT INTO registrations (response_id, group_code, form_id, state)
SELECT r.id, j.code, @form, 'registered'
FROM responses r, JSON_TABLE(r.answers, '$.groupes[*]' COLUMNS (code VARCHAR(32) PATH '$')) j
WHERE r.id > @first AND r.form_id = @form;

INSERT INTO registration_counts (form_id, group_code, state, n)
SELECT form_id, group_code, state, COUNT(*) FROM registrations WHERE response_id > @first
GROUP BY form_id, group_code, state
ON DUPLICATE KEY UPDATE n = n + VALUES(n);

SET SESSION unique_checks = 1, foreign_key_checks = 1;
