-- Reintegra store, schema 1. Append-only: never edit a migration that has landed; add the next file instead.

-- This device: id, name, role, clock. One row per key.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The immutable change log. Every edit, local or imported, is one row; visible records are projections of it.
CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY,          -- local arrival order (what to send next)
    change_id  TEXT NOT NULL UNIQUE,         -- UUIDv7, the idempotency key
    kind       TEXT NOT NULL,                -- record type, as in the JSON Lines contract
    record_id  TEXT NOT NULL,
    base       TEXT NOT NULL,                -- JSON list of the change ids this edit was made on top of
    hlc        INTEGER NOT NULL,
    device_id  TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    op         TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
    fields     TEXT NOT NULL                 -- JSON object: only the fields this change set
) STRICT;
CREATE INDEX changes_by_record ON changes (kind, record_id);

-- Projection of people. `data` is the canonical JSON of the record's fields; the other columns are derived for
-- queries and rewritten with it.
CREATE TABLE persons (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    hlc         INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    heads       TEXT NOT NULL,
    search_key  TEXT NOT NULL,
    sort_key    TEXT NOT NULL,
    role        TEXT GENERATED ALWAYS AS (json_extract(data, '$.role')) VIRTUAL,
    birth_date  TEXT GENERATED ALWAYS AS (json_extract(data, '$.birth_date')) VIRTUAL,
    dui         TEXT GENERATED ALWAYS AS (json_extract(data, '$.dui')) VIRTUAL,
    municipality TEXT GENERATED ALWAYS AS (json_extract(data, '$.municipality')) VIRTUAL
) STRICT;
CREATE INDEX persons_sort ON persons (deleted, sort_key);
CREATE INDEX persons_birth_date ON persons (birth_date);
CREATE INDEX persons_dui ON persons (dui);
