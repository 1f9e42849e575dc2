-- Schema 5: sync. The devices this store trusts, the ledger of bundles, the open conflicts (derived from the
-- change log like the projections), and which people each field device has been sent.

CREATE TABLE devices (
    device_id    TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('field', 'supervisor')),
    public_keys  TEXT NOT NULL,               -- the document `reintegra keys public --json` printed
    added_at     INTEGER NOT NULL,            -- milliseconds, UTC
    revoked_at   INTEGER,
    acked_seq    INTEGER NOT NULL DEFAULT 0,  -- our log position this device has confirmed holding
    received_seq INTEGER NOT NULL DEFAULT 0,  -- its log position we hold everything up to (acknowledged back)
    last_import  INTEGER,
    last_export  INTEGER
) STRICT;
CREATE INDEX devices_by_name ON devices (name);

-- Every bundle written or taken in. A bundle id seen again is a replay: it changes nothing.
CREATE TABLE bundles (
    bundle_id  TEXT PRIMARY KEY,
    direction  TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    device_id  TEXT NOT NULL,                 -- the sender (in) or the first recipient (out)
    at         INTEGER NOT NULL,
    changes    INTEGER NOT NULL,
    report     TEXT NOT NULL                  -- JSON: what the import or export did
) STRICT;

-- Open conflicts. A pure function of the change log: recomputed with a record's projection, gone once a
-- resolution change settles them. For two payments of one month, record_id is the person and disputed the month.
CREATE TABLE conflicts (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    disputed    TEXT NOT NULL,
    candidates  TEXT NOT NULL
) STRICT;
CREATE INDEX conflicts_by_record ON conflicts (record_id);

-- The people whose records have been sent to a field device, and our log position when each was first sent:
-- until the device acknowledges past it, their whole history is sent again.
CREATE TABLE caseload (
    device_id  TEXT NOT NULL,
    person_id  TEXT NOT NULL,
    since_seq  INTEGER NOT NULL,
    PRIMARY KEY (device_id, person_id)
) STRICT, WITHOUT ROWID;
