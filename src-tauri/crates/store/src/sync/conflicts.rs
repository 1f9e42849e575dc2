//! The conflict list and its resolution. Resolving writes one more change on top of every head of the record, so
//! the decision travels to the other devices like any edit and settles the conflict there too.

use reintegra_core::records::{self, Kind};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::{Error, Op, Result, Store};

/// An open conflict as `conflicts list` shows it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ConflictView {
    pub id: String,
    pub kind: String,
    /// The record (for two payments of one month: the person).
    pub record_id: String,
    /// A field name, `_deleted` for a delete beside an edit, or `month:YYYY-MM` for two payments of one month.
    pub disputed: String,
    /// Each side: who (device, user), when (HLC), and the value it holds; the last is the one shown meanwhile.
    pub candidates: Vec<Value>,
}

pub fn list(store: &mut Store) -> Result<Vec<ConflictView>> {
    store.read(|tx| {
        let mut stmt = tx.prepare(
            "SELECT id, kind, record_id, disputed, candidates FROM conflicts ORDER BY kind, record_id, disputed",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, String>(4)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, kind, record_id, disputed, candidates) = row?;
            out.push(ConflictView { id, kind, record_id, disputed, candidates: serde_json::from_str(&candidates)? });
        }
        Ok(out)
    })
}

/// What to keep.
#[derive(Clone, Debug, PartialEq)]
pub enum Keep {
    /// One side, named by its change id or record id (or a unique prefix of at least 4 characters).
    Side(String),
    /// A new value for the field (JSON, or plain text).
    Value(Value),
}

impl Keep {
    /// Reads `--keep`: a side's id if one matches, else a value.
    pub fn parse(text: &str) -> Keep {
        let t = text.trim();
        if t.len() >= 4 && t.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Keep::Side(t.to_ascii_lowercase());
        }
        Keep::Value(serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.to_owned())))
    }
}

/// Settles a conflict. Returns the ids of the changes written.
pub fn resolve(store: &mut Store, id: &str, keep: &Keep) -> Result<Vec<Uuid>> {
    let today = chrono::Local::now().date_naive();
    let conflict =
        list(store)?.into_iter().find(|c| c.id == id.trim()).ok_or(Error::Refused("error.conflict_unknown"))?;
    let kind = Kind::from_name(&conflict.kind).ok_or(Error::Format("error.kind_unknown"))?;
    let side = |key: &str| -> Result<&Value> {
        let Keep::Side(prefix) = keep else { return Err(Error::Refused("error.conflict_keep")) };
        let matches: Vec<&Value> = conflict
            .candidates
            .iter()
            .filter(|c| c.get(key).and_then(Value::as_str).is_some_and(|v| v.starts_with(prefix.as_str())))
            .collect();
        match matches.as_slice() {
            [one] => Ok(one),
            _ => Err(Error::Refused("error.conflict_keep")),
        }
    };

    store.with_tx(|w| {
        if let Some(_month) = conflict.disputed.strip_prefix("month:") {
            // Two payments of one month: keep one, delete the others.
            let kept = side("record_id")?.get("record_id").and_then(Value::as_str).unwrap_or_default().to_owned();
            let mut written = Vec::new();
            for c in &conflict.candidates {
                let Some(other) = c.get("record_id").and_then(Value::as_str).filter(|r| *r != kept) else { continue };
                let other = Uuid::parse_str(other).map_err(|_| Error::Format("error.id_invalid"))?;
                written.push(w.append(Kind::Payment, other, Op::Delete, Map::new())?);
            }
            return Ok(written);
        }
        let record = Uuid::parse_str(&conflict.record_id).map_err(|_| Error::Format("error.id_invalid"))?;
        let (data, _) = w.current(kind, record)?.ok_or(Error::NotFound)?;
        if conflict.disputed == "_deleted" {
            let restore = match keep {
                Keep::Side(_) => side("change_id")?.get("value").is_some_and(|v| !v.is_null()),
                Keep::Value(Value::String(s)) if ["delete", "borrar"].contains(&s.as_str()) => false,
                Keep::Value(Value::String(s)) if ["restore", "restaurar"].contains(&s.as_str()) => true,
                Keep::Value(_) => return Err(Error::Refused("error.conflict_keep")),
            };
            if restore {
                // Restoring must give a valid record.
                records::check(kind, &data, today, &records_catalogue(w)?).map_err(Error::Invalid)?;
                return Ok(vec![w.append(kind, record, Op::Upsert, Map::new())?]);
            }
            return Ok(vec![w.append(kind, record, Op::Delete, Map::new())?]);
        }
        let field = conflict.disputed.clone();
        let value = match keep {
            Keep::Side(text) => match side("change_id") {
                Ok(chosen) => chosen.get("value").cloned().unwrap_or(Value::Null),
                // Digits and dashes that name no side are a value (a date, a number).
                Err(_) => serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.clone())),
            },
            Keep::Value(v) => v.clone(),
        };
        let mut merged = data;
        merged.insert(field.clone(), value);
        let (canonical, _) = records::check(kind, &merged, today, &records_catalogue(w)?).map_err(Error::Invalid)?;
        let mut fields = Map::new();
        fields.insert(field.clone(), canonical.get(&field).cloned().unwrap_or(Value::Null));
        Ok(vec![w.append(kind, record, Op::Upsert, fields)?])
    })
}

fn records_catalogue(w: &crate::Writer<'_>) -> Result<reintegra_core::reference::Catalogue> {
    crate::records::catalogue(w.tx())
}
