-- Schema 9: minimisation on field laptops, and the audit log travelling to the central file.

-- At a supervisor: when a person left a field device's caseload (our log position). The release is named in every
-- bundle to that device until it acknowledges past it; a return to the caseload clears it and sends the whole
-- history again, the device's own changes included (it purged them).
ALTER TABLE caseload ADD COLUMN released_seq INTEGER;

-- At a field laptop: people the central file says have left this laptop's caseload (`released_seq`: the central
-- log position when they left). Purged once the central file holds every change this laptop made about them.
CREATE TABLE released (
    person_id     TEXT PRIMARY KEY,
    sender        TEXT NOT NULL,
    released_seq  INTEGER NOT NULL,
    purged_at     INTEGER                  -- milliseconds, UTC; NULL until purged
) STRICT;

-- The records purged with a released person (ids only): a late copy of one of their changes, from a bundle older
-- than the release, is not taken in again.
CREATE TABLE purged (
    kind       TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    person_id  TEXT NOT NULL,
    PRIMARY KEY (kind, record_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX purged_by_person ON purged (person_id);

-- How far each device holds our audit log (confirmed in its bundles).
ALTER TABLE devices ADD COLUMN audit_acked INTEGER NOT NULL DEFAULT 0;

-- At a supervisor: the audit log of every device that sends it bundles, as received, each chain checked by
-- `reintegra verify`. Append-only like our own.
CREATE TABLE audit_received (
    device    TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    user      TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL,
    bundle_id TEXT NOT NULL,               -- the bundle that brought it
    PRIMARY KEY (device, seq)
) STRICT;

CREATE TRIGGER audit_received_no_update BEFORE UPDATE ON audit_received
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_received_no_delete BEFORE DELETE ON audit_received
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
