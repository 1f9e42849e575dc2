-- Schema 10 (#16): psychosocial assessments, programme-defined instruments and what was done about safety alerts,
-- projected from the change log like every record. Scores are not stored: they are computed from the answers by the
-- definition in force (core::assessments), so a revised definition never leaves a stale score behind.
CREATE TABLE assessments (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    hlc         INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    heads       TEXT NOT NULL,
    person_id   TEXT GENERATED ALWAYS AS (json_extract(data, '$.person_id')) VIRTUAL,
    instrument  TEXT GENERATED ALWAYS AS (json_extract(data, '$.instrument')) VIRTUAL,
    date        TEXT GENERATED ALWAYS AS (json_extract(data, '$.date')) VIRTUAL
) STRICT;
CREATE INDEX assessments_by_person_id ON assessments (person_id, instrument, date);

CREATE TABLE instruments (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    hlc         INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    heads       TEXT NOT NULL,
    code        TEXT GENERATED ALWAYS AS (json_extract(data, '$.code')) VIRTUAL
) STRICT;
CREATE INDEX instruments_by_code ON instruments (code);

CREATE TABLE alert_followups (
    id            TEXT PRIMARY KEY,
    data          TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0,
    hlc           INTEGER NOT NULL,
    device_id     TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    heads         TEXT NOT NULL,
    person_id     TEXT GENERATED ALWAYS AS (json_extract(data, '$.person_id')) VIRTUAL,
    assessment_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.assessment_id')) VIRTUAL
) STRICT;
CREATE INDEX alert_followups_by_assessment_id ON alert_followups (assessment_id);
CREATE INDEX alert_followups_by_person_id ON alert_followups (person_id);
