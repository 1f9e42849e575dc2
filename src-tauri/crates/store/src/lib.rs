//! Reintegra's local store: one SQLCipher file per device, opened with the device's passphrase.
//!
//! Every edit goes through [`Writer::append`], which records an immutable change and updates the record's
//! projection in the same transaction; nothing writes a projection table directly. Each use case is one
//! transaction ([`Store::with_tx`]): it commits whole or not at all.

pub mod access;
pub mod agenda;
mod agenda_kept;
pub mod assessments;
pub mod audit;
mod changes;
pub mod damaged;
pub mod drafts;
mod error;
pub mod export;
pub mod indicators;
pub mod keys;
mod latest_visit;
pub mod load;
pub mod migrations;
mod open;
pub mod payments;
pub mod persons;
pub mod programme;
mod projection;
pub mod records;
mod session;
pub mod sheets;
pub mod sync;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod users;
pub mod views;
pub mod vouchers;
pub mod vouchers_admin;

use std::path::{Path, PathBuf};

use reintegra_core::hlc::Hlc;
use rusqlite::{Connection, Transaction};

pub use changes::{Device, Op, Writer};
pub use error::{Error, Result};
#[doc(hidden)]
pub use open::data_key_hex;

/// The identifier the desktop app is registered under; its data directory carries this name.
pub const APP_IDENTIFIER: &str = "org.reintegra.app";

/// Where the app keeps its store unless told otherwise (`--db`, `REINTEGRA_DB`).
pub fn default_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join(APP_IDENTIFIER).join("reintegra.db"))
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    device: Device,
    clock: Hlc,
    user_id: String,
    role: access::Role,
    /// Set for a field user: what their connection's views let them read ([`access`]).
    scope: Option<access::Scope>,
    /// The home agenda's costly lists, kept while the store is unchanged ([`agenda::home`]).
    agenda_memo: agenda_kept::Memo,
}

impl Store {
    /// The user this store was unlocked as.
    pub fn user(&self) -> &str {
        &self.user_id
    }

    /// What the user who unlocked may do.
    pub fn role(&self) -> access::Role {
        self.role
    }

    pub fn device(&self) -> &Device {
        &self.device
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs one use case in one transaction: everything `f` writes is committed together, or nothing is.
    pub fn with_tx<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        // A write sees every row (a merge needs the whole record); the filter comes back on before the commit, or
        // with the rollback.
        if self.scope.is_some() {
            access::set_active(&tx, false)?;
        }
        indicators::aggregates::begin(&tx)?;
        let top = |tx: &Transaction<'_>| tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM changes", [], |r| r.get(0));
        let before: i64 = top(&tx)?;
        let mut writer = Writer::new(&tx, self.clock, &self.device, &self.user_id);
        let out = f(&mut writer)?;
        // The progress figures of the records this transaction wrote, counted again before it commits.
        indicators::aggregates::flush(&tx)?;
        let clock = writer.clock();
        // One audit entry per transaction that changed data: the record when it is one, else how many changes.
        let after: i64 = top(&tx)?;
        if after > before {
            let subject = if after == before + 1 {
                tx.query_row("SELECT kind || ':' || record_id FROM changes WHERE seq = ?1", [after], |r| r.get(0))?
            } else {
                format!("{} changes", after - before)
            };
            writer.audit(audit::Action::Change, &subject)?;
        }
        tx.execute("UPDATE meta SET value = ?1 WHERE key = 'hlc'", [clock.0.to_string()])?;
        if let Some(scope) = &self.scope {
            // Someone registered or linked: the caseload may have grown (or shrunk).
            let people_changed: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM changes WHERE seq > ?1 AND kind IN ('person', 'relationship'))",
                [before],
                |r| r.get(0),
            )?;
            if people_changed {
                access::refresh(&tx, self.device.id, scope)?;
            }
            access::set_active(&tx, true)?;
        }
        tx.commit()?;
        self.clock = clock;
        Ok(out)
    }

    /// A read-only view inside a transaction, so a query of several statements sees one state.
    pub fn read<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        // Deferred: a read never waits for another program's write (writes begin immediate, `open::configure`).
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Deferred)?;
        let out = f(&tx)?;
        tx.finish()?;
        Ok(out)
    }

    /// A hash of the logical data set: every record's fields and tombstone, and the open conflicts, whatever the
    /// order the changes arrived in. Local bookkeeping (arrival order, clock, device identity, trusted devices,
    /// the ledger) is left out, so replicas holding the same changes agree.
    pub fn digest(&mut self) -> Result<String> {
        // Of the whole store, whoever asks: it is compared with other replicas, and shows no record.
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Deferred)?;
        if self.scope.is_some() {
            access::set_active(&tx, false)?;
        }
        let digest = digest_in(&tx)?;
        tx.rollback()?;
        Ok(digest)
    }

    /// Recomputes every record's row and the open conflicts from the change log, in one transaction. Returns the
    /// number of records. The central file's full rebuild; also what `verify` compares against.
    pub fn rebuild(&mut self) -> Result<usize> {
        self.with_tx(|w| {
            let records = changes::rebuild(w.tx())?;
            indicators::aggregates::rebuild(w.tx())?;
            Ok(records)
        })
    }

    /// Whether the progress figures kept up to date ([`indicators::aggregates`]) equal a fresh count of the records.
    pub fn aggregates_match(&mut self) -> Result<bool> {
        let tx = self.conn.transaction()?;
        if self.scope.is_some() {
            access::set_active(&tx, false)?;
        }
        let matches = indicators::aggregates::matches(&tx)?;
        tx.rollback()?;
        Ok(matches)
    }

    /// Whether the visible rows and conflicts are exactly what the change log gives (rebuilt in a transaction
    /// that is then rolled back), and the progress counters what the rows give.
    pub fn projections_match_log(&mut self) -> Result<bool> {
        if !self.aggregates_match()? {
            return Ok(false);
        }
        let tx = self.conn.transaction()?;
        if self.scope.is_some() {
            access::set_active(&tx, false)?;
        }
        // Each person's latest home visit, kept by triggers for the agenda (migration 15).
        if !latest_visit::matches(&tx)? {
            return Ok(false);
        }
        let before = digest_in(&tx)?;
        changes::rebuild(&tx)?;
        let after = digest_in(&tx)?;
        tx.rollback()?;
        Ok(before == after)
    }

    /// SQLCipher's own check of every page's authentication code (a tampered or damaged file fails it).
    pub fn integrity_problems(&mut self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        for pragma in ["cipher_integrity_check", "integrity_check"] {
            let mut stmt = self.conn.prepare(&format!("PRAGMA {pragma}"))?;
            let rows: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
            problems.extend(rows.into_iter().filter(|r| r != "ok"));
        }
        Ok(problems)
    }
}

fn digest_in(tx: &Transaction<'_>) -> Result<String> {
    let mut hasher = blake3::Hasher::new();
    let mut feed = |parts: &[&[u8]]| {
        for part in parts {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    };
    for kind in reintegra_core::records::Kind::ALL {
        let table = kind.table();
        let mut stmt = tx.prepare(&format!("SELECT id, deleted, data FROM {table} ORDER BY id"))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let deleted: i64 = row.get(1)?;
            let data: String = row.get(2)?;
            feed(&[table.as_bytes(), id.as_bytes(), &[deleted as u8], data.as_bytes()]);
        }
    }
    let mut stmt = tx.prepare("SELECT id, candidates FROM conflicts ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let (id, candidates): (String, String) = (row.get(0)?, row.get(1)?);
        feed(&[b"conflict", id.as_bytes(), candidates.as_bytes()]);
    }
    Ok(hasher.finalize().to_hex().to_string())
}
