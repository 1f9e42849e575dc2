//! Opening the SQLCipher file. The key is applied before anything else touches the file, and the connection is
//! refused if this SQLite cannot encrypt: the people in this data must never be written in clear.
//!
//! The key SQLCipher gets is the store's random data key ([`crate::keys`]), unwrapped from the key file with the
//! passphrase. Stores made before the key file existed were keyed with the passphrase itself (SQLCipher's PBKDF2);
//! they are opened that way once and moved to a data key:
//!
//! 1. open with the passphrase as before (a wrong one stops here, nothing written);
//! 2. make a data key and write the key file wrapping it (atomically: temporary file, sync, rename);
//! 3. `PRAGMA rekey` to the data key, in rollback-journal mode so the rekey is one transaction.
//!
//! A crash before 2 leaves the old store; between 2 and 3, or during 3 (the journal rolls the rekey back on the next
//! open), a store still keyed by the passphrase beside a key file whose data key does not open it. Opening then
//! finds the passphrase unwraps the data key, the data key does not open the file, the passphrase does: it resumes
//! at step 3 with the data key already in the key file. The passphrase is never dropped before the new key works.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::keys::{self, DataKey, KeyFile, RecoveryKey};
use crate::{Error, Result, migrations};

/// What a successful unlock found, for the audit log.
pub struct Unlocked {
    pub conn: Connection,
    pub user: String,
    /// Failed attempts counted in the key file and not yet audited, per login ("" for an unknown login), now reset.
    pub failed_before: Vec<(String, u32)>,
    /// Whether this open moved a store keyed by its passphrase to a wrapped data key.
    pub migrated: bool,
}

/// Creates the store keyed by a new data key, and its key file. Returns the recovery key to show once.
pub fn create(path: &Path, user: &str, passphrase: &str) -> Result<(Connection, RecoveryKey)> {
    let key_path = keys::key_path(path);
    if path.exists() {
        return Err(Error::Exists(path.to_owned()));
    }
    if key_path.exists() {
        // The key file of a store that was moved or deleted: it may be the only way into that store.
        return Err(Error::Exists(key_path));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let data_key = DataKey::generate()?;
    let (file, recovery) = KeyFile::new(&data_key, user, passphrase, true)?;
    let recovery = recovery.ok_or(Error::KeyFile("no recovery key"))?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let made = (|| -> Result<Connection> {
        let mut conn = Connection::open_with_flags(path, flags)?;
        key(&conn, &data_key.pragma_value())?;
        configure(&mut conn)?;
        migrations::apply(&mut conn)?;
        file.write(&key_path)?;
        Ok(conn)
    })();
    match made {
        Ok(conn) => Ok((conn, recovery)),
        Err(e) => {
            for p in [path.to_owned(), key_path, side(path, "-wal"), side(path, "-shm")] {
                let _ = std::fs::remove_file(p);
            }
            Err(e)
        }
    }
}

/// Opens an existing store as `user` (by default its first user) with a passphrase
/// (see the module comment for stores without a key file). While the user's back-off wait runs, the attempt is
/// refused before the passphrase is even tried; a failed attempt is counted in the key file.
pub fn existing(path: &Path, user: Option<&str>, passphrase: &str) -> Result<Unlocked> {
    if !path.is_file() {
        return Err(Error::Missing(path.to_owned()));
    }
    let key_path = keys::key_path(path);
    if !key_path.exists() {
        if user.is_some_and(|u| u != keys::LOCAL_USER) {
            return Err(Error::WrongPassphrase);
        }
        return legacy(path, &key_path, passphrase, None);
    }
    let mut file = KeyFile::read(&key_path)?;
    let now = chrono::Utc::now().timestamp_millis();
    let Some(login) = user.map(str::to_owned).or_else(|| file.default_user()).filter(|u| file.has_user(u)) else {
        // An unknown login is counted without its text: a person may have typed their name.
        file.failed_unlocks = file.failed_unlocks.saturating_add(1);
        file.last_failed_ms = Some(now);
        file.write(&key_path)?;
        return Err(Error::WrongPassphrase);
    };
    let attempts = file.attempts.get(&login).cloned().unwrap_or_default();
    let wait = keys::remaining_wait(attempts.failed, attempts.last_failed_ms, now);
    if !wait.is_zero() {
        return Err(Error::Backoff { seconds: wait.as_secs() + u64::from(wait.subsec_millis() > 0) });
    }
    let Some(data_key) = file.unwrap_user(&login, passphrase)? else {
        let a = file.attempts.entry(login).or_default();
        a.failed = a.failed.saturating_add(1);
        a.unaudited = a.unaudited.saturating_add(1);
        a.last_failed_ms = Some(now);
        file.write(&key_path)?;
        return Err(Error::WrongPassphrase);
    };
    let mut failed_before: Vec<(String, u32)> =
        file.attempts.iter().filter(|(_, a)| a.unaudited > 0).map(|(u, a)| (u.clone(), a.unaudited)).collect();
    if file.failed_unlocks > 0 {
        failed_before.push((String::new(), file.failed_unlocks));
    }
    let conn = match connect(path, &data_key.pragma_value()) {
        Ok(conn) => conn,
        // The data key does not open the file: an interrupted move from a passphrase-keyed store.
        Err(Error::WrongPassphrase) => return legacy(path, &key_path, passphrase, Some((file, data_key))),
        Err(e) => return Err(e),
    };
    let changed = !failed_before.is_empty()
        || file.last_user.as_deref() != Some(login.as_str())
        || file.attempts.get(&login).is_some_and(|a| a.failed > 0);
    if changed {
        file.failed_unlocks = 0;
        file.last_failed_ms = None;
        for a in file.attempts.values_mut() {
            a.unaudited = 0;
        }
        file.attempts.remove(&login);
        file.attempts.retain(|_, a| a.failed > 0);
        file.last_user = Some(login.clone());
        file.write(&key_path)?;
    }
    Ok(Unlocked { conn, user: login, failed_before, migrated: false })
}

/// Opens the store with the data key unwrapped by the recovery key (for a passphrase reset).
pub fn with_recovery(path: &Path, recovery: &str) -> Result<(Connection, DataKey, KeyFile)> {
    if !path.is_file() {
        return Err(Error::Missing(path.to_owned()));
    }
    let key_path = keys::key_path(path);
    let file = KeyFile::read(&key_path).map_err(|e| match e {
        Error::Io(_) => Error::WrongRecoveryKey,
        e => e,
    })?;
    let data_key = file.unwrap_recovery(recovery)?.ok_or(Error::WrongRecoveryKey)?;
    let conn = connect(path, &data_key.pragma_value()).map_err(|e| match e {
        Error::WrongPassphrase => Error::KeyFile("the data key does not open this store"),
        e => e,
    })?;
    Ok((conn, data_key, file))
}

/// The unwrapped data key of a store, for tests and for recovery tooling that needs a raw SQLCipher connection.
#[doc(hidden)]
pub fn data_key_hex(path: &Path, passphrase: &str) -> Result<zeroize::Zeroizing<String>> {
    let file = KeyFile::read(&keys::key_path(path))?;
    let (key, _) = file.unwrap_passphrase(passphrase)?.ok_or(Error::WrongPassphrase)?;
    Ok(key.pragma_value())
}

/// A store keyed by its passphrase: open it that way and move it to a data key (a new one, or the one a key file
/// written by an interrupted move already holds).
fn legacy(path: &Path, key_path: &Path, passphrase: &str, resume: Option<(KeyFile, DataKey)>) -> Result<Unlocked> {
    let conn = connect(path, passphrase).map_err(|e| match (e, resume.is_some()) {
        // The key file's data key (proven right by the passphrase) and the passphrase both fail on the first page:
        // that page is damaged (or the key file belongs to another store). Either way this pair cannot be opened.
        (Error::WrongPassphrase, true) => Error::Damaged,
        (e, _) => e,
    })?;
    let data_key = match resume {
        Some((_, key)) => key,
        None => {
            let key = DataKey::generate()?;
            // No recovery entry: a recovery key must be shown to someone, and opening a store is not the moment.
            // `reintegra passphrase recovery-key` makes one.
            let (file, _) = KeyFile::new(&key, keys::LOCAL_USER, passphrase, false)?;
            file.write(key_path)?;
            key
        }
    };
    conn.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))?;
    conn.pragma_update(None, "rekey", data_key.pragma_value().as_str())?;
    drop(conn);
    let conn = connect(path, &data_key.pragma_value())?;
    Ok(Unlocked { conn, user: keys::LOCAL_USER.to_owned(), failed_before: Vec::new(), migrated: true })
}

/// Opens the file with a key and brings its schema up to date. A key that does not decrypt is `WrongPassphrase`.
pub(crate) fn connect(path: &Path, key_value: &str) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    key(&conn, key_value)?;
    // The first read is where a wrong key shows: the page does not decrypt.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => Error::WrongPassphrase,
        other => Error::Sqlite(other),
    })?;
    configure(&mut conn)?;
    if central(&conn) {
        // The central file has memory to spare and gigabytes to read (an import, the indicators' rebuild).
        conn.pragma_update(None, "cache_size", -CENTRAL_CACHE_KIB)?;
    } else {
        check_pages(&conn)?;
    }
    migrations::apply(&mut conn)?;
    Ok(conn)
}

/// The page cache of a field laptop's store (and of a store being created), in KiB: a modest laptop shares its
/// memory with a browser and a spreadsheet, and its caseload's file is a few megabytes (docs/performance.md,
/// "Memory"). SQLite's default is 2 MiB; every page missed is read and decrypted again.
pub(crate) const FIELD_CACHE_KIB: i64 = 16 * 1024;

/// The page cache of the central file, in KiB: a large import or the demo at 10x re-reads most index pages on every
/// insert with less. Released with the connection when the app locks.
pub(crate) const CENTRAL_CACHE_KIB: i64 = 64 * 1024;

/// Whether this is a supervisor's store (the central file, up to gigabytes at 100x): its pages are checked by
/// `reintegra verify` and its backups, not at every unlock, which would read the whole file. A damaged page found
/// later still says so in words ([`crate::error::is_damage`]).
fn central(conn: &Connection) -> bool {
    conn.query_row("SELECT value FROM meta WHERE key = 'role'", [], |r| r.get::<_, String>(0))
        .is_ok_and(|role| role == reintegra_core::wire::DeviceRole::Supervisor.as_str())
}

/// Every page's authentication code, checked at unlock on a field laptop, before anything is written: a page damaged on disk is found
/// now, with a message that says what to do ([`Error::Damaged`]), rather than in the middle of someone's work or,
/// worse, after more has been written on top of it. SQLCipher reads and authenticates each page without decoding
/// it; a laptop's store (a caseload) is checked in milliseconds (`docs/performance.md`, "A damaged store").
fn check_pages(conn: &Connection) -> Result<()> {
    let damaged = |e: rusqlite::Error| if crate::error::is_damage(&e) { Error::Damaged } else { Error::Sqlite(e) };
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check").map_err(damaged)?;
    let problems = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<String>>>())
        .map_err(damaged)?;
    if problems.iter().any(|p| p != "ok") {
        return Err(Error::Damaged);
    }
    Ok(())
}

/// Applies a key: a passphrase (old stores), or a raw key written `x'<64 hex digits>'`.
fn key(conn: &Connection, key_value: &str) -> Result<()> {
    let version: Option<String> =
        conn.query_row("PRAGMA cipher_version", [], |r| r.get(0)).ok().filter(|v: &String| !v.is_empty());
    if version.is_none() {
        return Err(Error::NoSqlcipher);
    }
    // SQLCipher logs a failed decryption to stderr; the person gets one clear message from us instead.
    conn.execute_batch("PRAGMA cipher_log_level = NONE")?;
    conn.pragma_update(None, "key", key_value)?;
    Ok(())
}

/// SQLite's automatic checkpoint: after a commit that leaves the write-ahead log over this many pages, the commit
/// also copies them into the file (SQLite's default, set here so it is said).
pub(crate) const AUTOCHECKPOINT_PAGES: i64 = 1000;

impl crate::Store {
    /// Copies what the write-ahead log holds into the file, as far as no reader needs the older pages (PASSIVE: it
    /// waits for no one and blocks no one). What a large write put off ([`Self::without_autocheckpoint`]) is done
    /// here, or by the next commit past [`AUTOCHECKPOINT_PAGES`], or when the store is closed. A crash before it
    /// loses nothing: the log is on disk (`synchronous = FULL`) and is replayed at the next open.
    pub fn checkpoint(&mut self) -> Result<()> {
        self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get::<_, i64>(0))?;
        Ok(())
    }

    /// Runs `f` with SQLite's automatic checkpoint off, so a large write (a bundle's import, a folder's round) does
    /// not also copy its pages into the file inside its commit (a fifth of a month's import, issue 18); the setting
    /// before is restored afterwards, even on an error. The caller checkpoints when its use case ends
    /// ([`Self::checkpoint`]), or leaves it to the next commit or the close.
    pub(crate) fn without_autocheckpoint<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let before: i64 = self.conn.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?;
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let out = f(self);
        self.conn.pragma_update(None, "wal_autocheckpoint", before)?;
        out
    }
}

/// See [`configure`].
pub(crate) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

fn side(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    name.into()
}

fn configure(conn: &mut Connection) -> Result<()> {
    // Two writers at once (the app and the command line, or two command lines): a write transaction takes the
    // write lock when it begins, so it waits for the other writer (the busy timeout below) instead of failing.
    // A deferred one that read first and then wrote could not wait: if the other had committed in between, SQLite
    // answers "database is locked" at once (SQLITE_BUSY_SNAPSHOT), whatever the timeout. Reads stay deferred
    // ([`crate::Store::read`]), so they never wait for a writer (WAL).
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "wal_autocheckpoint", AUTOCHECKPOINT_PAGES)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // The page cache by role: a field laptop's here, the central file's raised once its role is read ([`connect`]).
    conn.pragma_update(None, "cache_size", -FIELD_CACHE_KIB)?;
    // Statements are prepared once per connection and kept (`prepare_cached`): a bundle's import, a form's save and
    // the progress counters run a few dozen distinct ones per record, and with rusqlite's default of 16 kept the
    // oldest were parsed again on every record (most of an import's time in `sqlite3Prepare`, issue 18).
    conn.set_prepared_statement_cache_capacity(128);
    // Keep temporary tables and indices in memory: nothing of the data lands in a temporary file.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // Deleted content is overwritten with zeros (before the page is encrypted), so a purged person does not linger
    // in free space for someone who later has the key.
    conn.pragma_update(None, "secure_delete", "ON")?;
    // How long a writer waits for another one (an import of a month at 10x takes a few seconds) before the person
    // is told, in words, that another program holds the data (`error.store_busy`).
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(())
}
