//! Reads for field work: the home screen's agenda for a day (home visits due, referrals whose follow-up has come,
//! participants to review this month), the groups, a group's roster and a person's referrals.

use chrono::NaiveDate;
use reintegra_core::date::parse_iso;
use reintegra_core::forms::{GroupItem, HomeView, ReferralItem, RosterEntry, VisitDue};
use reintegra_core::month::Month;
use reintegra_core::person::PersonFields;
use reintegra_core::views::ReviewRow;
use rusqlite::{OptionalExtension, Transaction};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::{Error, Result, Store};

/// How many entries each list of the home screen shows.
pub const HOME_PAGE: usize = 20;
/// The longest roster proposed for a group.
pub const ROSTER_MAX: usize = 300;

fn uuid(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|_| Error::Format("error.id_invalid"))
}

fn name_in(tx: &Transaction<'_>, id: &str) -> Result<Option<String>> {
    let data: Option<String> = tx
        .prepare_cached("SELECT data FROM persons WHERE id = ?1 AND deleted = 0")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(match data {
        Some(d) => Some(serde_json::from_str::<PersonFields>(&d)?.full_name()),
        None => None,
    })
}

/// Referrals still open: not closed, rejected or no-show.
const OPEN_REFERRAL: &str = "status NOT IN ('closed', 'rejected', 'no_show')";

/// The agenda of `today`.
pub fn home(store: &mut Store, today: NaiveDate) -> Result<HomeView> {
    let day = today.to_string();
    let (visits_due, visits_total, referrals_due, referrals_total) = store.read(|tx| {
        // A visit is due when its next visit has come and none of its people had a later visit: it is the latest
        // visit (by date, then id) of every one of its people. Each person's latest visit is found once, from the
        // links and the index on (id, deleted, date) (migration 13: no visit's record is read); the candidates are
        // those latest visits, kept when they are the latest of as many people as they list. Only the page's
        // visits are read whole.
        let mut stmt = tx.prepare_cached(
            "WITH latest AS MATERIALIZED (
                SELECT l.person_id, h.id AS visit, MAX(h.date || h.id) FROM person_links l
                JOIN home_visits h ON h.id = l.record_id
                WHERE l.kind = 'home_visit' AND h.deleted = 0 GROUP BY l.person_id),
             candidates AS MATERIALIZED (SELECT visit, COUNT(*) AS people FROM latest GROUP BY visit)
             SELECT h.id, h.date, h.next_visit FROM candidates c JOIN home_visits h ON h.id = c.visit
             WHERE h.deleted = 0 AND h.next_visit IS NOT NULL AND h.next_visit <= ?1
               AND c.people = (SELECT COUNT(*) FROM person_links l WHERE l.record_id = h.id AND l.kind = 'home_visit')
             ORDER BY h.next_visit, h.id",
        )?;
        let mut rows = stmt.query([&day])?;
        let mut visits = Vec::new();
        let mut total = 0;
        while let Some(row) = rows.next()? {
            total += 1;
            if visits.len() >= HOME_PAGE {
                continue;
            }
            let (id, date, next): (String, String, String) = (row.get(0)?, row.get(1)?, row.get(2)?);
            let data: String =
                tx.prepare_cached("SELECT data FROM home_visits WHERE id = ?1")?.query_row([&id], |r| r.get(0))?;
            let data: Map<String, Value> = serde_json::from_str(&data)?;
            let mut people = Vec::new();
            for p in data.get("person_ids").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
                if let Some(name) = name_in(tx, p)? {
                    people.push((uuid(p)?, name));
                }
            }
            if let (Some(last_date), Some(next_visit)) = (parse_iso(&date), parse_iso(&next)) {
                visits.push(VisitDue { visit_id: uuid(&id)?, last_date, next_visit, people });
            }
        }
        let (referrals, rtotal) = referrals_where(
            tx,
            &format!("follow_up IS NOT NULL AND follow_up <= ?1 AND {OPEN_REFERRAL} ORDER BY follow_up, id"),
            &day,
            HOME_PAGE,
        )?;
        Ok((visits, total, referrals, rtotal))
    })?;
    let review_month = Month::of(today);
    let mut review = store.read(|tx| review_in(tx, review_month))?;
    let review_total = review.len();
    review.truncate(HOME_PAGE);
    let (assessments_due, assessments_total) =
        store.read(|tx| crate::assessments::due_page_in(tx, today, HOME_PAGE))?;
    Ok(HomeView {
        today,
        visits_due,
        visits_total,
        referrals_due,
        referrals_total,
        review_month,
        review,
        review_total,
        assessments_due,
        assessments_total,
    })
}

/// The month's participants whose voucher month is a warning, withheld or suspended, or flagged, by surname: the
/// payroll screen's review list, from one evaluation of the month.
fn review_in(tx: &Transaction<'_>, month: Month) -> Result<Vec<ReviewRow>> {
    let report = crate::vouchers::evaluate_month_in(tx, month)?;
    Ok(crate::views::review_rows(tx, report)?.0)
}

fn referrals_where(tx: &Transaction<'_>, filter: &str, arg: &str, max: usize) -> Result<(Vec<ReferralItem>, usize)> {
    let mut stmt = tx.prepare_cached(&format!("SELECT id, data FROM referrals WHERE deleted = 0 AND {filter}"))?;
    let mut rows = stmt.query([arg])?;
    let mut out = Vec::new();
    let mut total = 0;
    while let Some(row) = rows.next()? {
        total += 1;
        if out.len() >= max {
            continue;
        }
        let (id, data): (String, String) = (row.get(0)?, row.get(1)?);
        let d: Map<String, Value> = serde_json::from_str(&data)?;
        let s = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
        let person = s("person_id");
        let Some(date) = parse_iso(&s("date")) else { continue };
        out.push(ReferralItem {
            id: uuid(&id)?,
            person_id: uuid(&person)?,
            person_name: name_in(tx, &person)?.unwrap_or_default(),
            service: s("service"),
            organisation: s("organisation"),
            date,
            status: s("status"),
            follow_up: parse_iso(&s("follow_up")),
        });
    }
    Ok((out, total))
}

/// A person's referrals, newest first.
pub fn referrals_of(store: &mut Store, person: Uuid) -> Result<Vec<ReferralItem>> {
    store.read(|tx| {
        Ok(referrals_where(
            tx,
            "person_id = ?1 ORDER BY json_extract(data, '$.date') DESC, id",
            &person.to_string(),
            200,
        )?
        .0)
    })
}

/// Every group, by name, as the session screen picks one (the groups screen's list without the facilitator).
pub fn groups(store: &mut Store) -> Result<Vec<GroupItem>> {
    Ok(crate::programme::groups(store)?
        .into_iter()
        .map(|g| GroupItem { id: g.id, kind: g.kind, name: g.name, municipality: g.municipality })
        .collect())
}

/// The people a group's session is taken for: everyone with attendance in the group's earlier sessions, and
/// everyone enrolled (and not ended by `today`) in the group's component in its municipality; by surname.
pub fn roster(store: &mut Store, group: Uuid, today: NaiveDate) -> Result<Vec<RosterEntry>> {
    store.read(|tx| {
        let (kind, municipality): (String, String) = tx
            .prepare_cached("SELECT kind, municipality FROM groups WHERE id = ?1 AND deleted = 0")?
            .query_row([group.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or(Error::NotFound)?;
        let component = if kind == "parent_training" { "parent_training" } else { "psychosocial" };
        let mut stmt = tx.prepare_cached(
            "SELECT p.id, p.data FROM persons p WHERE p.deleted = 0 AND p.id IN (
                SELECT a.person_id FROM attendance a JOIN sessions s ON s.id = a.session_id
                 WHERE s.group_id = ?1 AND s.deleted = 0 AND a.deleted = 0
                UNION
                SELECT e.person_id FROM enrolments e JOIN persons q ON q.id = e.person_id
                 WHERE e.component = ?2 AND e.deleted = 0 AND q.municipality = ?3
                   AND (e.end_date IS NULL OR e.end_date >= ?4)
             ) ORDER BY p.sort_key, p.id LIMIT ?5",
        )?;
        let mut rows = stmt.query(rusqlite::params![
            group.to_string(),
            component,
            municipality,
            today.to_string(),
            ROSTER_MAX as i64
        ])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let (id, data): (String, String) = (row.get(0)?, row.get(1)?);
            let p: PersonFields = serde_json::from_str(&data)?;
            out.push(RosterEntry { person_id: uuid(&id)?, name: p.full_name() });
        }
        Ok(out)
    })
}

#[cfg(test)]
mod tests {
    use reintegra_core::records::Kind;
    use reintegra_core::wire::DeviceRole;
    use serde_json::json;

    use super::*;
    use crate::testing::{self, add, person, today};

    #[test]
    fn agenda_roster_and_referrals() {
        let (_folder, mut store) = testing::store(DeviceRole::Field);
        let ana = person(&mut store, "participant", "Ana");
        let rosa = person(&mut store, "relative", "Rosa");
        let beto = person(&mut store, "participant", "Beto");
        // Ana's visit is due; Beto's earlier visit was followed by a later one, which is not due yet.
        add(
            &mut store,
            Kind::HomeVisit,
            json!({"date": "2026-10-01", "person_ids": [ana, rosa], "next_visit": "2026-11-20"}),
        );
        add(
            &mut store,
            Kind::HomeVisit,
            json!({"date": "2026-09-01", "person_ids": [beto], "next_visit": "2026-10-01"}),
        );
        add(
            &mut store,
            Kind::HomeVisit,
            json!({"date": "2026-10-05", "person_ids": [beto], "next_visit": "2026-12-05"}),
        );
        let open = add(
            &mut store,
            Kind::Referral,
            json!({"person_id": ana, "service": "documents", "organisation": "RNPN", "date": "2026-11-01",
                   "status": "referred", "follow_up": "2026-11-15"}),
        );
        add(
            &mut store,
            Kind::Referral,
            json!({"person_id": beto, "service": "health", "organisation": "Unidad de salud", "date": "2026-11-01",
                   "status": "closed", "follow_up": "2026-11-15"}),
        );
        let h = home(&mut store, today()).expect("home");
        assert_eq!(h.visits_total, 1);
        assert_eq!(h.visits_due[0].people.len(), 2);
        assert_eq!(h.visits_due[0].people[0].0, ana);
        assert_eq!(h.referrals_total, 1);
        assert_eq!(h.referrals_due[0].id, open);
        assert_eq!(h.referrals_due[0].person_name, "Ana Prueba");
        assert_eq!(referrals_of(&mut store, beto).expect("beto").len(), 1);

        let g = add(
            &mut store,
            Kind::Group,
            json!({"kind": "support_group", "name": "Grupo Norte", "municipality": "San Salvador Norte"}),
        );
        add(
            &mut store,
            Kind::Enrolment,
            json!({"person_id": ana, "component": "psychosocial", "start_date": "2026-01-01"}),
        );
        let s = add(&mut store, Kind::Session, json!({"kind": "support_group", "date": "2026-11-02", "group_id": g}));
        add(&mut store, Kind::Attendance, json!({"session_id": s, "person_id": rosa, "status": "present"}));
        let r = roster(&mut store, g, today()).expect("roster");
        let ids: Vec<Uuid> = r.iter().map(|e| e.person_id).collect();
        assert_eq!(ids, vec![ana, rosa]);
        assert_eq!(groups(&mut store).expect("groups")[0].name, "Grupo Norte");
    }

    /// The home agenda's time on a large store, and its parts: `REINTEGRA_AGENDA_DB=copy-of-a-store.db
    /// REINTEGRA_AGENDA_PASS=… cargo test -p reintegra-store agenda_time -- --ignored --nocapture` (the copy is
    /// migrated; `REINTEGRA_AGENDA_TODAY=aaaa-mm-dd` for another day than the tests' today).
    #[test]
    #[ignore = "needs a large store named by REINTEGRA_AGENDA_DB"]
    fn agenda_time_on_a_large_store() {
        let (Some(db), Some(pass)) =
            (std::env::var_os("REINTEGRA_AGENDA_DB"), std::env::var("REINTEGRA_AGENDA_PASS").ok())
        else {
            return;
        };
        let day = std::env::var("REINTEGRA_AGENDA_TODAY").ok().and_then(|d| parse_iso(&d)).unwrap_or_else(today);
        let mut store = Store::open(std::path::Path::new(&db), &pass).expect("open");
        for _ in 0..3 {
            let started = std::time::Instant::now();
            let h = home(&mut store, day).expect("home");
            println!(
                "home agenda: {:?} (visits due {}, referrals due {}, review {}, assessments due {})",
                started.elapsed(),
                h.visits_total,
                h.referrals_total,
                h.review_total,
                h.assessments_total
            );
            let started = std::time::Instant::now();
            store.read(|tx| review_in(tx, Month::of(day))).expect("review");
            println!("  of which the month's review: {:?}", started.elapsed());
            let started = std::time::Instant::now();
            store.read(|tx| crate::assessments::due_page_in(tx, day, HOME_PAGE)).expect("due");
            println!("  of which the assessments due: {:?}", started.elapsed());
        }
    }
}
