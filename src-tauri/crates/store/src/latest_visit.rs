//! Each person's latest home visit, kept by triggers for the home agenda (migration 15, `latest_home_visit`), and
//! its check against a fresh computation (`verify`). Apart from the agenda so that the store's root can check it
//! without depending on the agenda's reads.

use rusqlite::Transaction;

use crate::Result;

/// Each person's latest home visit computed afresh from the visits and their links: (person, visit, date), by
/// person. What `latest_home_visit` must hold.
const LATEST_FRESH: &str = "SELECT person_id, visit_id, date FROM (
        SELECT l.person_id AS person_id, h.id AS visit_id, h.date AS date, MAX(h.date || h.id)
          FROM main.person_links l JOIN main.home_visits h ON h.id = l.record_id
         WHERE l.kind = 'home_visit' AND h.deleted = 0 AND h.date IS NOT NULL
         GROUP BY l.person_id)
     ORDER BY person_id";

/// Whether each person's latest home visit as kept (`latest_home_visit`) equals a fresh computation (`verify`).
pub(crate) fn matches(tx: &Transaction<'_>) -> Result<bool> {
    let read = |sql: &str| -> Result<Vec<(String, String, String)>> {
        let mut stmt = tx.prepare(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    };
    Ok(read("SELECT person_id, visit_id, date FROM main.latest_home_visit ORDER BY person_id")? == read(LATEST_FRESH)?)
}
