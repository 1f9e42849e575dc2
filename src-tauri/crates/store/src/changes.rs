//! The change log. A local edit appends one immutable change (only the fields it sets, on top of the record's
//! current heads) and folds it into the record's visible row ([`crate::projection`]) in the same transaction. When
//! a record has several heads or open conflicts, or changes arrive from elsewhere, the row is recomputed from the
//! log with the core's [`merge::project`], so the incremental and the rebuilt state are one function.

use reintegra_core::canonical;
use reintegra_core::hlc::Hlc;
use reintegra_core::merge::{self, Change, Projection};
use reintegra_core::records::Kind;
use reintegra_core::wire::DeviceRole;
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::{Map, Value};
use uuid::Uuid;

pub use reintegra_core::merge::Op;

use crate::projection::{Prior, row_state, write_projection, write_row};
use crate::{Error, Result};

/// This device: every change it makes carries its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    pub id: Uuid,
    pub name: String,
    pub role: DeviceRole,
}

/// Writes inside one transaction. Obtained from [`crate::Store::with_tx`].
pub struct Writer<'a> {
    tx: &'a Transaction<'a>,
    clock: Hlc,
    device: &'a Device,
    user_id: &'a str,
}

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
                let p = merge::fold_chain(state.data, &[&change]).ok_or(Error::NotFound)?;
                write_projection(self.tx, kind, record_id, &p, Prior::Row)?;
            }
            None => {
                let p = merge::project(std::slice::from_ref(&change)).ok_or(Error::NotFound)?;
                write_projection(self.tx, kind, record_id, &p, Prior::New)?;
            }
            Some(_) => {
                reproject(self.tx, kind, record_id)?;
            }
        }
        Ok(change.change_id)
    }
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
    write_projection(tx, kind, id, &p, Prior::Disputed)?;
    Ok(p)
}

/// Recomputes every projection and conflict from the log, streaming it record by record (the progress figures are
/// left to the caller: [`crate::Store::rebuild`] counts them all again).
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
            // The tables were emptied above: every row is new.
            write_row(tx, kind, id, &p, Prior::New)?;
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
