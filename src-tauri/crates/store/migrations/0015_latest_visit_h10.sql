-- The home agenda at 10x (issue 18): each person's latest home visit (by date, then id; live visits with a date),
-- kept up to date by triggers on the visits and their links to people, whatever writes them (a form, an import, a
-- purge, the projections' rebuild), so the agenda reads the due visits from here instead of every person's visits.
-- `verify` compares it with a fresh computation (store/src/agenda.rs, `latest_visits_match`).
CREATE TABLE latest_home_visit (
    person_id TEXT PRIMARY KEY,
    visit_id  TEXT NOT NULL,
    date      TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX latest_home_visit_by_visit ON latest_home_visit (visit_id);

INSERT INTO latest_home_visit (person_id, visit_id, date)
SELECT person_id, visit_id, date FROM (
    SELECT l.person_id AS person_id, h.id AS visit_id, h.date AS date, MAX(h.date || h.id)
      FROM person_links l JOIN home_visits h ON h.id = l.record_id
     WHERE l.kind = 'home_visit' AND h.deleted = 0 AND h.date IS NOT NULL
     GROUP BY l.person_id);

-- A link to a visit: the visit becomes the person's latest if it is later than theirs. (No INSERT OR REPLACE in
-- these triggers: the statement that fires a trigger imposes its own conflict policy, e.g. INSERT OR IGNORE.)
CREATE TRIGGER latest_home_visit_link_insert AFTER INSERT ON person_links WHEN NEW.kind = 'home_visit'
BEGIN
    DELETE FROM latest_home_visit WHERE person_id = NEW.person_id AND date || visit_id <
        (SELECT h.date || h.id FROM home_visits h WHERE h.id = NEW.record_id AND h.deleted = 0);
    INSERT INTO latest_home_visit (person_id, visit_id, date)
    SELECT NEW.person_id, h.id, h.date FROM home_visits h
     WHERE h.id = NEW.record_id AND h.deleted = 0 AND h.date IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM latest_home_visit x WHERE x.person_id = NEW.person_id);
END;

-- A link removed: if it was the person's latest visit, their latest is found again among the visits left.
CREATE TRIGGER latest_home_visit_link_delete AFTER DELETE ON person_links WHEN OLD.kind = 'home_visit'
BEGIN
    DELETE FROM latest_home_visit WHERE person_id = OLD.person_id AND visit_id = OLD.record_id;
    INSERT INTO latest_home_visit (person_id, visit_id, date)
    SELECT person_id, visit_id, date FROM (
        SELECT l.person_id AS person_id, h.id AS visit_id, h.date AS date, MAX(h.date || h.id)
          FROM person_links l JOIN home_visits h ON h.id = l.record_id
         WHERE l.person_id = OLD.person_id AND l.kind = 'home_visit' AND h.deleted = 0 AND h.date IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM latest_home_visit x WHERE x.person_id = OLD.person_id)
         GROUP BY l.person_id);
END;

-- A visit's row written after its links (the write path writes the row first; this keeps any order right).
CREATE TRIGGER latest_home_visit_insert AFTER INSERT ON home_visits WHEN NEW.deleted = 0 AND NEW.date IS NOT NULL
BEGIN
    DELETE FROM latest_home_visit
     WHERE person_id IN (SELECT person_id FROM person_links WHERE record_id = NEW.id AND kind = 'home_visit')
       AND date || visit_id < NEW.date || NEW.id;
    INSERT INTO latest_home_visit (person_id, visit_id, date)
    SELECT l.person_id, NEW.id, NEW.date FROM person_links l
     WHERE l.record_id = NEW.id AND l.kind = 'home_visit'
       AND NOT EXISTS (SELECT 1 FROM latest_home_visit x WHERE x.person_id = l.person_id);
END;

-- A visit's date changed, or it was deleted or brought back: its people's latest visits are found again.
CREATE TRIGGER latest_home_visit_update AFTER UPDATE OF data, deleted ON home_visits
WHEN OLD.date IS NOT NEW.date OR OLD.deleted IS NOT NEW.deleted
BEGIN
    DELETE FROM latest_home_visit
     WHERE person_id IN (SELECT person_id FROM person_links WHERE record_id = NEW.id AND kind = 'home_visit');
    INSERT INTO latest_home_visit (person_id, visit_id, date)
    SELECT person_id, visit_id, date FROM (
        SELECT l.person_id AS person_id, h.id AS visit_id, h.date AS date, MAX(h.date || h.id)
          FROM person_links l JOIN home_visits h ON h.id = l.record_id
         WHERE l.person_id IN (SELECT person_id FROM person_links WHERE record_id = NEW.id AND kind = 'home_visit')
           AND l.kind = 'home_visit' AND h.deleted = 0 AND h.date IS NOT NULL
         GROUP BY l.person_id);
END;

-- A visit's row removed (purge, rebuild): the people whose latest it was get theirs found again.
CREATE TRIGGER latest_home_visit_delete AFTER DELETE ON home_visits
BEGIN
    DELETE FROM latest_home_visit WHERE visit_id = OLD.id;
    INSERT INTO latest_home_visit (person_id, visit_id, date)
    SELECT person_id, visit_id, date FROM (
        SELECT l.person_id AS person_id, h.id AS visit_id, h.date AS date, MAX(h.date || h.id)
          FROM person_links l JOIN home_visits h ON h.id = l.record_id
         WHERE l.person_id IN (SELECT person_id FROM person_links WHERE record_id = OLD.id AND kind = 'home_visit')
           AND l.kind = 'home_visit' AND h.deleted = 0 AND h.date IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM latest_home_visit x WHERE x.person_id = l.person_id)
         GROUP BY l.person_id);
END;
