//! The change log and its projections. A local edit appends one immutable change (only the fields it sets, on top
//! of the record's current heads) and folds it into the record's visible row in the same transaction.

use reintegra_core::canonical;
use reintegra_core::hlc::Hlc;
use reintegra_core::records::Kind;
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::{Device, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Upsert,
    Delete,
}

impl Op {
    fn as_str(self) -> &'static str {
        match self {
            Op::Upsert => "upsert",
            Op::Delete => "delete",
        }
    }
}

/// Writes inside one transaction. Obtained from [`crate::Store::with_tx`].
pub struct Writer<'a> {
    tx: &'a Transaction<'a>,
    clock: Hlc,
    device: &'a Device,
    user_id: &'a str,
}

/// Columns a projection derives from a record's fields, beside `data`.
pub type Derived = Vec<(&'static str, String)>;

impl<'a> Writer<'a> {
    pub(crate) fn new(tx: &'a Transaction<'a>, clock: Hlc, device: &'a Device, user_id: &'a str) -> Self {
        Writer { tx, clock, device, user_id }
    }

    pub(crate) fn clock(&self) -> Hlc {
        self.clock
    }

    pub fn tx(&self) -> &Transaction<'a> {
        self.tx
    }

    /// The current data of a record and whether it is deleted, if it exists.
    pub fn current(&self, kind: Kind, id: Uuid) -> Result<Option<(Map<String, Value>, bool)>> {
        let row: Option<(String, i64)> = self
            .tx
            .prepare_cached(&format!("SELECT data, deleted FROM {} WHERE id = ?1", kind.table()))?
            .query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(match row {
            Some((data, deleted)) => Some((serde_json::from_str(&data)?, deleted != 0)),
            None => None,
        })
    }

    /// Records a change to `record_id` setting `fields` (a null removes the field), and projects it onto the
    /// record's visible row. Returns the change id. Callers validate the resulting record first
    /// ([`crate::records`]).
    pub fn append(&mut self, kind: Kind, record_id: Uuid, op: Op, fields: Map<String, Value>) -> Result<Uuid> {
        let table = kind.table();
        let id = record_id.to_string();
        let current: Option<(String, String)> = self
            .tx
            .query_row(&format!("SELECT data, heads FROM {table} WHERE id = ?1"), [&id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (mut data, base) = match current {
            Some((data, heads)) => (serde_json::from_str::<Map<String, Value>>(&data)?, heads),
            None => (Map::new(), "[]".to_owned()),
        };
        let now_ms = chrono::Utc::now().timestamp_millis();
        self.clock = self.clock.tick(now_ms);
        let change_id = Uuid::now_v7();
        self.tx
            .prepare_cached(
                "INSERT INTO changes (change_id, kind, record_id, base, hlc, device_id, user_id, op, fields)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                change_id.to_string(),
                kind.name(),
                id,
                base,
                self.clock.0,
                self.device.id.to_string(),
                self.user_id,
                op.as_str(),
                canonical::to_string(&Value::Object(fields.clone())),
            ])?;
        for (k, v) in fields {
            if v.is_null() {
                data.remove(&k);
            } else {
                data.insert(k, v);
            }
        }
        let derived = crate::records::derived(kind, &data)?;
        let mut cols = vec!["id", "data", "deleted", "hlc", "device_id", "user_id", "heads"];
        cols.extend(derived.iter().map(|(c, _)| *c));
        let placeholders: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        let updates: Vec<String> = cols[1..].iter().map(|c| format!("{c} = excluded.{c}")).collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({}) ON CONFLICT(id) DO UPDATE SET {}",
            cols.join(", "),
            placeholders.join(", "),
            updates.join(", ")
        );
        let heads = Value::Array(vec![Value::String(change_id.to_string())]).to_string();
        let mut values: Vec<Box<dyn rusqlite::ToSql>> = vec![
            Box::new(id),
            Box::new(canonical::to_string(&Value::Object(data.clone()))),
            Box::new(i64::from(op == Op::Delete)),
            Box::new(self.clock.0),
            Box::new(self.device.id.to_string()),
            Box::new(self.user_id.to_owned()),
            Box::new(heads),
        ];
        values.extend(derived.into_iter().map(|(_, v)| Box::new(v) as Box<dyn rusqlite::ToSql>));
        self.tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values.iter()))?;
        crate::records::link_people(self.tx, kind, record_id, &data, op == Op::Delete)?;
        Ok(change_id)
    }
}
