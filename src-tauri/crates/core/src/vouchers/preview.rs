//! What a new version of the voucher rules would change, before it is saved: every participant's months from the
//! version's first month on are judged with the versions as they are and with the new one added, and each month
//! whose outcome, payability or amount differs is listed with why. A pure function of the same facts the
//! evaluation reads; the store gathers them and saves nothing while previewing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Enrolment, Evaluation, MonthFacts, Outcome, VoucherRules, evaluate, rules_for};
use crate::month::Month;

/// At most this many months are compared (a version dated far back is still previewed, over its first ten years).
pub const MAX_MONTHS: i32 = 120;

/// One participant's voucher enrolment and the facts of their months.
#[derive(Clone, Copy, Debug)]
pub struct Subject<'a> {
    pub person_id: Uuid,
    pub enrolment: Enrolment,
    pub facts: &'a BTreeMap<Month, MonthFacts>,
}

/// Why a month's outcome changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// The follow-up requirement holds under one version and not the other.
    FollowUp,
    /// Likewise the group-participation requirement.
    GroupParticipation,
    /// The month's requirements are judged alike, but earlier months are not: the run of non-compliant months
    /// differs.
    EarlierMonths,
    /// The same run, another step of the ladder.
    Ladder,
    /// The month enters or leaves the window.
    Window,
    /// The same outcome, paid under one version and not the other.
    Payable,
    /// Paid under both, a different amount.
    Amount,
}

impl Why {
    pub fn code(self) -> &'static str {
        match self {
            Why::FollowUp => "follow_up",
            Why::GroupParticipation => "group_participation",
            Why::EarlierMonths => "earlier_months",
            Why::Ladder => "ladder",
            Why::Window => "window",
            Why::Payable => "payable",
            Why::Amount => "amount",
        }
    }

    fn of_requirement(name: &str) -> Option<Why> {
        match name {
            "follow_up" => Some(Why::FollowUp),
            "group_participation" => Some(Why::GroupParticipation),
            _ => None,
        }
    }
}

/// One participant's month that the new version would judge differently.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeChange {
    pub person_id: Uuid,
    pub month: Month,
    /// The month's place in the window under the new version (none: outside it).
    pub month_index: Option<u32>,
    pub before: Outcome,
    pub after: Outcome,
    pub payable_before: bool,
    pub payable_after: bool,
    /// What the month pays (0 when it pays nothing).
    pub amount_before: u32,
    pub amount_after: u32,
    pub rules_before: u32,
    pub rules_after: u32,
    pub why: Vec<Why>,
    /// A payment is recorded for the month already (the new version does not undo it).
    pub paid: bool,
}

fn amount(e: &Evaluation, versions: &[VoucherRules]) -> u32 {
    if e.payable { rules_for(versions, e.month).amount_usd } else { 0 }
}

/// Why `before` and `after` differ (empty when they do not).
fn why(before: &Evaluation, after: &Evaluation, amounts: (u32, u32)) -> Vec<Why> {
    let mut out: Vec<Why> = before
        .requirements
        .iter()
        .zip(&after.requirements)
        .filter(|(a, b)| a.met != b.met)
        .filter_map(|(a, _)| Why::of_requirement(&a.name))
        .collect();
    let exempt = before.exemption.is_some();
    if exempt {
        // An exempted month counts as compliant whatever its requirements say.
        out.clear();
    }
    if before.month_index.is_some() != after.month_index.is_some() {
        out.push(Why::Window);
    } else if before.outcome != after.outcome && out.is_empty() {
        out.push(if before.run != after.run { Why::EarlierMonths } else { Why::Ladder });
    }
    if before.outcome == after.outcome && before.payable != after.payable {
        out.push(Why::Payable);
    }
    if before.payable && after.payable && amounts.0 != amounts.1 {
        out.push(Why::Amount);
    }
    out
}

/// The months from `from` to `to` (at most [`MAX_MONTHS`]) of every subject whose outcome, payability or amount
/// differs between the rule versions `before` and `after`, by subject then month.
pub fn diff(
    subjects: &[Subject<'_>],
    before: &[VoucherRules],
    after: &[VoucherRules],
    from: Month,
    to: Month,
) -> Vec<OutcomeChange> {
    let span = to.since(from).clamp(0, MAX_MONTHS - 1);
    let mut out = Vec::new();
    for s in subjects {
        for k in 0..=span {
            let month = from.plus(k);
            let a = evaluate(s.enrolment, s.facts, before, month);
            let b = evaluate(s.enrolment, s.facts, after, month);
            let amounts = (amount(&a, before), amount(&b, after));
            if a.outcome == b.outcome && a.payable == b.payable && amounts.0 == amounts.1 {
                continue;
            }
            out.push(OutcomeChange {
                person_id: s.person_id,
                month,
                month_index: b.month_index,
                before: a.outcome,
                after: b.outcome,
                payable_before: a.payable,
                payable_after: b.payable,
                amount_before: amounts.0,
                amount_after: amounts.1,
                rules_before: a.rules_version,
                rules_after: b.rules_version,
                why: why(&a, &b, amounts),
                paid: a.paid.is_some(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::vouchers::Attendance;

    fn m(s: &str) -> Month {
        Month::parse(s).expect("a month")
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    /// Enrolled from January 2024; January one case-management contact, February a home visit, March nothing,
    /// April 3 of 4 support-group sessions.
    fn facts() -> BTreeMap<Month, MonthFacts> {
        let mut f = BTreeMap::new();
        f.insert(m("2024-01"), MonthFacts { case_management: vec![id(1)], ..Default::default() });
        f.insert(m("2024-02"), MonthFacts { home_visits: vec![id(2)], ..Default::default() });
        f.insert(
            m("2024-04"),
            MonthFacts {
                case_management: vec![id(3)],
                support_group: vec![
                    (id(4), Attendance::Present),
                    (id(5), Attendance::Present),
                    (id(6), Attendance::Justified),
                    (id(7), Attendance::Absent),
                ],
                ..Default::default()
            },
        );
        f
    }

    fn version(from: &str, edit: impl FnOnce(&mut VoucherRules)) -> VoucherRules {
        let mut r = VoucherRules { version: 2, effective_from: m(from), ..VoucherRules::default() };
        edit(&mut r);
        r
    }

    /// (month, before, after, why) of each change.
    type Row = (&'static str, Outcome, Outcome, Vec<Why>);
    /// (name, the new version, the facts, the changes expected).
    type Case = (&'static str, VoucherRules, BTreeMap<Month, MonthFacts>, Vec<Row>);

    #[test]
    fn each_kind_of_new_version_changes_what_it_should() {
        use Outcome::*;
        let enrolment = Enrolment { start: NaiveDate::from_ymd_opt(2024, 1, 10).expect("date"), end: None };
        let cases: Vec<Case> = vec![
            ("a version equal to the default changes nothing", version("2024-01", |_| {}), facts(), vec![]),
            (
                "two contacts needed: the months with one become non-compliant, and the run grows",
                version("2024-02", |r| r.min_contacts = 2),
                facts(),
                vec![
                    ("2024-02", Eligible, Warning, vec![Why::FollowUp]),
                    ("2024-03", Warning, Withheld, vec![Why::EarlierMonths]),
                    ("2024-04", Eligible, Suspended, vec![Why::FollowUp]),
                    ("2024-05", Warning, Suspended, vec![Why::EarlierMonths]),
                    ("2024-06", Withheld, Suspended, vec![Why::EarlierMonths]),
                ],
            ),
            (
                "home visits no longer count: February fails its follow-up",
                version("2024-02", |r| r.contacts = vec![crate::vouchers::Contact::CaseManagement]),
                facts(),
                vec![
                    ("2024-02", Eligible, Warning, vec![Why::FollowUp]),
                    ("2024-03", Warning, Withheld, vec![Why::EarlierMonths]),
                ],
            ),
            (
                "justified absences no longer count: 2 of 4 is not 75 %",
                version("2024-04", |r| r.justified_counts = false),
                facts(),
                vec![
                    ("2024-04", Eligible, Withheld, vec![Why::GroupParticipation]),
                    ("2024-05", Warning, Suspended, vec![Why::EarlierMonths]),
                    ("2024-06", Withheld, Suspended, vec![Why::EarlierMonths]),
                ],
            ),
            (
                "a ladder that withholds at once: the first non-compliant month is withheld",
                version("2024-03", |r| r.ladder = vec![Withheld, Suspended]),
                facts(),
                vec![
                    ("2024-03", Warning, Withheld, vec![Why::Ladder]),
                    ("2024-05", Warning, Withheld, vec![Why::Ladder]),
                    ("2024-06", Withheld, Suspended, vec![Why::Ladder]),
                ],
            ),
            (
                "months before the version keep their outcome",
                version("2024-05", |r| r.min_contacts = 2),
                facts(),
                vec![],
            ),
            (
                "a longer window brings months 10 to 12 in",
                version("2024-10", |r| r.window_months = 12),
                BTreeMap::new(),
                vec![
                    ("2024-10", OutsideWindow, Suspended, vec![Why::Window]),
                    ("2024-11", OutsideWindow, Suspended, vec![Why::Window]),
                    ("2024-12", OutsideWindow, Suspended, vec![Why::Window]),
                ],
            ),
            (
                "a warning no longer paid: the same outcome, not payable",
                version("2024-03", |r| r.payable = vec![Eligible]),
                facts(),
                vec![
                    ("2024-03", Warning, Warning, vec![Why::Payable]),
                    ("2024-05", Warning, Warning, vec![Why::Payable]),
                ],
            ),
            (
                "a new amount changes what every payable month pays",
                version("2024-04", |r| {
                    r.amount_usd = 120;
                    r.max_total_usd = 1080;
                }),
                facts(),
                vec![
                    ("2024-04", Eligible, Eligible, vec![Why::Amount]),
                    ("2024-05", Warning, Warning, vec![Why::Amount]),
                ],
            ),
            (
                "an exempted month stays compliant under stricter rules",
                version("2024-02", |r| r.min_contacts = 2),
                {
                    let mut f = facts();
                    for month in ["2024-02", "2024-04"] {
                        f.entry(m(month)).or_default().exemption = Some(id(9));
                    }
                    f
                },
                vec![],
            ),
            (
                "an overridden month keeps the granted outcome (March only compared)",
                version("2024-03", |r| r.ladder = vec![Withheld]),
                {
                    let mut f = facts();
                    f.entry(m("2024-03")).or_default().override_ = Some((id(10), Eligible));
                    f
                },
                vec![],
            ),
        ];
        for (name, new, facts, want) in cases {
            let before = vec![VoucherRules::default()];
            let after = vec![VoucherRules::default(), new.clone()];
            let subject = Subject { person_id: id(100), enrolment, facts: &facts };
            // The override case compares March alone: later months change with the ladder, as above.
            let to = if name.starts_with("an overridden") { m("2024-03") } else { m("2024-12") };
            let got = diff(&[subject], &before, &after, new.effective_from, to);
            let got: Vec<(Month, Outcome, Outcome, Vec<Why>)> =
                got.into_iter().map(|c| (c.month, c.before, c.after, c.why)).collect();
            let want: Vec<(Month, Outcome, Outcome, Vec<Why>)> =
                want.into_iter().map(|(mo, a, b, w)| (m(mo), a, b, w)).collect();
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn a_change_says_whether_the_month_was_paid_and_which_versions_judged_it() {
        let enrolment = Enrolment { start: NaiveDate::from_ymd_opt(2024, 1, 10).expect("date"), end: None };
        let mut f = facts();
        f.entry(m("2024-02")).or_default().payments = vec![id(20)];
        let new = version("2024-02", |r| r.min_contacts = 2);
        let got = diff(
            &[Subject { person_id: id(100), enrolment, facts: &f }],
            &[VoucherRules::default()],
            &[VoucherRules::default(), new],
            m("2024-02"),
            m("2024-02"),
        );
        assert_eq!(got.len(), 1);
        let c = &got[0];
        assert!(c.paid);
        assert_eq!((c.rules_before, c.rules_after), (1, 2));
        assert_eq!((c.amount_before, c.amount_after, c.month_index), (100, 100, Some(2)));
    }

    #[test]
    fn a_range_too_long_is_cut_and_a_reversed_one_is_one_month() {
        let enrolment = Enrolment { start: NaiveDate::from_ymd_opt(2000, 1, 1).expect("date"), end: None };
        let empty = BTreeMap::new();
        let new = version("2000-01", |r| r.window_months = 60);
        let subjects = [Subject { person_id: id(1), enrolment, facts: &empty }];
        let got = diff(&subjects, &[VoucherRules::default()], std::slice::from_ref(&new), m("2000-01"), m("2030-01"));
        assert_eq!(got.last().map(|c| c.month), Some(m("2004-12")), "the window ends at 60 months");
        let got = diff(&subjects, &[VoucherRules::default()], &[new], m("2000-10"), m("2000-01"));
        assert_eq!(got.len(), 1, "only the first month");
    }
}
