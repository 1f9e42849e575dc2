//! Psychosocial assessments (#16, `ASSESSMENTS.md`): saving one (a record like any other: one transaction, audited,
//! a correction is a new version of the same record), reading them scored with their change from baseline, the
//! instruments in force (shipped, or a programme's `instrument` records), safety alerts and what was done about them,
//! and the assessments due on the home agenda.
//!
//! Scores are never stored: they are computed from the answers by the definition in force each time they are read,
//! by the same pure functions the window scores with ([`reintegra_core::assessments`]). Answers are personal data:
//! they are read through the caseload filter ([`crate::access`]: `assessments` is a filtered table), and reading a
//! person's assessments is recorded in the audit log like opening their page.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use reintegra_core::FieldErrors;
use reintegra_core::assessments::{self, Answers, Point, over_time, schedule, score};
use reintegra_core::date;
use reintegra_core::i18n::{Lang, t};
use reintegra_core::labels::yes_no;
use reintegra_core::person::PersonFields;
use reintegra_core::records::Kind;
use reintegra_core::wire::DeviceRole;
use reintegra_core::wire::assessments::{
    AlertFollowupArgs, AssessmentDetail, AssessmentDue, AssessmentRow, InstrumentHistory, InstrumentInfo, OpenAlert,
    SaveAssessmentArgs,
};
use rusqlite::{OptionalExtension, Transaction};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::audit::{self, Action};
use crate::records::upsert;
use crate::{Error, Result, Store};

pub(crate) mod checks;
pub(crate) use checks::{answers_of, definitions_in, instruments_in, invalid, uuid};

/// How many days ahead the home agenda shows an assessment coming due.
pub const DUE_AHEAD_DAYS: u64 = 7;

/// The instruments in force, for the window's list and the assessment form.
pub fn instruments(store: &mut Store) -> Result<Vec<InstrumentInfo>> {
    store.read(instruments_in)
}

/// Saves an assessment: a new one (`args.id: None`) or a correction of one (a new version of the same record: its
/// answers are replaced as a whole). Refused with the field and the reason when the date is not a past date, the
/// person or the instrument is unknown, or an answer is not one of its item's options; nothing is written then.
pub fn save(store: &mut Store, args: &SaveAssessmentArgs, today: NaiveDate) -> Result<AssessmentRow> {
    let day = date::parse_user(&args.date).ok_or_else(|| invalid("date", "error.date_invalid"))?;
    let mut fields = Map::new();
    fields.insert("person_id".into(), Value::String(args.person_id.to_string()));
    fields.insert("instrument".into(), Value::String(args.instrument.clone()));
    fields.insert("date".into(), Value::String(day.to_string()));
    let answers: Map<String, Value> =
        args.answers.iter().map(|(k, v)| (k.clone(), v.map_or(Value::Null, Value::from))).collect();
    fields.insert("answers".into(), Value::Object(answers));
    let opt_id = |v: Option<Uuid>| v.map_or(Value::Null, |id| Value::String(id.to_string()));
    fields.insert("home_visit_id".into(), opt_id(args.home_visit_id));
    fields.insert("session_id".into(), opt_id(args.session_id));
    let notes = args.notes.trim();
    fields.insert("notes".into(), if notes.is_empty() { Value::Null } else { Value::String(notes.to_owned()) });
    let id = store.with_tx(|w| {
        // A field user assesses only the people of their caseload (writes see everyone, so it is checked here).
        let person = args.person_id.to_string();
        let exists = w.tx().prepare_cached("SELECT 1 FROM main.persons WHERE id = ?1")?.exists([&person])?;
        if exists && !crate::access::may_see_person(w.tx(), &person)? {
            return Err(Error::Refused("error.outside_caseload"));
        }
        let id = match args.id {
            Some(id) => match w.current(Kind::Assessment, id)? {
                Some((_, false)) => id,
                Some((_, true)) => return Err(Error::Deleted),
                None => return Err(Error::NotFound),
            },
            None => Uuid::now_v7(),
        };
        // A new record with an id of its own: two assessments of one instrument on one day are two assessments.
        Ok(upsert(w, Kind::Assessment, Some(id), &fields, today)?.0)
    })?;
    let rows = store.read(|tx| rows_in(tx, Some(&args.person_id.to_string())))?;
    rows.into_iter().find(|r| r.0.id == id).map(|r| r.0).ok_or(Error::NotFound)
}

/// One assessment row, its answers and notes.
type Full = (AssessmentRow, Answers, Option<String>);

/// The live assessments (of one person, or all visible to the user), scored, sorted by person, instrument, date.
fn rows_in(tx: &Transaction<'_>, person: Option<&str>) -> Result<Vec<Full>> {
    let defs = definitions_in(tx)?;
    let mut followed: HashSet<(String, String)> = HashSet::new();
    {
        let mut stmt = tx.prepare_cached(
            "SELECT assessment_id, json_extract(data, '$.alert') FROM alert_followups
             WHERE deleted = 0 AND (?1 IS NULL OR person_id = ?1)",
        )?;
        let mut rows = stmt.query([person])?;
        while let Some(r) = rows.next()? {
            followed.insert((r.get(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_default()));
        }
    }
    let mut stmt = tx.prepare_cached(
        "SELECT id, data FROM assessments WHERE deleted = 0 AND (?1 IS NULL OR person_id = ?1)
         ORDER BY person_id, instrument, date, id",
    )?;
    let mut rows = stmt.query([person])?;
    let mut names: HashMap<String, String> = HashMap::new();
    let mut out: Vec<Full> = Vec::new();
    while let Some(row) = rows.next()? {
        let (id, data): (String, String) = (row.get(0)?, row.get(1)?);
        let data: Map<String, Value> = serde_json::from_str(&data)?;
        let s = |k: &str| data.get(k).and_then(Value::as_str).map(str::to_owned);
        let (Some(person_id), Some(instrument), Some(day)) =
            (s("person_id"), s("instrument"), s("date").as_deref().and_then(date::parse_iso))
        else {
            continue;
        };
        let answers = answers_of(&data);
        let def = defs.get(&instrument);
        let scored = def.map(|d| score(d, &answers));
        if !names.contains_key(&person_id) {
            names.insert(person_id.clone(), name_in(tx, &person_id)?.unwrap_or_default());
        }
        let alerts = scored.as_ref().map(|s| s.alerts.clone()).unwrap_or_default();
        let open_alerts = alerts.iter().filter(|a| !followed.contains(&(id.clone(), (*a).clone()))).cloned().collect();
        let row = AssessmentRow {
            id: uuid(&id)?,
            person_id: uuid(&person_id)?,
            person_name: names[&person_id].clone(),
            instrument_version: def.map_or(0, |d| d.version),
            instrument,
            date: day,
            score: scored.as_ref().and_then(|s| s.score),
            band: scored.as_ref().map_or_else(|| assessments::INCOMPLETE.to_owned(), |s| s.band.clone()),
            alerts,
            open_alerts,
            baseline: false,
            change: None,
            improved: None,
            answered: scored.as_ref().map_or(0, |s| s.answered),
            missing: scored.as_ref().map_or(answers.len(), |s| s.missing),
            home_visit_id: s("home_visit_id").and_then(|v| Uuid::parse_str(&v).ok()),
            session_id: s("session_id").and_then(|v| Uuid::parse_str(&v).ok()),
        };
        out.push((row, answers, s("notes")));
    }
    // Change from baseline, per person and instrument (the rows are grouped by both).
    let mut start = 0;
    while start < out.len() {
        let key = (out[start].0.person_id, out[start].0.instrument.clone());
        let end = start + out[start..].iter().take_while(|r| (r.0.person_id, r.0.instrument.clone()) == key).count();
        if let Some(def) = defs.get(&key.1) {
            let points: Vec<Point> =
                out[start..end].iter().map(|r| Point { id: r.0.id, date: r.0.date, score: r.0.score }).collect();
            for (r, p) in out[start..end].iter_mut().zip(over_time(def.meaningful_change, &points)) {
                r.0.baseline = p.baseline;
                r.0.change = p.change;
                r.0.improved = p.improved;
            }
        }
        start = end;
    }
    Ok(out)
}

fn person_data(tx: &Transaction<'_>, id: &str) -> Result<Option<PersonFields>> {
    let data: Option<String> = tx
        .prepare_cached("SELECT data FROM persons WHERE id = ?1 AND deleted = 0")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(match data {
        Some(d) => Some(serde_json::from_str::<PersonFields>(&d)?),
        None => None,
    })
}

fn name_in(tx: &Transaction<'_>, id: &str) -> Result<Option<String>> {
    Ok(person_data(tx, id)?.map(|p| p.full_name()))
}

/// Every assessment visible to the user (of one person, or all), scored: what `reintegra assessments list` prints.
pub fn list(store: &mut Store, person: Option<Uuid>) -> Result<Vec<AssessmentRow>> {
    if let Some(p) = person {
        store.read(|tx| crate::access::check_visible(tx, Kind::Person, p))?;
        audit::record(store, Action::ViewPerson, &format!("assessments:{p}"))?;
    } else {
        audit::record(store, Action::ViewPerson, "assessments:all")?;
    }
    let person = person.map(|p| p.to_string());
    Ok(store.read(|tx| rows_in(tx, person.as_deref()))?.into_iter().map(|r| r.0).collect())
}

/// A person's assessments by instrument (oldest first), with the definition in force, for their page.
pub fn for_person(store: &mut Store, person: Uuid) -> Result<Vec<InstrumentHistory>> {
    store.read(|tx| crate::access::check_visible(tx, Kind::Person, person))?;
    audit::record(store, Action::ViewPerson, &format!("assessments:{person}"))?;
    store.read(|tx| {
        let defs = instruments_in(tx)?;
        let rows = rows_in(tx, Some(&person.to_string()))?;
        let mut out: Vec<InstrumentHistory> = Vec::new();
        for info in defs {
            let mine: Vec<AssessmentRow> =
                rows.iter().filter(|r| r.0.instrument == info.definition.code).map(|r| r.0.clone()).collect();
            if !mine.is_empty() {
                out.push(InstrumentHistory {
                    instrument: info.definition.code.clone(),
                    definition: info.definition,
                    rows: mine,
                });
            }
        }
        Ok(out)
    })
}

/// One assessment with its answers and notes (to show or correct it).
pub fn get(store: &mut Store, id: Uuid) -> Result<AssessmentDetail> {
    let person = store.read(|tx| {
        crate::access::check_visible(tx, Kind::Assessment, id)?;
        tx.prepare_cached("SELECT person_id FROM assessments WHERE id = ?1 AND deleted = 0")?
            .query_row([id.to_string()], |r| r.get::<_, String>(0))
            .optional()?
            .ok_or(Error::NotFound)
    })?;
    audit::record(store, Action::ViewPerson, &format!("assessment:{id}"))?;
    let rows = store.read(|tx| rows_in(tx, Some(&person)))?;
    let (row, answers, notes) = rows.into_iter().find(|r| r.0.id == id).ok_or(Error::NotFound)?;
    Ok(AssessmentDetail { row, answers, notes })
}

/// Safety alerts nobody has recorded the follow-up of, oldest first: the coordinator's desk.
pub fn open_alerts(store: &mut Store) -> Result<Vec<OpenAlert>> {
    store.read(|tx| {
        let mut out = Vec::new();
        for (row, _, _) in rows_in(tx, None)? {
            if row.open_alerts.is_empty() {
                continue;
            }
            let person = person_data(tx, &row.person_id.to_string())?;
            for alert in &row.open_alerts {
                out.push(OpenAlert {
                    assessment_id: row.id,
                    person_id: row.person_id,
                    person_name: row.person_name.clone(),
                    municipality: person.as_ref().map(|p| p.municipality.clone()).unwrap_or_default(),
                    assigned_worker: person.as_ref().and_then(|p| p.assigned_worker.clone()),
                    instrument: row.instrument.clone(),
                    date: row.date,
                    alert: alert.clone(),
                });
            }
        }
        out.sort_by(|a, b| (a.date, a.assessment_id, &a.alert).cmp(&(b.date, b.assessment_id, &b.alert)));
        Ok(out)
    })
}

/// Records what was done about a safety alert, which closes it. A second follow-up of the same alert updates the
/// first.
pub fn record_followup(store: &mut Store, args: &AlertFollowupArgs, today: NaiveDate) -> Result<Uuid> {
    let day = date::parse_user(&args.date).ok_or_else(|| invalid("date", "error.date_invalid"))?;
    store.with_tx(|w| {
        let Some((assessment, false)) = w.current(Kind::Assessment, args.assessment_id)? else {
            return Err(Error::NotFound);
        };
        let mut fields = Map::new();
        fields.insert("person_id".into(), assessment.get("person_id").cloned().unwrap_or(Value::Null));
        fields.insert("assessment_id".into(), Value::String(args.assessment_id.to_string()));
        fields.insert("alert".into(), Value::String(args.alert.clone()));
        fields.insert("date".into(), Value::String(day.to_string()));
        fields.insert("action".into(), Value::String(args.action.clone()));
        let notes = args.notes.trim();
        if !notes.is_empty() {
            fields.insert("notes".into(), Value::String(notes.to_owned()));
        }
        Ok(upsert(w, Kind::AlertFollowup, None, &fields, today)?.0)
    })
}

/// Adds or revises an instrument from its definition document (central file only). An invalid definition is
/// refused with one error per problem (`error.instrument_*`, field `definition`), and nothing is written.
pub fn save_instrument(store: &mut Store, definition: &Value, today: NaiveDate) -> Result<InstrumentInfo> {
    if store.device().role != DeviceRole::Supervisor {
        return Err(Error::Refused("error.instrument_central_only"));
    }
    let Some(doc) = definition.as_object() else { return Err(invalid("definition", "error.document_invalid")) };
    let mut fields = Map::new();
    fields.insert("code".into(), doc.get("code").cloned().unwrap_or(Value::Null));
    fields.insert("version".into(), doc.get("version").cloned().unwrap_or(Value::Null));
    fields.insert("definition".into(), definition.clone());
    // The definition's own errors first: they say more than a missing code or version.
    if let Err(problems) = assessments::validate::parse(definition) {
        let mut e = FieldErrors::default();
        for p in problems {
            e.push("definition", p.kind.key());
        }
        return Err(Error::Invalid(e));
    }
    let id = store.with_tx(|w| Ok(upsert(w, Kind::Instrument, None, &fields, today)?.0))?;
    store
        .read(instruments_in)?
        .into_iter()
        .find(|i| i.record_id == Some(id))
        .ok_or(Error::Refused("error.instrument_version"))
}

/// [`save_instrument`] from a file (JSON) chosen in the window.
pub fn load_instrument(store: &mut Store, path: &Path, today: NaiveDate) -> Result<InstrumentInfo> {
    let text = std::fs::read_to_string(path)?;
    let value: Value = serde_json::from_str(&text).map_err(|_| invalid("definition", "error.instrument_format"))?;
    save_instrument(store, &value, today)
}

/// The assessments due for `today`'s agenda: for each instrument with a schedule, each person with an active
/// enrolment in one of its components gets a baseline within the schedule's days of the enrolment's start, then a
/// follow-up every so many months after their latest assessment; shown when overdue or due within a week.
pub(crate) fn due_in(tx: &Transaction<'_>, today: NaiveDate) -> Result<Vec<AssessmentDue>> {
    Ok(due_page_in(tx, today, usize::MAX)?.0)
}

/// The first `max` of [`due_in`] (by date, name and instrument) and how many are due in all. Only the people who
/// can be among the first `max` have their name read (the agenda at 10x: thousands due, twenty shown).
pub(crate) fn due_page_in(tx: &Transaction<'_>, today: NaiveDate, max: usize) -> Result<(Vec<AssessmentDue>, usize)> {
    let day = today.to_string();
    // Each person's latest assessment of each instrument, read once (the schedule runs from the latest).
    let mut latest: HashMap<(String, String), NaiveDate> = HashMap::new();
    {
        let mut stmt = tx.prepare_cached(
            "SELECT person_id, instrument, MAX(date) FROM assessments WHERE deleted = 0 GROUP BY person_id, instrument",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (p, i, d): (Option<String>, Option<String>, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?);
            if let (Some(p), Some(i), Some(d)) = (p, i, d.as_deref().and_then(date::parse_iso)) {
                latest.insert((p, i), d);
            }
        }
    }
    let instruments = instruments_in(tx)?;
    // The components some instrument's schedule follows: the enrolments in other components are not read (H15).
    let scheduled = {
        let set: BTreeSet<&str> = instruments
            .iter()
            .filter_map(|i| i.definition.schedule.as_ref())
            .flat_map(|s| s.components.iter().map(String::as_str))
            .collect();
        serde_json::to_string(&set)?
    };
    // The active enrolments in those components, read once for every instrument.
    let mut active: Vec<(String, String, NaiveDate)> = Vec::new();
    {
        let mut stmt = tx.prepare_cached(
            "SELECT e.person_id, e.component, e.start_date FROM enrolments e JOIN persons p ON p.id = e.person_id
             WHERE e.deleted = 0 AND p.deleted = 0 AND e.start_date <= ?1
               AND (e.end_date IS NULL OR e.end_date >= ?1)
               AND COALESCE(json_extract(e.data, '$.status'), 'active') = 'active'
               AND e.component IN (SELECT value FROM json_each(?2))",
        )?;
        let mut rows = stmt.query([&day, &scheduled])?;
        while let Some(r) = rows.next()? {
            let (person, component, start): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            if let Some(start) = date::parse_iso(&start) {
                active.push((person, component, start));
            }
        }
    }
    // What is due, without names yet: (date, person, instrument, follow-up), instrument by instrument.
    let mut due: Vec<(NaiveDate, String, String, bool)> = Vec::new();
    for info in instruments {
        let def = info.definition;
        let Some(sched) = &def.schedule else { continue };
        let mut enrolled: BTreeMap<&str, NaiveDate> = BTreeMap::new();
        for (person, component, start) in &active {
            if sched.components.contains(component) {
                let e = enrolled.entry(person.as_str()).or_insert(*start);
                *e = (*e).min(*start);
            }
        }
        for (person, start) in enrolled {
            let assessed: Vec<NaiveDate> =
                latest.get(&(person.to_owned(), def.code.clone())).copied().into_iter().collect();
            let next = schedule::next_due(sched, start, &assessed);
            if schedule::on_agenda(next.date, today, DUE_AHEAD_DAYS) {
                due.push((next.date, person.to_owned(), def.code.clone(), next.follow_up));
            }
        }
    }
    let total = due.len();
    // Only those due on or before the `max`-th earliest date can be among the first `max` by date and name.
    if max < total {
        let mut dates: Vec<NaiveDate> = due.iter().map(|d| d.0).collect();
        let (_, cutoff, _) = dates.select_nth_unstable(max.saturating_sub(1));
        let cutoff = *cutoff;
        due.retain(|d| d.0 <= cutoff);
    }
    let mut names: HashMap<String, String> = HashMap::new();
    let mut out = Vec::with_capacity(due.len());
    for (when, person, instrument, follow_up) in due {
        let person_name = match names.get(&person) {
            Some(n) => n.clone(),
            None => {
                let n = name_in(tx, &person)?.unwrap_or_default();
                names.insert(person.clone(), n.clone());
                n
            }
        };
        out.push(AssessmentDue { person_name, person_id: uuid(&person)?, instrument, due: when, follow_up });
    }
    out.sort_by(|a, b| (a.due, &a.person_name, &a.instrument).cmp(&(b.due, &b.person_name, &b.instrument)));
    out.truncate(max);
    Ok((out, total))
}

/// [`due_in`] on its own.
pub fn due(store: &mut Store, today: NaiveDate) -> Result<Vec<AssessmentDue>> {
    store.read(|tx| due_in(tx, today))
}

/// The scored rows of every visible assessment with the person's municipality, for the indicators.
pub(crate) fn scored_with_municipality(tx: &Transaction<'_>) -> Result<Vec<(AssessmentRow, String)>> {
    let mut out = Vec::new();
    let mut places: HashMap<Uuid, String> = HashMap::new();
    for (row, _, _) in rows_in(tx, None)? {
        let m = match places.entry(row.person_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.get().clone(),
            std::collections::hash_map::Entry::Vacant(e) => e
                .insert(person_data(tx, &row.person_id.to_string())?.map(|p| p.municipality).unwrap_or_default())
                .clone(),
        };
        out.push((row, m));
    }
    Ok(out)
}

/// Adds to the export's assessment table each one's score, band (in words), alerts, change from baseline and
/// whether it improved, computed as the lists compute them.
pub(crate) fn add_scores(tx: &Transaction<'_>, lang: Lang, tables: &mut [crate::export::table::Table]) -> Result<()> {
    let Some(table) = tables.iter_mut().find(|t| t.kind == Kind::Assessment) else { return Ok(()) };
    let defs = definitions_in(tx)?;
    let scored: HashMap<String, AssessmentRow> =
        rows_in(tx, None)?.into_iter().map(|(r, _, _)| (r.id.to_string(), r)).collect();
    table.columns.extend(["score", "band", "alerts", "change", "improved"]);
    for row in &mut table.rows {
        let Some(r) = row.first().and_then(|id| scored.get(id)) else {
            row.extend(std::iter::repeat_n(String::new(), 5));
            continue;
        };
        let band = defs
            .get(&r.instrument)
            .and_then(|d| d.band(&r.band))
            .map_or_else(|| t(lang, &format!("assessment_band.{}", r.band)), |b| b.label.get(lang).to_owned());
        row.push(r.score.map(|s| s.to_string()).unwrap_or_default());
        row.push(band);
        row.push(r.alerts.iter().map(|a| t(lang, &format!("alert.{a}"))).collect::<Vec<_>>().join(", "));
        row.push(r.change.map(|c| c.to_string()).unwrap_or_default());
        row.push(r.improved.map(|i| yes_no(lang, i)).unwrap_or_default());
    }
    Ok(())
}

#[cfg(test)]
mod tests;
