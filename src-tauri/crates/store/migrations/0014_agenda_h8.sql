-- The home agenda's assessments due at 10x (issue 18): the active enrolments, each person's latest assessment of each
-- instrument and whether a person is deleted, read from indexes alone (no record's JSON read for them).
CREATE INDEX persons_by_id_deleted ON persons (id, deleted);
CREATE INDEX enrolments_active ON enrolments
    (deleted, person_id, component, start_date, end_date, COALESCE(json_extract(data, '$.status'), 'active'));
CREATE INDEX assessments_latest ON assessments (deleted, person_id, instrument, date);
