-- Schema 4: municipalities and their districts as editable reference data (laid over the shipped defaults).
CREATE TABLE municipalities (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    hlc         INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    heads       TEXT NOT NULL,
    name        TEXT GENERATED ALWAYS AS (json_extract(data, '$.name')) VIRTUAL
) STRICT;
CREATE INDEX municipalities_by_name ON municipalities (name);
