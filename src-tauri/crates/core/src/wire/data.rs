//! What the «Datos» and audit screens exchange with the shell: the exports written, the spreadsheet import's
//! preview (what would be added, updated or skipped, and the rows that are wrong), and the audit log's page with the
//! state of its chain.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ApiError;

/// An export written to a file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportWritten {
    pub path: String,
    /// Records written, over all sheets.
    pub records: usize,
    /// Sheets (or files in the archive).
    pub tables: usize,
    pub personal: bool,
    /// In a password-protected archive.
    pub protected: bool,
}

/// One row of a spreadsheet as the import would treat it. `name` is the person's name as the sheet gives it (the
/// person importing has the sheet in front of them); `fields` the fields an update changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    /// The row's number in the sheet (the header is row 1).
    pub line: usize,
    pub name: String,
    #[serde(default)]
    pub fields: Vec<String>,
    /// Why a row is skipped: a translation key (`import.skip.*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A row that cannot be imported, and why (never its values).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    pub line: usize,
    pub error: ApiError,
}

/// How many rows of each kind a preview found: the apply is refused when the file or the store no longer gives
/// these numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCounts {
    pub add: usize,
    pub update: usize,
    pub skip: usize,
}

/// What importing a sheet of people would do, before anything is written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// Rows read (the header and blank rows aside).
    pub rows: usize,
    pub add: Vec<ImportRow>,
    pub update: Vec<ImportRow>,
    pub skip: Vec<ImportRow>,
    /// Rows with a mistake: while there is one, nothing is imported.
    pub invalid: Vec<ImportProblem>,
}

impl ImportPreview {
    pub fn counts(&self) -> ImportCounts {
        ImportCounts { add: self.add.len(), update: self.update.len(), skip: self.skip.len() }
    }
}

/// The audit log's filters. Every one optional; dates inclusive, in El Salvador's time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    /// The login of the user who acted.
    #[serde(default)]
    pub user: Option<String>,
    /// A person's (or any record's) id: entries whose subject names it.
    #[serde(default)]
    pub person: Option<String>,
    /// The action's code (`export`, `login`…).
    #[serde(default)]
    pub action: Option<String>,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub offset: u32,
    /// At most this many entries (0: the default page).
    #[serde(default)]
    pub limit: u32,
}

/// One entry as the audit screen shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditItem {
    pub seq: i64,
    /// Milliseconds since 1970 (UTC).
    pub at_ms: i64,
    pub user: String,
    pub action: String,
    pub subject: String,
}

/// The chain's state: intact with its number of entries, or the first entry where it breaks and how.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainState {
    /// This store's log, or the log received from this device (its name, or its id if unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    pub entries: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broken_at: Option<i64>,
    /// How it breaks: `entry missing`, `entry changed`, … (translated through `audit.broken.*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broken: Option<String>,
}

/// A page of the audit log, newest first, with the total that matches the filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditItem>,
    pub total: u64,
    pub offset: u32,
    pub limit: u32,
    pub chain: ChainState,
    /// The logs received from other devices (on the central file).
    #[serde(default)]
    pub received: Vec<ChainState>,
    /// The actions that may be filtered on (codes), and the users who appear in the log.
    #[serde(default)]
    pub actions: Vec<String>,
    #[serde(default)]
    pub users: Vec<String>,
}
