//! The conditional cash voucher: rules held as data, and the evaluation of a participant's month as a pure function
//! of the records (VOUCHER-RULES.md). Nothing here depends on which months were evaluated before, or on what was
//! paid: the same records always give the same outcome, on every device.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::month::Month;

pub mod delivery;
pub mod preview;
pub mod results;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Eligible,
    Warning,
    Withheld,
    Suspended,
    OutsideWindow,
    Inactive,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Eligible => "eligible",
            Outcome::Warning => "warning",
            Outcome::Withheld => "withheld",
            Outcome::Suspended => "suspended",
            Outcome::OutsideWindow => "outside_window",
            Outcome::Inactive => "inactive",
        }
    }
    pub fn from_code(code: &str) -> Option<Outcome> {
        [
            Outcome::Eligible,
            Outcome::Warning,
            Outcome::Withheld,
            Outcome::Suspended,
            Outcome::OutsideWindow,
            Outcome::Inactive,
        ]
        .into_iter()
        .find(|o| o.code() == code)
    }
}

/// What counts as a psychosocial contact for the follow-up requirement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Contact {
    /// A case-management session the participant attended (`present`).
    CaseManagement,
    /// A home visit that met the participant.
    HomeVisit,
    /// An individual-training session the participant attended.
    IndividualTraining,
}

/// One version of the voucher rules. The shipped default is [`VoucherRules::default`]; a supervisor adds versions
/// that take effect from a month on, and each month is judged by the version in effect then.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoucherRules {
    pub version: u32,
    pub effective_from: Month,
    /// Consecutive months of entitlement from the month of the voucher enrolment.
    pub window_months: u32,
    pub amount_usd: u32,
    pub max_total_usd: u32,
    pub contacts: Vec<Contact>,
    pub min_contacts: u32,
    /// Minimum share of the month's support-group sessions (with an attendance record) attended, in percent.
    pub min_group_share_percent: u32,
    /// Whether a justified absence counts as attended.
    pub justified_counts: bool,
    /// The outcome of the 1st, 2nd, … consecutive non-compliant month; the last repeats.
    pub ladder: Vec<Outcome>,
    /// Outcomes for which the month's voucher is paid.
    pub payable: Vec<Outcome>,
}

impl Default for VoucherRules {
    fn default() -> Self {
        VoucherRules {
            version: 1,
            effective_from: Month { year: 2000, month: 1 },
            window_months: 9,
            amount_usd: 100,
            max_total_usd: 900,
            contacts: vec![Contact::CaseManagement, Contact::HomeVisit],
            min_contacts: 1,
            min_group_share_percent: 75,
            justified_counts: true,
            ladder: vec![Outcome::Warning, Outcome::Withheld, Outcome::Suspended],
            payable: vec![Outcome::Eligible, Outcome::Warning],
        }
    }
}

impl VoucherRules {
    /// Problems that make a rule version unusable (translation keys).
    pub fn problems(&self) -> Vec<&'static str> {
        let mut p = Vec::new();
        if self.window_months == 0 || self.window_months > 60 {
            p.push("error.rules_window");
        }
        if self.min_group_share_percent > 100 {
            p.push("error.rules_share");
        }
        if self.ladder.is_empty()
            || self.ladder.iter().any(|o| matches!(o, Outcome::Eligible | Outcome::OutsideWindow | Outcome::Inactive))
        {
            p.push("error.rules_ladder");
        }
        if self.amount_usd == 0 || self.max_total_usd < self.amount_usd {
            p.push("error.rules_amount");
        }
        p
    }
}

impl VoucherRules {
    /// A rule version from its record (`voucher_rules` in the JSON Lines format); missing fields take the default's
    /// values. Refused (a translation key) when the rules could not be applied.
    pub fn from_record(data: &serde_json::Map<String, serde_json::Value>) -> Result<VoucherRules, &'static str> {
        let mut full = serde_json::to_value(VoucherRules::default()).map_err(|_| "error.rules_invalid")?;
        if let Some(obj) = full.as_object_mut() {
            for (k, v) in data {
                if k != "reason" {
                    obj.insert(k.clone(), v.clone());
                }
            }
        }
        let rules: VoucherRules = serde_json::from_value(full).map_err(|_| "error.rules_invalid")?;
        match rules.problems().first() {
            Some(code) => Err(code),
            None => Ok(rules),
        }
    }
}

/// The version in effect for `month`: the latest one whose `effective_from` is not after it.
pub fn rules_for(versions: &[VoucherRules], month: Month) -> VoucherRules {
    versions
        .iter()
        .filter(|r| r.effective_from <= month)
        .max_by_key(|r| (r.effective_from, r.version))
        .cloned()
        .unwrap_or_default()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    Present,
    Absent,
    Justified,
}

/// What the records say about one participant in one calendar month.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MonthFacts {
    /// Attendance ids of case-management sessions attended.
    pub case_management: Vec<Uuid>,
    /// Attendance ids of individual-training sessions attended.
    pub individual_training: Vec<Uuid>,
    /// Home visits that met the participant.
    pub home_visits: Vec<Uuid>,
    /// Support-group attendance records.
    pub support_group: Vec<(Uuid, Attendance)>,
    pub exemption: Option<Uuid>,
    pub override_: Option<(Uuid, Outcome)>,
    pub payments: Vec<Uuid>,
}

/// The participant's voucher enrolment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Enrolment {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    pub name: String,
    pub met: bool,
    pub evidence: Vec<Uuid>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub month: Month,
    pub month_index: Option<u32>,
    pub outcome: Outcome,
    pub payable: bool,
    pub rules_version: u32,
    pub requirements: Vec<Requirement>,
    /// Consecutive non-compliant months up to and including this one.
    pub run: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exemption: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub override_id: Option<Uuid>,
    /// The payment recorded for this month, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paid: Option<Uuid>,
    /// Suspended: the participant needs a case review.
    pub flagged: bool,
}

/// Whether the month's requirements held, with their evidence, under `rules`.
pub fn requirements(facts: &MonthFacts, rules: &VoucherRules) -> Vec<Requirement> {
    let mut contacts: Vec<Uuid> = Vec::new();
    for c in &rules.contacts {
        contacts.extend(match c {
            Contact::CaseManagement => &facts.case_management,
            Contact::HomeVisit => &facts.home_visits,
            Contact::IndividualTraining => &facts.individual_training,
        });
    }
    let attended: Vec<Uuid> = facts
        .support_group
        .iter()
        .filter(|(_, a)| *a == Attendance::Present || (rules.justified_counts && *a == Attendance::Justified))
        .map(|(id, _)| *id)
        .collect();
    let total = facts.support_group.len() as u64;
    // An exact ratio in integers: 3 of 4 is 75 %, 2 of 3 is not.
    let share_met = total == 0 || attended.len() as u64 * 100 >= u64::from(rules.min_group_share_percent) * total;
    vec![
        Requirement { name: "follow_up".into(), met: contacts.len() as u32 >= rules.min_contacts, evidence: contacts },
        Requirement { name: "group_participation".into(), met: share_met, evidence: attended },
    ]
}

fn compliant(facts: &MonthFacts, rules: &VoucherRules) -> bool {
    facts.exemption.is_some() || requirements(facts, rules).iter().all(|r| r.met)
}

/// Evaluates `month` for a participant.
pub fn evaluate(
    enrolment: Enrolment,
    facts: &BTreeMap<Month, MonthFacts>,
    versions: &[VoucherRules],
    month: Month,
) -> Evaluation {
    let rules = rules_for(versions, month);
    let empty = MonthFacts::default();
    let this = facts.get(&month).unwrap_or(&empty);
    let first = Month::of(enrolment.start);
    let index = month.since(first) + 1;
    let in_window = index >= 1 && index as u32 <= rules.window_months;
    let active = enrolment.end.is_none_or(|end| month <= Month::of(end));
    let reqs = requirements(this, &rules);
    let mut run = 0;
    let mut outcome = if !in_window {
        Outcome::OutsideWindow
    } else if !active {
        Outcome::Inactive
    } else {
        // The run counts back from this month over the window, each month judged by its own rule version.
        for k in (0..index).rev() {
            let m = first.plus(k);
            let r = rules_for(versions, m);
            if compliant(facts.get(&m).unwrap_or(&empty), &r) {
                break;
            }
            run += 1;
        }
        if run == 0 {
            Outcome::Eligible
        } else {
            let step = (run as usize - 1).min(rules.ladder.len().saturating_sub(1));
            rules.ladder.get(step).copied().unwrap_or(Outcome::Suspended)
        }
    };
    let override_id = match this.override_ {
        // An override applies inside the window to an active month; it never changes the run.
        Some((id, granted)) if in_window && active => {
            outcome = granted;
            Some(id)
        }
        _ => None,
    };
    Evaluation {
        month,
        month_index: in_window.then_some(index as u32),
        outcome,
        payable: rules.payable.contains(&outcome),
        rules_version: rules.version,
        requirements: reqs,
        run,
        exemption: this.exemption,
        override_id,
        paid: this.payments.first().copied(),
        flagged: outcome == Outcome::Suspended,
    }
}

/// Why a payment cannot be recorded (a translation key), or `None` when it can.
pub fn payment_refusal(
    evaluation: &Evaluation,
    rules: &VoucherRules,
    paid_before: &[(Month, u64)],
    amount_cents: u64,
) -> Option<&'static str> {
    if evaluation.month_index.is_none() {
        return Some("error.payment_outside_window");
    }
    if paid_before.iter().any(|(m, _)| *m == evaluation.month) {
        return Some("error.payment_already_paid");
    }
    if !evaluation.payable {
        return Some("error.payment_not_payable");
    }
    if paid_before.len() as u32 >= rules.window_months {
        return Some("error.payment_too_many");
    }
    let total: u64 = paid_before.iter().map(|(_, c)| c).sum::<u64>() + amount_cents;
    if total > u64::from(rules.max_total_usd) * 100 {
        return Some("error.payment_over_total");
    }
    None
}

#[cfg(test)]
mod tests;
