//! What a field device may receive: the people of its workers' caseload (and their families), the records about
//! them, and the programme's shared records (groups, sessions, initiatives, rules, municipalities).

use std::collections::{HashMap, HashSet};

use reintegra_core::records::Kind;
use rusqlite::{OptionalExtension, Transaction};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::Result;

/// The people a field device carries: assigned to one of its workers, or registered or edited on it and assigned to
/// no one (anyone, if it names no workers), with the relatives and participants linked to them. Someone assigned to another worker leaves it, and so
/// do their relatives linked to no one who stays (the laptop then purges them: `sync::purge`).
pub(crate) fn people(tx: &Transaction<'_>, device: Uuid, workers: &[String]) -> Result<HashSet<String>> {
    // Relatives come with the people they are linked to, not on their own: one registered on the laptop leaves
    // with the participant.
    let mut stmt = tx.prepare(
        "SELECT DISTINCT c.record_id FROM main.changes c JOIN main.persons p ON p.id = c.record_id
         WHERE c.kind = 'person' AND c.device_id = ?1
           AND ((json_extract(p.data, '$.assigned_worker') IS NULL AND p.role IS NOT 'relative') OR ?2 = 0)",
    )?;
    // A laptop that names no workers: everyone registered or edited on it, as it cannot say whose they are.
    let registered =
        stmt.query_map(rusqlite::params![device.to_string(), workers.len() as i64], |r| r.get::<_, String>(0))?;
    with_family(tx, workers, registered.collect::<std::result::Result<_, _>>()?)
}

/// A field user's caseload on this device (see [`crate::access`]): people assigned to their worker, or registered
/// or edited by them here, with their families.
pub(crate) fn people_of_user(
    tx: &Transaction<'_>,
    device: Uuid,
    login: &str,
    workers: &[String],
) -> Result<HashSet<String>> {
    let mut stmt = tx.prepare(
        "SELECT DISTINCT record_id FROM main.changes WHERE kind = 'person' AND device_id = ?1 AND user_id = ?2",
    )?;
    let registered = stmt.query_map([device.to_string(), login.to_owned()], |r| r.get::<_, String>(0))?;
    with_family(tx, workers, registered.collect::<std::result::Result<_, _>>()?)
}

/// `registered`, the people assigned to one of `workers`, and the relatives and participants linked to them. Reads
/// the `main` tables: what a field user's connection filters must not narrow what it is computed from.
fn with_family(tx: &Transaction<'_>, workers: &[String], registered: Vec<String>) -> Result<HashSet<String>> {
    let mut people: HashSet<String> = registered.into_iter().collect();
    let mut stmt =
        tx.prepare("SELECT id, json_extract(data, '$.assigned_worker') FROM main.persons WHERE deleted = 0")?;
    let mut rows = stmt.query([])?;
    let folded: Vec<String> = workers.iter().map(|w| reintegra_core::text::fold(w)).collect();
    while let Some(r) = rows.next()? {
        let worker: Option<String> = r.get(1)?;
        if worker.is_some_and(|w| folded.contains(&reintegra_core::text::fold(&w))) {
            people.insert(r.get::<_, String>(0)?);
        }
    }
    let mut family = Vec::new();
    let mut stmt = tx.prepare("SELECT participant_id, relative_id FROM main.relationships WHERE deleted = 0")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (p, rel): (Option<String>, Option<String>) = (r.get(0)?, r.get(1)?);
        if let (Some(p), Some(rel)) = (p, rel) {
            if people.contains(&p) {
                family.push(rel);
            } else if people.contains(&rel) {
                family.push(p);
            }
        }
    }
    people.extend(family);
    Ok(people)
}

/// Whom a record is about: `None` for the programme's shared records.
pub(crate) struct Subjects<'t> {
    tx: &'t Transaction<'t>,
    cache: HashMap<(Kind, Uuid), Option<Vec<String>>>,
}

impl<'t> Subjects<'t> {
    pub fn new(tx: &'t Transaction<'t>) -> Self {
        Subjects { tx, cache: HashMap::new() }
    }

    pub fn of(&mut self, kind: Kind, id: Uuid) -> Result<&Option<Vec<String>>> {
        if !self.cache.contains_key(&(kind, id)) {
            let subjects = subjects(self.tx, kind, id)?;
            self.cache.insert((kind, id), subjects);
        }
        Ok(&self.cache[&(kind, id)])
    }

    /// Whether a record is shared, or about one of `people`.
    pub fn concerns(&mut self, kind: Kind, id: Uuid, people: &HashSet<String>) -> Result<bool> {
        Ok(match self.of(kind, id)? {
            None => true,
            Some(ids) => ids.iter().any(|p| people.contains(p)),
        })
    }

    /// Whether a record is about one of `people` (shared records are not).
    pub fn names_any(&mut self, kind: Kind, id: Uuid, people: &HashSet<String>) -> Result<bool> {
        Ok(self.of(kind, id)?.as_ref().is_some_and(|ids| ids.iter().any(|p| people.contains(p))))
    }
}

pub(crate) fn subjects(tx: &Transaction<'_>, kind: Kind, id: Uuid) -> Result<Option<Vec<String>>> {
    let fields: &[&str] = match kind {
        Kind::Group
        | Kind::Session
        | Kind::CommunityInitiative
        | Kind::VoucherRules
        | Kind::Municipality
        | Kind::Instrument => {
            return Ok(None);
        }
        Kind::Person => return Ok(Some(vec![id.to_string()])),
        Kind::Relationship => &["participant_id", "relative_id"],
        Kind::HomeVisit => &["person_ids"],
        Kind::Enrolment
        | Kind::Attendance
        | Kind::CasePlan
        | Kind::Referral
        | Kind::Exemption
        | Kind::Override
        | Kind::Payment
        | Kind::DeliveryMethod
        | Kind::Assessment
        | Kind::AlertFollowup => &["person_id"],
    };
    // The main table: a field user's filtered views must not hide whom a record is about from an export or a purge.
    let data: Option<String> = tx
        .prepare_cached(&format!("SELECT data FROM main.{} WHERE id = ?1", kind.table()))?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    let data: Map<String, Value> = match data {
        Some(d) => serde_json::from_str(&d)?,
        None => Map::new(),
    };
    let mut out = Vec::new();
    for f in fields {
        match data.get(*f) {
            Some(Value::String(s)) => out.push(s.clone()),
            Some(Value::Array(items)) => out.extend(items.iter().filter_map(Value::as_str).map(str::to_owned)),
            _ => {}
        }
    }
    Ok(Some(out))
}
