//! A store file found damaged at unlock, set aside so the laptop can start again (#18): the store and its companions
//! (key file, `-wal`, `-shm`) are renamed to a dated name beside them ([`reintegra_core::damaged::set_aside_name`]),
//! never deleted: a technician may still recover from them what the laptop had not sent. The app then offers to
//! create a new store, which is paired again and receives its caseload from the central file (README, «Un archivo
//! de datos dañado»).
//!
//! Nothing is written to the damaged store, so there is no audit entry in it; the new store starts its own log.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use reintegra_core::damaged::{COMPANIONS, set_aside_name};

use crate::{Error, Result, open};

/// How many dated names are tried before giving up (two set-asides in the same second are already rare).
const MAX_ATTEMPTS: u32 = 100;

/// Sets the store at `path` aside, if and only if it is damaged: the passphrase (and login) must be right, as for
/// an unlock, and the file must fail the unlock's page check. An intact store is refused
/// (`error.store_not_damaged`), a wrong passphrase is a wrong passphrase (and counts as a failed attempt, as at
/// unlock); in both cases nothing is moved. Returns the new path of the store file.
pub fn set_aside(path: &Path, login: Option<&str>, passphrase: &str, at: NaiveDateTime) -> Result<PathBuf> {
    match open::existing(path, login, passphrase) {
        Ok(unlocked) => {
            drop(unlocked.conn);
            return Err(Error::Refused("error.store_not_damaged"));
        }
        Err(Error::Damaged) => {}
        Err(Error::Sqlite(e)) if crate::error::is_damage(&e) => {}
        Err(e) => return Err(e),
    }
    move_aside(path, at)
}

/// Renames the store and its companions that exist to the first free dated name. The write-ahead log moves first
/// and the key file last: a store is never left beside a log or a key file that is not its own.
fn move_aside(path: &Path, at: NaiveDateTime) -> Result<PathBuf> {
    let name = path.file_name().and_then(|n| n.to_str()).ok_or(Error::Format("error.store_file_name"))?;
    let with = |base: &Path, suffix: &str| -> PathBuf {
        let mut s = base.as_os_str().to_os_string();
        s.push(suffix);
        PathBuf::from(s)
    };
    let target = (1..=MAX_ATTEMPTS)
        .map(|attempt| path.with_file_name(set_aside_name(name, at, attempt)))
        .find(|t| COMPANIONS.iter().all(|suffix| !with(t, suffix).exists()))
        .ok_or(Error::Refused("error.store_set_aside_taken"))?;
    for suffix in ["-wal", "-shm", "", ".keys"] {
        let from = with(path, suffix);
        if from.exists() {
            std::fs::rename(&from, with(&target, suffix))?;
        }
    }
    sync_dir(path);
    Ok(target)
}

/// Makes the renames durable: the folder's entries are flushed (Unix; Windows has no folder handle to sync).
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // The renames are done either way; a folder that cannot be synced only loses them to a power cut.
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The files a store may have beside it all move, the log and index included, and nothing else does.
    #[test]
    fn every_companion_that_exists_moves_to_the_same_new_name() {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("reintegra.db");
        for (suffix, body) in [("", "db"), (".keys", "keys"), ("-wal", "wal"), ("-shm", "shm")] {
            std::fs::write(dir.path().join(format!("reintegra.db{suffix}")), body).expect("write");
        }
        std::fs::write(dir.path().join("otro.db"), "other").expect("write");
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).and_then(|d| d.and_hms_opt(1, 2, 3)).expect("date");
        let moved = move_aside(&db, at).expect("moved");
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("e").file_name().into_string().expect("utf-8"))
            .collect();
        names.sort();
        let new = "reintegra-dañado-2026-12-01-010203.db";
        assert_eq!(moved, dir.path().join(new));
        assert_eq!(
            names,
            ["otro.db".to_owned(), new.into(), format!("{new}-shm"), format!("{new}-wal"), format!("{new}.keys")]
        );
        for (suffix, body) in [("", "db"), (".keys", "keys"), ("-wal", "wal"), ("-shm", "shm")] {
            assert_eq!(std::fs::read_to_string(dir.path().join(format!("{new}{suffix}"))).expect("read"), body);
        }
    }
}
