//! The change log and its projections. A local edit appends one immutable change (only the fields it sets, on top
//! of the record's current heads) and folds it into the record's visible row in the same transaction. When a record
//! has several heads or open conflicts, or changes arrive from elsewhere, the row is recomputed from the log with
//! the core's [`merge::project`], so the incremental and the rebuilt state are one function.

use reintegra_core::canonical;
use reintegra_core::hlc::Hlc;
use reintegra_core::merge::{self, Change, Disputed, Projection};
use reintegra_core::records::Kind;
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::{Map, Value};
use uuid::Uuid;

pub use reintegra_core::merge::Op;

use crate::{Device, Error, Result};

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

    pub(crate) fn observe(&mut self, remote: Hlc) {
        self.clock = self.clock.observe(remote, chrono::Utc::now().timestamp_millis());
    }

    pub fn tx(&self) -> &Transaction<'a> {
        self.tx
    }

    pub fn device(&self) -> &Device {
        self.device
    }

    pub(crate) fn user(&self) -> &str {
        self.user_id
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

    /// Records a change to `record_id` setting `fields` (a null removes the field), on top of all the record's
    /// heads, and projects it onto the record's visible row. Returns the change id. Callers validate the resulting
    /// record first ([`crate::records`]).
    pub fn append(&mut self, kind: Kind, record_id: Uuid, op: Op, fields: Map<String, Value>) -> Result<Uuid> {
        let current = row_state(self.tx, kind, record_id)?;
        let base = current.as_ref().map(|c| c.heads.clone()).unwrap_or_default();
        self.clock = self.clock.tick(chrono::Utc::now().timestamp_millis());
        let change = Change {
            change_id: Uuid::now_v7(),
            kind,
            record_id,
            base,
            hlc: self.clock.0,
            device_id: self.device.id,
            user_id: self.user_id.to_owned(),
            op,
            fields,
        };
        insert_change(self.tx, &change)?;
        match current {
            // One head and nothing disputed: the new change simply folds onto the row.
            Some(state) if state.heads.len() == 1 && !state.disputed => {
                let mut data = state.data;
                merge::fold(&mut data, &change.fields);
                let p = Projection {
                    data,
                    deleted: op == Op::Delete,
                    heads: vec![change.change_id],
                    last: (change.hlc, change.device_id, change.user_id.clone()),
                    conflicts: Vec::new(),
                };
                write_projection(self.tx, kind, record_id, &p, false)?;
            }
            None => {
                let p = merge::project(std::slice::from_ref(&change)).ok_or(Error::NotFound)?;
                write_projection(self.tx, kind, record_id, &p, false)?;
            }
            Some(_) => {
                reproject(self.tx, kind, record_id)?;
            }
        }
        Ok(change.change_id)
    }
}

/// What the row of a record says about its place in the log.
pub(crate) struct RowState {
    pub data: Map<String, Value>,
    pub heads: Vec<Uuid>,
    /// Whether the record has open conflicts.
    pub disputed: bool,
}

pub(crate) fn row_state(tx: &Transaction<'_>, kind: Kind, id: Uuid) -> Result<Option<RowState>> {
    let row: Option<(String, String)> = tx
        .prepare_cached(&format!("SELECT data, heads FROM {} WHERE id = ?1", kind.table()))?
        .query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((data, heads)) = row else { return Ok(None) };
    let disputed = tx
        .prepare_cached("SELECT 1 FROM conflicts WHERE record_id = ?1 AND kind = ?2 LIMIT 1")?
        .exists(params![id.to_string(), kind.name()])?;
    Ok(Some(RowState { data: serde_json::from_str(&data)?, heads: serde_json::from_str(&heads)?, disputed }))
}

/// Adds a change to the log. Returns false if the log already holds it (same id, same content); a change id seen
/// with different content is refused.
pub(crate) fn insert_change(tx: &Transaction<'_>, c: &Change) -> Result<bool> {
    let fields = canonical::map_to_string(&c.fields);
    let base = serde_json::to_string(&c.base)?;
    let inserted = tx
        .prepare_cached(
            // The position is never one a purge freed ([`crate::sync::purge`] keeps the highest in `seq_floor`):
            // other devices acknowledge positions of this log, and a reused one would never be sent.
            "INSERT OR IGNORE INTO changes (seq, change_id, kind, record_id, base, hlc, device_id, user_id, op, fields)
             VALUES ((SELECT MAX(COALESCE((SELECT MAX(seq) FROM changes), 0),
                                 COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'seq_floor'), 0)) + 1),
                     ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            c.change_id.to_string(),
            c.kind.name(),
            c.record_id.to_string(),
            base,
            c.hlc,
            c.device_id.to_string(),
            c.user_id,
            c.op.as_str(),
            fields,
        ])?;
    if inserted == 1 {
        return Ok(true);
    }
    let stored = load_change(tx, c.change_id)?.ok_or(Error::Refused("error.change_reused"))?;
    if stored != *c {
        return Err(Error::Refused("error.change_reused"));
    }
    Ok(false)
}

fn load_change(tx: &Transaction<'_>, id: Uuid) -> Result<Option<Change>> {
    let mut stmt = tx.prepare_cached(&format!("SELECT {CHANGE_COLUMNS} FROM changes WHERE change_id = ?1"))?;
    let mut rows = stmt.query([id.to_string()])?;
    match rows.next()? {
        Some(row) => Ok(Some(change_from_row(row, 0)?)),
        None => Ok(None),
    }
}

pub(crate) const CHANGE_COLUMNS: &str = "change_id, kind, record_id, base, hlc, device_id, user_id, op, fields";

/// A change from a row holding [`CHANGE_COLUMNS`] from column `at` on.
pub(crate) fn change_from_row(row: &rusqlite::Row<'_>, at: usize) -> Result<Change> {
    let uuid = |i: usize| -> Result<Uuid> {
        Uuid::parse_str(&row.get::<_, String>(at + i)?).map_err(|_| Error::Format("error.id_invalid"))
    };
    Ok(Change {
        change_id: uuid(0)?,
        kind: Kind::from_name(&row.get::<_, String>(at + 1)?).ok_or(Error::Format("error.kind_unknown"))?,
        record_id: uuid(2)?,
        base: serde_json::from_str(&row.get::<_, String>(at + 3)?)?,
        hlc: row.get(at + 4)?,
        device_id: uuid(5)?,
        user_id: row.get(at + 6)?,
        op: Op::parse(&row.get::<_, String>(at + 7)?).ok_or(Error::Format("error.op_invalid"))?,
        fields: serde_json::from_str(&row.get::<_, String>(at + 8)?)?,
    })
}

/// Every change of one record.
pub(crate) fn record_changes(tx: &Transaction<'_>, kind: Kind, id: Uuid) -> Result<Vec<Change>> {
    let mut stmt =
        tx.prepare_cached(&format!("SELECT {CHANGE_COLUMNS} FROM changes WHERE kind = ?1 AND record_id = ?2"))?;
    let mut rows = stmt.query([kind.name(), &id.to_string()])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(change_from_row(row, 0)?);
    }
    Ok(out)
}

/// Recomputes a record's row and its conflicts from every change of it in the log.
pub(crate) fn reproject(tx: &Transaction<'_>, kind: Kind, id: Uuid) -> Result<Projection> {
    let changes = record_changes(tx, kind, id)?;
    let p = merge::project(&changes).ok_or(Error::NotFound)?;
    write_projection(tx, kind, id, &p, true)?;
    Ok(p)
}

/// Recomputes every projection and conflict from the log, streaming it record by record.
pub(crate) fn rebuild(tx: &Transaction<'_>) -> Result<usize> {
    for kind in Kind::ALL {
        tx.execute(&format!("DELETE FROM main.{}", kind.table()), [])?;
    }
    tx.execute("DELETE FROM main.conflicts", [])?;
    tx.execute("DELETE FROM main.person_links", [])?;
    let mut stmt = tx.prepare(&format!("SELECT {CHANGE_COLUMNS} FROM changes ORDER BY kind, record_id"))?;
    let mut rows = stmt.query([])?;
    let mut group: Vec<Change> = Vec::new();
    let mut records = 0;
    let mut flush = |group: &mut Vec<Change>| -> Result<()> {
        if let Some(first) = group.first() {
            let (kind, id) = (first.kind, first.record_id);
            let p = merge::project(group).ok_or(Error::NotFound)?;
            write_projection(tx, kind, id, &p, false)?;
            records += 1;
        }
        group.clear();
        Ok(())
    };
    while let Some(row) = rows.next()? {
        let c = change_from_row(row, 0)?;
        if group.first().is_some_and(|g| g.kind != c.kind || g.record_id != c.record_id) {
            flush(&mut group)?;
        }
        group.push(c);
    }
    flush(&mut group)?;
    Ok(records)
}

/// The statement that writes a kind's row (the derived columns are the same for every record of a kind).
fn upsert_sql(kind: Kind, derived: &Derived) -> &'static str {
    static SQL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let all = SQL.get_or_init(|| {
        Kind::ALL
            .iter()
            .map(|k| {
                let derived = crate::records::derived_columns(*k);
                let mut cols = vec!["id", "data", "deleted", "hlc", "device_id", "user_id", "heads"];
                cols.extend(derived);
                let placeholders: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
                let updates: Vec<String> = cols[1..].iter().map(|c| format!("{c} = excluded.{c}")).collect();
                format!(
                    // `main.`: a field user's connection has a view of the same name ([`crate::access`]).
                    "INSERT INTO main.{} ({}) VALUES ({}) ON CONFLICT(id) DO UPDATE SET {}",
                    k.table(),
                    cols.join(", "),
                    placeholders.join(", "),
                    updates.join(", ")
                )
            })
            .collect()
    });
    debug_assert_eq!(derived.len(), crate::records::derived_columns(kind).len());
    let i = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    &all[i]
}

/// Writes a record's visible row, its derived columns, its links to people and its open conflicts
/// (`had_conflicts`: whether the record may have had open conflicts before, which must then be cleared).
pub(crate) fn write_projection(
    tx: &Transaction<'_>,
    kind: Kind,
    id: Uuid,
    p: &Projection,
    had_conflicts: bool,
) -> Result<()> {
    let previous_payment_key = if kind == Kind::Payment { payment_key_of(tx, id)? } else { None };
    let derived = crate::records::derived(kind, &p.data)?;
    let sql = upsert_sql(kind, &derived);
    let mut values: Vec<Box<dyn rusqlite::ToSql>> = vec![
        Box::new(id.to_string()),
        Box::new(canonical::map_to_string(&p.data)),
        Box::new(i64::from(p.deleted)),
        Box::new(p.last.0),
        Box::new(p.last.1.to_string()),
        Box::new(p.last.2.clone()),
        Box::new(serde_json::to_string(&p.heads)?),
    ];
    values.extend(derived.into_iter().map(|(_, v)| Box::new(v) as Box<dyn rusqlite::ToSql>));
    tx.prepare_cached(sql)?.execute(rusqlite::params_from_iter(values.iter()))?;
    crate::records::link_people(tx, kind, id, &p.data, p.deleted)?;
    if had_conflicts || !p.conflicts.is_empty() {
        write_conflicts(tx, kind, id, p)?;
    }
    if kind == Kind::Payment {
        for key in [previous_payment_key, payment_key(&p.data)].into_iter().flatten() {
            duplicate_payments(tx, &key)?;
        }
    }
    Ok(())
}

/// A conflict's stable id: the same on every replica that holds the same changes.
pub fn conflict_id(kind: Kind, record_id: &str, disputed: &str) -> String {
    let h = blake3::hash(format!("{}/{record_id}/{disputed}", kind.name()).as_bytes());
    h.to_hex()[..16].to_string()
}

fn write_conflicts(tx: &Transaction<'_>, kind: Kind, id: Uuid, p: &Projection) -> Result<()> {
    let rid = id.to_string();
    tx.prepare_cached("DELETE FROM main.conflicts WHERE record_id = ?1 AND kind = ?2 AND disputed NOT LIKE 'month:%'")?
        .execute([&rid, kind.name()])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO main.conflicts (id, kind, record_id, disputed, candidates) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for c in &p.conflicts {
        let disputed = match &c.disputed {
            Disputed::Field(f) => f.clone(),
            Disputed::Deleted => "_deleted".to_owned(),
        };
        let candidates = canonical::to_string(&serde_json::to_value(&c.candidates)?);
        insert.execute(params![conflict_id(kind, &rid, &disputed), kind.name(), rid, disputed, candidates])?;
    }
    Ok(())
}

/// A payment's person and month: two live payments with the same key are a conflict, never two payments.
fn payment_key(data: &Map<String, Value>) -> Option<(String, String)> {
    Some((data.get("person_id")?.as_str()?.to_owned(), data.get("month")?.as_str()?.to_owned()))
}

/// Whether a payment is one of several for its person and month (an open conflict).
pub(crate) fn duplicate_payment_open(tx: &Transaction<'_>, data: &Map<String, Value>) -> Result<bool> {
    let Some((person, month)) = payment_key(data) else { return Ok(false) };
    let id = conflict_id(Kind::Payment, &person, &format!("month:{month}"));
    Ok(tx.prepare_cached("SELECT 1 FROM conflicts WHERE id = ?1")?.exists([id])?)
}

fn payment_key_of(tx: &Transaction<'_>, id: Uuid) -> Result<Option<(String, String)>> {
    let row: Option<(Option<String>, Option<String>)> = tx
        .prepare_cached("SELECT person_id, month FROM payments WHERE id = ?1")?
        .query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row.and_then(|(p, m)| Some((p?, m?))))
}

fn duplicate_payments(tx: &Transaction<'_>, (person, month): &(String, String)) -> Result<()> {
    let disputed = format!("month:{month}");
    let id = conflict_id(Kind::Payment, person, &disputed);
    tx.prepare_cached("DELETE FROM main.conflicts WHERE id = ?1")?.execute([&id])?;
    let mut stmt = tx.prepare_cached(
        "SELECT id, data, hlc, device_id, user_id FROM payments WHERE person_id = ?1 AND month = ?2 AND deleted = 0
         ORDER BY hlc, device_id, id",
    )?;
    let rows: Vec<Value> = stmt
        .query_map([person, month], |r| {
            let data: String = r.get(1)?;
            Ok(serde_json::json!({
                "record_id": r.get::<_, String>(0)?,
                "hlc": r.get::<_, i64>(2)?,
                "device_id": r.get::<_, String>(3)?,
                "user_id": r.get::<_, String>(4)?,
                "value": serde_json::from_str::<Value>(&data).unwrap_or(Value::Null),
            }))
        })?
        .collect::<std::result::Result<_, _>>()?;
    if rows.len() > 1 {
        tx.prepare_cached(
            "INSERT INTO main.conflicts (id, kind, record_id, disputed, candidates) VALUES (?1, 'payment', ?2, ?3, ?4)",
        )?
        .execute(params![id, person, disputed, canonical::to_string(&Value::Array(rows))])?;
    }
    Ok(())
}
