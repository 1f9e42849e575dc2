//! Sync: this device's keys, the devices it trusts, bundles out and in, conflicts and their resolution.

pub(crate) mod caseload;
mod conflicts;
mod devices;
mod export;
mod folder;
mod import;
pub mod purge;

use reintegra_bundle::Keys;
/// A device card: what another store needs to trust this one.
pub use reintegra_bundle::PublicKeys;
use rusqlite::OptionalExtension;

pub use conflicts::{ConflictView, Keep, list as conflicts, resolve};
pub use devices::{
    Added, DeviceInfo, add as add_device, add_as as add_device_with_workers, card, check as check_device,
    list as devices, parse_card, revoke as revoke_device, set_workers as set_device_workers,
};
pub use export::{ExportReport, export, write_atomically};
pub use folder::{BUSY, EXTENSION, FolderReport, INCOMPLETE, folder, set_folder, sync_folder};
pub use import::{ImportReport, import};
pub use purge::{PurgeReport, purge};

use crate::{Error, Result, Store};

/// Fresh secret keys for a new store, as the line kept in its encrypted `meta` table.
pub(crate) fn new_secret_keys() -> Result<String> {
    Ok(Keys::generate()?.to_secret().to_string())
}

pub(crate) fn keys(store: &mut Store) -> Result<Keys> {
    let line: String = store.conn.query_row("SELECT value FROM meta WHERE key = 'secret_keys'", [], |r| r.get(0))?;
    Ok(Keys::from_secret(&line)?)
}

/// The workers whose caseload this device carries (set at `init --worker`).
pub(crate) fn workers(store: &mut Store) -> Result<Vec<String>> {
    let value: Option<String> =
        store.conn.query_row("SELECT value FROM meta WHERE key = 'workers'", [], |r| r.get(0)).optional()?;
    Ok(value.map(|v| serde_json::from_str(&v)).transpose()?.unwrap_or_default())
}

/// Sets the workers whose caseload this device carries.
pub fn set_workers(store: &mut Store, names: &[String]) -> Result<()> {
    let names: Vec<String> = names.iter().map(|n| reintegra_core::text::tidy(n)).filter(|n| !n.is_empty()).collect();
    if names.iter().any(|n| n.chars().count() > reintegra_core::validation::limits::NAME) {
        return Err(Error::Refused("error.too_long"));
    }
    store.conn.execute(
        "INSERT INTO meta (key, value) VALUES ('workers', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [serde_json::to_string(&names)?],
    )?;
    Ok(())
}

/// What another store needs to trust this one.
pub fn public_keys(store: &mut Store) -> Result<PublicKeys> {
    let keys = keys(store)?;
    let workers = workers(store)?;
    let d = store.device();
    Ok(keys.public(d.id, &d.name, d.role.as_str(), workers))
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
mod tests;
