//! A provider's results file (VOUCHER-RULES.md, "Payment delivery"): read (columns `referencia`, `estado`, `fecha`,
//! optional `monto` and `motivo`), then matched line by line to the payments in `sent`. Reading refuses the whole file
//! with the line and the reason; matching lists each line that cannot be applied as a mismatch and applies the rest.
//! Pure: the store gives the rows and the payments, and writes what the plan says.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::text;
use crate::vouchers::delivery::PaymentStatus;

/// What a line says happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivered {
    Paid,
    Failed,
}

impl Delivered {
    pub fn status(self) -> PaymentStatus {
        match self {
            Delivered::Paid => PaymentStatus::Paid,
            Delivered::Failed => PaymentStatus::Failed,
        }
    }
}

/// One line read from the file (`line` counts the header as line 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultLine {
    pub line: usize,
    pub reference: String,
    pub delivered: Delivered,
    pub date: NaiveDate,
    pub cents: Option<u64>,
    pub reason: Option<String>,
}

/// Why the whole file is refused: the line (1 is the header) and a translation key, with what was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unreadable {
    pub line: usize,
    pub reason: String,
    pub detail: String,
}

const COLUMNS: [&str; 5] = ["referencia", "estado", "fecha", "monto", "motivo"];

fn amount_cents(s: &str) -> Option<u64> {
    let s = s.trim().trim_start_matches('$').trim().replace(',', ".");
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || frac.len() > 2 {
        return None;
    }
    if !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let cents = format!("{frac:0<2}");
    Some(whole.parse::<u64>().ok()? * 100 + cents.parse::<u64>().ok()?)
}

/// Reads the rows of a results file (the first row is the header). Columns are found by name (case and accents
/// ignored, in any order; others are ignored); `monto` and `motivo` may be missing. A date must be `dd/mm/aaaa` or
/// `aaaa-mm-dd` and not after `today`; `estado` `pagado` or `fallido`; a `fallido` line needs its `motivo`. Blank
/// lines are skipped.
pub fn read(rows: &[Vec<String>], today: NaiveDate) -> Result<Vec<ResultLine>, Unreadable> {
    let refuse = |line: usize, reason: &str, detail: &str| Unreadable {
        line,
        reason: reason.to_owned(),
        detail: detail.to_owned(),
    };
    let Some(header) = rows.first() else { return Err(refuse(1, "error.results_empty", "")) };
    let names: Vec<String> = header.iter().map(|h| text::fold(h.trim().trim_start_matches('\u{feff}'))).collect();
    let col: BTreeMap<&str, usize> =
        COLUMNS.iter().filter_map(|c| names.iter().position(|n| n == c).map(|i| (*c, i))).collect();
    for required in ["referencia", "estado", "fecha"] {
        if !col.contains_key(required) {
            return Err(refuse(1, "error.results_missing_column", required));
        }
    }
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        let line = i + 1;
        let cell = |name: &str| col.get(name).and_then(|c| row.get(*c)).map(|s| s.trim()).unwrap_or("");
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let reference = cell("referencia");
        if reference.is_empty() {
            return Err(refuse(line, "error.results_reference_missing", ""));
        }
        let delivered = match text::fold(cell("estado")).as_str() {
            "pagado" => Delivered::Paid,
            "fallido" => Delivered::Failed,
            other => return Err(refuse(line, "error.results_status", other)),
        };
        let date =
            crate::date::parse_user(cell("fecha")).ok_or_else(|| refuse(line, "error.results_date", cell("fecha")))?;
        if date > today {
            return Err(refuse(line, "error.results_date_future", cell("fecha")));
        }
        let cents = match cell("monto") {
            "" => None,
            m => Some(amount_cents(m).ok_or_else(|| refuse(line, "error.results_amount", m))?),
        };
        let reason = Some(cell("motivo").to_owned()).filter(|r| !r.is_empty());
        if delivered == Delivered::Failed && reason.is_none() {
            return Err(refuse(line, "error.results_reason_missing", reference));
        }
        out.push(ResultLine { line, reference: reference.to_owned(), delivered, date, cents, reason });
    }
    Ok(out)
}

/// A payment a line may name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub id: Uuid,
    pub cents: u64,
    pub status: PaymentStatus,
    pub paid_on: Option<NaiveDate>,
    pub reason: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MismatchKind {
    /// No payment has this reference.
    UnknownReference,
    /// A second line for a reference already on an earlier line.
    DuplicateLine,
    /// The line's amount is not the payment's.
    AmountDiffers,
    /// The payment is not waiting for a result (not `sent`).
    NotSent,
}

impl MismatchKind {
    /// The code the screens and `--json` show (`payments.mismatch.<code>` in the translations).
    pub fn code(self) -> &'static str {
        match self {
            MismatchKind::UnknownReference => "unknown_reference",
            MismatchKind::DuplicateLine => "duplicate",
            MismatchKind::AmountDiffers => "amount_differs",
            MismatchKind::NotSent => "not_sent",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mismatch {
    pub line: usize,
    pub reference: String,
    pub kind: MismatchKind,
}

/// What to write for a line that applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Apply {
    pub payment: Uuid,
    pub result: ResultLine,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub applied: Vec<Apply>,
    /// Lines that say what the payment already says (the same file imported again): nothing to do.
    pub unchanged: Vec<ResultLine>,
    pub mismatches: Vec<Mismatch>,
}

/// Matches each line to the payment with its reference.
pub fn plan(lines: &[ResultLine], payments: &BTreeMap<String, Candidate>) -> Plan {
    let mut out = Plan::default();
    let mut seen = BTreeSet::new();
    for l in lines {
        let mismatch = |kind| Mismatch { line: l.line, reference: l.reference.clone(), kind };
        if !seen.insert(l.reference.clone()) {
            out.mismatches.push(mismatch(MismatchKind::DuplicateLine));
            continue;
        }
        let Some(p) = payments.get(&l.reference) else {
            out.mismatches.push(mismatch(MismatchKind::UnknownReference));
            continue;
        };
        if l.cents.is_some_and(|c| c != p.cents) {
            out.mismatches.push(mismatch(MismatchKind::AmountDiffers));
            continue;
        }
        let already = match l.delivered {
            Delivered::Paid => p.status == PaymentStatus::Paid && p.paid_on == Some(l.date),
            Delivered::Failed => p.status == PaymentStatus::Failed && p.reason == l.reason,
        };
        if already {
            out.unchanged.push(l.clone());
        } else if p.status != PaymentStatus::Sent {
            out.mismatches.push(mismatch(MismatchKind::NotSent));
        } else {
            out.applied.push(Apply { payment: p.id, result: l.clone() });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 12, 31).expect("date")
    }

    fn rows(text: &str) -> Vec<Vec<String>> {
        text.lines().map(|l| l.split(',').map(str::to_owned).collect()).collect()
    }

    #[test]
    fn a_readable_file() {
        let file = "Referencia,Estado,Fecha,Monto,Motivo\n\
                    P-1,pagado,05/11/2024,100,\n\
                    P-2,FALLIDO,2024-11-06,100.00,Cuenta cerrada\n\
                    ,,,,\n\
                    P-3,pagado,6/11/2024,,";
        let lines = read(&rows(file), today()).expect("read");
        assert_eq!(lines.len(), 3, "the blank line is skipped");
        assert_eq!((lines[0].line, lines[0].delivered, lines[0].cents), (2, Delivered::Paid, Some(10_000)));
        assert_eq!(lines[1].date, NaiveDate::from_ymd_opt(2024, 11, 6).expect("date"));
        assert_eq!(lines[1].reason.as_deref(), Some("Cuenta cerrada"));
        assert_eq!((lines[2].line, lines[2].cents), (5, None));
        // Columns in another order, without the optional ones.
        let lines = read(&rows("fecha,referencia,estado\n01/12/2024,P-9,pagado"), today()).expect("read");
        assert_eq!(lines[0].reference, "P-9");
    }

    #[test]
    fn an_unreadable_file_is_refused_whole_with_line_and_reason() {
        let cases = [
            ("empty file", "", 1, "error.results_empty"),
            ("no status column", "referencia,fecha\nP-1,05/11/2024", 1, "error.results_missing_column"),
            ("no date column", "referencia,estado\nP-1,pagado", 1, "error.results_missing_column"),
            (
                "unreadable status",
                "referencia,estado,fecha\nP-1,pagado,05/11/2024\nP-2,quizás,05/11/2024",
                3,
                "error.results_status",
            ),
            ("unreadable date", "referencia,estado,fecha\nP-1,pagado,31/11/2024", 2, "error.results_date"),
            ("date in the future", "referencia,estado,fecha\nP-1,pagado,01/01/2025", 2, "error.results_date_future"),
            (
                "amount not a number",
                "referencia,estado,fecha,monto\nP-1,pagado,05/11/2024,cien",
                2,
                "error.results_amount",
            ),
            (
                "a fraction of a cent",
                "referencia,estado,fecha,monto\nP-1,pagado,05/11/2024,100.001",
                2,
                "error.results_amount",
            ),
            (
                "failed without reason",
                "referencia,estado,fecha,motivo\nP-1,fallido,05/11/2024,",
                2,
                "error.results_reason_missing",
            ),
            ("no reference", "referencia,estado,fecha\n,pagado,05/11/2024", 2, "error.results_reference_missing"),
        ];
        for (name, file, line, reason) in cases {
            let e = read(&rows(file), today()).expect_err(name);
            assert_eq!((e.line, e.reason.as_str()), (line, reason), "{name}");
        }
    }

    #[test]
    fn each_line_is_matched_or_listed_as_a_mismatch() {
        let day = |d| NaiveDate::from_ymd_opt(2024, 11, d).expect("date");
        let c = |n: u128, status, paid_on, reason: Option<&str>| Candidate {
            id: Uuid::from_u128(n),
            cents: 10_000,
            status,
            paid_on,
            reason: reason.map(str::to_owned),
        };
        let payments: BTreeMap<String, Candidate> = [
            ("P-1", c(1, PaymentStatus::Sent, None, None)),
            ("P-2", c(2, PaymentStatus::Sent, None, None)),
            ("P-3", c(3, PaymentStatus::Sent, None, None)),
            ("P-4", c(4, PaymentStatus::Approved, None, None)),
            ("P-5", c(5, PaymentStatus::Paid, Some(day(5)), None)),
            ("P-6", c(6, PaymentStatus::Failed, None, Some("Ausente"))),
            ("P-7", c(7, PaymentStatus::Paid, Some(day(1)), None)),
        ]
        .into_iter()
        .map(|(r, p)| (r.to_owned(), p))
        .collect();
        let file = "referencia,estado,fecha,monto,motivo\n\
                    P-1,pagado,05/11/2024,100,\n\
                    P-2,fallido,05/11/2024,,Cuenta cerrada\n\
                    P-1,pagado,05/11/2024,100,\n\
                    P-X,pagado,05/11/2024,,\n\
                    P-3,pagado,05/11/2024,90,\n\
                    P-4,pagado,05/11/2024,,\n\
                    P-5,pagado,05/11/2024,,\n\
                    P-6,fallido,05/11/2024,,Ausente\n\
                    P-7,pagado,05/11/2024,,";
        let p = plan(&read(&rows(file), today()).expect("read"), &payments);
        let applied: Vec<(usize, u128)> = p.applied.iter().map(|a| (a.result.line, a.payment.as_u128())).collect();
        assert_eq!(applied, [(2, 1), (3, 2)], "sent payments become paid or failed");
        let cases = [
            ("the second line for a reference", 4, MismatchKind::DuplicateLine),
            ("a reference nobody has", 5, MismatchKind::UnknownReference),
            ("an amount that differs", 6, MismatchKind::AmountDiffers),
            ("a payment not yet sent", 7, MismatchKind::NotSent),
            ("a paid payment said paid on another day", 10, MismatchKind::NotSent),
        ];
        assert_eq!(p.mismatches.len(), cases.len());
        for (name, line, kind) in cases {
            let m = p.mismatches.iter().find(|m| m.line == line).unwrap_or_else(|| panic!("{name}: not listed"));
            assert_eq!(m.kind, kind, "{name}");
        }
        let unchanged: Vec<usize> = p.unchanged.iter().map(|l| l.line).collect();
        assert_eq!(unchanged, [8, 9], "lines already applied (the same file again) change nothing");
    }
}
