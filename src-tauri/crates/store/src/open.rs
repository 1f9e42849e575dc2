//! Opening the SQLCipher file. The key is applied before anything else touches the file, and the connection is
//! refused if this SQLite cannot encrypt: the people in this data must never be written in clear.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::{Error, Result, migrations};

pub fn create(path: &Path, passphrase: &str) -> Result<Connection> {
    if path.exists() {
        return Err(Error::Exists(path.to_owned()));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    key(&conn, passphrase)?;
    configure(&conn)?;
    migrations::apply(&mut conn)?;
    Ok(conn)
}

pub fn existing(path: &Path, passphrase: &str) -> Result<Connection> {
    if !path.is_file() {
        return Err(Error::Missing(path.to_owned()));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    key(&conn, passphrase)?;
    // The first read is where a wrong key shows: the page does not decrypt.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => Error::WrongPassphrase,
        other => Error::Sqlite(other),
    })?;
    configure(&conn)?;
    migrations::apply(&mut conn)?;
    Ok(conn)
}

fn key(conn: &Connection, passphrase: &str) -> Result<()> {
    let version: Option<String> =
        conn.query_row("PRAGMA cipher_version", [], |r| r.get(0)).ok().filter(|v: &String| !v.is_empty());
    if version.is_none() {
        return Err(Error::NoSqlcipher);
    }
    // SQLCipher logs a failed decryption to stderr; the person gets one clear message from us instead.
    conn.execute_batch("PRAGMA cipher_log_level = NONE")?;
    conn.pragma_update(None, "key", passphrase)?;
    Ok(())
}

fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // A 64 MiB page cache (SQLite's default is 2 MiB): with encryption every page missed is read and decrypted
    // again, and with the default a large import or the demo at 10x re-reads most index pages on every insert.
    conn.pragma_update(None, "cache_size", -65_536)?;
    // Keep temporary tables and indices in memory: nothing of the data lands in a temporary file.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}
