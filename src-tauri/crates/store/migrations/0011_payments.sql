-- Payment delivery (#17): a participant's delivery method (one per person: cash, bank, wallet with its details), and
-- the payment columns the delivery screens search by (its reference for a results file, its payroll and batch).
CREATE TABLE delivery_methods (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    hlc         INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    heads       TEXT NOT NULL,
    person_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.person_id')) VIRTUAL
) STRICT;
CREATE INDEX delivery_methods_by_person_id ON delivery_methods (person_id);

ALTER TABLE payments ADD COLUMN reference TEXT GENERATED ALWAYS AS (json_extract(data, '$.reference')) VIRTUAL;
ALTER TABLE payments ADD COLUMN payroll TEXT GENERATED ALWAYS AS (json_extract(data, '$.payroll')) VIRTUAL;
CREATE INDEX payments_by_reference ON payments (reference);
CREATE INDEX payments_by_payroll ON payments (payroll);
