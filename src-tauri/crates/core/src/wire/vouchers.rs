//! Voucher administration on the central file, as it crosses between the shell and the interface: an exemption or
//! an appeal (override) for one participant's month, the rule versions with their dates, and a new version's form,
//! preview and saving. The form is turned into the `voucher_rules` record here (a pure step); the record is then
//! checked by the same field specs as `reintegra load`, in the store.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::month::Month;
use crate::vouchers::preview::OutcomeChange;
use crate::vouchers::{Contact, Outcome, VoucherRules};

/// `record_exemption`: the participant's month counts as compliant, for `reason`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExemptionArgs {
    pub person_id: Uuid,
    pub month: Month,
    pub reason: String,
}

/// `record_override`: on appeal, the participant's month gets `outcome` (a code: `eligible`, `warning`…), for
/// `reason`, decided by `decided_by` (empty: the user who unlocked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverrideArgs {
    pub person_id: Uuid,
    pub month: Month,
    pub outcome: String,
    pub reason: String,
    pub decided_by: String,
}

/// What was saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedRecord {
    pub id: Uuid,
}

/// A new rule version as typed: numbers and the month as text (`mm/aaaa` or `aaaa-mm`), lists of codes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesForm {
    pub version: String,
    pub effective_from: String,
    pub window_months: String,
    pub amount_usd: String,
    pub max_total_usd: String,
    pub contacts: Vec<String>,
    pub min_contacts: String,
    pub min_group_share_percent: String,
    pub justified_counts: bool,
    pub ladder: Vec<String>,
    pub payable: Vec<String>,
    pub reason: String,
}

/// A month as a person types it: `mm/aaaa` (or `m/aaaa`) or `aaaa-mm`.
pub fn parse_month_user(s: &str) -> Option<Month> {
    let s = s.trim();
    if let Some(m) = Month::parse(s) {
        return Some(m);
    }
    let (mm, yyyy) = s.split_once('/')?;
    if mm.is_empty() || mm.len() > 2 || yyyy.len() != 4 {
        return None;
    }
    Month::parse(&format!("{yyyy}-{mm:0>2}"))
}

impl RulesForm {
    /// The form filled in with `rules`, as a new version `version` from `from`.
    pub fn from_rules(rules: &VoucherRules, version: u32, from: Month) -> RulesForm {
        let codes = |v: &[Outcome]| v.iter().map(|o| o.code().to_owned()).collect();
        RulesForm {
            version: version.to_string(),
            effective_from: format!("{:02}/{:04}", from.month, from.year),
            window_months: rules.window_months.to_string(),
            amount_usd: rules.amount_usd.to_string(),
            max_total_usd: rules.max_total_usd.to_string(),
            contacts: rules.contacts.iter().map(|c| contact_code(*c).to_owned()).collect(),
            min_contacts: rules.min_contacts.to_string(),
            min_group_share_percent: rules.min_group_share_percent.to_string(),
            justified_counts: rules.justified_counts,
            ladder: codes(&rules.ladder),
            payable: codes(&rules.payable),
            reason: String::new(),
        }
    }

    /// The `voucher_rules` record the form stands for. Numbers that do not read as numbers, and a month that does
    /// not read as one, are passed on as typed: the record's field checks refuse them, by field.
    pub fn to_record(&self) -> Map<String, Value> {
        let mut out = Map::new();
        let number = |s: &str| -> Option<Value> {
            let s = s.trim();
            if s.is_empty() {
                return None;
            }
            Some(s.parse::<u64>().map(Value::from).unwrap_or_else(|_| Value::String(s.to_owned())))
        };
        if let Some(v) = number(&self.version) {
            out.insert("version".into(), v);
        }
        let month = self.effective_from.trim();
        if !month.is_empty() {
            let text = parse_month_user(month).map(|m| m.to_string()).unwrap_or_else(|| month.to_owned());
            out.insert("effective_from".into(), Value::String(text));
        }
        for (key, text) in [
            ("window_months", &self.window_months),
            ("amount_usd", &self.amount_usd),
            ("max_total_usd", &self.max_total_usd),
            ("min_contacts", &self.min_contacts),
            ("min_group_share_percent", &self.min_group_share_percent),
        ] {
            if let Some(v) = number(text) {
                out.insert(key.into(), v);
            }
        }
        let list = |v: &[String]| Value::Array(v.iter().map(|s| Value::String(s.clone())).collect());
        out.insert("contacts".into(), list(&self.contacts));
        out.insert("justified_counts".into(), Value::Bool(self.justified_counts));
        out.insert("ladder".into(), list(&self.ladder));
        out.insert("payable".into(), list(&self.payable));
        let reason = self.reason.trim();
        if !reason.is_empty() {
            out.insert("reason".into(), Value::String(reason.to_owned()));
        }
        out
    }
}

pub fn contact_code(c: Contact) -> &'static str {
    match c {
        Contact::CaseManagement => "case_management",
        Contact::HomeVisit => "home_visit",
        Contact::IndividualTraining => "individual_training",
    }
}

/// `preview_rules`, `save_rules`: the new version as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesArgs {
    pub form: RulesForm,
}

/// One rule version as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleVersionItem {
    /// The record; none for the programme's default (which judges every month before the first version recorded).
    pub id: Option<Uuid>,
    pub rules: VoucherRules,
    pub reason: Option<String>,
}

/// The rules screen: the versions, oldest first, and a new version's form filled in with the rules in force next
/// month, from next month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesScreen {
    pub versions: Vec<RuleVersionItem>,
    pub draft: RulesForm,
    /// Whether this is the central file (elsewhere the screen only lists).
    pub central: bool,
}

/// One participant's month a new version would change, with their name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub name: String,
    pub change: OutcomeChange,
}

/// What a new version would change, from its first month to `to` (the later of that month and the current one),
/// on the records as they are today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesPreview {
    pub version: u32,
    pub effective_from: Month,
    pub to: Month,
    /// Participants in the voucher component, whose months were compared.
    pub participants: usize,
    pub changes: Vec<PreviewRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_read_as_people_type_them() {
        let cases = [
            ("aaaa-mm", "2025-03", Some("2025-03")),
            ("mm/aaaa", "03/2025", Some("2025-03")),
            ("m/aaaa", "3/2025", Some("2025-03")),
            ("spaces around", " 12/2024 ", Some("2024-12")),
            ("month 13", "13/2025", None),
            ("two-digit year", "03/25", None),
            ("a word", "marzo", None),
        ];
        for (name, text, want) in cases {
            assert_eq!(parse_month_user(text).map(|m| m.to_string()).as_deref(), want, "{name}");
        }
    }

    #[test]
    fn the_form_of_the_default_gives_the_default_back() {
        let from = Month::parse("2025-03").expect("month");
        let form = RulesForm::from_rules(&VoucherRules::default(), 2, from);
        assert_eq!(form.effective_from, "03/2025");
        let rules = VoucherRules::from_record(&form.to_record()).expect("valid rules");
        assert_eq!(rules, VoucherRules { version: 2, effective_from: from, ..VoucherRules::default() });
    }

    #[test]
    fn what_does_not_read_is_passed_on_for_the_field_checks() {
        let form = RulesForm {
            version: "dos".into(),
            effective_from: "marzo".into(),
            amount_usd: " ".into(),
            ..RulesForm::default()
        };
        let r = form.to_record();
        assert_eq!(r.get("version"), Some(&Value::String("dos".into())));
        assert_eq!(r.get("effective_from"), Some(&Value::String("marzo".into())));
        assert!(!r.contains_key("amount_usd"), "blank: the default applies");
        assert!(!r.contains_key("reason"));
    }
}
