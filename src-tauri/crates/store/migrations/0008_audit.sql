-- Schema 8: the audit log. Who opened the store, saw a person, changed, exported or took in data, and when.
-- Append-only and hash-chained: each entry's hash covers the previous entry's hash and its own fields, so an entry
-- edited, removed or moved breaks the chain (`reintegra verify`); the head is also kept in meta, so removing the
-- last entries shows too. The triggers refuse UPDATE and DELETE as a second line of defence. No personal data here:
-- the subject is a record id, a bundle id, a month or a count.
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,           -- 1, 2, 3 ... without gaps
    at        INTEGER NOT NULL,              -- milliseconds, UTC
    device    TEXT NOT NULL,                 -- the device id
    user      TEXT NOT NULL,
    action    TEXT NOT NULL,                 -- login, login_failed, change, view_person, bundle_export, ...
    subject   TEXT NOT NULL,                 -- a record or bundle id, a month, a count; '' when none
    prev_hash TEXT NOT NULL,                 -- the previous entry's hash (64 zeros for the first)
    hash      TEXT NOT NULL                  -- blake3 of prev_hash and this entry's fields, hex
) STRICT;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
