//! What the supervisor's desk receives from the shell: the indicators against the targets, and the open conflicts
//! with both sides ready to show.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::indicators::Indicators;

/// How the figures are grouped besides the total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportBy {
    #[default]
    Total,
    Municipality,
    Month,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeskReport {
    pub trained_share_percent: u32,
    pub total: Indicators,
    /// By municipality (empty name: none recorded) or by month (`YYYY-MM`), as asked.
    pub groups: BTreeMap<String, Indicators>,
}

/// An open conflict as the inbox shows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConflictItem {
    pub id: String,
    /// The record type (`referral`, `payment`...).
    pub kind: String,
    pub record_id: String,
    /// A field name, `_deleted`, or `month:YYYY-MM` for two payments of one month.
    pub disputed: String,
    pub sides: Vec<ConflictSide>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConflictSide {
    /// What `resolve` takes to keep this side: the change id, or the payment's record id.
    pub keep: String,
    /// The device's name (or its id when the device is not known here).
    pub device: String,
    /// When the change was made, milliseconds since the epoch (from its HLC).
    pub time_ms: i64,
    /// The value as text; `None` for a delete.
    pub value: Option<String>,
}
