//! People: registration (with the duplicate check) and search.

use chrono::NaiveDate;
use reintegra_core::person::{FORM_FIELDS, PersonFields, identity_changed, likely_same, validate_fields};
use reintegra_core::text;
use reintegra_core::wire::{PersonPage, PersonQuery, PersonSummary, RegisterOutcome};
use rusqlite::{Transaction, params_from_iter};
use serde_json::Value;
use uuid::Uuid;

use crate::records::upsert;
use crate::{Error, Result, Store, Writer};
use reintegra_core::records::Kind;

pub const PAGE_MAX: u32 = 200;

fn summary(id: &str, data: &str) -> Result<PersonSummary> {
    let p: PersonFields = serde_json::from_str(data)?;
    Ok(PersonSummary {
        id: Uuid::parse_str(id).map_err(|_| Error::NotFound)?,
        role: p.role,
        name: p.full_name(),
        dui: p.dui,
        birth_date: p.birth_date,
        municipality: p.municipality,
    })
}

/// People already stored who look like `fields` (see [`likely_same`]).
pub fn similar(tx: &Transaction<'_>, fields: &PersonFields) -> Result<Vec<PersonSummary>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, data FROM persons WHERE deleted = 0 AND (birth_date = ?1 OR (?2 IS NOT NULL AND dui = ?2))",
    )?;
    let mut rows = stmt.query(rusqlite::params![fields.birth_date.to_string(), fields.dui])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let (id, data): (String, String) = (row.get(0)?, row.get(1)?);
        let existing: PersonFields = serde_json::from_str(&data)?;
        // Inside a write a field user's filter is off: look-alikes outside their caseload are not shown to them.
        if likely_same(fields, &existing) && crate::access::may_see_person(tx, &id)? {
            out.push(summary(&id, &data)?);
        }
    }
    Ok(out)
}

/// Registers a person in one transaction. Unless `confirm_new`, a likely duplicate stores nothing and returns the
/// existing records to choose from.
pub fn register(
    store: &mut Store,
    fields: &PersonFields,
    confirm_new: bool,
    today: NaiveDate,
) -> Result<RegisterOutcome> {
    register_then(store, fields, confirm_new, today, |_, _| Ok(()))
}

/// Registers a relative of `participant` and their relationship (`kind`: mother, father, ...) in one transaction:
/// both or neither. A likely duplicate is offered first, as for [`register`].
pub fn register_relative(
    store: &mut Store,
    fields: &PersonFields,
    participant: Uuid,
    kind: &str,
    confirm_new: bool,
    today: NaiveDate,
) -> Result<RegisterOutcome> {
    register_then(store, fields, confirm_new, today, |w, id| {
        let mut link = serde_json::Map::new();
        link.insert("participant_id".into(), Value::String(participant.to_string()));
        link.insert("relative_id".into(), Value::String(id.to_string()));
        link.insert("kind".into(), Value::String(kind.to_owned()));
        upsert(w, Kind::Relationship, None, &link, today)?;
        Ok(())
    })
}

/// [`register`], and `then` with the new person's id in the same transaction.
fn register_then(
    store: &mut Store,
    fields: &PersonFields,
    confirm_new: bool,
    today: NaiveDate,
    then: impl FnOnce(&mut Writer<'_>, Uuid) -> Result<()>,
) -> Result<RegisterOutcome> {
    let catalogue = store.read(crate::records::catalogue)?;
    let mut fields = validate_fields(fields, today, &catalogue).map_err(Error::Invalid)?;
    if fields.assigned_worker.is_none() {
        fields.assigned_worker = default_worker(store)?;
    }
    store.with_tx(|w| {
        let candidates = similar(w.tx(), &fields)?;
        if !candidates.is_empty() && !confirm_new {
            return Ok(RegisterOutcome::Duplicates { candidates });
        }
        let id = insert(w, &fields, today)?;
        then(w, id)?;
        Ok(RegisterOutcome::Created { id })
    })
}

/// Who a person registered here without a worker is assigned to: the field worker who registers them, else the one
/// worker this laptop carries. So the person is in that worker's caseload, which the central file sends back to this
/// laptop; on the central file, or a laptop shared by several workers, nobody is guessed.
fn default_worker(store: &mut Store) -> Result<Option<String>> {
    if let Some(worker) = store.scope.as_ref().and_then(|s| s.worker.clone()) {
        return Ok(Some(worker));
    }
    let workers = crate::sync::workers(store)?;
    Ok(match workers.as_slice() {
        [only] if store.device().role == reintegra_core::wire::DeviceRole::Field => Some(only.clone()),
        _ => None,
    })
}

/// Saves the edited form fields of person `id` ([`FORM_FIELDS`]; the role, consent scope, worker and status stay
/// as stored) in one transaction through [`upsert`], which records only what changed. When the names, birth date
/// or DUI changed and other people look like the result, nothing is stored unless `confirm`, and they are returned.
pub fn update(
    store: &mut Store,
    id: Uuid,
    fields: &PersonFields,
    confirm: bool,
    today: NaiveDate,
) -> Result<RegisterOutcome> {
    let catalogue = store.read(crate::records::catalogue)?;
    let current = get(store, id)?;
    let edited = PersonFields { role: current.role, ..fields.clone() };
    let edited = validate_fields(&edited, today, &catalogue).map_err(Error::Invalid)?;
    let Value::Object(all) = serde_json::to_value(&edited)? else {
        return Err(Error::Json { line: 0, column: 0 });
    };
    // A field emptied in the form is removed (null), one not in the form is left alone.
    let changes: serde_json::Map<String, Value> =
        FORM_FIELDS.iter().map(|&k| (k.to_owned(), all.get(k).cloned().unwrap_or(Value::Null))).collect();
    store.with_tx(|w| {
        if identity_changed(&current, &edited) && !confirm {
            let candidates: Vec<PersonSummary> = similar(w.tx(), &edited)?.into_iter().filter(|c| c.id != id).collect();
            if !candidates.is_empty() {
                return Ok(RegisterOutcome::Duplicates { candidates });
            }
        }
        upsert(w, Kind::Person, Some(id), &changes, today)?;
        Ok(RegisterOutcome::Updated { id })
    })
}

/// Writes a new, already validated person inside the caller's transaction.
pub fn insert(w: &mut Writer<'_>, fields: &PersonFields, today: NaiveDate) -> Result<Uuid> {
    insert_with_id(w, Uuid::now_v7(), fields, today)
}

/// As [`insert`], with an id chosen by the caller (imports that carry their ids, deterministic demo data).
pub fn insert_with_id(w: &mut Writer<'_>, id: Uuid, fields: &PersonFields, today: NaiveDate) -> Result<Uuid> {
    let Value::Object(map) = serde_json::to_value(fields)? else {
        return Err(Error::Json { line: 0, column: 0 });
    };
    upsert(w, Kind::Person, Some(id), &map, today)?;
    Ok(id)
}

pub fn get(store: &mut Store, id: Uuid) -> Result<PersonFields> {
    store.read(|tx| {
        crate::access::check_visible(tx, Kind::Person, id)?;
        let data: String = tx
            .query_row("SELECT data FROM persons WHERE id = ?1 AND deleted = 0", [id.to_string()], |r| r.get(0))
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Error::NotFound,
                other => Error::Sqlite(other),
            })?;
        Ok(serde_json::from_str(&data)?)
    })
}

/// One page of people matching every word of the query (accent- and case-insensitive), ordered by surname.
pub fn search(store: &mut Store, query: &PersonQuery) -> Result<PersonPage> {
    let limit = query.limit.clamp(1, PAGE_MAX);
    let words: Vec<String> = text::fold(&query.text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| format!("%{}%", w.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")))
        .collect();
    let filter: String = words.iter().map(|_| " AND search_key LIKE ? ESCAPE '\\'").collect();
    store.read(|tx| {
        let total: u32 = tx.query_row(
            &format!("SELECT count(*) FROM persons WHERE deleted = 0{filter}"),
            params_from_iter(words.iter()),
            |r| r.get(0),
        )?;
        let mut stmt = tx.prepare(&format!(
            "SELECT id, data FROM persons WHERE deleted = 0{filter} ORDER BY sort_key, id LIMIT {limit} OFFSET {}",
            query.offset
        ))?;
        let mut rows = stmt.query(params_from_iter(words.iter()))?;
        let mut items = Vec::new();
        while let Some(row) = rows.next()? {
            items.push(summary(&row.get::<_, String>(0)?, &row.get::<_, String>(1)?)?);
        }
        Ok(PersonPage { items, total, offset: query.offset, limit })
    })
}
