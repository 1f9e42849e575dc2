//! Loading records from files: JSON Lines (`reintegra load`) and sheets of people (`reintegra import-csv`, the
//! «Datos» screen), given as rows by whoever read the file (`reintegra-spreadsheet`). A file is applied whole, in
//! one transaction, or not at all: an invalid line stops it, names the line and the reason (never the values), and
//! leaves the store as it was. A sheet of people can be previewed first: what would be added, updated or skipped.

use std::collections::BTreeMap;
use std::io::BufRead;

use chrono::NaiveDate;
use reintegra_core::FieldErrors;
use reintegra_core::import::{Decision, Skip, decide};
use reintegra_core::person::{PersonFields, likely_same};
use reintegra_core::records::Kind;
use reintegra_core::wire::data::{ImportCounts, ImportPreview, ImportProblem, ImportRow};
use reintegra_core::{date, text};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::records::{Applied, delete, upsert};
use crate::{Error, Result, Store, persons};

/// A line longer than this is refused before parsing (no record needs it; a corrupt file might).
pub const MAX_LINE_BYTES: usize = 256 * 1024;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LoadReport {
    pub lines: usize,
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub deleted: usize,
    /// Spreadsheet rows not imported because the person is already there (line numbers).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<usize>,
    /// Records written, by type.
    pub by_type: BTreeMap<String, usize>,
}

impl LoadReport {
    fn count(&mut self, kind: Kind, applied: Applied) {
        match applied {
            Applied::Inserted => self.inserted += 1,
            Applied::Updated => self.updated += 1,
            Applied::Unchanged => self.unchanged += 1,
            Applied::Deleted => self.deleted += 1,
        }
        if applied != Applied::Unchanged {
            *self.by_type.entry(kind.name().to_owned()).or_default() += 1;
        }
    }
}

fn at<E: Into<Error>>(line: usize) -> impl Fn(E) -> Error {
    move |e| Error::Line { line, source: Box::new(e.into()) }
}

fn invalid(field: &str, code: &str) -> Error {
    let mut e = FieldErrors::default();
    e.push(field, code);
    Error::Invalid(e)
}

/// One parsed line of a JSON Lines file.
struct Line {
    kind: Kind,
    id: Option<Uuid>,
    deleted: bool,
    fields: Map<String, Value>,
}

/// Parses one JSON Lines record: its kind, id, whether it deletes, and its fields.
fn parse_line(raw: &str) -> Result<Line> {
    let Ok(Value::Object(mut obj)) = serde_json::from_str::<Value>(raw) else {
        return Err(Error::Format("error.json_invalid"));
    };
    let kind = match obj.remove("type") {
        Some(Value::String(t)) => Kind::from_name(&t).ok_or_else(|| invalid("type", "error.type_unknown"))?,
        _ => return Err(invalid("type", "error.required")),
    };
    let id = match obj.remove("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(Uuid::parse_str(&s).map_err(|_| invalid("id", "error.id_invalid"))?),
        Some(_) => return Err(invalid("id", "error.id_invalid")),
    };
    let deleted = match obj.remove("deleted") {
        None | Some(Value::Bool(false)) => false,
        Some(Value::Bool(true)) => true,
        Some(_) => return Err(invalid("deleted", "error.type_bool")),
    };
    if deleted && id.is_none() {
        return Err(invalid("id", "error.required"));
    }
    if deleted && !obj.is_empty() {
        return Err(invalid("deleted", "error.delete_with_fields"));
    }
    Ok(Line { kind, id, deleted, fields: obj })
}

/// Applies a JSON Lines file (RECORDS-JSONL.md): all lines or none.
pub fn load_jsonl(store: &mut Store, input: impl BufRead, today: NaiveDate) -> Result<LoadReport> {
    store.with_tx(|w| {
        let mut report = LoadReport::default();
        for (i, line) in input.split(b'\n').enumerate() {
            let n = i + 1;
            let bytes = line.map_err(at(n))?;
            if bytes.len() > MAX_LINE_BYTES {
                return Err(at::<Error>(n)(Error::Format("error.line_too_long")));
            }
            let raw = std::str::from_utf8(&bytes).map_err(|_| at::<Error>(n)(Error::Format("error.not_utf8")))?;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            if raw.trim().is_empty() {
                continue;
            }
            report.lines += 1;
            let line = parse_line(raw).map_err(at(n))?;
            let applied = match (line.deleted, line.id) {
                (true, Some(id)) => delete(w, line.kind, id).map_err(at(n))?,
                _ => upsert(w, line.kind, line.id, &line.fields, today).map_err(at(n))?.1,
            };
            report.count(line.kind, applied);
        }
        Ok(report)
    })
}

/// Column headers of the people spreadsheet: Spanish (accents and case ignored) or the English field names.
fn person_field(header: &str) -> Option<&'static str> {
    let h = text::fold(header).replace(' ', "_");
    Some(match h.as_str() {
        "rol" | "role" => "role",
        "nombres" | "given_names" => "given_names",
        "primer_apellido" | "first_surname" => "first_surname",
        "segundo_apellido" | "second_surname" => "second_surname",
        "fecha_nacimiento" | "fecha_de_nacimiento" | "birth_date" => "birth_date",
        "sexo" | "sex" => "sex",
        "dui" => "dui",
        "municipio" | "municipality" => "municipality",
        "distrito" | "district" => "district",
        "direccion" | "address" => "address",
        "telefono" | "phone" => "phone",
        "fecha_egreso" | "fecha_de_egreso" | "release_date" => "release_date",
        "fecha_consentimiento" | "fecha_de_consentimiento" | "consent_date" => "consent_date",
        "trabajador_asignado" | "assigned_worker" => "assigned_worker",
        _ => return None,
    })
}

/// A date as spreadsheets write it in Spanish with a two-digit year (`14/02/95`, LibreOffice's default): the year
/// in the last hundred years up to `today` (these are birth, release and consent dates, never in the future).
fn short_year(cell: &str, today: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    let parts: Vec<&str> = cell.split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else { return None };
    if y.len() != 2 {
        return None;
    }
    let (d, m, y): (u32, u32, i32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    let century = today.year() - today.year() % 100;
    let year = if century + y > today.year() { century - 100 + y } else { century + y };
    NaiveDate::from_ymd_opt(year, m, d)
}

/// Turns a spreadsheet cell into the JSON value of `field`, translating the spreadsheet's conventions (Spanish
/// codes, dd/mm/aaaa dates).
fn person_cell(field: &str, cell: &str, today: NaiveDate) -> Result<Option<Value>> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    let folded = text::fold(cell);
    let code = |c: &str| Ok(Some(Value::String(c.to_owned())));
    match field {
        "role" => match folded.as_str() {
            "participante" | "participant" | "persona egresada" => code("participant"),
            "familiar" | "relative" => code("relative"),
            _ => Err(invalid(field, "error.choice_invalid")),
        },
        "sex" => match folded.as_str() {
            "f" | "femenino" | "mujer" | "female" => code("female"),
            "m" | "masculino" | "hombre" | "male" => code("male"),
            "x" | "otro" | "other" => code("other"),
            _ => Err(invalid(field, "error.choice_invalid")),
        },
        "birth_date" | "release_date" | "consent_date" => {
            match date::parse_user(cell).or_else(|| short_year(cell, today)) {
                Some(d) => Ok(Some(Value::String(d.to_string()))),
                None => Err(invalid(field, "error.date_invalid")),
            }
        }
        _ => Ok(Some(Value::String(cell.to_owned()))),
    }
}

/// One row of a spreadsheet, as a reader of the file gives it: the line the person sees, and the cells as text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SheetRow {
    pub line: usize,
    pub cells: Vec<String>,
}

/// The field of each column of the header row (`None`: an empty header cell, whose column must stay empty).
fn header_columns(header: &SheetRow) -> Result<Vec<Option<&'static str>>> {
    header
        .cells
        .iter()
        .map(|h| {
            if h.trim().is_empty() {
                return Ok(None);
            }
            person_field(h).map(Some).ok_or_else(|| {
                at(header.line)(invalid(&text::tidy(h).chars().take(40).collect::<String>(), "error.unknown_column"))
            })
        })
        .collect()
}

/// One data row, read and checked: its fields as given, the person they make, and what importing it does.
struct Planned {
    line: usize,
    fields: Map<String, Value>,
    name: String,
    decision: Decision,
}

/// The plan of a sheet of people: each row's decision, and the rows that cannot be imported with the reason.
struct Plan {
    rows: usize,
    planned: Vec<Planned>,
    invalid: Vec<(usize, Error)>,
}

fn read_row(columns: &[Option<&'static str>], row: &SheetRow, today: NaiveDate) -> Result<Map<String, Value>> {
    let extra_filled = row.cells.iter().skip(columns.len()).any(|c| !c.trim().is_empty());
    let short = row.cells.len() < columns.iter().rposition(Option::is_some).map_or(0, |i| i + 1);
    if extra_filled || short {
        return Err(Error::Format("error.csv_columns"));
    }
    let mut fields = Map::new();
    for (column, cell) in columns.iter().zip(&row.cells) {
        match column {
            Some(field) => {
                if let Some(v) = person_cell(field, cell, today)? {
                    fields.insert((*field).to_owned(), v);
                }
            }
            None if !cell.trim().is_empty() => return Err(Error::Format("error.csv_columns")),
            None => {}
        }
    }
    Ok(fields)
}

/// Decides every row of `rows` (the header first) against the store as `tx` sees it. Writes nothing.
fn plan_in(tx: &rusqlite::Transaction<'_>, rows: &[SheetRow], today: NaiveDate) -> Result<Plan> {
    let Some((header, data)) = rows.split_first() else {
        return Err(Error::Format("error.sheet_empty"));
    };
    let columns = header_columns(header)?;
    let catalogue = crate::records::catalogue(tx)?;
    let mut plan = Plan { rows: 0, planned: Vec::new(), invalid: Vec::new() };
    let mut earlier: Vec<PersonFields> = Vec::new();
    for row in data {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        plan.rows += 1;
        let checked = read_row(&columns, row, today).and_then(|fields| {
            let (canonical, _) =
                reintegra_core::records::check(Kind::Person, &fields, today, &catalogue).map_err(Error::Invalid)?;
            let person: PersonFields = serde_json::from_value(Value::Object(canonical.clone()))?;
            Ok((fields, canonical, person))
        });
        let (fields, canonical, person) = match checked {
            Ok(c) => c,
            Err(e) => {
                plan.invalid.push((row.line, e));
                continue;
            }
        };
        let decision = if earlier.iter().any(|p| likely_same(p, &person)) {
            Decision::Skip(Skip::Repeated)
        } else {
            let mut matches = Vec::new();
            for found in persons::similar(tx, &person)? {
                let data: String =
                    tx.query_row("SELECT data FROM persons WHERE id = ?1", [found.id.to_string()], |r| r.get(0))?;
                matches.push((found.id, serde_json::from_str::<Map<String, Value>>(&data)?));
            }
            decide(&canonical, &matches)
        };
        earlier.push(person.clone());
        plan.planned.push(Planned { line: row.line, fields, name: person.full_name(), decision });
    }
    Ok(plan)
}

/// What importing `rows` (a sheet of people, the header first) would add, update and skip, and the rows that are
/// wrong with the reason: read in one transaction, nothing written.
pub fn preview_persons(store: &mut Store, rows: &[SheetRow], today: NaiveDate) -> Result<ImportPreview> {
    let plan = store.read(|tx| plan_in(tx, rows, today))?;
    let mut preview = ImportPreview { rows: plan.rows, ..ImportPreview::default() };
    for p in plan.planned {
        let row = |fields: Vec<String>, reason: Option<String>| ImportRow {
            line: p.line,
            name: p.name.clone(),
            fields,
            reason,
        };
        match p.decision {
            Decision::Add => preview.add.push(row(Vec::new(), None)),
            Decision::Update { fields, .. } => preview.update.push(row(fields.keys().cloned().collect(), None)),
            Decision::Skip(why) => preview.skip.push(row(Vec::new(), Some(why.key().to_owned()))),
        }
    }
    preview.invalid = plan.invalid.iter().map(|(line, e)| ImportProblem { line: *line, error: e.into() }).collect();
    Ok(preview)
}

/// Imports a sheet of people (the header first) in one transaction: people not in the store are added, people
/// already there get the details the sheet brings ([`reintegra_core::import`]), the rest are skipped and reported,
/// so re-importing a sheet duplicates nobody. A wrong row refuses the whole sheet, naming its line; so does a plan
/// that is no longer `expect` (what the preview showed), when given.
pub fn import_persons(
    store: &mut Store,
    rows: &[SheetRow],
    today: NaiveDate,
    expect: Option<ImportCounts>,
) -> Result<LoadReport> {
    store.with_tx(|w| {
        let plan = plan_in(w.tx(), rows, today)?;
        if let Some((line, e)) = plan.invalid.into_iter().next() {
            return Err(Error::Line { line, source: Box::new(e) });
        }
        let counts = |d: fn(&Decision) -> bool| plan.planned.iter().filter(|p| d(&p.decision)).count();
        let found = ImportCounts {
            add: counts(|d| matches!(d, Decision::Add)),
            update: counts(|d| matches!(d, Decision::Update { .. })),
            skip: counts(|d| matches!(d, Decision::Skip(_))),
        };
        if expect.is_some_and(|e| e != found) {
            return Err(Error::Refused("error.import_changed"));
        }
        let mut report = LoadReport { lines: plan.rows, ..LoadReport::default() };
        for p in plan.planned {
            let applied = match p.decision {
                Decision::Add => upsert(w, Kind::Person, None, &p.fields, today).map_err(at(p.line))?.1,
                Decision::Update { id, fields } => {
                    upsert(w, Kind::Person, Some(id), &fields, today).map_err(at(p.line))?.1
                }
                Decision::Skip(_) => {
                    report.duplicates.push(p.line);
                    Applied::Unchanged
                }
            };
            report.count(Kind::Person, applied);
        }
        Ok(report)
    })
}
