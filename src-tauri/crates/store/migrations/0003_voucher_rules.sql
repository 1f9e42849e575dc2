-- Schema 3: versions of the voucher rules, as records (a supervisor's change travels to every device like any
-- other record). One version per month it takes effect from.
CREATE TABLE voucher_rules (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    hlc         INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    heads       TEXT NOT NULL,
    effective_from TEXT GENERATED ALWAYS AS (json_extract(data, '$.effective_from')) VIRTUAL
) STRICT;
CREATE INDEX voucher_rules_by_effective_from ON voucher_rules (effective_from);

-- Which records name a person in a list (home visits: people met; initiatives: who took part), maintained with the
-- projections, so "the visits that met this person" is an index lookup rather than a scan of every visit's JSON.
CREATE TABLE person_links (
    person_id  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    PRIMARY KEY (person_id, kind, record_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_links_by_record ON person_links (record_id);
