//! The programme's records edited from the window: enrolments, case plans and their goals, relationships, a
//! person's programme status and worker, groups and cohorts, and the municipalities' districts.
//!
//! Each use case is one transaction ([`Store::with_tx`], which writes its audit entry) that reads the record, asks
//! the core's rule ([`reintegra_core::programme`]) what the change is, and writes it through [`records::upsert`]:
//! the same field specification as `reintegra load` checks the result, and the change goes to the log, so it
//! travels in the next bundle. Nothing here decides a rule; a refused change writes nothing.

use chrono::NaiveDate;
use reintegra_core::FieldErrors;
use reintegra_core::date::parse_iso;
use reintegra_core::person::PersonFields;
use reintegra_core::programme as rules;
use reintegra_core::records::Kind;
use reintegra_core::text;
use reintegra_core::views::LinkSide;
use reintegra_core::wire::programme::{
    CasePlanItem, EnrolmentItem, FamilyItem, GoalItem, GroupForm, GroupRow, PersonProgramme,
};
use rusqlite::Transaction;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::access::{self, Role};
use crate::records::{self, upsert};
use crate::{Error, Result, Store, Writer};

fn uuid(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|_| Error::Format("error.id_invalid"))
}

fn text_of(d: &Map<String, Value>, k: &str) -> Option<String> {
    d.get(k).and_then(Value::as_str).map(str::to_owned)
}

fn date_of(d: &Map<String, Value>, k: &str) -> Option<NaiveDate> {
    d.get(k).and_then(Value::as_str).and_then(parse_iso)
}

/// The one generic path: saves the given fields of a record of `kind` (a new one with `id: None`) in one
/// transaction, checked exactly as a loaded line is. For a field user the record must be in their caseload.
pub fn save(
    store: &mut Store,
    kind: Kind,
    id: Option<Uuid>,
    fields: &Map<String, Value>,
    today: NaiveDate,
) -> Result<Uuid> {
    if let Some(id) = id {
        store.read(|tx| access::check_visible(tx, kind, id))?;
    }
    store.with_tx(|w| upsert(w, kind, id, fields, today).map(|(id, _)| id))
}

/// A record that must exist (and not be deleted) for an edit; refused outside a field user's caseload.
fn existing(store: &mut Store, kind: Kind, id: Uuid) -> Result<()> {
    store.read(|tx| access::check_visible(tx, kind, id))
}

fn current(w: &Writer<'_>, kind: Kind, id: Uuid) -> Result<Map<String, Value>> {
    match w.current(kind, id)? {
        None => Err(Error::NotFound),
        Some((_, true)) => Err(Error::Deleted),
        Some((data, false)) => Ok(data),
    }
}

fn person_role(w: &Writer<'_>, person: Uuid) -> Result<PersonFields> {
    let data = current(w, Kind::Person, person)?;
    Ok(serde_json::from_value(Value::Object(data))?)
}

/// A person's enrolments, case plans, family links and programme status, with the ids to edit them.
pub fn person_programme(store: &mut Store, person: Uuid) -> Result<PersonProgramme> {
    store.read(|tx| {
        access::check_visible(tx, Kind::Person, person)?;
        let data: String = tx
            .prepare_cached("SELECT data FROM persons WHERE id = ?1 AND deleted = 0")?
            .query_row([person.to_string()], |r| r.get(0))
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Error::NotFound,
                e => e.into(),
            })?;
        let p: PersonFields = serde_json::from_str(&data)?;
        Ok(PersonProgramme {
            person_id: person,
            role: p.role,
            status: p.status.clone(),
            assigned_worker: p.assigned_worker.clone(),
            components: rules::components_for(p.role).iter().map(|c| (*c).to_owned()).collect(),
            enrolments: enrolments_in(tx, person)?,
            plans: plans_in(tx, person)?,
            family: family_in(tx, person)?,
        })
    })
}

fn enrolment_item(id: &str, d: &Map<String, Value>) -> Result<EnrolmentItem> {
    Ok(EnrolmentItem {
        id: uuid(id)?,
        component: text_of(d, "component").unwrap_or_default(),
        start_date: date_of(d, "start_date").ok_or(Error::Format("error.date_invalid"))?,
        end_date: date_of(d, "end_date"),
        status: text_of(d, "status").unwrap_or_else(|| "active".into()),
    })
}

fn enrolments_in(tx: &Transaction<'_>, person: Uuid) -> Result<Vec<EnrolmentItem>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, data FROM enrolments WHERE person_id = ?1 AND deleted = 0 ORDER BY start_date, component, id",
    )?;
    let mut rows = stmt.query([person.to_string()])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let (id, data): (String, String) = (row.get(0)?, row.get(1)?);
        out.push(enrolment_item(&id, &serde_json::from_str(&data)?)?);
    }
    Ok(out)
}

fn goals_of(d: &Map<String, Value>) -> Vec<GoalItem> {
    d.get("goals")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|g| GoalItem {
            text: g.get("text").and_then(Value::as_str).unwrap_or_default().to_owned(),
            status: g.get("status").and_then(Value::as_str).unwrap_or("open").to_owned(),
        })
        .collect()
}

fn plans_in(tx: &Transaction<'_>, person: Uuid) -> Result<Vec<CasePlanItem>> {
    let mut stmt =
        tx.prepare_cached("SELECT id, data FROM case_plans WHERE person_id = ?1 AND deleted = 0 ORDER BY id")?;
    let mut rows = stmt.query([person.to_string()])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let (id, data): (String, String) = (row.get(0)?, row.get(1)?);
        out.push(CasePlanItem { id: uuid(&id)?, goals: goals_of(&serde_json::from_str(&data)?) });
    }
    Ok(out)
}

fn family_in(tx: &Transaction<'_>, person: Uuid) -> Result<Vec<FamilyItem>> {
    let mut out = Vec::new();
    for (mine, theirs, side) in [
        ("participant_id", "relative_id", LinkSide::Relative),
        ("relative_id", "participant_id", LinkSide::Participant),
    ] {
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT r.id, r.data, p.id, p.data FROM relationships r JOIN persons p ON p.id = r.{theirs}
             WHERE r.{mine} = ?1 AND r.deleted = 0 AND p.deleted = 0 ORDER BY p.sort_key, p.id"
        ))?;
        let mut rows = stmt.query([person.to_string()])?;
        while let Some(row) = rows.next()? {
            let (rid, rdata, pid, pdata): (String, String, String, String) =
                (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
            let r: Map<String, Value> = serde_json::from_str(&rdata)?;
            let p: PersonFields = serde_json::from_str(&pdata)?;
            out.push(FamilyItem {
                relationship_id: uuid(&rid)?,
                person_id: uuid(&pid)?,
                name: p.full_name(),
                kind: text_of(&r, "kind").unwrap_or_else(|| "other".into()),
                side,
                end_date: date_of(&r, "end_date"),
            });
        }
    }
    Ok(out)
}

/// Enrols `person` in `component` from the typed start date, active (see [`rules::enrolment`]).
pub fn enrol(store: &mut Store, person: Uuid, component: &str, start: &str, today: NaiveDate) -> Result<Uuid> {
    existing(store, Kind::Person, person)?;
    store.with_tx(|w| {
        let p = person_role(w, person)?;
        let enrolled = enrolments_in(w.tx(), person)?;
        let mut fields = rules::enrolment(p.role, &enrolled, component, start).map_err(Error::Invalid)?;
        fields.insert("person_id".into(), json!(person.to_string()));
        // A new record every time: an enrolment given again with the same start updates the old one only in a file.
        Ok(upsert(w, Kind::Enrolment, Some(Uuid::now_v7()), &fields, today)?.0)
    })
}

/// Closes enrolment `id` on the typed end date, `exited` or `completed` (see [`rules::closing`]).
pub fn close_enrolment(store: &mut Store, id: Uuid, end: &str, status: &str, today: NaiveDate) -> Result<()> {
    existing(store, Kind::Enrolment, id)?;
    store.with_tx(|w| {
        let item = enrolment_item(&id.to_string(), &current(w, Kind::Enrolment, id)?)?;
        let fields = rules::closing(&item, end, status, today).map_err(Error::Invalid)?;
        upsert(w, Kind::Enrolment, Some(id), &fields, today)?;
        Ok(())
    })
}

/// A new case plan for `person` with the typed goals, all open.
pub fn add_case_plan(store: &mut Store, person: Uuid, goals: &[String], today: NaiveDate) -> Result<Uuid> {
    existing(store, Kind::Person, person)?;
    let goals = rules::new_goals(goals).map_err(Error::Invalid)?;
    let mut fields = Map::new();
    fields.insert("person_id".into(), json!(person.to_string()));
    fields.insert("goals".into(), rules::goals_value(&goals));
    // A plan of its own (a person may have several): a given id, not the file's "one plan per person" key.
    store.with_tx(|w| Ok(upsert(w, Kind::CasePlan, Some(Uuid::now_v7()), &fields, today)?.0))
}

/// Changes a plan's goals with `change` (add one, set one's status) in one transaction.
fn edit_goals(
    store: &mut Store,
    plan: Uuid,
    today: NaiveDate,
    change: impl FnOnce(&[GoalItem]) -> std::result::Result<Vec<GoalItem>, FieldErrors>,
) -> Result<()> {
    existing(store, Kind::CasePlan, plan)?;
    store.with_tx(|w| {
        let goals = goals_of(&current(w, Kind::CasePlan, plan)?);
        let goals = change(&goals).map_err(Error::Invalid)?;
        let mut fields = Map::new();
        fields.insert("goals".into(), rules::goals_value(&goals));
        upsert(w, Kind::CasePlan, Some(plan), &fields, today)?;
        Ok(())
    })
}

/// One more open goal in `plan`.
pub fn add_goal(store: &mut Store, plan: Uuid, text: &str, today: NaiveDate) -> Result<()> {
    edit_goals(store, plan, today, |goals| rules::add_goal(goals, text))
}

/// Goal `index` of `plan` achieved, dropped or open again (see [`rules::set_goal`]).
pub fn set_goal_status(store: &mut Store, plan: Uuid, index: usize, status: &str, today: NaiveDate) -> Result<()> {
    edit_goals(store, plan, today, |goals| rules::set_goal(goals, index, status))
}

/// What the relative is to the participant.
pub fn set_relationship_kind(store: &mut Store, id: Uuid, kind: &str, today: NaiveDate) -> Result<()> {
    existing(store, Kind::Relationship, id)?;
    store.with_tx(|w| {
        current(w, Kind::Relationship, id)?;
        let mut fields = Map::new();
        fields.insert("kind".into(), json!(kind));
        upsert(w, Kind::Relationship, Some(id), &fields, today)?;
        Ok(())
    })
}

/// Ends relationship `id` on the typed date (kept, with its end: the family's history stays).
pub fn end_relationship(store: &mut Store, id: Uuid, end: &str, today: NaiveDate) -> Result<()> {
    existing(store, Kind::Relationship, id)?;
    store.with_tx(|w| {
        let data = current(w, Kind::Relationship, id)?;
        let fields = rules::relationship_end(date_of(&data, "end_date"), end, today).map_err(Error::Invalid)?;
        upsert(w, Kind::Relationship, Some(id), &fields, today)?;
        Ok(())
    })
}

/// The person's programme status and assigned worker (see [`rules::programme_status`]).
pub fn set_programme_status(
    store: &mut Store,
    person: Uuid,
    status: &str,
    worker: &str,
    today: NaiveDate,
) -> Result<()> {
    existing(store, Kind::Person, person)?;
    store.with_tx(|w| {
        let p = person_role(w, person)?;
        let fields = rules::programme_status(p.status.as_deref(), status, worker).map_err(Error::Invalid)?;
        upsert(w, Kind::Person, Some(person), &fields, today)?;
        Ok(())
    })
}

/// Every group and cohort, by name.
pub fn groups(store: &mut Store) -> Result<Vec<GroupRow>> {
    store.read(|tx| {
        let mut stmt = tx.prepare_cached(
            "SELECT id, data FROM groups WHERE deleted = 0 ORDER BY json_extract(data, '$.name'), id",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let (id, data): (String, String) = (row.get(0)?, row.get(1)?);
            let d: Map<String, Value> = serde_json::from_str(&data)?;
            out.push(GroupRow {
                id: uuid(&id)?,
                kind: text_of(&d, "kind").unwrap_or_default(),
                name: text_of(&d, "name").unwrap_or_default(),
                municipality: text_of(&d, "municipality").unwrap_or_default(),
                facilitator: text_of(&d, "facilitator"),
            });
        }
        Ok(out)
    })
}

/// A new group (its kind, name, municipality, facilitator) or the changes to one (its kind stays). An emptied
/// facilitator is removed.
pub fn save_group(store: &mut Store, form: &GroupForm, today: NaiveDate) -> Result<Uuid> {
    let mut fields = Map::new();
    let typed = |s: &str| if s.trim().is_empty() { Value::Null } else { json!(s) };
    fields.insert("name".into(), typed(&form.name));
    fields.insert("municipality".into(), typed(&form.municipality));
    fields.insert("facilitator".into(), typed(&form.facilitator));
    match form.id {
        None => {
            fields.insert("kind".into(), typed(&form.kind));
            // A new record: two cohorts may share a name (the file's key is for loading the same file twice).
            save(store, Kind::Group, Some(Uuid::now_v7()), &fields, today)
        }
        Some(id) => {
            existing(store, Kind::Group, id)?;
            store.with_tx(|w| {
                current(w, Kind::Group, id)?;
                Ok(upsert(w, Kind::Group, Some(id), &fields, today)?.0)
            })
        }
    }
}

/// A municipality's districts, typed one per line (reference data: it travels to every device). Matched by name
/// without accents or case; a new name adds a municipality. Only the central file's coordinators change it.
pub fn save_municipality(store: &mut Store, name: &str, districts: &str, today: NaiveDate) -> Result<Uuid> {
    if store.role() == Role::Field {
        return Err(Error::Refused("error.coordinators_only"));
    }
    let catalogue = store.read(records::catalogue)?;
    let name = catalogue.municipality(name).map(|m| m.name.clone()).unwrap_or_else(|| text::tidy(name));
    let mut fields = Map::new();
    fields.insert("name".into(), if name.is_empty() { Value::Null } else { json!(name) });
    fields.insert("districts".into(), json!(rules::typed_lines(districts)));
    store.with_tx(|w| {
        let rows: Vec<(String, String)> = {
            let mut stmt = w.tx().prepare_cached("SELECT id, name FROM municipalities WHERE deleted = 0")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<std::result::Result<_, _>>()?
        };
        let id = match rows.iter().find(|(_, n)| text::fold(n) == text::fold(&name)) {
            Some((id, _)) => uuid(id)?,
            None => Uuid::now_v7(),
        };
        Ok(upsert(w, Kind::Municipality, Some(id), &fields, today)?.0)
    })
}

#[cfg(test)]
mod tests;
