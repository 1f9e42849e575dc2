//! The indicators counted from scratch over every record, as before the counters of migration 12 (the first
//! attendee of a session without a group's place now chosen by id, where it was the index's order): what the
//! counters must always equal, after any sequence of records.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use reintegra_core::indicators::{Indicators, is_trained};
use serde_json::Value;

use super::super::{By, Report};
use crate::{Result, Store};

struct Person {
    relative: bool,
    municipality: String,
}

/// Where a fact counts: its municipality and its month.
struct Place<'a> {
    municipality: &'a str,
    month: &'a str,
}

pub(super) fn reference(store: &mut Store, by: By, trained_share_percent: u32) -> Result<Report> {
    store.read(|tx| {
        let mut people: HashMap<String, Person> = HashMap::new();
        let mut stmt = tx.prepare("SELECT id, role, municipality FROM persons WHERE deleted = 0")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let role: Option<String> = r.get(1)?;
            people.insert(
                r.get(0)?,
                Person {
                    relative: role.as_deref() == Some("relative"),
                    municipality: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                },
            );
        }
        let mut report = Report { trained_share_percent, total: Indicators::with_targets(), groups: BTreeMap::new() };
        let mut add = |place: &Place<'_>, f: &mut dyn FnMut(&mut Indicators)| {
            f(&mut report.total);
            let key = match by {
                By::Total => return,
                By::Municipality => place.municipality,
                By::Month => place.month,
            };
            f(report.groups.entry(key.to_owned()).or_default());
        };
        let municipality_of = |id: &str| people.get(id).map(|p| p.municipality.as_str()).unwrap_or("");

        // Vouchers: payments, and participants in the month of their first payment.
        let mut stmt = tx.prepare(
            "SELECT person_id, month, json_extract(data, '$.amount_usd') FROM payments WHERE deleted = 0
               AND coalesce(json_extract(data, '$.status'), 'paid') = 'paid'
             ORDER BY month, person_id",
        )?;
        let mut rows = stmt.query([])?;
        let mut paid: BTreeSet<String> = BTreeSet::new();
        while let Some(r) = rows.next()? {
            let (person, month): (String, String) = (r.get(0)?, r.get(1)?);
            let usd: f64 = r.get::<_, Option<f64>>(2)?.unwrap_or(0.0);
            let first = paid.insert(person.clone());
            add(&Place { municipality: municipality_of(&person), month: &month }, &mut |i| {
                i.payments += 1;
                i.paid_usd += usd.round() as u64;
                if first {
                    i.participants_paid.value += 1;
                }
            });
        }

        // Training: modules of the parent-training sessions each relative attended, in date order.
        let mut stmt = tx.prepare(
            "SELECT a.person_id, s.date, json_extract(s.data, '$.modules') FROM attendance a
             JOIN sessions s ON s.id = a.session_id JOIN groups g ON g.id = s.group_id
             WHERE a.deleted = 0 AND s.deleted = 0 AND a.status = 'present' AND g.kind = 'parent_training'
             ORDER BY s.date, a.person_id",
        )?;
        let mut rows = stmt.query([])?;
        let mut modules: HashMap<String, BTreeSet<String>> = HashMap::new();
        let mut trained: BTreeSet<String> = BTreeSet::new();
        while let Some(r) = rows.next()? {
            let (person, date): (String, String) = (r.get(0)?, r.get(1)?);
            if !people.get(&person).is_some_and(|p| p.relative) || trained.contains(&person) {
                continue;
            }
            let list: Option<String> = r.get(2)?;
            let covered = modules.entry(person.clone()).or_default();
            if let Some(Value::Array(items)) = list.as_deref().and_then(|l| serde_json::from_str(l).ok()) {
                covered.extend(items.iter().filter_map(Value::as_str).map(str::to_owned));
            }
            if is_trained(covered, trained_share_percent) {
                trained.insert(person.clone());
                add(&Place { municipality: municipality_of(&person), month: &date[..7.min(date.len())] }, &mut |i| {
                    i.relatives_trained.value += 1
                });
            }
        }

        // Home visits: relatives met, in the month of their first visit.
        let mut stmt = tx.prepare(
            "SELECT l.person_id, h.date FROM person_links l JOIN home_visits h ON h.id = l.record_id
             WHERE l.kind = 'home_visit' AND h.deleted = 0 ORDER BY h.date, l.person_id",
        )?;
        let mut rows = stmt.query([])?;
        let mut visited: BTreeSet<String> = BTreeSet::new();
        while let Some(r) = rows.next()? {
            let (person, date): (String, String) = (r.get(0)?, r.get(1)?);
            if people.get(&person).is_some_and(|p| p.relative) && visited.insert(person.clone()) {
                add(&Place { municipality: municipality_of(&person), month: &date[..7.min(date.len())] }, &mut |i| {
                    i.relatives_visited.value += 1
                });
            }
        }

        // Sessions by kind: where the group meets, or where the first person attending lives.
        let mut stmt = tx.prepare(
            "SELECT s.kind, s.date, g.municipality,
                    (SELECT a.person_id FROM attendance a WHERE a.session_id = s.id AND a.deleted = 0
                     ORDER BY a.person_id LIMIT 1)
             FROM sessions s LEFT JOIN groups g ON g.id = s.group_id WHERE s.deleted = 0",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (kind, date): (String, String) = (r.get(0)?, r.get(1)?);
            let group_place: Option<String> = r.get(2)?;
            let attendee: Option<String> = r.get(3)?;
            let municipality =
                group_place.unwrap_or_else(|| attendee.as_deref().map(municipality_of).unwrap_or("").to_owned());
            add(&Place { municipality: &municipality, month: &date[..7.min(date.len())] }, &mut |i| {
                *i.sessions.entry(kind.clone()).or_default() += 1
            });
        }

        // Referrals by current status.
        let mut stmt = tx.prepare(
            "SELECT person_id, json_extract(data, '$.status'), json_extract(data, '$.date') FROM referrals
             WHERE deleted = 0",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (person, status, date): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            add(&Place { municipality: municipality_of(&person), month: &date[..7.min(date.len())] }, &mut |i| {
                *i.referrals.entry(status.clone()).or_default() += 1
            });
        }

        // Community initiatives and who took part.
        let mut stmt = tx.prepare(
            "SELECT json_extract(data, '$.municipality'), date, json_array_length(data, '$.person_ids'),
                    json_extract(data, '$.headcount')
             FROM community_initiatives WHERE deleted = 0",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (municipality, date): (String, String) = (r.get(0)?, r.get(1)?);
            let named: u64 = r.get::<_, Option<i64>>(2)?.unwrap_or(0).max(0) as u64;
            let headcount: u64 = r.get::<_, Option<i64>>(3)?.unwrap_or(0).max(0) as u64;
            add(&Place { municipality: &municipality, month: &date[..7.min(date.len())] }, &mut |i| {
                i.initiatives += 1;
                i.initiative_participants += named.max(headcount);
            });
        }
        Ok(report)
    })
}
