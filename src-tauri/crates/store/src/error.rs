use std::path::PathBuf;

use reintegra_core::FieldErrors;
use reintegra_core::wire::ApiError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong in the store. Messages carry no personal data: values are always bound parameters, and JSON
/// errors are reduced to their position, because serde_json quotes the offending value.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("a store already exists at {0}")]
    Exists(PathBuf),
    #[error("there is no store at {0}")]
    Missing(PathBuf),
    #[error("wrong passphrase, or not a Reintegra store")]
    WrongPassphrase,
    #[error("the key file does not open this store ({0})")]
    KeyFile(&'static str),
    #[error("too many failed attempts: wait {seconds} s")]
    Backoff { seconds: u64 },
    #[error("wrong recovery key")]
    WrongRecoveryKey,
    #[error("the audit log is broken at entry {seq}: {what}")]
    Audit { seq: i64, what: &'static str },
    #[error("this SQLite build has no SQLCipher: refusing to store data unencrypted")]
    NoSqlcipher,
    #[error("the store has schema {found}, this build knows {known}")]
    Newer { found: i64, known: i64 },
    #[error("migration {index} ({name}) failed: {source}")]
    Migration { index: usize, name: &'static str, source: rusqlite::Error },
    #[error("invalid record")]
    Invalid(FieldErrors),
    #[error("invalid device name")]
    DeviceName,
    #[error("record not found")]
    NotFound,
    #[error("malformed input ({0})")]
    Format(&'static str),
    #[error("refused ({0})")]
    Refused(&'static str),
    #[error("line {line}: {source}")]
    Line { line: usize, source: Box<Error> },
    #[error("change {index} of the bundle: {source}")]
    AtChange { index: usize, source: Box<Error> },
    #[error("the record is deleted")]
    Deleted,
    #[error("bundle refused: {0}")]
    Bundle(#[from] reintegra_bundle::Error),
    /// Pages of the file fail their authentication code or do not decode: the file was damaged on disk (or
    /// tampered with). The way forward is a new store re-provisioned from the central file (README).
    #[error("the store file is damaged")]
    Damaged,
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("malformed stored JSON at line {line}, column {column}")]
    Json { line: usize, column: usize },
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Json { line: e.line(), column: e.column() }
    }
}

/// The error as the person sees it (a translation key and its arguments), at the boundary of a command of the app
/// or the command line: `?` converts it.
impl From<&Error> for ApiError {
    fn from(e: &Error) -> Self {
        match e {
            Error::Exists(p) => ApiError::new("error.store_exists").with("path", p.display().to_string()),
            Error::Missing(p) => ApiError::new("error.store_missing").with("path", p.display().to_string()),
            Error::WrongPassphrase => ApiError::new("error.wrong_passphrase"),
            Error::NoSqlcipher => ApiError::new("error.no_sqlcipher"),
            Error::KeyFile(what) => ApiError::new("error.key_file").with("detail", *what),
            Error::WrongRecoveryKey => ApiError::new("error.wrong_recovery_key"),
            Error::Backoff { seconds } => ApiError::new("error.backoff").with("seconds", seconds.to_string()),
            Error::Audit { seq, what } => {
                ApiError::new("error.audit_broken").with("seq", seq.to_string()).with("detail", *what)
            }
            Error::Newer { found, known } => {
                ApiError::new("error.store_newer").with("found", found.to_string()).with("known", known.to_string())
            }
            Error::Invalid(fields) => ApiError::invalid(fields.clone()),
            Error::DeviceName => ApiError::new("error.device_name"),
            Error::NotFound => ApiError::new("error.not_found"),
            Error::Format(code) | Error::Refused(code) => ApiError::new(code),
            Error::Line { line, source } => {
                ApiError::new("error.at_line").with("line", line.to_string()).caused_by(source.as_ref().into())
            }
            Error::AtChange { index, source } => {
                ApiError::new("error.at_change").with("index", index.to_string()).caused_by(source.as_ref().into())
            }
            Error::Deleted => ApiError::new("error.record_deleted"),
            Error::Bundle(e) => ApiError::new(e.code()),
            Error::Damaged => ApiError::new("error.store_damaged"),
            // Another program kept the write lock past the busy timeout: said in words, never "database is locked".
            Error::Sqlite(e) if is_busy(e) => ApiError::new("error.store_busy"),
            Error::Sqlite(e) if is_damage(e) => ApiError::new("error.store_damaged"),
            Error::Sqlite(e) => ApiError::new("error.database").with("detail", e.to_string()),
            // A database error whose detail names the migration (no new translation needed).
            e @ Error::Migration { .. } => ApiError::new("error.database").with("detail", e.to_string()),
            Error::Io(e) => ApiError::new("error.io").with("detail", e.to_string()),
            e @ Error::Json { .. } => ApiError::new("error.internal").with("detail", e.to_string()),
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError::from(&e)
    }
}

/// SQLite's answer when another connection holds the lock longer than the busy timeout.
pub(crate) fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
}

/// SQLite's (and SQLCipher's) answer to a page that does not decrypt or decode, once the key is known to be right.
pub(crate) fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase))
}
