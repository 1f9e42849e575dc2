//! What a field device may receive: the people of its workers' caseload (and their families), the records about
//! them, and the programme's shared records (groups, sessions, initiatives, rules, municipalities).

use std::collections::{HashMap, HashSet};

use reintegra_core::merge::Change;
use reintegra_core::records::Kind;
use rusqlite::{OptionalExtension, Transaction};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::Result;
use crate::changes::{CHANGE_COLUMNS, change_from_row};

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

/// What [`people`] reads, read once for every laptop of a folder's round: live people by their worker, the people
/// registered or edited on each device, and the family links. Valid until people or links change (the answers of
/// one round change neither).
pub(crate) struct Directory {
    /// Live people by their assigned worker, folded.
    by_worker: HashMap<String, Vec<String>>,
    /// By device: the people registered or edited on it, and whether each is assigned to no one and not a relative.
    edited: HashMap<String, Vec<(String, bool)>>,
    links: Vec<(String, String)>,
    /// The shared records' changes after a position of the log, decoded once for every laptop that is sent them
    /// (all of them, to a laptop new to the central file): the lowest position asked for so far, and the changes.
    shared: std::cell::RefCell<Option<(i64, Sent)>>,
}

/// Changes with their positions in the log.
type Sent = Vec<(i64, Change)>;

impl Directory {
    pub fn build(tx: &Transaction<'_>) -> Result<Directory> {
        let mut by_worker: HashMap<String, Vec<String>> = HashMap::new();
        let mut stmt =
            tx.prepare("SELECT id, json_extract(data, '$.assigned_worker') FROM main.persons WHERE deleted = 0")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(worker) = r.get::<_, Option<String>>(1)? {
                by_worker.entry(reintegra_core::text::fold(&worker)).or_default().push(r.get(0)?);
            }
        }
        let mut edited: HashMap<String, Vec<(String, bool)>> = HashMap::new();
        let mut stmt = tx.prepare(
            "SELECT DISTINCT c.device_id, c.record_id,
                    json_extract(p.data, '$.assigned_worker') IS NULL AND p.role IS NOT 'relative'
             FROM main.changes c JOIN main.persons p ON p.id = c.record_id WHERE c.kind = 'person'",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            edited.entry(r.get(0)?).or_default().push((r.get(1)?, r.get(2)?));
        }
        let mut links = Vec::new();
        let mut stmt = tx.prepare("SELECT participant_id, relative_id FROM main.relationships WHERE deleted = 0")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let (Some(p), Some(rel)) = (r.get::<_, Option<String>>(0)?, r.get::<_, Option<String>>(1)?) {
                links.push((p, rel));
            }
        }
        Ok(Directory { by_worker, edited, links, shared: Default::default() })
    }

    /// What [`people`] answers for the device.
    pub fn people(&self, device: Uuid, workers: &[String]) -> HashSet<String> {
        let mut people: HashSet<String> = self
            .edited
            .get(&device.to_string())
            .into_iter()
            .flatten()
            .filter(|(_, unassigned)| *unassigned || workers.is_empty())
            .map(|(p, _)| p.clone())
            .collect();
        let folded: HashSet<String> = workers.iter().map(|w| reintegra_core::text::fold(w)).collect();
        for w in &folded {
            people.extend(self.by_worker.get(w).into_iter().flatten().cloned());
        }
        let mut family = Vec::new();
        for (p, rel) in &self.links {
            if people.contains(p) {
                family.push(rel.clone());
            } else if people.contains(rel) {
                family.push(p.clone());
            }
        }
        people.extend(family);
        people
    }
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

/// The fields of a record that name whom it is about: `None` for the programme's shared records; a person's own
/// record is about that person.
fn subject_fields(kind: Kind) -> Option<&'static [&'static str]> {
    Some(match kind {
        Kind::Group
        | Kind::Session
        | Kind::CommunityInitiative
        | Kind::VoucherRules
        | Kind::Municipality
        | Kind::Instrument => return None,
        Kind::Person => &[],
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
    })
}

/// Whom a record is about, read from its row: `None` for the programme's shared records.
pub(crate) fn subjects(tx: &Transaction<'_>, kind: Kind, id: Uuid) -> Result<Option<Vec<String>>> {
    let Some(fields) = subject_fields(kind) else { return Ok(None) };
    if kind == Kind::Person {
        return Ok(Some(vec![id.to_string()]));
    }
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

/// The records about a set of people, each with the ones of them it names: what [`subjects`] says, found through
/// the indexes of the records' person columns (and `person_links` for home visits) instead of record by record.
pub(crate) struct About<'p> {
    people: &'p HashSet<String>,
    named: HashMap<(Kind, Uuid), Vec<String>>,
}

/// Ids bound a few hundred at a time.
const CHUNK: usize = 400;

impl<'p> About<'p> {
    pub fn of(tx: &Transaction<'_>, people: &'p HashSet<String>) -> Result<Self> {
        let mut named: HashMap<(Kind, Uuid), Vec<String>> = HashMap::new();
        let ids: Vec<&String> = people.iter().collect();
        let mut add = |kind: Kind, sql: &str, ids: &[&String]| -> Result<()> {
            let marks = vec!["?"; ids.len()].join(", ");
            let mut stmt = tx.prepare(&sql.replace("{marks}", &marks))?;
            let mut rows = stmt.query(rusqlite::params_from_iter(ids.iter()))?;
            while let Some(r) = rows.next()? {
                let (id, person): (String, String) = (r.get(0)?, r.get(1)?);
                // Rows whose id is not a record id are nobody's: a record's id always is one.
                if let Ok(id) = Uuid::parse_str(&id) {
                    let list = named.entry((kind, id)).or_default();
                    if !list.contains(&person) {
                        list.push(person);
                    }
                }
            }
            Ok(())
        };
        for chunk in ids.chunks(CHUNK) {
            for kind in Kind::ALL {
                let Some(fields) = subject_fields(kind) else { continue };
                let table = kind.table();
                match kind {
                    Kind::Person => {}
                    // Live visits are linked to their people; a deleted one keeps its list only in its data.
                    Kind::HomeVisit => {
                        add(
                            kind,
                            "SELECT record_id, person_id FROM main.person_links
                             WHERE kind = 'home_visit' AND person_id IN ({marks})",
                            chunk,
                        )?;
                        add(
                            kind,
                            "SELECT h.id, j.value FROM main.home_visits h, json_each(h.data, '$.person_ids') j
                             WHERE h.deleted != 0 AND j.type = 'text' AND j.value IN ({marks})",
                            chunk,
                        )?;
                    }
                    _ => {
                        for f in fields {
                            // The person columns are generated from the same fields of `data`.
                            let sql = format!("SELECT id, {f} FROM main.{table} WHERE {f} IN ({{marks}})");
                            add(kind, &sql, chunk)?;
                        }
                    }
                }
            }
        }
        Ok(About { people, named })
    }

    /// How many records name one of the people.
    pub fn len(&self) -> usize {
        self.named.len()
    }

    /// The records naming one of the people (not their own person records).
    pub fn records(&self) -> impl Iterator<Item = &(Kind, Uuid)> {
        self.named.keys()
    }

    /// Whom of the people a record names; `None` for a shared record.
    fn named(&self, kind: Kind, id: Uuid) -> Option<Vec<&str>> {
        subject_fields(kind)?;
        Some(if kind == Kind::Person {
            let id = id.to_string();
            self.people.get(&id).map(|p| vec![p.as_str()]).unwrap_or_default()
        } else {
            self.named.get(&(kind, id)).map(|l| l.iter().map(String::as_str).collect()).unwrap_or_default()
        })
    }

    /// Whether a record is shared, or about one of the people.
    pub fn concerns(&self, kind: Kind, id: Uuid) -> bool {
        self.named(kind, id).is_none_or(|named| !named.is_empty())
    }

    /// Whether a record is about one of `some` (a part of the people; shared records are not).
    pub fn names_any(&self, kind: Kind, id: Uuid, some: &HashSet<String>) -> bool {
        debug_assert!(some.is_subset(self.people));
        self.named(kind, id).is_some_and(|named| named.iter().any(|p| some.contains(*p)))
    }
}

/// What a supervisor sends a field laptop (see `sync::export`): its caseload, the people new to it or coming back
/// (with their whole history), and the people leaving it (their own record's changes).
pub(crate) struct Laptop<'a> {
    pub device: Uuid,
    pub people: &'a HashSet<String>,
    /// People new to the laptop, or coming back, or sent after what it acknowledged.
    pub pending: &'a HashSet<String>,
    /// People coming back to it: the laptop's own changes about them go back too (it purged them).
    pub returning: &'a HashSet<String>,
    pub leaving: &'a HashSet<String>,
    /// What the laptop acknowledged of our log.
    pub from: i64,
}

/// How to find the candidates: the log after `from` read in order, or the records' changes found by index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Way {
    Scan,
    Index,
    /// Whichever reads less: the scan when what the laptop has not acknowledged is short.
    Cheaper,
}

/// The changes a laptop is sent, with their positions in the log, in order: the shared records and those about its
/// people after what it acknowledged; the whole history of people new to it; its own changes about people coming
/// back; the record changes of people leaving it.
pub(crate) fn laptop_changes(
    tx: &Transaction<'_>,
    l: &Laptop<'_>,
    way: Way,
    directory: Option<&Directory>,
) -> Result<Vec<(i64, Change)>> {
    let about = About::of(tx, l.people)?;
    let include = |seq: i64, kind: Kind, id: Uuid, device: Uuid| -> bool {
        let own = device == l.device;
        let after = seq > l.from;
        (!own && after && about.concerns(kind, id))
            || (!own && about.names_any(kind, id, l.pending))
            || (own && about.names_any(kind, id, l.returning))
            || (!own && after && kind == Kind::Person && l.leaving.contains(&id.to_string()))
    };
    let top: i64 = tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM main.changes", [], |r| r.get(0))?;
    let way = match way {
        // A row read in order costs about an eighth of a lookup by record.
        Way::Cheaper if (top - l.from).max(0) as usize <= 8 * (about.len() + l.people.len() + l.leaving.len()) => {
            Way::Scan
        }
        Way::Cheaper => Way::Index,
        way => way,
    };
    // Each candidate row (position, then the change's columns) is judged by `include` and decoded only if sent.
    let mut from_cache: Vec<(i64, Change)> = Vec::new();
    let mut sent: std::collections::BTreeMap<i64, Change> = std::collections::BTreeMap::new();
    let mut consider = |row: &rusqlite::Row<'_>| -> Result<()> {
        let seq: i64 = row.get(0)?;
        let kind = Kind::from_name(&row.get::<_, String>(2)?).ok_or(crate::Error::Format("error.kind_unknown"))?;
        let uuid = |i: usize| -> Result<Uuid> {
            Uuid::parse_str(&row.get::<_, String>(i)?).map_err(|_| crate::Error::Format("error.id_invalid"))
        };
        if !sent.contains_key(&seq) && include(seq, kind, uuid(3)?, uuid(6)?) {
            sent.insert(seq, change_from_row(row, 1)?);
        }
        Ok(())
    };
    let mut by_record = tx.prepare_cached(&format!(
        "SELECT seq, {CHANGE_COLUMNS} FROM main.changes WHERE kind = ?1 AND record_id = ?2 AND seq > ?3 AND seq <= ?4"
    ))?;
    let mut record = |kind: Kind, id: Uuid, after: i64, upto: i64, consider: &mut Consider<'_>| {
        each_row(&mut by_record, rusqlite::params![kind.name(), id.to_string(), after, upto], consider)
    };
    if way == Way::Scan {
        let mut stmt = tx.prepare_cached(&format!("SELECT seq, {CHANGE_COLUMNS} FROM main.changes WHERE seq > ?1"))?;
        each_row(&mut stmt, [l.from], &mut consider)?;
    } else {
        for &(kind, id) in about.records() {
            record(kind, id, l.from, top, &mut consider)?;
        }
        for p in l.people.iter().chain(l.leaving.iter()) {
            if let Ok(id) = Uuid::parse_str(p) {
                record(Kind::Person, id, l.from, top, &mut consider)?;
            }
        }
        let mut shared =
            tx.prepare_cached(&format!("SELECT seq, {CHANGE_COLUMNS} FROM main.changes WHERE kind = ?1 AND seq > ?2"))?;
        match directory {
            None => {
                for kind in Kind::ALL.into_iter().filter(|k| subject_fields(*k).is_none()) {
                    each_row(&mut shared, rusqlite::params![kind.name(), l.from], &mut consider)?;
                }
            }
            Some(d) => {
                let mut cache = d.shared.borrow_mut();
                if cache.as_ref().is_none_or(|(from, _)| *from > l.from) {
                    let mut all = Vec::new();
                    for kind in Kind::ALL.into_iter().filter(|k| subject_fields(*k).is_none()) {
                        let mut rows = shared.query(rusqlite::params![kind.name(), l.from])?;
                        while let Some(row) = rows.next()? {
                            all.push((row.get(0)?, change_from_row(row, 1)?));
                        }
                    }
                    *cache = Some((l.from, all));
                }
                for (seq, c) in cache.iter().flat_map(|(_, all)| all) {
                    if *seq > l.from && include(*seq, c.kind, c.record_id, c.device_id) {
                        from_cache.push((*seq, c.clone()));
                    }
                }
            }
        }
    }
    if !l.pending.is_empty() {
        // The history before what the laptop acknowledged, of the records about people new to it (or coming back).
        for &(kind, id) in about.records() {
            if about.names_any(kind, id, l.pending) {
                record(kind, id, i64::MIN, l.from, &mut consider)?;
            }
        }
        for p in l.pending {
            if let Ok(id) = Uuid::parse_str(p) {
                record(Kind::Person, id, i64::MIN, l.from, &mut consider)?;
            }
        }
    }
    for (seq, c) in from_cache {
        sent.entry(seq).or_insert(c);
    }
    Ok(sent.into_iter().collect())
}

type Consider<'c> = dyn FnMut(&rusqlite::Row<'_>) -> Result<()> + 'c;

fn each_row(stmt: &mut rusqlite::Statement<'_>, params: impl rusqlite::Params, f: &mut Consider<'_>) -> Result<()> {
    let mut rows = stmt.query(params)?;
    while let Some(row) = rows.next()? {
        f(row)?;
    }
    Ok(())
}

/// Whom records are about, read record by record from their rows ([`subjects`]) and remembered: the reference
/// [`About`] is checked against.
#[cfg(test)]
pub(crate) struct Subjects<'t> {
    tx: &'t Transaction<'t>,
    cache: HashMap<(Kind, Uuid), Option<Vec<String>>>,
}

#[cfg(test)]
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
