//! Reintegra's local store: one SQLCipher file per device, opened with the device's passphrase.
//!
//! Every edit goes through [`Writer::append`], which records an immutable change and updates the record's
//! projection in the same transaction; nothing writes a projection table directly. Each use case is one
//! transaction ([`Store::with_tx`]): it commits whole or not at all.

pub mod agenda;
mod changes;
pub mod drafts;
mod error;
pub mod load;
pub mod migrations;
mod open;
pub mod persons;
pub mod records;
pub mod sync;
pub mod views;
pub mod vouchers;

use std::path::{Path, PathBuf};

use reintegra_core::hlc::Hlc;
use reintegra_core::wire::DeviceRole;
use rusqlite::{Connection, OptionalExtension, Transaction};
use uuid::Uuid;

pub use changes::{Op, Writer};
pub use error::{Error, Result};

/// The identifier the desktop app is registered under; its data directory carries this name.
pub const APP_IDENTIFIER: &str = "org.reintegra.app";

/// Where the app keeps its store unless told otherwise (`--db`, `REINTEGRA_DB`).
pub fn default_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join(APP_IDENTIFIER).join("reintegra.db"))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    pub id: Uuid,
    pub name: String,
    pub role: DeviceRole,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    device: Device,
    clock: Hlc,
    user_id: String,
}

impl Store {
    /// Creates a new encrypted store at `path` for this device. Refuses if a file is already there.
    pub fn create(path: &Path, passphrase: &str, device_name: &str, role: DeviceRole) -> Result<Store> {
        let name = reintegra_core::text::tidy(device_name);
        if name.is_empty() || name.chars().count() > reintegra_core::validation::limits::NAME {
            return Err(Error::DeviceName);
        }
        let conn = open::create(path, passphrase)?;
        let device = Device { id: Uuid::now_v7(), name, role };
        conn.execute_batch("BEGIN")?;
        let init = (|| -> Result<()> {
            let mut stmt = conn.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)")?;
            stmt.execute(["device_id", &device.id.to_string()])?;
            stmt.execute(["device_name", &device.name])?;
            stmt.execute(["role", device.role.as_str()])?;
            stmt.execute(["hlc", "0"])?;
            stmt.execute(["secret_keys", &sync::new_secret_keys()?])?;
            Ok(())
        })();
        match init {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(e) => {
                conn.execute_batch("ROLLBACK")?;
                return Err(e);
            }
        }
        Ok(Store { conn, path: path.to_owned(), device, clock: Hlc(0), user_id: "local".to_owned() })
    }

    /// Opens an existing store with its passphrase.
    pub fn open(path: &Path, passphrase: &str) -> Result<Store> {
        let conn = open::existing(path, passphrase)?;
        let meta = |key: &str| -> Result<String> {
            conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get::<_, String>(0))
                .optional()?
                .ok_or(Error::WrongPassphrase)
        };
        let id = Uuid::parse_str(&meta("device_id")?).map_err(|_| Error::WrongPassphrase)?;
        let role = match meta("role")?.as_str() {
            "supervisor" => DeviceRole::Supervisor,
            _ => DeviceRole::Field,
        };
        let device = Device { id, name: meta("device_name")?, role };
        let clock = Hlc(meta("hlc")?.parse().unwrap_or(0));
        // Stores created before sync existed get their keys on first open.
        conn.execute(
            "INSERT INTO meta (key, value) SELECT 'secret_keys', ?1 WHERE NOT EXISTS
             (SELECT 1 FROM meta WHERE key = 'secret_keys')",
            [sync::new_secret_keys()?.as_str()],
        )?;
        Ok(Store { conn, path: path.to_owned(), device, clock, user_id: "local".to_owned() })
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
        let mut writer = Writer::new(&tx, self.clock, &self.device, &self.user_id);
        let out = f(&mut writer)?;
        let clock = writer.clock();
        tx.execute("UPDATE meta SET value = ?1 WHERE key = 'hlc'", [clock.0.to_string()])?;
        tx.commit()?;
        self.clock = clock;
        Ok(out)
    }

    /// A read-only view inside a transaction, so a query of several statements sees one state.
    pub fn read<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        let out = f(&tx)?;
        tx.finish()?;
        Ok(out)
    }

    /// A hash of the logical data set: every record's fields and tombstone, and the open conflicts, whatever the
    /// order the changes arrived in. Local bookkeeping (arrival order, clock, device identity, trusted devices,
    /// the ledger) is left out, so replicas holding the same changes agree.
    pub fn digest(&mut self) -> Result<String> {
        self.read(digest_in)
    }

    /// Recomputes every record's row and the open conflicts from the change log, in one transaction. Returns the
    /// number of records. The central file's full rebuild; also what `verify` compares against.
    pub fn rebuild(&mut self) -> Result<usize> {
        self.with_tx(|w| changes::rebuild(w.tx()))
    }

    /// Whether the visible rows and conflicts are exactly what the change log gives (rebuilt in a transaction
    /// that is then rolled back).
    pub fn projections_match_log(&mut self) -> Result<bool> {
        let tx = self.conn.transaction()?;
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
