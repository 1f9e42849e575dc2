-- The home agenda at 10x (issue 18): each person's latest home visit is found from the index alone, without reading
-- each visit's record (its date is a generated column, read from the JSON otherwise).
CREATE INDEX home_visits_by_id_date ON home_visits (id, deleted, date, next_visit);
