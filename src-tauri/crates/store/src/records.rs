//! The one write path for every record kind: merge the given fields into the record, check the result with the
//! core's rules, check its references, record only what changed.

use chrono::NaiveDate;
use reintegra_core::FieldErrors;
use reintegra_core::records::{self, Kind, Reference};
use reintegra_core::reference::{Catalogue, Municipality};
use reintegra_core::text;
use rusqlite::OptionalExtension;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::{Error, Op, Result, Writer};

/// Moved to [`crate::projection`]; kept here for callers of the public path.
pub use crate::projection::derived;

/// What a write did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    Inserted,
    Updated,
    Unchanged,
    Deleted,
}

/// Creates or updates a record. With `id: None`, a record that has the same natural key (the same person, the same
/// attendance, the same month's payment…) is updated instead of duplicated, so loading a file twice changes nothing.
pub fn upsert(
    w: &mut Writer<'_>,
    kind: Kind,
    id: Option<Uuid>,
    fields: &Map<String, Value>,
    today: NaiveDate,
) -> Result<(Uuid, Applied)> {
    let id = match id {
        Some(id) => id,
        None => {
            let (canonical, _) =
                records::check(kind, fields, today, &catalogue_for(w, kind)?).map_err(Error::Invalid)?;
            natural_key(w, kind, &canonical)?.unwrap_or_else(Uuid::now_v7)
        }
    };
    let current = w.current(kind, id)?;
    if let Some((_, true)) = current {
        return Err(Error::Deleted);
    }
    let before = current.map(|(data, _)| data);
    let mut merged = before.clone().unwrap_or_default();
    for (k, v) in fields {
        merged.insert(k.clone(), v.clone());
    }
    let (canonical, refs) = records::check(kind, &merged, today, &catalogue_for(w, kind)?).map_err(Error::Invalid)?;
    check_references(w, kind, &refs)?;

    let old = before.clone().unwrap_or_default();
    let mut changed = Map::new();
    for (k, v) in &canonical {
        if old.get(k) != Some(v) {
            changed.insert(k.clone(), v.clone());
        }
    }
    for k in old.keys() {
        if !canonical.contains_key(k) {
            changed.insert(k.clone(), Value::Null);
        }
    }
    if before.is_some() && changed.is_empty() {
        return Ok((id, Applied::Unchanged));
    }
    if kind == Kind::Payment {
        crate::payments::checks::guard(w.tx(), id, before.as_ref(), &canonical)?;
    }
    if matches!(kind, Kind::Assessment | Kind::AlertFollowup | Kind::Instrument) {
        crate::assessments::checks::check_record(w, kind, &canonical)?;
    }
    w.append(kind, id, Op::Upsert, changed)?;
    Ok((id, if before.is_some() { Applied::Updated } else { Applied::Inserted }))
}

/// The fields that identify a record given without id: an indexed column to find candidates, and the fields
/// that must all be equal. Sessions without a group (individual case management) have none: two on one day are
/// two sessions.
fn natural_key_spec(kind: Kind, data: &Map<String, Value>) -> Option<(&'static str, &'static [&'static str])> {
    Some(match kind {
        Kind::Person => ("birth_date", &["given_names", "first_surname", "second_surname", "birth_date"]),
        Kind::Relationship => ("participant_id", &["relative_id"]),
        Kind::Enrolment => ("person_id", &["component", "start_date"]),
        Kind::Group => ("kind", &["name", "municipality"]),
        Kind::Session if data.contains_key("group_id") => ("date", &["kind", "group_id"]),
        Kind::Session => return None,
        Kind::Attendance => ("session_id", &["person_id"]),
        Kind::HomeVisit => ("date", &["person_ids"]),
        Kind::CasePlan => ("person_id", &[]),
        Kind::Referral => ("person_id", &["service", "organisation", "date"]),
        Kind::CommunityInitiative => ("date", &["name", "municipality"]),
        Kind::Exemption | Kind::Override | Kind::Payment => ("person_id", &["month"]),
        Kind::VoucherRules => ("effective_from", &[]),
        Kind::Municipality => ("name", &[]),
        // Loading the same file twice changes nothing; one follow-up per alert of an assessment.
        Kind::Assessment => ("person_id", &["instrument", "date"]),
        Kind::Instrument => ("code", &["version"]),
        Kind::AlertFollowup => ("assessment_id", &["alert"]),
        Kind::DeliveryMethod => ("person_id", &[]),
    })
}

fn natural_key(w: &Writer<'_>, kind: Kind, data: &Map<String, Value>) -> Result<Option<Uuid>> {
    // A person is also the same person when the DUI matches.
    if kind == Kind::Person
        && let Some(dui) = data.get("dui").and_then(Value::as_str)
    {
        let id: Option<String> = w
            .tx()
            .prepare_cached("SELECT id FROM persons WHERE dui = ?1 AND deleted = 0")?
            .query_row([dui], |r| r.get(0))
            .optional()?;
        if let Some(id) = id {
            return Ok(Uuid::parse_str(&id).ok());
        }
    }
    if kind == Kind::Payment {
        return crate::payments::checks::natural_key(w.tx(), data);
    }
    let Some((column, fields)) = natural_key_spec(kind, data) else { return Ok(None) };
    let Some(Value::String(key)) = data.get(column) else { return Ok(None) };
    let same = |a: Option<&Value>, b: Option<&Value>| match (a, b) {
        // Names compare as people search them: without accents or case.
        (Some(Value::String(x)), Some(Value::String(y))) if kind == Kind::Person => text::fold(x) == text::fold(y),
        _ => a == b,
    };
    let mut stmt =
        w.tx().prepare_cached(&format!("SELECT id, data FROM {} WHERE {column} = ?1 AND deleted = 0", kind.table()))?;
    let mut rows = stmt.query([key])?;
    while let Some(row) = rows.next()? {
        let existing: Map<String, Value> = serde_json::from_str(&row.get::<_, String>(1)?)?;
        if fields.iter().all(|f| same(existing.get(*f), data.get(*f))) {
            return Ok(Uuid::parse_str(&row.get::<_, String>(0)?).ok());
        }
    }
    Ok(None)
}

/// The reference data in force: the shipped municipalities with the stored `municipality` records over them.
pub fn catalogue(tx: &rusqlite::Transaction<'_>) -> Result<Catalogue> {
    let mut stmt = tx.prepare_cached("SELECT data FROM municipalities WHERE deleted = 0 ORDER BY name")?;
    let mut rows = stmt.query([])?;
    let mut records = Vec::new();
    while let Some(row) = rows.next()? {
        records.push(serde_json::from_str::<Municipality>(&row.get::<_, String>(0)?)?);
    }
    Ok(Catalogue::with(records))
}

/// The catalogue, read only for the kinds that name a municipality.
fn catalogue_for(w: &Writer<'_>, kind: Kind) -> Result<Catalogue> {
    match kind {
        Kind::Person | Kind::Group | Kind::CommunityInitiative => catalogue(w.tx()),
        _ => Ok(Catalogue { municipalities: Vec::new() }),
    }
}

/// Deletes a record by tombstone. Deleting what is already deleted changes nothing.
pub fn delete(w: &mut Writer<'_>, kind: Kind, id: Uuid) -> Result<Applied> {
    match w.current(kind, id)? {
        None => Err(Error::NotFound),
        Some((_, true)) => Ok(Applied::Unchanged),
        Some(_) => {
            w.append(kind, id, Op::Delete, Map::new())?;
            Ok(Applied::Deleted)
        }
    }
}

/// Every reference must name a record of the right kind that is not deleted; some must name a participant.
fn check_references(w: &Writer<'_>, kind: Kind, refs: &[Reference]) -> Result<()> {
    let mut errors = FieldErrors::default();
    for r in refs {
        let role: Option<Option<String>> = w
            .tx()
            .prepare_cached(&format!(
                "SELECT {} FROM {} WHERE id = ?1 AND deleted = 0",
                if r.kind == Kind::Person { "role" } else { "NULL" },
                r.kind.table()
            ))?
            .query_row([r.id.to_string()], |row| row.get(0))
            .optional()?;
        match role {
            None => errors.push(r.field, "error.ref_unknown"),
            Some(role) if needs_participant(kind, r.field) && role.as_deref() != Some("participant") => {
                errors.push(r.field, "error.ref_not_participant")
            }
            Some(_) => {}
        }
    }
    errors.into_result(()).map_err(Error::Invalid)
}

fn needs_participant(kind: Kind, field: &str) -> bool {
    matches!((kind, field), (Kind::Relationship, "participant_id"))
        || (matches!(kind, Kind::Exemption | Kind::Override | Kind::Payment | Kind::DeliveryMethod)
            && field == "person_id")
}

/// A record's fields and whether it is deleted.
pub fn get(store: &mut crate::Store, kind: Kind, id: Uuid) -> Result<(Map<String, Value>, bool)> {
    store.read(|tx| {
        crate::access::check_visible(tx, kind, id)?;
        let row: Option<(String, i64)> = tx
            .query_row(&format!("SELECT data, deleted FROM {} WHERE id = ?1", kind.table()), [id.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let (data, deleted) = row.ok_or(Error::NotFound)?;
        Ok((serde_json::from_str(&data)?, deleted != 0))
    })
}

/// One change of a record, as its history shows it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct HistoryEntry {
    pub change_id: Uuid,
    /// When the change was made, by the clock of the device that made it (UTC, milliseconds).
    pub at_ms: i64,
    pub device_id: String,
    pub user_id: String,
    pub op: String,
    pub fields: Map<String, Value>,
}

/// Every change of a record, oldest first (a referral's status history, who changed what).
pub fn history(store: &mut crate::Store, kind: Kind, id: Uuid) -> Result<Vec<HistoryEntry>> {
    store.read(|tx| {
        // The change log is not filtered (sync needs all of it): a record outside a field user's caseload is
        // refused here.
        crate::access::check_visible(tx, kind, id)?;
        let mut stmt = tx.prepare(
            "SELECT change_id, hlc, device_id, user_id, op, fields FROM changes
             WHERE kind = ?1 AND record_id = ?2 ORDER BY hlc, device_id, change_id",
        )?;
        let mut rows = stmt.query([kind.name(), &id.to_string()])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(HistoryEntry {
                change_id: Uuid::parse_str(&r.get::<_, String>(0)?).map_err(|_| Error::Format("error.id_invalid"))?,
                at_ms: reintegra_core::hlc::Hlc(r.get(1)?).wall_ms(),
                device_id: r.get(2)?,
                user_id: r.get(3)?,
                op: r.get(4)?,
                fields: serde_json::from_str(&r.get::<_, String>(5)?)?,
            });
        }
        if out.is_empty() {
            return Err(Error::NotFound);
        }
        Ok(out)
    })
}
