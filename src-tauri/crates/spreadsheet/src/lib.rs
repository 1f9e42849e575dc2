//! Spreadsheets in and out of the store, one place for the command line and the app: the central export as a
//! workbook, CSV files or a password-protected archive ([`export`]), the indicators as a workbook ([`indicators`]),
//! and a sheet of people read from the file a person has ([`read`]). Files only: what goes in them is the store's.
//! Nothing here prints or logs a cell.

pub mod export;
pub mod indicators;
pub mod read;

use reintegra_core::wire::ApiError;

/// A file that could not be written or read: the library's message, which names no cell.
pub(crate) fn io(detail: impl ToString) -> ApiError {
    ApiError::new("error.io").with("detail", detail.to_string())
}
