//! Sync through a folder (a USB stick, a shared drive, a cloud-synced folder): take in every bundle there that is
//! addressed to this device and not yet imported, then leave one bundle for each trusted device that has something
//! to receive. The store itself never lives in that folder.

use std::path::{Path, PathBuf};

use rusqlite::OptionalExtension;
use serde::Serialize;
use uuid::Uuid;

use reintegra_core::wire::DeviceRole;

use super::export::export_with;
use super::{ExportReport, ImportReport, caseload, import};
use crate::{Result, Store};

/// The file extension of bundles.
pub const EXTENSION: &str = "rgb";

#[derive(Clone, Debug, Default, Serialize)]
pub struct FolderReport {
    pub imported: Vec<(String, ImportReport)>,
    /// Bundles addressed to this device that were refused, with the reason's translation key.
    pub refused: Vec<(String, String)>,
    pub exported: Vec<ExportReport>,
    /// Bundles left for the next round, with the reason's translation key: [`INCOMPLETE`] or [`BUSY`].
    pub pending: Vec<(String, String)>,
}

/// A bundle not yet whole: a cloud-synced folder (OneDrive) or a copy is still writing it. Read on a later round.
pub const INCOMPLETE: &str = "sync.bundle_incomplete";
/// A bundle another program holds open (an antivirus scanning it, a sharing violation on Windows). Read on a
/// later round.
pub const BUSY: &str = "sync.bundle_busy";

/// The folder the app syncs through, if one was chosen.
pub fn folder(store: &mut Store) -> Result<Option<PathBuf>> {
    let value: Option<String> =
        store.conn.query_row("SELECT value FROM meta WHERE key = 'sync_folder'", [], |r| r.get(0)).optional()?;
    Ok(value.map(PathBuf::from))
}

/// Remembers the sync folder (a path, not data: it may name a USB stick that is not plugged in now).
pub fn set_folder(store: &mut Store, path: &Path) -> Result<()> {
    store.conn.execute(
        "INSERT INTO meta (key, value) VALUES ('sync_folder', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [path.to_string_lossy()],
    )?;
    Ok(())
}

/// Imports what waits in `dir` for this device, then exports for every trusted device. `progress` is told
/// (step, steps) across the whole run.
///
/// The round's imports and answers run without SQLite's automatic checkpoint, and the round ends with one
/// ([`Store::checkpoint`]) rather than one in each import's commit.
pub fn sync_folder(store: &mut Store, dir: &Path, progress: &mut dyn FnMut(usize, usize)) -> Result<FolderReport> {
    let report = store.without_autocheckpoint(|store| sync_round(store, dir, progress))?;
    // The round is written and committed: a checkpoint that fails here (a disk error) is tried again by the next
    // commit or the close, and does not make the round look refused.
    let _ = store.checkpoint();
    Ok(report)
}

fn sync_round(store: &mut Store, dir: &Path, progress: &mut dyn FnMut(usize, usize)) -> Result<FolderReport> {
    let me = store.device().id;
    let mut incoming = Vec::new();
    let mut pending = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) != Some(EXTENSION) || !path.is_file() {
            continue;
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // Only the header is read to decide: bundles for other devices stay untouched.
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            // Taken away between listing and reading (its sender cleaned it up): nothing to do.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(_) => {
                pending.push((name, BUSY.to_owned()));
                continue;
            }
        };
        if still_being_written(&bytes) {
            pending.push((name, INCOMPLETE.to_owned()));
            continue;
        }
        let header = match reintegra_bundle::peek(&bytes) {
            Ok(header) => header,
            Err(reintegra_bundle::Error::Truncated) => {
                pending.push((name, INCOMPLETE.to_owned()));
                continue;
            }
            // Not a bundle this version can read: not ours to judge here (an import names the reason).
            Err(_) => continue,
        };
        if header.sender == me && confirmed_by_all(store, &header)? {
            // Every recipient holds what this bundle carried: nothing left on the stick to lose or seize. A file
            // another program holds open (Windows: an antivirus) is removed on a later round.
            let _ = std::fs::remove_file(&path);
            continue;
        }
        if header.sender == me || !header.recipients.contains(&me) || imported_before(store, header.bundle_id)? {
            continue;
        }
        incoming.push((path, bytes));
    }
    let devices: i64 =
        store.conn.query_row("SELECT COUNT(*) FROM devices WHERE revoked_at IS NULL", [], |r| r.get(0))?;
    let steps = incoming.len() + devices as usize;
    let mut report = FolderReport { pending, ..FolderReport::default() };
    for (i, (path, bytes)) in incoming.into_iter().enumerate() {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut inner = |done: usize, total: usize| {
            // Fractions of one step are reported in thousandths.
            progress(i * 1000 + done * 1000 / total.max(1), steps * 1000);
        };
        match import(store, &bytes, &mut inner) {
            Ok(r) => report.imported.push((name, r)),
            Err(e) => report.refused.push((name, reintegra_core::wire::ApiError::from(e).code)),
        }
    }
    let base = report.imported.len() + report.refused.len();
    // Decided after importing: what came in may need acknowledging.
    let recipients = export_targets(store)?;
    // Who is in each laptop's caseload, read once for all the answers (they change no person and no link).
    let directory = match store.device().role {
        DeviceRole::Supervisor if recipients.len() > 1 => Some(store.read(caseload::Directory::build)?),
        _ => None,
    };
    for (i, (id, name)) in recipients.into_iter().enumerate() {
        let file = dir.join(format!("{}-a-{}-{}.{EXTENSION}", slug(&store.device().name), slug(&name), Uuid::now_v7()));
        report.exported.push(export_with(store, &[id.to_string()], &file, directory.as_ref())?);
        progress((base + i + 1) * 1000, steps * 1000);
    }
    progress(steps * 1000, steps * 1000);
    Ok(report)
}

/// Empty, or ending in zeros where the signature goes: a file the writer created at its full size and has not
/// filled yet (some sync clients do). A truncated file is told apart by the bundle's own frame.
fn still_being_written(bytes: &[u8]) -> bool {
    bytes.is_empty() || (bytes.len() >= 64 && bytes[bytes.len() - 64..].iter().all(|b| *b == 0))
}

fn confirmed_by_all(store: &mut Store, header: &reintegra_bundle::Header) -> Result<bool> {
    for r in &header.recipients {
        let acked: Option<i64> = store
            .conn
            .query_row("SELECT acked_seq FROM devices WHERE device_id = ?1", [r.to_string()], |row| row.get(0))
            .optional()?;
        if acked.is_none_or(|a| a < header.to_seq) {
            return Ok(false);
        }
    }
    Ok(true)
}

fn imported_before(store: &mut Store, bundle: Uuid) -> Result<bool> {
    Ok(store
        .conn
        .prepare_cached("SELECT 1 FROM bundles WHERE bundle_id = ?1 AND direction = 'in'")?
        .exists([bundle.to_string()])?)
}

/// The trusted devices that have something to receive: changes they have not confirmed, or news of what we
/// received from them.
fn export_targets(store: &mut Store) -> Result<Vec<(Uuid, String)>> {
    store.read(|tx| {
        let top: i64 = tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM changes", [], |r| r.get(0))?;
        let mut stmt = tx.prepare(
            "SELECT device_id, name FROM devices WHERE revoked_at IS NULL
               AND (exported_seq < ?1 OR last_export IS NULL OR received_seq > exported_received)
             ORDER BY name",
        )?;
        let rows = stmt.query_map([top], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, name) = row?;
            if let Ok(id) = Uuid::parse_str(&id) {
                out.push((id, name));
            }
        }
        Ok(out)
    })
}

/// A device name as a file name part: letters and digits, no accents, dashes between words.
fn slug(name: &str) -> String {
    let folded = reintegra_core::text::fold(name);
    let words: Vec<&str> = folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let s = words.join("-");
    if s.is_empty() { "equipo".to_owned() } else { s.chars().take(40).collect() }
}
