//! The central export for reporting: every live record of every type as a table. Fields that identify people or
//! hold free text about them are left out unless the export is asked for with personal data, a deliberate act that
//! the audit log records. Coded cells carry the words a reader understands, in the language asked for
//! («Participante», «Mujer», «Aceptada»), not the stored codes.

use reintegra_core::date;
use reintegra_core::i18n::Lang;
use reintegra_core::labels::{word, yes_no};
use reintegra_core::records::{FieldType, Kind};
use serde_json::{Map, Value};

use crate::{Result, Store};

/// Fields left out of an export without personal data: names, identity numbers, contact details, exact birth
/// dates, and free text (notes, observations, reasons), which may say anything about anyone.
pub const PERSONAL: &[&str] = &[
    "given_names",
    "first_surname",
    "second_surname",
    "dui",
    "address",
    "phone",
    "birth_date",
    "notes",
    "observations",
    "purpose",
    "outcome",
    "reason",
    "goals",
    "answers",
    // #17: how a participant receives the voucher.
    "bank",
    "account",
    "holder",
    "wallet_provider",
];

pub mod table;
pub use table::Table;

/// Every record type, in the order of [`Kind::ALL`]. Dates as dd/mm/aaaa; codes as words in `lang`; lists joined
/// with ", ".
pub fn tables(store: &mut Store, personal: bool, lang: Lang) -> Result<Vec<Table>> {
    store.read(|tx| {
        let mut out = Vec::new();
        for kind in Kind::ALL {
            // A definition document (an instrument) is data for the app, not a cell for a reader.
            let specs: Vec<_> = kind
                .fields()
                .iter()
                .filter(|s| (personal || !PERSONAL.contains(&s.name)) && s.ty != FieldType::Document)
                .collect();
            let mut columns = vec!["id"];
            columns.extend(specs.iter().map(|s| s.name));
            let mut stmt =
                tx.prepare(&format!("SELECT id, data FROM {} WHERE deleted = 0 ORDER BY id", kind.table()))?;
            let mut rows = stmt.query([])?;
            let mut table = Vec::new();
            while let Some(r) = rows.next()? {
                let data: Map<String, Value> = serde_json::from_str(&r.get::<_, String>(1)?)?;
                let mut row = vec![r.get::<_, String>(0)?];
                for spec in &specs {
                    row.push(cell(lang, kind, spec.name, spec.ty, data.get(spec.name)));
                }
                table.push(row);
            }
            out.push(Table { kind, name: None, columns, rows: table });
        }
        // #16: each assessment's score, band, alerts and change beside it (its answers only when personal).
        crate::assessments::add_scores(tx, lang, &mut out)?;
        // #17: the payments' reconciliation by month, for the donor.
        out.push(crate::payments::reconciliation_table(tx, lang)?);
        Ok(out)
    })
}

fn cell(lang: Lang, kind: Kind, field: &str, ty: FieldType, v: Option<&Value>) -> String {
    let coded = matches!(ty, FieldType::Choice(_) | FieldType::Codes(_));
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) if matches!(ty, FieldType::Date | FieldType::PastDate) => {
            date::parse_iso(s).map(date::format_user).unwrap_or_else(|| s.clone())
        }
        Some(Value::String(s)) if coded => word(lang, kind, field, s),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => yes_no(lang, *b),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| match i {
                Value::String(s) if coded => word(lang, kind, field, s),
                Value::String(s) => s.clone(),
                Value::Object(o) => o.get("text").and_then(Value::as_str).unwrap_or_default().to_owned(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    }
}
