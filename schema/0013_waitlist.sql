-- Waitlists and offers (issue 17). A sign-up to a group is a row of `registrations` with a state:
--   registered  holds a place;
--   waitlisted  waits, in the order of `position` (a per-group sequence: project_groups.next_position);
--   offered     holds a place until `offer_expires_at`, offered to the first waitlisted person when a place
--               was freed; the offer link's secret is stored as its SHA-256 (`offer_hash`) only;
--   withdrawn, declined, expired: left the group (kept, so that the person's receipt and the pilots' export
--               still say what became of the sign-up).
-- project_groups.registered counts the places held, registered and offered together: the conditional
-- UPDATE of a sign-up keeps it at or below the capacity, so registered + offered ≤ capacity at every
-- commit. `waitlisted` counts the waiting rows; every change of a group's counters is made under its row
-- lock (the UPDATE itself, or SELECT … FOR UPDATE), in the transaction that changes the rows it counts.
-- `waitlist` and `offer_hours` are the catalogue's keys, written by the start-up synchronisation.
ALTER TABLE project_groups
  ADD COLUMN IF NOT EXISTS waitlist TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS offer_hours INT UNSIGNED NOT NULL DEFAULT 48,
  ADD COLUMN IF NOT EXISTS waitlisted INT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS next_position INT UNSIGNED NOT NULL DEFAULT 1;

ALTER TABLE registrations
  ADD COLUMN IF NOT EXISTS state ENUM('registered', 'waitlisted', 'offered', 'withdrawn', 'declined', 'expired')
    NOT NULL DEFAULT 'registered',
  ADD COLUMN IF NOT EXISTS position INT UNSIGNED NULL,
  ADD COLUMN IF NOT EXISTS offer_expires_at DATETIME(6) NULL,
  ADD COLUMN IF NOT EXISTS offer_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN IF NOT EXISTS changed_at DATETIME(6) NULL;

-- The first waitlisted person of a group; the offers that lapse; an offer link's row.
CREATE INDEX IF NOT EXISTS ix_registrations_queue ON registrations (group_code, state, position);
CREATE INDEX IF NOT EXISTS ix_registrations_offer_expiry ON registrations (state, offer_expires_at);
CREATE INDEX IF NOT EXISTS ix_registrations_offer ON registrations (offer_hash);
