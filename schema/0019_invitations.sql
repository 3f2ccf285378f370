-- Invitations (issue 19): the people the programme team invites to answer a form (`tnt-forms invite`), one
-- row per address and form, and how far each has gone: invited (the e-mail is queued), started (a step was
-- saved from the personal link), answered (the answers were sent). Their personal link is signed with the
-- service's key over `public_id` (service/submission/invitations.h): the table alone cannot make one.
--
-- Anonymity, by construction (docs/invitations.md says what is and is not linkable):
-- - a response holds nothing of its invitation, and this table nothing of its response: no shared id;
-- - "answered" is a state, with no time: it is written in a transaction of its own after the response's,
--   so nothing here has a timestamp to set beside the response's submitted_at;
-- - invited_on is a day, the reminders' last_reminded_at the time a reminder was queued (to the microsecond,
--   so that one run never reminds twice and the next may), a time at which nobody answered anything.
-- A draft started from an invitation points to it (drafts.invitation_id) until its answers are sent: the
-- draft goes then, and with it the only link.
CREATE TABLE IF NOT EXISTS invitations (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  form_id INT UNSIGNED NOT NULL,
  public_id CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  email VARCHAR(254) NOT NULL,
  insee CHAR(5) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  departement VARCHAR(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  commune VARCHAR(120) NOT NULL,
  mandate VARCHAR(64) NOT NULL,
  state ENUM('invited', 'started', 'answered') NOT NULL DEFAULT 'invited',
  invited_on DATE NOT NULL,
  reminders TINYINT UNSIGNED NOT NULL DEFAULT 0,
  last_reminded_at DATETIME(6) NULL,
  unsubscribed TINYINT(1) NOT NULL DEFAULT 0,
  UNIQUE KEY uq_invitations_public_id (public_id),
  UNIQUE KEY uq_invitations_email (form_id, email),
  KEY ix_invitations_state (form_id, state),
  CONSTRAINT fk_invitations_form FOREIGN KEY (form_id) REFERENCES forms (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE drafts ADD COLUMN IF NOT EXISTS invitation_id BIGINT UNSIGNED NULL;
ALTER TABLE drafts ADD CONSTRAINT fk_drafts_invitation FOREIGN KEY IF NOT EXISTS (invitation_id)
  REFERENCES invitations (id) ON DELETE CASCADE;
