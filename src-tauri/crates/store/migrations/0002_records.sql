-- Schema 2: every record type of the programme (RECORDS-JSONL.md), projected from the change log like persons.
-- Generated columns expose the fields queries filter and join on; `data` stays the one source.

CREATE TABLE relationships (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    hlc         INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    heads       TEXT NOT NULL,
    participant_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.participant_id')) VIRTUAL,
    relative_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.relative_id')) VIRTUAL
) STRICT;
CREATE INDEX relationships_by_participant_id ON relationships (participant_id);
CREATE INDEX relationships_by_relative_id ON relationships (relative_id);

CREATE TABLE enrolments (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    hlc         INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    heads       TEXT NOT NULL,
    person_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.person_id')) VIRTUAL,
    component TEXT GENERATED ALWAYS AS (json_extract(data, '$.component')) VIRTUAL,
    start_date TEXT GENERATED ALWAYS AS (json_extract(data, '$.start_date')) VIRTUAL,
    end_date TEXT GENERATED ALWAYS AS (json_extract(data, '$.end_date')) VIRTUAL
) STRICT;
CREATE INDEX enrolments_by_person_id ON enrolments (person_id);
CREATE INDEX enrolments_by_component_start_date ON enrolments (component, start_date);

CREATE TABLE groups (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    hlc         INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    heads       TEXT NOT NULL,
    kind TEXT GENERATED ALWAYS AS (json_extract(data, '$.kind')) VIRTUAL,
    municipality TEXT GENERATED ALWAYS AS (json_extract(data, '$.municipality')) VIRTUAL
) STRICT;

CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    hlc         INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    heads       TEXT NOT NULL,
    kind TEXT GENERATED ALWAYS AS (json_extract(data, '$.kind')) VIRTUAL,
    date TEXT GENERATED ALWAYS AS (json_extract(data, '$.date')) VIRTUAL,
    group_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.group_id')) VIRTUAL
) STRICT;
CREATE INDEX sessions_by_date ON sessions (date);
CREATE INDEX sessions_by_group_id ON sessions (group_id);

CREATE TABLE attendance (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    hlc         INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    heads       TEXT NOT NULL,
    session_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.session_id')) VIRTUAL,
    person_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.person_id')) VIRTUAL,
    status TEXT GENERATED ALWAYS AS (json_extract(data, '$.status')) VIRTUAL
) STRICT;
CREATE INDEX attendance_by_session_id_person_id ON attendance (session_id, person_id);
CREATE INDEX attendance_by_person_id ON attendance (person_id);

CREATE TABLE home_visits (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    hlc         INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    heads       TEXT NOT NULL,
    date TEXT GENERATED ALWAYS AS (json_extract(data, '$.date')) VIRTUAL,
    next_visit TEXT GENERATED ALWAYS AS (json_extract(data, '$.next_visit')) VIRTUAL
) STRICT;
CREATE INDEX home_visits_by_date ON home_visits (date);
CREATE INDEX home_visits_by_next_visit ON home_visits (next_visit);

CREATE TABLE case_plans (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    hlc         INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    heads       TEXT NOT NULL,
    person_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.person_id')) VIRTUAL
) STRICT;
CREATE INDEX case_plans_by_person_id ON case_plans (person_id);

CREATE TABLE referrals (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    hlc         INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    heads       TEXT NOT NULL,
    person_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.person_id')) VIRTUAL,
    status TEXT GENERATED ALWAYS AS (json_extract(data, '$.status')) VIRTUAL,
    follow_up TEXT GENERATED ALWAYS AS (json_extract(data, '$.follow_up')) VIRTUAL
) STRICT;
CREATE INDEX referrals_by_person_id ON referrals (person_id);
CREATE INDEX referrals_by_follow_up ON referrals (follow_up);

CREATE TABLE community_initiatives (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    hlc         INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    heads       TEXT NOT NULL,
    date TEXT GENERATED ALWAYS AS (json_extract(data, '$.date')) VIRTUAL,
    municipality TEXT GENERATED ALWAYS AS (json_extract(data, '$.municipality')) VIRTUAL
) STRICT;
CREATE INDEX community_initiatives_by_date ON community_initiatives (date);

CREATE TABLE exemptions (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    hlc         INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    heads       TEXT NOT NULL,
    person_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.person_id')) VIRTUAL,
    month TEXT GENERATED ALWAYS AS (json_extract(data, '$.month')) VIRTUAL
) STRICT;
CREATE INDEX exemptions_by_person_id_month ON exemptions (person_id, month);

CREATE TABLE overrides (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    hlc         INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    heads       TEXT NOT NULL,
    person_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.person_id')) VIRTUAL,
    month TEXT GENERATED ALWAYS AS (json_extract(data, '$.month')) VIRTUAL
) STRICT;
CREATE INDEX overrides_by_person_id_month ON overrides (person_id, month);

CREATE TABLE payments (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    hlc         INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    heads       TEXT NOT NULL,
    person_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.person_id')) VIRTUAL,
    month TEXT GENERATED ALWAYS AS (json_extract(data, '$.month')) VIRTUAL
) STRICT;
CREATE INDEX payments_by_person_id_month ON payments (person_id, month);
CREATE INDEX payments_by_month ON payments (month);

-- Who a person is assigned to (a field laptop holds its workers' caseload).
ALTER TABLE persons ADD COLUMN assigned_worker TEXT GENERATED ALWAYS AS (json_extract(data, '$.assigned_worker')) VIRTUAL;
CREATE INDEX persons_by_role ON persons (role, deleted);
