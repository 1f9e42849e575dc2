//! One module per command, each with its arguments (a clap struct or subcommand enum) and a `run` over the
//! [`Context`](crate::context::Context). A command prints one result and returns; an error it returns is printed as
//! one line by `main`, having changed nothing.
//!
//! The argument structs have no doc comment: clap would show it in place of the subcommand's own help, which is
//! the translation key on its variant in `main.rs`.

pub mod assessments;
pub mod audit;
pub mod bundle;
pub mod conflicts;
pub mod demo;
pub mod devices;
pub mod digest;
pub mod export;
pub mod import_csv;
pub mod init;
pub mod keys;
pub mod load;
pub mod passphrase;
pub mod payments;
pub mod pdf;
pub mod persons;
pub mod purge;
pub mod rebuild;
pub mod records;
pub mod report;
pub mod sync;
pub mod users;
pub mod verify;
pub mod vouchers;

use reintegra_core::month::Month;
use reintegra_core::wire::ApiError;

/// A month as given on the command line (`YYYY-MM`).
fn parse_month(s: &str) -> Result<Month, ApiError> {
    Month::parse(s).ok_or_else(|| ApiError::new("error.month_invalid"))
}

/// A record id as given on the command line.
fn parse_id(s: &str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::parse_str(s).map_err(|_| ApiError::new("error.id_invalid"))
}

/// A time for a person to read, or `-` for never.
fn when(ms: Option<i64>) -> String {
    ms.map(reintegra_core::date::format_user_time_ms).unwrap_or_else(|| "-".into())
}
