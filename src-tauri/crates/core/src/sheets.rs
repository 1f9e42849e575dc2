//! What a printed attendance sheet holds: the session (kind, date, group, facilitator, modules) and the people on
//! its roster. Codes travel as codes; the printed document translates them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::person::PersonRole;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttendanceSheet {
    /// The session recorded; `None` for a group's roster printed before the session.
    pub session_id: Option<Uuid>,
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
    /// The attendance status recorded (`present`, `absent`, `justified`); `None` before the session.
    pub status: Option<String>,
}

/// A printable document the app is asked to write.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "document", rename_all = "snake_case")]
pub enum PdfRequest {
    Attendance {
        session: Uuid,
    },
    /// A group's roster as it stands on the session form, to be signed on paper during the session.
    Roster {
        group: Uuid,
        date: NaiveDate,
        modules: Vec<String>,
        people: Vec<Uuid>,
    },
    Payroll {
        month: crate::month::Month,
    },
    Case {
        person: Uuid,
    },
}

/// A PDF written: where, and how many pages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdfDone {
    pub path: String,
    pub pages: usize,
}
