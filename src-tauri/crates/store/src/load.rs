//! Loading records from files: JSON Lines (`reintegra load`) and spreadsheets of people (`reintegra import-csv`).
//! A file is applied whole, in one transaction, or not at all: the first invalid line stops it, names the line and
//! the reason (never the values), and leaves the store as it was.

use std::collections::BTreeMap;
use std::io::BufRead;

use chrono::NaiveDate;
use reintegra_core::FieldErrors;
use reintegra_core::person::PersonFields;
use reintegra_core::records::Kind;
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

/// Turns a spreadsheet cell into the JSON value of `field`, translating the spreadsheet's conventions (Spanish
/// codes, dd/mm/aaaa dates).
fn person_cell(field: &str, cell: &str) -> Result<Option<Value>> {
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
        "birth_date" | "release_date" | "consent_date" => match date::parse_user(cell) {
            Some(d) => Ok(Some(Value::String(d.to_string()))),
            None => Err(invalid(field, "error.date_invalid")),
        },
        _ => Ok(Some(Value::String(cell.to_owned()))),
    }
}

/// Imports people from a CSV file with a header row. Rows whose person is already in the store (same DUI, or same
/// names and birth date) are not imported again and are reported, so re-importing a sheet duplicates nobody.
pub fn import_persons_csv(store: &mut Store, input: impl std::io::Read, today: NaiveDate) -> Result<LoadReport> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let headers = reader.headers().map_err(|e| csv_error(&e, 1))?.clone();
    let mut columns = Vec::new();
    for h in headers.iter() {
        match person_field(h) {
            Some(f) => columns.push(f),
            None => {
                return Err(at(1)(invalid(
                    &text::tidy(h).chars().take(40).collect::<String>(),
                    "error.unknown_column",
                )));
            }
        }
    }
    store.with_tx(|w| {
        let mut report = LoadReport::default();
        for (i, row) in reader.records().enumerate() {
            let n = i + 2;
            let row = row.map_err(|e| csv_error(&e, n))?;
            report.lines += 1;
            let mut fields = Map::new();
            for (field, cell) in columns.iter().zip(row.iter()) {
                if let Some(v) = person_cell(field, cell).map_err(at(n))? {
                    fields.insert((*field).to_owned(), v);
                }
            }
            let (canonical, _) =
                reintegra_core::records::check(Kind::Person, &fields, today, &crate::records::catalogue(w.tx())?)
                    .map_err(|e| at(n)(Error::Invalid(e)))?;
            let person: PersonFields = serde_json::from_value(Value::Object(canonical)).map_err(at(n))?;
            if !persons::similar(w.tx(), &person)?.is_empty() {
                report.duplicates.push(n);
                report.unchanged += 1;
                continue;
            }
            let (_, applied) = upsert(w, Kind::Person, None, &fields, today).map_err(at(n))?;
            report.count(Kind::Person, applied);
        }
        Ok(report)
    })
}

fn csv_error(e: &csv::Error, line: usize) -> Error {
    let line = e.position().map(|p| p.line() as usize).unwrap_or(line);
    let code = match e.kind() {
        csv::ErrorKind::UnequalLengths { .. } => "error.csv_columns",
        csv::ErrorKind::Utf8 { .. } => "error.not_utf8",
        _ => "error.csv_invalid",
    };
    Error::Line { line, source: Box::new(Error::Format(code)) }
}
