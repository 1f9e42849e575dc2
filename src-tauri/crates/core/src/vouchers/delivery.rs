//! Payment delivery (VOUCHER-RULES.md, "Payment delivery"): a payment's status and how it moves, which payments hold
//! a participant's month, the limits counted on them, the months the payroll of month M lists (arrears included),
//! and the reconciliation's counts. Pure functions, tested as tables of named cases.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::month::Month;

/// Where a payment stands. A `payment` record without `status` is `paid` (records written before delivery existed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Approved,
    Sent,
    Paid,
    Failed,
    Cancelled,
}

impl PaymentStatus {
    pub const ALL: [PaymentStatus; 5] = [
        PaymentStatus::Approved,
        PaymentStatus::Sent,
        PaymentStatus::Paid,
        PaymentStatus::Failed,
        PaymentStatus::Cancelled,
    ];
    pub const CODES: &'static [&'static str] = &["approved", "sent", "paid", "failed", "cancelled"];

    pub fn code(self) -> &'static str {
        match self {
            PaymentStatus::Approved => "approved",
            PaymentStatus::Sent => "sent",
            PaymentStatus::Paid => "paid",
            PaymentStatus::Failed => "failed",
            PaymentStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<PaymentStatus> {
        PaymentStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The status of a record's `status` field: none is `paid`; an unknown code is `None`.
    pub fn of_field(field: Option<&str>) -> Option<PaymentStatus> {
        match field {
            None => Some(PaymentStatus::Paid),
            Some(code) => PaymentStatus::parse(code),
        }
    }

    /// Whether a payment in this status holds its month (no other payment may be made for it).
    pub fn holds(self) -> bool {
        matches!(self, PaymentStatus::Approved | PaymentStatus::Sent | PaymentStatus::Paid)
    }

    /// Not yet delivered nor given up: approved or sent.
    pub fn pending(self) -> bool {
        matches!(self, PaymentStatus::Approved | PaymentStatus::Sent)
    }
}

/// Whether a payment may move from `from` to `to`: forward only (`approved` → `sent` → `paid` or `failed`;
/// `approved` or `sent` → `cancelled`). Staying where it is is no move and always allowed.
pub fn transition_allowed(from: PaymentStatus, to: PaymentStatus) -> bool {
    use PaymentStatus::*;
    from == to || matches!((from, to), (Approved, Sent) | (Sent, Paid) | (Sent, Failed) | (Approved | Sent, Cancelled))
}

/// Why a status change is refused (a translation key), or `None` when allowed.
pub fn transition_refusal(from: PaymentStatus, to: PaymentStatus) -> Option<&'static str> {
    if transition_allowed(from, to) {
        None
    } else if from == PaymentStatus::Paid {
        Some("error.payment_paid_final")
    } else {
        Some("error.payment_transition")
    }
}

/// How a participant receives the voucher (none recorded: cash).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryMethod {
    /// Cash handed out in person against a signature or a fingerprint on the printed list.
    #[default]
    Cash,
    /// A bank transfer (the bank, the account and its holder).
    Bank,
    /// A mobile wallet (its provider and the phone it is tied to).
    Wallet,
}

impl DeliveryMethod {
    pub const ALL: [DeliveryMethod; 3] = [DeliveryMethod::Cash, DeliveryMethod::Bank, DeliveryMethod::Wallet];
    pub const CODES: &'static [&'static str] = &["cash", "bank", "wallet"];

    pub fn code(self) -> &'static str {
        match self {
            DeliveryMethod::Cash => "cash",
            DeliveryMethod::Bank => "bank",
            DeliveryMethod::Wallet => "wallet",
        }
    }

    pub fn parse(code: &str) -> Option<DeliveryMethod> {
        DeliveryMethod::ALL.into_iter().find(|m| m.code() == code)
    }

    /// The fields of a `delivery_method` record this method requires.
    pub fn required_details(self) -> &'static [&'static str] {
        match self {
            DeliveryMethod::Cash => &[],
            DeliveryMethod::Bank => &["bank", "account"],
            DeliveryMethod::Wallet => &["wallet_provider", "phone"],
        }
    }
}

/// A payment as the rules see it: the month it is for, its amount in cents and its status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Held {
    pub month: Month,
    pub cents: u64,
    pub status: PaymentStatus,
}

/// The payments that count against the limits (at most 9, at most 900 USD): those that hold a month.
pub fn holding(payments: &[Held]) -> Vec<(Month, u64)> {
    payments.iter().filter(|p| p.status.holds()).map(|p| (p.month, p.cents)).collect()
}

/// The months the payroll of `month` lists for one participant, oldest first: each month up to `month` that is
/// payable (per its evaluation) and that no payment holds, when it is `month` itself or an earlier month whose
/// payment failed or was cancelled (an arrear). `payable` gives each month of the window up to `month` whether its
/// outcome is payable; `payments` are the participant's payments of any status.
pub fn payroll_months(month: Month, payable: &BTreeMap<Month, bool>, payments: &[Held]) -> Vec<Month> {
    let held = |m: Month| payments.iter().any(|p| p.month == m && p.status.holds());
    let released = |m: Month| payments.iter().any(|p| p.month == m && !p.status.holds());
    payable
        .iter()
        .filter(|(m, ok)| **ok && **m <= month && !held(**m) && (**m == month || released(**m)))
        .map(|(m, _)| *m)
        .collect()
}

/// A count and its amount.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub count: u64,
    pub cents: u64,
}

impl Tally {
    fn add(&mut self, cents: u64) {
        self.count += 1;
        self.cents += cents;
    }
}

/// The reconciliation's figures for a set of payments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Every payment approved on a payroll, whatever became of it (approved + sent + paid + failed + cancelled).
    pub approved: Tally,
    /// In a batch, waiting for the result.
    pub sent: Tally,
    pub paid: Tally,
    pub failed: Tally,
    pub cancelled: Tally,
    /// Neither delivered nor given up: still approved (not in a batch) or sent.
    pub pending: Tally,
    /// Months whose payment failed or was cancelled and that no payment holds yet: owed on a later payroll.
    pub arrears: Tally,
}

/// One payment for the reconciliation: its participant's key (who), its month, amount and status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line<K> {
    pub person: K,
    pub month: Month,
    pub cents: u64,
    pub status: PaymentStatus,
}

/// The counts of `lines`. An arrear is a (person, month) with a failed or cancelled payment and none holding it.
pub fn counts<K: Ord + Clone>(lines: &[Line<K>]) -> Counts {
    let mut c = Counts::default();
    let mut months: BTreeMap<(K, Month), (bool, u64)> = BTreeMap::new();
    for l in lines {
        c.approved.add(l.cents);
        match l.status {
            PaymentStatus::Approved => c.pending.add(l.cents),
            PaymentStatus::Sent => {
                c.sent.add(l.cents);
                c.pending.add(l.cents);
            }
            PaymentStatus::Paid => c.paid.add(l.cents),
            PaymentStatus::Failed => c.failed.add(l.cents),
            PaymentStatus::Cancelled => c.cancelled.add(l.cents),
        }
        let e = months.entry((l.person.clone(), l.month)).or_insert((false, 0));
        if l.status.holds() {
            e.0 = true;
        } else {
            e.1 = l.cents;
        }
    }
    for (held, cents) in months.values() {
        if !*held && *cents > 0 {
            c.arrears.add(*cents);
        }
    }
    c
}

/// The counts of `lines` grouped by `key` (a month, a municipality), in the key's order.
pub fn counts_by<K: Ord + Clone, G: Ord + Clone>(lines: &[Line<K>], key: impl Fn(&Line<K>) -> G) -> Vec<(G, Counts)> {
    let mut groups: BTreeMap<G, Vec<Line<K>>> = BTreeMap::new();
    for l in lines {
        groups.entry(key(l)).or_default().push(l.clone());
    }
    groups.into_iter().map(|(g, ls)| (g, counts(&ls))).collect()
}

/// The programme's voucher budget, in USD.
pub const BUDGET_USD: u64 = 270_000;

#[cfg(test)]
mod tests {
    use super::PaymentStatus::*;
    use super::*;

    fn m(s: &str) -> Month {
        Month::parse(s).expect("month")
    }

    #[test]
    fn status_moves_forward_only() {
        let cases = [
            ("approved to sent", Approved, Sent, true),
            ("sent to paid", Sent, Paid, true),
            ("sent to failed", Sent, Failed, true),
            ("approved to cancelled", Approved, Cancelled, true),
            ("sent to cancelled", Sent, Cancelled, true),
            ("same status is no move", Sent, Sent, true),
            ("approved straight to paid", Approved, Paid, false),
            ("approved straight to failed", Approved, Failed, false),
            ("sent back to approved", Sent, Approved, false),
            ("paid never changes", Paid, Failed, false),
            ("paid not cancelled", Paid, Cancelled, false),
            ("failed not paid later", Failed, Paid, false),
            ("failed not re-sent", Failed, Sent, false),
            ("cancelled stays", Cancelled, Approved, false),
        ];
        for (name, from, to, ok) in cases {
            assert_eq!(transition_allowed(from, to), ok, "{name}");
            assert_eq!(transition_refusal(from, to).is_none(), ok, "{name}");
        }
        assert_eq!(transition_refusal(Paid, Failed), Some("error.payment_paid_final"));
        assert_eq!(transition_refusal(Failed, Paid), Some("error.payment_transition"));
    }

    #[test]
    fn which_states_hold_a_month() {
        let cases = [
            ("approved holds", Some("approved"), Some(true)),
            ("sent holds", Some("sent"), Some(true)),
            ("paid holds", Some("paid"), Some(true)),
            ("no status is paid and holds", None, Some(true)),
            ("failed frees the month", Some("failed"), Some(false)),
            ("cancelled frees the month", Some("cancelled"), Some(false)),
            ("an unknown code is no status", Some("lost"), None),
        ];
        for (name, field, holds) in cases {
            assert_eq!(PaymentStatus::of_field(field).map(PaymentStatus::holds), holds, "{name}");
        }
    }

    #[test]
    fn limits_count_the_payments_that_hold() {
        let p = |month: &str, status| Held { month: m(month), cents: 10_000, status };
        let cases = [
            ("failed and cancelled do not count", vec![p("2024-01", Failed), p("2024-02", Cancelled)], 0),
            ("approved, sent and paid count", vec![p("2024-01", Approved), p("2024-02", Sent), p("2024-03", Paid)], 3),
            ("a re-issue counts once", vec![p("2024-01", Failed), p("2024-01", Paid)], 1),
        ];
        for (name, payments, n) in cases {
            assert_eq!(holding(&payments).len(), n, "{name}");
        }
    }

    #[test]
    fn the_payroll_of_a_month_lists_it_and_its_arrears() {
        let p = |month: &str, status| Held { month: m(month), cents: 10_000, status };
        let window = |ok: &[(&str, bool)]| ok.iter().map(|(s, b)| (m(s), *b)).collect::<BTreeMap<_, _>>();
        let all_payable = window(&[("2024-01", true), ("2024-02", true), ("2024-03", true)]);
        type Case<'a> = (&'a str, BTreeMap<Month, bool>, Vec<Held>, Vec<&'a str>);
        let cases: Vec<Case<'_>> = vec![
            ("nothing paid: this month only", all_payable.clone(), vec![], vec!["2024-03"]),
            (
                "paid before, this month due",
                all_payable.clone(),
                vec![p("2024-01", Paid), p("2024-02", Paid)],
                vec!["2024-03"],
            ),
            (
                "a failed earlier month is an arrear",
                all_payable.clone(),
                vec![p("2024-01", Paid), p("2024-02", Failed)],
                vec!["2024-02", "2024-03"],
            ),
            (
                "a cancelled earlier month is an arrear",
                all_payable.clone(),
                vec![p("2024-01", Cancelled), p("2024-02", Paid)],
                vec!["2024-01", "2024-03"],
            ),
            (
                "an arrear already re-issued is not listed again",
                all_payable.clone(),
                vec![p("2024-02", Failed), p("2024-02", Approved)],
                vec!["2024-03"],
            ),
            (
                "an earlier month never paid is not an arrear",
                all_payable.clone(),
                vec![p("2024-02", Paid)],
                vec!["2024-03"],
            ),
            ("this month held by a sent payment", all_payable.clone(), vec![p("2024-03", Sent)], vec![]),
            (
                "a failed month no longer payable is not listed",
                window(&[("2024-01", true), ("2024-02", false), ("2024-03", true)]),
                vec![p("2024-02", Failed)],
                vec!["2024-03"],
            ),
            (
                "this month not payable, the arrear still is",
                window(&[("2024-01", true), ("2024-02", true), ("2024-03", false)]),
                vec![p("2024-01", Failed)],
                vec!["2024-01"],
            ),
            ("this month failed: listed again", all_payable.clone(), vec![p("2024-03", Failed)], vec!["2024-03"]),
        ];
        for (name, payable, payments, want) in cases {
            let got: Vec<String> =
                payroll_months(m("2024-03"), &payable, &payments).iter().map(Month::to_string).collect();
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn counts_by_hand() {
        let l = |person: u8, month: &str, status| Line { person, month: m(month), cents: 10_000, status };
        let lines = vec![
            l(1, "2024-01", Paid),
            l(1, "2024-02", Failed),
            l(1, "2024-02", Sent),
            l(2, "2024-01", Failed),
            l(2, "2024-02", Approved),
            l(3, "2024-01", Cancelled),
            l(3, "2024-02", Paid),
        ];
        let c = counts(&lines);
        let t = |count, usd: u64| Tally { count, cents: usd * 100 };
        assert_eq!(c.approved, t(7, 700), "every payment approved");
        assert_eq!(c.sent, t(1, 100));
        assert_eq!(c.paid, t(2, 200));
        assert_eq!(c.failed, t(2, 200));
        assert_eq!(c.cancelled, t(1, 100));
        assert_eq!(c.pending, t(2, 200), "one approved, one sent");
        assert_eq!(c.arrears, t(2, 200), "person 2 January and person 3 January; person 1 February re-issued");
        let by_month = counts_by(&lines, |l| l.month);
        assert_eq!(by_month.len(), 2);
        assert_eq!((by_month[0].1.paid, by_month[0].1.arrears), (t(1, 100), t(2, 200)));
        assert_eq!((by_month[1].1.paid, by_month[1].1.pending, by_month[1].1.arrears), (t(1, 100), t(2, 200), t(0, 0)));
        assert_eq!(counts::<u8>(&[]), Counts::default(), "nothing: zeros");
    }

    #[test]
    fn each_method_names_the_details_it_needs() {
        let cases = [
            ("cash needs nothing", "cash", &[][..]),
            ("a transfer needs bank and account", "bank", &["bank", "account"][..]),
            ("a wallet needs provider and phone", "wallet", &["wallet_provider", "phone"][..]),
        ];
        for (name, code, details) in cases {
            assert_eq!(DeliveryMethod::parse(code).map(DeliveryMethod::required_details), Some(details), "{name}");
        }
        assert_eq!(DeliveryMethod::parse("cheque"), None);
    }
}
