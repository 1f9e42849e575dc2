//! Psychosocial assessments (#16) as they cross to the window and to `reintegra assessments list --json`
//! (`ASSESSMENTS.md`: the names `id`, `person_id`, `instrument`, `date`, `score`, `band`, `alerts`, `change`,
//! `improved` are a contract).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::assessments::{Answers, Instrument};

/// One assessment, scored, with its change from the person's baseline for the instrument.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentRow {
    pub id: Uuid,
    pub person_id: Uuid,
    /// The person's name as lists show it (given names and surnames).
    pub person_name: String,
    pub instrument: String,
    /// The version of the definition the score was computed with (the latest of the instrument's code).
    pub instrument_version: u32,
    pub date: NaiveDate,
    /// `None`: more items missing than the instrument allows (band `incomplete`).
    pub score: Option<i64>,
    pub band: String,
    /// Alert codes raised by safety rules (`self_harm`), empty when none.
    pub alerts: Vec<String>,
    /// Of `alerts`, those nobody has yet recorded what was done about.
    pub open_alerts: Vec<String>,
    /// This is the person's baseline for the instrument.
    pub baseline: bool,
    /// Score − baseline score; `None` for the baseline and for assessments without a score.
    pub change: Option<i64>,
    /// The change is at least the instrument's meaningful change in the better direction.
    pub improved: Option<bool>,
    pub answered: usize,
    pub missing: usize,
    pub home_visit_id: Option<Uuid>,
    pub session_id: Option<Uuid>,
}

/// One assessment with its answers and notes (personal data: read through the caseload filter, audited).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentDetail {
    pub row: AssessmentRow,
    pub answers: Answers,
    pub notes: Option<String>,
}

/// A person's history with one instrument, oldest first, for the chart and the table of their page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstrumentHistory {
    pub instrument: String,
    /// The definition in force (names, bands with labels, meaningful change, range).
    pub definition: Instrument,
    pub rows: Vec<AssessmentRow>,
}

/// Where a definition comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstrumentOrigin {
    /// Carried by every build (`core/instruments/`).
    Shipped,
    /// An `instrument` record added or revised by a coordinator on the central file.
    Programme,
}

/// An instrument in force: the latest version of each code (a programme's record of a shipped code, with a higher
/// version, replaces the shipped definition).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstrumentInfo {
    pub definition: Instrument,
    pub origin: InstrumentOrigin,
    /// The record, for a programme's definition.
    pub record_id: Option<Uuid>,
    /// Every text shown to people is a validated Spanish version.
    pub validated_es: bool,
}

/// A safety alert nobody has recorded the follow-up of yet, for the coordinator's desk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenAlert {
    pub assessment_id: Uuid,
    pub person_id: Uuid,
    pub person_name: String,
    pub municipality: String,
    pub assigned_worker: Option<String>,
    pub instrument: String,
    pub date: NaiveDate,
    pub alert: String,
}

/// What can be done about a safety alert (`alert_followup.action`).
pub const FOLLOWUP_ACTIONS: &[&str] =
    &["referred_mental_health", "safety_plan", "emergency_services", "supervisor_contacted", "other"];

/// How many people of a municipality (or all, `municipality: None`) have a baseline and a follow-up of an
/// instrument, and how many of those with a follow-up improved meaningfully at their latest one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentIndicator {
    pub instrument: String,
    pub municipality: Option<String>,
    pub with_baseline: u64,
    pub with_follow_up: u64,
    pub improved: u64,
    /// `improved / with_follow_up` in percent, one decimal; `None` without follow-ups.
    pub improved_percent: Option<f64>,
}

/// `save_assessment`: a new assessment (`id: None`) or a correction of one (a new version of the same record).
/// `date` as typed (dd/mm/aaaa or aaaa-mm-dd); `answers`: item code → value, `null` for "prefers not to answer",
/// items left out unanswered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveAssessmentArgs {
    #[serde(default)]
    pub id: Option<Uuid>,
    pub person_id: Uuid,
    pub instrument: String,
    pub date: String,
    pub answers: Answers,
    #[serde(default)]
    pub home_visit_id: Option<Uuid>,
    #[serde(default)]
    pub session_id: Option<Uuid>,
    #[serde(default)]
    pub notes: String,
}

/// `record_alert_followup`: what was done about a safety alert; closes it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertFollowupArgs {
    pub assessment_id: Uuid,
    pub alert: String,
    /// As typed (dd/mm/aaaa or aaaa-mm-dd).
    pub date: String,
    /// One of [`FOLLOWUP_ACTIONS`].
    pub action: String,
    #[serde(default)]
    pub notes: String,
}

/// `load_instrument`: a definition file (JSON) chosen with the system dialog.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstrumentFileArgs {
    pub path: String,
}

/// An assessment due on the home agenda ("evaluación pendiente"): a baseline or a follow-up by the instrument's
/// schedule, overdue or due within a week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentDue {
    pub person_id: Uuid,
    pub person_name: String,
    pub instrument: String,
    pub due: NaiveDate,
    /// `false`: the baseline.
    pub follow_up: bool,
}
