//! The voucher rules as tables of named cases. Facts are written per month with a small builder: `c` a
//! case-management contact, `v` a home visit, `g("PPJA")` support-group attendance (Present, Absent, Justified).

use super::*;

fn m(s: &str) -> Month {
    Month::parse(s).expect("month")
}

fn d(s: &str) -> NaiveDate {
    crate::date::parse_iso(s).expect("date")
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

#[derive(Default, Clone)]
struct F(MonthFacts);

impl F {
    fn c(mut self) -> Self {
        self.0.case_management.push(id(100 + self.0.case_management.len() as u128));
        self
    }
    fn v(mut self) -> Self {
        self.0.home_visits.push(id(200 + self.0.home_visits.len() as u128));
        self
    }
    fn g(mut self, pattern: &str) -> Self {
        for (i, ch) in pattern.chars().enumerate() {
            let a = match ch {
                'P' => Attendance::Present,
                'J' => Attendance::Justified,
                _ => Attendance::Absent,
            };
            self.0.support_group.push((id(300 + i as u128), a));
        }
        self
    }
    fn exempt(mut self) -> Self {
        self.0.exemption = Some(id(400));
        self
    }
    fn appeal(mut self, o: Outcome) -> Self {
        self.0.override_ = Some((id(500), o));
        self
    }
}

fn ok() -> F {
    F::default().c()
}
fn bad() -> F {
    F::default()
}

fn facts(months: &[(&str, F)]) -> BTreeMap<Month, MonthFacts> {
    months.iter().map(|(k, f)| (m(k), f.0.clone())).collect()
}

fn enrol(start: &str) -> Enrolment {
    Enrolment { start: d(start), end: None }
}

#[test]
fn outcomes() {
    use Outcome::*;
    let v1 = vec![VoucherRules::default()];
    let v2 = vec![
        VoucherRules::default(),
        VoucherRules {
            version: 2,
            effective_from: m("2024-03"),
            min_group_share_percent: 50,
            ..VoucherRules::default()
        },
    ];
    // (name, enrolment, facts by month, rule versions, month evaluated, expected outcome, index, run, payable)
    type Case<'a> =
        (&'a str, Enrolment, Vec<(&'a str, F)>, &'a Vec<VoucherRules>, &'a str, Outcome, Option<u32>, u32, bool);
    let cases: Vec<Case> = vec![
        (
            "compliant first month",
            enrol("2024-01-10"),
            vec![("2024-01", ok())],
            &v1,
            "2024-01",
            Eligible,
            Some(1),
            0,
            true,
        ),
        (
            "a home visit is a contact",
            enrol("2024-01-10"),
            vec![("2024-01", F::default().v())],
            &v1,
            "2024-01",
            Eligible,
            Some(1),
            0,
            true,
        ),
        ("no contact: warning, still paid", enrol("2024-01-10"), vec![], &v1, "2024-01", Warning, Some(1), 1, true),
        (
            "3 of 4 group sessions hold",
            enrol("2024-01-10"),
            vec![("2024-01", ok().g("PPPA"))],
            &v1,
            "2024-01",
            Eligible,
            Some(1),
            0,
            true,
        ),
        (
            "2 of 3 group sessions do not",
            enrol("2024-01-10"),
            vec![("2024-01", ok().g("PPA"))],
            &v1,
            "2024-01",
            Warning,
            Some(1),
            1,
            true,
        ),
        (
            "justified absences count",
            enrol("2024-01-10"),
            vec![("2024-01", ok().g("PJJA"))],
            &v1,
            "2024-01",
            Eligible,
            Some(1),
            0,
            true,
        ),
        (
            "no group records: holds",
            enrol("2024-01-10"),
            vec![("2024-01", ok())],
            &v1,
            "2024-01",
            Eligible,
            Some(1),
            0,
            true,
        ),
        ("second bad month: withheld", enrol("2024-01-10"), vec![], &v1, "2024-02", Withheld, Some(2), 2, false),
        ("third bad month: suspended", enrol("2024-01-10"), vec![], &v1, "2024-03", Suspended, Some(3), 3, false),
        (
            "fourth bad month: still suspended",
            enrol("2024-01-10"),
            vec![],
            &v1,
            "2024-04",
            Suspended,
            Some(4),
            4,
            false,
        ),
        (
            "a compliant month resets the run",
            enrol("2024-01-10"),
            vec![("2024-03", ok())],
            &v1,
            "2024-04",
            Warning,
            Some(4),
            1,
            true,
        ),
        (
            "reset then two bad: withheld",
            enrol("2024-01-10"),
            vec![("2024-02", ok())],
            &v1,
            "2024-04",
            Withheld,
            Some(4),
            2,
            false,
        ),
        (
            "exemption makes the month compliant",
            enrol("2024-01-10"),
            vec![("2024-02", bad().exempt())],
            &v1,
            "2024-02",
            Eligible,
            Some(2),
            0,
            true,
        ),
        (
            "exemption resets the run",
            enrol("2024-01-10"),
            vec![("2024-02", bad().exempt())],
            &v1,
            "2024-03",
            Warning,
            Some(3),
            1,
            true,
        ),
        (
            "exempt month itself",
            enrol("2024-01-10"),
            vec![("2024-01", bad().exempt())],
            &v1,
            "2024-01",
            Eligible,
            Some(1),
            0,
            true,
        ),
        (
            "enrolled mid-month: month 1 is that month",
            enrol("2024-01-31"),
            vec![("2024-01", ok())],
            &v1,
            "2024-01",
            Eligible,
            Some(1),
            0,
            true,
        ),
        (
            "month 9 is inside the window",
            enrol("2024-01-10"),
            vec![("2024-09", ok())],
            &v1,
            "2024-09",
            Eligible,
            Some(9),
            0,
            true,
        ),
        (
            "month 10 is outside",
            enrol("2024-01-10"),
            vec![("2024-10", ok())],
            &v1,
            "2024-10",
            OutsideWindow,
            None,
            0,
            false,
        ),
        (
            "before the enrolment month",
            enrol("2024-01-10"),
            vec![("2023-12", ok())],
            &v1,
            "2023-12",
            OutsideWindow,
            None,
            0,
            false,
        ),
        (
            "exit month is evaluated",
            Enrolment { start: d("2024-01-10"), end: Some(d("2024-04-15")) },
            vec![("2024-04", ok())],
            &v1,
            "2024-04",
            Eligible,
            Some(4),
            0,
            true,
        ),
        (
            "after exit: inactive",
            Enrolment { start: d("2024-01-10"), end: Some(d("2024-04-15")) },
            vec![("2024-05", ok())],
            &v1,
            "2024-05",
            Inactive,
            Some(5),
            0,
            false,
        ),
        (
            "override on appeal grants eligible",
            enrol("2024-01-10"),
            vec![("2024-02", bad().appeal(Eligible))],
            &v1,
            "2024-02",
            Eligible,
            Some(2),
            2,
            true,
        ),
        (
            "override does not change the run",
            enrol("2024-01-10"),
            vec![("2024-02", bad().appeal(Eligible))],
            &v1,
            "2024-03",
            Suspended,
            Some(3),
            3,
            false,
        ),
        (
            "override may withhold",
            enrol("2024-01-10"),
            vec![("2024-01", ok().appeal(Withheld))],
            &v1,
            "2024-01",
            Withheld,
            Some(1),
            0,
            false,
        ),
        (
            "new rules from March: 2 of 4 holds",
            enrol("2024-01-10"),
            vec![("2024-03", ok().g("PPAA"))],
            &v2,
            "2024-03",
            Eligible,
            Some(3),
            0,
            true,
        ),
        (
            "old rules before March: 2 of 4 fails",
            enrol("2024-01-10"),
            vec![("2024-02", ok().g("PPAA")), ("2024-03", ok())],
            &v2,
            "2024-02",
            Withheld,
            Some(2),
            2,
            false,
        ),
    ];
    for (name, enrolment, months, versions, month, outcome, index, run, payable) in cases {
        let e = evaluate(enrolment, &facts(&months), versions, m(month));
        assert_eq!(e.outcome, outcome, "{name}");
        assert_eq!(e.month_index, index, "{name}: index");
        assert_eq!(e.run, run, "{name}: run");
        assert_eq!(e.payable, payable, "{name}: payable");
        assert_eq!(e.flagged, outcome == Suspended, "{name}: flagged");
    }
}

#[test]
fn evidence_names_the_records_and_the_rule_version() {
    let v2 = vec![
        VoucherRules::default(),
        VoucherRules { version: 2, effective_from: m("2024-03"), ..VoucherRules::default() },
    ];
    let f = facts(&[("2024-03", F::default().c().v().g("PJA"))]);
    let e = evaluate(enrol("2024-01-10"), &f, &v2, m("2024-03"));
    assert_eq!(e.rules_version, 2);
    let follow = &e.requirements[0];
    assert_eq!((follow.name.as_str(), follow.met), ("follow_up", true));
    assert_eq!(follow.evidence, vec![id(100), id(200)]);
    let group = &e.requirements[1];
    assert_eq!((group.name.as_str(), group.met), ("group_participation", false));
    assert_eq!(group.evidence, vec![id(300), id(301)], "the attended sessions");
    assert_eq!(evaluate(enrol("2024-01-10"), &f, &v2, m("2024-02")).rules_version, 1);
}

#[test]
fn a_supervisor_can_change_which_contacts_count_and_the_ladder() {
    let strict = vec![VoucherRules {
        contacts: vec![Contact::CaseManagement],
        ladder: vec![Outcome::Withheld, Outcome::Suspended],
        ..VoucherRules::default()
    }];
    let f = facts(&[("2024-01", F::default().v())]);
    let e = evaluate(enrol("2024-01-10"), &f, &strict, m("2024-01"));
    assert_eq!(e.outcome, Outcome::Withheld, "a home visit no longer counts; no warning step");
    assert_eq!(evaluate(enrol("2024-01-10"), &f, &strict, m("2024-02")).outcome, Outcome::Suspended);
}

#[test]
fn payment_guards() {
    let rules = VoucherRules::default();
    let e = |outcome: Outcome, index: Option<u32>| Evaluation {
        month: m("2024-05"),
        month_index: index,
        outcome,
        payable: rules.payable.contains(&outcome),
        rules_version: 1,
        requirements: vec![],
        run: 0,
        exemption: None,
        override_id: None,
        paid: None,
        flagged: false,
    };
    let months = |n: i32| -> Vec<(Month, u64)> { (0..n).map(|k| (m("2023-01").plus(k), 10_000)).collect() };
    let cases = [
        ("payable and unpaid", e(Outcome::Eligible, Some(5)), vec![], 10_000, None),
        ("warning is paid", e(Outcome::Warning, Some(5)), vec![], 10_000, None),
        ("withheld", e(Outcome::Withheld, Some(5)), vec![], 10_000, Some("error.payment_not_payable")),
        ("outside the window", e(Outcome::OutsideWindow, None), vec![], 10_000, Some("error.payment_outside_window")),
        (
            "already paid",
            e(Outcome::Eligible, Some(5)),
            vec![(m("2024-05"), 10_000)],
            10_000,
            Some("error.payment_already_paid"),
        ),
        ("a tenth payment", e(Outcome::Eligible, Some(5)), months(9), 10_000, Some("error.payment_too_many")),
        ("over 900 USD", e(Outcome::Eligible, Some(5)), months(8), 10_001, Some("error.payment_over_total")),
        ("exactly 900 USD", e(Outcome::Eligible, Some(5)), months(8), 10_000, None),
    ];
    for (name, ev, paid, cents, want) in cases {
        assert_eq!(payment_refusal(&ev, &rules, &paid, cents), want, "{name}");
    }
}

#[test]
fn rules_are_checked() {
    assert!(VoucherRules::default().problems().is_empty());
    let bad = VoucherRules { ladder: vec![Outcome::Eligible], min_group_share_percent: 120, ..VoucherRules::default() };
    assert_eq!(bad.problems(), vec!["error.rules_share", "error.rules_ladder"]);
}
