-- The sign-ups of each form and group by state (schema/0013_waitlist.sql), kept as counters: the pilots'
-- statistics and dashboard show them on every view, and counting the registrations themselves took 2.4 s
-- at a million sign-ups. Moved in the transaction that changes a sign-up's state, under its group's row lock
-- like project_groups' counters (service/storage/registration_state_counts.h). Filled from the registrations
-- stored before; the service is stopped during the upgrade (deploy/README.md § 6).
CREATE TABLE IF NOT EXISTS registration_counts (
  form_id INT UNSIGNED NOT NULL,
  group_code VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  state VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (form_id, group_code, state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

START TRANSACTION;
DELETE FROM registration_counts;
INSERT INTO registration_counts (form_id, group_code, state, n)
SELECT form_id, group_code, state, COUNT(*) FROM registrations GROUP BY form_id, group_code, state;
COMMIT;
