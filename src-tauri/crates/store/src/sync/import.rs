//! Taking in a bundle: verify, decrypt, check every change, then merge all of it in one transaction and record the
//! bundle in the ledger. Anything wrong refuses the whole bundle and leaves the store as it was.
//!
//! The merge of the changes is three steps: [`collect`] reads what the store holds of them, the core's pure
//! [`import::plan`] decides what is new, how each record's row is brought up to date and what is refused, and
//! [`apply`] writes that in the import's transaction.

use std::collections::HashSet;

use reintegra_core::hlc::Hlc;
use reintegra_core::merge::Change;
use reintegra_core::merge::import::{self, Held, Plan, Row, Update};
use reintegra_core::records::Kind;
use reintegra_core::wire::DeviceRole;
use rusqlite::{OptionalExtension, Transaction, params, params_from_iter};
use serde::Serialize;
use uuid::Uuid;

use super::devices::find_row;
use super::now_ms;
use crate::changes::{CHANGE_COLUMNS, change_from_row, insert_change, reproject};
use crate::projection::{Prior, duplicate_payment_open, row_state, write_projection};
use crate::{Error, Result, Store};

/// What one bundle did to the store.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct ImportReport {
    pub bundle_id: Uuid,
    pub sender: Uuid,
    pub sender_name: String,
    pub changes: usize,
    /// Records that did not exist here before.
    pub inserted: usize,
    /// Records that existed and received new changes.
    pub updated: usize,
    /// Changes this store already held.
    pub unchanged: usize,
    /// Open conflicts on the records this bundle touched.
    pub conflicts: usize,
    /// The bundle had been imported before: nothing was done.
    pub replayed: bool,
    /// The sender's clock is more than a day ahead of ours (a laptop set to the wrong date).
    pub clock_ahead: bool,
    /// Entries of the sender's audit log taken in (at a supervisor).
    pub audit_entries: usize,
    /// People purged from this laptop after the import (they left its caseload and every change made here about
    /// them is acknowledged).
    pub purged: usize,
}

const CLOCK_SLACK_MS: i64 = 24 * 3600 * 1000;

/// Imports one bundle. `progress` is told (done, total) as changes are merged.
///
/// The import's commit does not also run SQLite's automatic checkpoint ([`Store::without_autocheckpoint`]): the
/// pages are copied into the file by [`Store::checkpoint`] when the caller's use case ends (a folder's round), by
/// the next commit past the threshold, or when the store is closed (the command line).
pub fn import(store: &mut Store, bytes: &[u8], progress: &mut dyn FnMut(usize, usize)) -> Result<ImportReport> {
    store.without_autocheckpoint(|store| import_bundle(store, bytes, progress))
}

fn import_bundle(store: &mut Store, bytes: &[u8], progress: &mut dyn FnMut(usize, usize)) -> Result<ImportReport> {
    let header = reintegra_bundle::peek(bytes)?;
    let sender = store
        .read(|tx| find_row(tx, &header.sender.to_string()))?
        .filter(|r| r.keys.device_id == header.sender)
        .ok_or(Error::Refused("error.bundle_unknown_sender"))?;
    if sender.revoked_at.is_some() {
        return Err(Error::Refused("error.bundle_revoked_sender"));
    }
    let keys = super::keys(store)?;
    let me = store.device().clone();
    let reintegra_bundle::Opened { header, changes, extras } =
        reintegra_bundle::open_full(bytes, &sender.keys, &keys, me.id)?;
    if header.schema > crate::migrations::latest() {
        return Err(Error::Refused("error.bundle_schema_newer"));
    }
    // Dates are checked against tomorrow: the sender may be a time zone or a midnight ahead.
    let today = chrono::Local::now().date_naive() + chrono::Days::new(1);
    let field_sender = sender.keys.role == "field";
    for (i, c) in changes.iter().enumerate() {
        import::check(c, field_sender.then_some(header.sender), today)
            .map_err(|code| Error::AtChange { index: i + 1, source: Box::new(Error::Refused(code)) })?;
    }

    let mut report = ImportReport {
        bundle_id: header.bundle_id,
        sender: header.sender,
        sender_name: sender.keys.name.clone(),
        changes: changes.len(),
        clock_ahead: Hlc(header.hlc_max).wall_ms() > now_ms() + CLOCK_SLACK_MS,
        ..ImportReport::default()
    };
    let total = changes.len();
    let hlc_max = changes.iter().map(|c| c.hlc).max();
    store.with_tx(|w| {
        let seen: Option<String> = w
            .tx()
            .query_row("SELECT bundle_id FROM bundles WHERE bundle_id = ?1", [header.bundle_id.to_string()], |r| {
                r.get(0)
            })
            .optional()?;
        if seen.is_some() {
            report.replayed = true;
            report.unchanged = total;
            return Ok(());
        }
        w.audit(crate::audit::Action::BundleImport, &header.bundle_id.to_string())?;
        let stale = header.to_seq < sender.received_seq;
        if me.role == DeviceRole::Field && !field_sender {
            take_releases(w.tx(), &header, &extras, &changes, stale)?;
        }
        // How far the sender holds our audit log: the next bundle to it starts there.
        if let Some(top) = extras.audit_acks.get(&me.id) {
            w.tx().execute(
                "UPDATE devices SET audit_acked = MAX(audit_acked, ?1) WHERE device_id = ?2",
                params![top, header.sender.to_string()],
            )?;
        }
        if me.role == DeviceRole::Supervisor {
            report.audit_entries =
                crate::audit::receive(w.tx(), &header.sender.to_string(), &extras.audit, &header.bundle_id.to_string())?;
        }
        let held = collect(w.tx(), &changes)?;
        let plan = import::plan(changes, held).map_err(Error::Refused)?;
        apply(w.tx(), plan, &mut report, progress)?;
        if let Some(max) = hlc_max {
            w.observe(Hlc(max));
        }
        let tx = w.tx();
        // What the sender sent us continues what we held: we now hold its log up to `to_seq`.
        tx.execute(
            "UPDATE devices SET
                received_seq = CASE WHEN ?1 <= received_seq THEN MAX(received_seq, ?2) ELSE received_seq END,
                acked_seq = MAX(acked_seq, ?3),
                last_import = ?4
             WHERE device_id = ?5",
            params![
                header.from_seq,
                header.to_seq,
                header.acks.get(&me.id).copied().unwrap_or(0),
                now_ms(),
                header.sender.to_string()
            ],
        )?;
        tx.execute(
            "INSERT INTO bundles (bundle_id, direction, device_id, at, changes, report) VALUES (?1, 'in', ?2, ?3, ?4, ?5)",
            params![
                header.bundle_id.to_string(),
                header.sender.to_string(),
                now_ms(),
                total as i64,
                serde_json::to_string(&report)?
            ],
        )?;
        progress(total, total);
        Ok(())
    })?;
    if me.role == DeviceRole::Field && !report.replayed {
        report.purged = super::purge::purge(store, false)?.people;
    }
    Ok(report)
}

/// Keeps the people a supervisor says have left this laptop's caseload, and lifts a purge when a person comes back
/// (their own record's history arrives again in a bundle that no longer names them as released). The releases of a
/// bundle older than one already taken in are ignored: the newer one knows better.
fn take_releases(
    tx: &rusqlite::Transaction<'_>,
    header: &reintegra_bundle::Header,
    extras: &reintegra_bundle::Extras,
    changes: &[Change],
    stale: bool,
) -> Result<()> {
    let mut returning: Vec<String> = Vec::new();
    for c in changes.iter().filter(|c| c.kind == Kind::Person && !extras.released.contains_key(&c.record_id)) {
        let at: Option<i64> = tx
            .query_row("SELECT released_seq FROM released WHERE person_id = ?1", [c.record_id.to_string()], |r| {
                r.get(0)
            })
            .optional()?;
        if at.is_some_and(|at| header.to_seq > at) {
            returning.push(c.record_id.to_string());
        }
    }
    for p in returning {
        tx.execute("DELETE FROM released WHERE person_id = ?1", [&p])?;
        tx.execute("DELETE FROM purged WHERE person_id = ?1", [&p])?;
    }
    if stale {
        return Ok(());
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO released (person_id, sender, released_seq) VALUES (?1, ?2, ?3)
         ON CONFLICT (person_id) DO NOTHING",
    )?;
    for (p, at) in &extras.released {
        insert.execute(params![p.to_string(), header.sender.to_string(), at])?;
    }
    Ok(())
}

/// What the plan needs to know of the store, read in the import's transaction: which of the bundle's changes the
/// log holds already, which of its records were purged here, and the rows of the others.
fn collect(tx: &Transaction<'_>, changes: &[Change]) -> Result<Held> {
    let mut held = Held::default();
    let records: HashSet<(Kind, Uuid)> = changes.iter().map(|c| (c.kind, c.record_id)).collect();
    let mut purged = tx.prepare_cached("SELECT 1 FROM purged WHERE kind = ?1 AND record_id = ?2")?;
    for &(kind, id) in &records {
        if purged.exists(params![kind.name(), id.to_string()])? {
            held.purged.insert((kind, id));
        } else if let Some(state) = row_state(tx, kind, id)? {
            held.rows.insert((kind, id), Row { data: state.data, heads: state.heads, disputed: state.disputed });
        }
    }
    // Looked up a few hundred ids at a time: one statement per change would cost a bundle of 100k dearly.
    for chunk in changes.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let mut stmt =
            tx.prepare_cached(&format!("SELECT {CHANGE_COLUMNS} FROM changes WHERE change_id IN ({marks})"))?;
        let mut rows = stmt.query(params_from_iter(chunk.iter().map(|c| c.change_id.to_string())))?;
        while let Some(row) = rows.next()? {
            let stored = change_from_row(row, 0)?;
            held.changes.insert(stored.change_id, stored);
        }
    }
    Ok(held)
}

/// Writes the plan: the new changes into the log in the bundle's order, then each record's row.
fn apply(
    tx: &Transaction<'_>,
    plan: Plan,
    report: &mut ImportReport,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let total = report.changes;
    report.unchanged += plan.unchanged;
    for (i, c) in plan.new.iter().enumerate() {
        let added = insert_change(tx, c)?;
        // The plan read the log in this same transaction.
        debug_assert!(added, "a change planned as new was already in the log");
        if i % 2048 == 0 {
            progress(i / 2, total);
        }
    }
    let mut done = 0;
    for r in plan.records {
        if matches!(r.update, Update::Create(_)) {
            report.inserted += 1;
        } else {
            report.updated += 1;
        }
        let p = match r.update {
            // The plan read the store in this transaction: a record it creates has no row (nor links) here.
            Update::Create(p) => {
                write_projection(tx, r.kind, r.id, &p, Prior::New)?;
                p
            }
            Update::Fold(p) => {
                write_projection(tx, r.kind, r.id, &p, Prior::Row)?;
                p
            }
            Update::Reproject => reproject(tx, r.kind, r.id)?,
        };
        report.conflicts += p.conflicts.len();
        if r.kind == Kind::Payment && !p.deleted && duplicate_payment_open(tx, &p.data)? {
            report.conflicts += 1;
        }
        done += r.changes;
        if done % 2048 < r.changes {
            progress(total / 2 + done / 2, total);
        }
    }
    Ok(())
}
