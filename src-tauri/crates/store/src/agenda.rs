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

use crate::agenda_kept::Kept;
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

/// The agenda of `today`, in one read transaction.
pub fn home(store: &mut Store, today: NaiveDate) -> Result<HomeView> {
    let day = today.to_string();
    let review_month = Month::of(today);
    // Taken out while the transaction borrows the store, put back whatever the read gives.
    let mut memo = std::mem::take(&mut store.agenda_memo);
    let view = store.read(|tx| {
        // First in the transaction: the version of the snapshot every read below sees.
        let version: i64 = tx.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let key = (version, tx.total_changes().saturating_sub(memo.audit_changes), today);
        let (visits_due, visits_total) = visits_due_in(tx, &day, HOME_PAGE)?;
        let (referrals_due, referrals_total) = referrals_due_in(tx, &day, HOME_PAGE)?;
        let kept = match memo.kept.take() {
            Some(k) if k.key == key => k,
            _ => {
                memo.computed += 1;
                let mut review = review_in(tx, review_month)?;
                let review_total = review.len();
                review.truncate(HOME_PAGE);
                let assessments = crate::assessments::due_page_in(tx, today, HOME_PAGE)?;
                let names = crate::assessments::instruments_in(tx)?
                    .into_iter()
                    .filter(|i| assessments.0.iter().any(|d| d.instrument == i.definition.code))
                    .map(|i| (i.definition.code, i.definition.name))
                    .collect();
                Kept { key, review, review_total, assessments, names }
            }
        };
        let view = HomeView {
            today,
            visits_due,
            visits_total,
            referrals_due,
            referrals_total,
            review_month,
            review: kept.review.clone(),
            review_total: kept.review_total,
            assessments_due: kept.assessments.0.clone(),
            assessments_total: kept.assessments.1,
            instrument_names: kept.names.clone(),
        };
        memo.kept = Some(kept);
        Ok(view)
    });
    store.agenda_memo = memo;
    view
}

/// The home visits due on `day` (the first `max`, and how many): a visit is due when its next visit has come and
/// none of its people had a later visit, that is when it is the latest visit (by date, then id) of every one of its
/// people. Each person's latest visit is kept up to date by the store (`latest_home_visit`, migration 15); the
/// candidates are those latest visits, kept when they are the latest of as many people as they list. Only the
/// page's visits are read whole.
fn visits_due_in(tx: &Transaction<'_>, day: &str, max: usize) -> Result<(Vec<VisitDue>, usize)> {
    let mut stmt = tx.prepare_cached(
        "SELECT h.id, h.date, h.next_visit
           FROM (SELECT visit_id, COUNT(*) AS people FROM latest_home_visit GROUP BY visit_id) c
           JOIN home_visits h ON h.id = c.visit_id
          WHERE h.deleted = 0 AND h.next_visit IS NOT NULL AND h.next_visit <= ?1
            AND c.people = (SELECT COUNT(*) FROM person_links l WHERE l.record_id = h.id AND l.kind = 'home_visit')
          ORDER BY h.next_visit, h.id",
    )?;
    let mut rows = stmt.query([day])?;
    let mut visits = Vec::new();
    let mut total = 0;
    while let Some(row) = rows.next()? {
        total += 1;
        if visits.len() >= max {
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
    Ok((visits, total))
}

/// The home's referrals whose follow-up has come by `day` (the first `max`, and how many).
fn referrals_due_in(tx: &Transaction<'_>, day: &str, max: usize) -> Result<(Vec<ReferralItem>, usize)> {
    referrals_where(
        tx,
        &format!("follow_up IS NOT NULL AND follow_up <= ?1 AND {OPEN_REFERRAL} ORDER BY follow_up, id"),
        day,
        max,
    )
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
    use crate::testing::{self, add, person, set, today};

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

    /// The agenda with its costly lists computed afresh (nothing kept), to compare with the one read.
    fn fresh(store: &mut Store, day: NaiveDate) -> HomeView {
        store.agenda_memo.kept = None;
        home(store, day).expect("home read afresh")
    }

    #[test]
    fn the_agenda_keeps_its_costly_lists_only_while_nothing_changed() {
        let mut folder = testing::Folder::new();
        let mut store = folder.store("laptop", DeviceRole::Field);
        let ana = person(&mut store, "participant", "Ana");
        add(
            &mut store,
            Kind::Enrolment,
            json!({"person_id": ana, "component": "psychosocial", "start_date": "2026-10-01"}),
        );
        let first = home(&mut store, today()).expect("home");
        assert_eq!(first.assessments_total, 3, "a baseline of each scheduled instrument");
        let named =
            |h: &HomeView| h.instrument_names.iter().map(|(c, n)| (c.clone(), n.es.clone())).collect::<Vec<_>>();
        assert_eq!(named(&first).len(), 3, "each instrument due is named once");
        assert!(
            first
                .assessments_due
                .iter()
                .all(|d| named(&first).iter().any(|(c, n)| *c == d.instrument && !n.is_empty()))
        );
        let computed = store.agenda_memo.computed;

        // Read again, and after seeing a person (an audit entry of its own): kept, and the same as afresh.
        assert_eq!(home(&mut store, today()).expect("home"), first);
        crate::audit::record(&mut store, crate::audit::Action::ViewPerson, &format!("person:{ana}")).expect("audit");
        assert_eq!(home(&mut store, today()).expect("home"), first);
        assert_eq!(store.agenda_memo.computed, computed, "nothing changed: the lists were kept");
        assert_eq!(fresh(&mut store, today()), first);

        // A record written here: read again.
        let beto = person(&mut store, "participant", "Beto");
        add(
            &mut store,
            Kind::Enrolment,
            json!({"person_id": beto, "component": "psychosocial", "start_date": "2026-10-01"}),
        );
        let after = home(&mut store, today()).expect("home");
        assert_eq!(after.assessments_total, 6, "Beto's baselines come");
        assert_eq!(after, fresh(&mut store, today()));

        // A record written by another connection to the same file (the command line while the app is open).
        let path = store.path().to_owned();
        home(&mut store, today()).expect("home");
        let computed = store.agenda_memo.computed;
        {
            let mut other = Store::open(&path, testing::PASS).expect("a second connection");
            let args = reintegra_core::wire::assessments::SaveAssessmentArgs {
                id: None,
                person_id: beto,
                instrument: "phq9".into(),
                date: "2026-11-20".into(),
                answers: (1..=9).map(|i| (i.to_string(), Some(0))).collect(),
                ..Default::default()
            };
            crate::assessments::save(&mut other, &args, today()).expect("Beto's baseline");
        }
        let after = home(&mut store, today()).expect("home");
        assert_eq!(store.agenda_memo.computed, computed + 1, "the other connection's change is seen");
        assert_eq!(after.assessments_total, 5, "Beto's PHQ-9 baseline was done");
        assert_eq!(after, fresh(&mut store, today()));

        // Another day: read again (its assessments due and its month's review are another day's).
        let computed = store.agenda_memo.computed;
        let later = today() + chrono::Days::new(40);
        let next = home(&mut store, later).expect("home");
        assert_eq!(store.agenda_memo.computed, computed + 1);
        assert_eq!(next, fresh(&mut store, later));
    }

    /// The due visits as the agenda found them before `latest_home_visit` (each person's latest visit computed
    /// from all the links at every read): the new read must give the same list.
    fn visits_due_reference(store: &mut Store, day: &str) -> Vec<String> {
        store
            .read(|tx| {
                let mut stmt = tx.prepare(
                    "WITH latest AS MATERIALIZED (
                        SELECT l.person_id, h.id AS visit, MAX(h.date || h.id) FROM person_links l
                        JOIN home_visits h ON h.id = l.record_id
                        WHERE l.kind = 'home_visit' AND h.deleted = 0 GROUP BY l.person_id),
                     candidates AS MATERIALIZED (SELECT visit, COUNT(*) AS people FROM latest GROUP BY visit)
                     SELECT h.id FROM candidates c JOIN home_visits h ON h.id = c.visit
                     WHERE h.deleted = 0 AND h.next_visit IS NOT NULL AND h.next_visit <= ?1
                       AND c.people = (SELECT COUNT(*) FROM person_links l
                                        WHERE l.record_id = h.id AND l.kind = 'home_visit')
                     ORDER BY h.next_visit, h.id",
                )?;
                let rows = stmt.query_map([day], |r| r.get(0))?;
                Ok(rows.collect::<std::result::Result<_, _>>()?)
            })
            .expect("reference")
    }

    fn latest_of(store: &mut Store, person: Uuid) -> Option<Uuid> {
        store
            .read(|tx| {
                let visit: Option<String> = tx
                    .query_row(
                        "SELECT visit_id FROM main.latest_home_visit WHERE person_id = ?1",
                        [person.to_string()],
                        |r| r.get(0),
                    )
                    .optional()?;
                Ok(visit.map(|v| Uuid::parse_str(&v).expect("an id")))
            })
            .expect("latest")
    }

    /// The central file and a field laptop (worker Ana Portillo), two of her participants and their visits.
    struct World {
        net: testing::Folder,
        central: Store,
        ana: Store,
        lucia: Uuid,
        marta: Uuid,
        visits: Vec<Uuid>,
    }

    fn visit(store: &mut Store, date: &str, people: &[Uuid], next: &str) -> Uuid {
        add(store, Kind::HomeVisit, json!({"date": date, "person_ids": people, "next_visit": next}))
    }

    /// Each person's latest home visit, as the triggers keep it (migration 15), after each kind of write, in
    /// order on the same two stores: it equals a fresh computation on both, the due visits equal the agenda's
    /// earlier read, and `verify`'s check (the projections rebuilt from the log) passes.
    #[test]
    fn each_persons_latest_visit_is_kept_through_every_write() {
        type Step = (&'static str, fn(&mut World), (Option<usize>, Option<usize>));
        let cases: &[Step] = &[
            (
                "a visit saved for two people",
                |w| {
                    let (l, m) = (w.lucia, w.marta);
                    let v = visit(&mut w.central, "2026-09-01", &[l, m], "2026-10-01");
                    w.visits.push(v);
                },
                (Some(0), Some(0)),
            ),
            (
                "a later visit of one of them",
                |w| {
                    let l = w.lucia;
                    let v = visit(&mut w.central, "2026-10-05", &[l], "2026-11-05");
                    w.visits.push(v);
                },
                (Some(1), Some(0)),
            ),
            (
                "an earlier visit saved after it",
                |w| {
                    let m = w.marta;
                    let v = visit(&mut w.central, "2026-08-01", &[m], "2026-09-01");
                    w.visits.push(v);
                },
                (Some(1), Some(0)),
            ),
            (
                "the latest visit's date moved before the others",
                |w| {
                    set(&mut w.central, Kind::HomeVisit, w.visits[1], json!({"date": "2026-07-01"}));
                },
                (Some(0), Some(0)),
            ),
            (
                "the date moved back to the latest",
                |w| {
                    set(&mut w.central, Kind::HomeVisit, w.visits[1], json!({"date": "2026-10-06"}));
                },
                (Some(1), Some(0)),
            ),
            (
                "a visit deleted",
                |w| {
                    let v = w.visits[0];
                    w.central.with_tx(|t| crate::records::delete(t, Kind::HomeVisit, v)).expect("delete");
                },
                (Some(1), Some(2)),
            ),
            (
                "a visit's people changed",
                |w| {
                    let l = w.lucia;
                    set(&mut w.central, Kind::HomeVisit, w.visits[2], json!({"person_ids": [l]}));
                },
                (Some(1), None),
            ),
            (
                "the visits imported on the laptop",
                |w| {
                    w.net.send(&mut w.central, &mut w.ana);
                },
                (Some(1), None),
            ),
            (
                "a visit saved on the laptop, imported by the central file",
                |w| {
                    let m = w.marta;
                    let v = visit(&mut w.ana, "2026-11-01", &[m], "2026-11-20");
                    w.visits.push(v);
                    w.net.send(&mut w.ana, &mut w.central);
                },
                (Some(1), Some(3)),
            ),
            (
                "the projections rebuilt",
                |w| {
                    w.central.rebuild().expect("rebuild");
                    w.ana.rebuild().expect("rebuild");
                },
                (Some(1), Some(3)),
            ),
            (
                "a person reassigned away and purged from the laptop",
                |w| {
                    set(&mut w.central, Kind::Person, w.lucia, json!({"assigned_worker": "Mario Ayala"}));
                    // Purged once the central file has what the laptop wrote (at once, or after a round).
                    let first = w.net.send(&mut w.central, &mut w.ana).purged;
                    w.net.send(&mut w.ana, &mut w.central);
                    let then = w.net.send(&mut w.central, &mut w.ana).purged;
                    assert_eq!(first + then, 1);
                },
                (Some(1), Some(3)),
            ),
        ];
        let mut net = testing::Folder::new();
        let mut central = net.store("Central", DeviceRole::Supervisor);
        let mut ana = net.store("Laptop Ana", DeviceRole::Field);
        // The laptop's workers travel with its keys.
        crate::sync::set_workers(&mut ana, &["Ana Portillo".into()]).expect("workers");
        testing::trust(&mut central, &mut ana);
        let mut w = World { net, central, ana, lucia: Uuid::nil(), marta: Uuid::nil(), visits: Vec::new() };
        for given in ["Lucía", "Marta"] {
            let id = add(
                &mut w.central,
                Kind::Person,
                json!({"role": "participant", "given_names": given, "first_surname": "Prueba",
                       "birth_date": "1990-01-01", "municipality": "San Salvador Norte",
                       "assigned_worker": "Ana Portillo"}),
            );
            if given == "Lucía" { w.lucia = id } else { w.marta = id }
        }
        for (name, step, expected) in cases {
            step(&mut w);
            let (lucia, marta) = *expected;
            let visits = w.visits.clone();
            let want = |i: Option<usize>| i.map(|i| visits[i]);
            assert_eq!(
                (latest_of(&mut w.central, w.lucia), latest_of(&mut w.central, w.marta)),
                (want(lucia), want(marta)),
                "{name}: central"
            );
            let purged = name.contains("purged");
            for (who, store) in [("central", &mut w.central), ("laptop", &mut w.ana)] {
                assert!(store.read(crate::latest_visit::matches).expect("match"), "{name}: {who}'s latest visits");
                assert!(store.projections_match_log().expect("verify"), "{name}: {who} verify");
                let day = "2026-12-01";
                let due: Vec<String> = store
                    .read(|tx| visits_due_in(tx, day, 100))
                    .expect("due")
                    .0
                    .iter()
                    .map(|v| v.visit_id.to_string())
                    .collect();
                assert_eq!(due, visits_due_reference(store, day), "{name}: {who}'s due visits");
            }
            if purged {
                assert_eq!(latest_of(&mut w.ana, w.lucia), None, "{name}: the laptop keeps nothing of her");
                assert_eq!(latest_of(&mut w.ana, w.marta), want(marta), "{name}: the laptop");
            }
        }
    }

    /// What the triggers of `latest_home_visit` cost the write path (forms and imports write visits through the
    /// same projection): the same 3,000 visits of two people each, written in one transaction on a store with the
    /// triggers and on one without them, in turn, seven times (the medians). `cargo test --release -p reintegra-store --lib
    /// latest_visit_trigger_cost -- --ignored --nocapture`.
    #[test]
    #[ignore = "prints a timing (by hand, release build)"]
    fn latest_visit_trigger_cost() {
        let fill = |store: &mut Store| -> Vec<Uuid> {
            (0..100).map(|i| person(store, "participant", &format!("P{i}"))).collect()
        };
        let write = |store: &mut Store, people: &[Uuid]| -> std::time::Duration {
            let started = std::time::Instant::now();
            store
                .with_tx(|w| {
                    for i in 0..3000usize {
                        let day = format!("2026-{:02}-{:02}", 1 + i % 10, 1 + i % 28);
                        let pair = [people[i % people.len()], people[(i * 7 + 1) % people.len()]];
                        testing::put(w, Kind::HomeVisit, json!({"date": day, "person_ids": pair, "next_visit": day}));
                    }
                    Ok(())
                })
                .expect("visits");
            started.elapsed()
        };
        let (mut withs, mut withouts) = (Vec::new(), Vec::new());
        for round in 0..7 {
            let (_a, mut with) = testing::store(DeviceRole::Supervisor);
            let (_b, mut without) = testing::store(DeviceRole::Supervisor);
            without
                .conn
                .execute_batch(
                    "DROP TRIGGER latest_home_visit_link_insert; DROP TRIGGER latest_home_visit_link_delete;
                     DROP TRIGGER latest_home_visit_insert; DROP TRIGGER latest_home_visit_update;
                     DROP TRIGGER latest_home_visit_delete;",
                )
                .expect("drop");
            let (p, q) = (fill(&mut with), fill(&mut without));
            let (t_without, t_with) = (write(&mut without, &q), write(&mut with, &p));
            println!("round {round}: 3,000 visits written without the triggers {t_without:?}, with them {t_with:?}");
            withs.push(t_with);
            withouts.push(t_without);
        }
        withs.sort();
        withouts.sort();
        println!("median: without the triggers {:?}, with them {:?}", withouts[3], withs[3]);
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
            store.agenda_memo.kept = None;
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
            assert_eq!(home(&mut store, day).expect("home"), h);
            println!(
                "  read again, nothing changed (the review and the assessments due kept): {:?}",
                started.elapsed()
            );
            let started = std::time::Instant::now();
            store.read(|tx| visits_due_in(tx, &day.to_string(), HOME_PAGE)).expect("visits");
            println!("  of which the home visits due: {:?}", started.elapsed());
            let started = std::time::Instant::now();
            visits_due_reference(&mut store, &day.to_string());
            println!("  (the home visits due as read before migration 15: {:?})", started.elapsed());
            let started = std::time::Instant::now();
            store.read(|tx| referrals_due_in(tx, &day.to_string(), HOME_PAGE)).expect("referrals");
            println!("  of which the referrals due: {:?}", started.elapsed());
            let started = std::time::Instant::now();
            store.read(|tx| review_in(tx, Month::of(day))).expect("review");
            println!("  of which the month's review: {:?}", started.elapsed());
            let started = std::time::Instant::now();
            store.read(|tx| crate::assessments::due_page_in(tx, day, HOME_PAGE)).expect("due");
            println!("  of which the assessments due: {:?}", started.elapsed());
        }
    }
}
