//! What a printed attendance sheet holds: the session (kind, date, group, facilitator, modules) and the people on
//! its roster. Codes travel as codes; the printed document translates them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::person::PersonRole;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttendanceSheet {
    pub session_id: Uuid,
    /// The session kind's code (`group_training`, `support_group`, ...).
    pub kind: String,
    pub date: NaiveDate,
    pub group: Option<String>,
    pub municipality: Option<String>,
    /// The session's facilitator, or else the group's.
    pub facilitator: Option<String>,
    pub modality: Option<String>,
    pub modules: Vec<String>,
    /// By surname.
    pub rows: Vec<SheetRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SheetRow {
    pub name: String,
    pub dui: Option<String>,
    pub role: PersonRole,
    /// The attendance status recorded (`present`, `absent`, `justified`).
    pub status: String,
}

/// A printable document the app is asked to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "document", rename_all = "snake_case")]
pub enum PdfRequest {
    Attendance { session: Uuid },
    Payroll { month: crate::month::Month },
    Case { person: Uuid },
}

/// A PDF written: where, and how many pages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdfDone {
    pub path: String,
    pub pages: usize,
}
