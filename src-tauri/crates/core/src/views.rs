//! What the person page and the payroll screen receive from the store, declared once so the backend and the wasm
//! frontend agree by construction. Codes (relationship kinds, components, session kinds, outcomes) travel as codes;
//! the interface translates them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::month::Month;
use crate::person::{PersonFields, PersonRole};
use crate::vouchers::{Evaluation, Outcome};

/// A person's page: the profile, the family network, the programme components, the voucher card and the latest
/// activity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonView {
    pub id: Uuid,
    pub person: PersonFields,
    pub family: Vec<FamilyLink>,
    pub enrolments: Vec<EnrolmentView>,
    /// One entry per month of the voucher window; empty when the person is not in the voucher component.
    pub voucher: Vec<VoucherMonth>,
    /// The latest activity, newest first (at most [`TIMELINE_MAX`] entries).
    pub timeline: Vec<TimelineEntry>,
}

pub const TIMELINE_MAX: usize = 15;

/// Which side of a relationship the other person is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkSide {
    /// The other person is a relative of this participant (`kind` says what they are to them: mother, partner…).
    Relative,
    /// The other person is a participant this relative belongs to (`kind` says what this person is to them).
    Participant,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyLink {
    pub person_id: Uuid,
    pub name: String,
    pub role: PersonRole,
    /// `mother`, `father`, `partner`, `child`, `sibling`, `grandparent`, `other`.
    pub kind: String,
    pub side: LinkSide,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentView {
    pub component: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub status: Option<String>,
}

/// One month of the voucher card: the evaluation, the payment if one was recorded, and what the evidence ids are.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VoucherMonth {
    pub evaluation: Evaluation,
    pub payment: Option<PaymentInfo>,
    /// Every record the evaluation names as evidence (requirements and exemption), with its date and kind.
    pub evidence: Vec<Evidence>,
}

impl VoucherMonth {
    pub fn evidence(&self, id: Uuid) -> Option<&Evidence> {
        self.evidence.iter().find(|e| e.id == id)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentInfo {
    pub id: Uuid,
    pub amount_cents: u64,
    pub paid_on: NaiveDate,
    pub reference: Option<String>,
}

/// A record that proves a requirement: an attendance (its session's kind and date), a home visit or an exemption.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub id: Uuid,
    /// `case_management`, `support_group`, `individual_training`, `home_visit` or `exemption`.
    pub kind: String,
    pub date: Option<NaiveDate>,
    /// For an attendance: `present`, `justified` or `absent`.
    pub status: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub date: NaiveDate,
    /// A session kind (`case_management`, `support_group`, …), `home_visit`, `referral`, `payment`,
    /// `community_initiative` or `case_plan_goal`.
    pub kind: String,
    /// The attendance status, the referral's service, the paid month, the initiative's kind or the goal's status
    /// (a code).
    pub detail: Option<String>,
    /// Words typed by a person, shown as they are: the initiative's name, the case-plan goal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// The payroll screen for a month: who is paid, and who needs a look.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayrollView {
    pub month: Month,
    pub rules_version: u32,
    /// Payable participants not paid yet, by surname.
    pub lines: Vec<PayrollRow>,
    pub total_usd: u64,
    /// Participants whose month is a warning, withheld or suspended (or flagged), with why.
    pub review: Vec<ReviewRow>,
    /// Participants of the month already paid.
    pub paid: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayrollRow {
    pub person_id: Uuid,
    /// The month paid: the payroll's, or an earlier one whose payment failed or was cancelled (an arrear).
    pub month_paid: Month,
    pub name: String,
    pub dui: Option<String>,
    pub municipality: String,
    pub district: Option<String>,
    pub month_index: u32,
    pub outcome: Outcome,
    pub amount_usd: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRow {
    pub person_id: Uuid,
    pub name: String,
    pub dui: Option<String>,
    pub municipality: String,
    pub month_index: Option<u32>,
    pub outcome: Outcome,
    /// Consecutive non-compliant months up to this one.
    pub run: u32,
    pub flagged: bool,
    /// The requirements not met this month (`follow_up`, `group_participation`).
    pub unmet: Vec<String>,
    pub overridden: bool,
}

/// What the supervisor approves: the month, the payment date as typed (dd/mm/aaaa), a reference, and what the
/// confirmation showed (the approval is refused if the payroll changed in between).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayrollApproval {
    pub month: Month,
    pub paid_on: String,
    pub reference: String,
    pub expected_count: usize,
    pub expected_total_usd: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalDone {
    pub month: Month,
    pub count: usize,
    pub total_usd: u64,
    pub paid_on: NaiveDate,
    pub reference: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportDone {
    pub path: String,
    pub count: usize,
    pub total_usd: u64,
}
