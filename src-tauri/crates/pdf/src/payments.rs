//! Payment delivery on paper: the cash list of a batch, to sign or put a fingerprint on when the money is handed
//! out, and the reconciliation for the donor.

use chrono::NaiveDate;
use reintegra_core::i18n::{Lang, count, t, tr};
use reintegra_core::month::Month;
use reintegra_core::wire::payments::{PaymentRow, ReconBy, ReconLine, Reconciliation, Tally};

use crate::layout::{CONTENT_W, Col, Doc, Font};
use crate::{Document, finish, masthead, month_words};

/// The cash list of a batch: one line per payment (the month it is for, its reference) with a wide column for the
/// signature or the fingerprint, the total, and the lines to sign for who handed out and who checked.
pub fn cash_list(lang: Lang, payroll: Month, batch_id: &str, rows: &[PaymentRow], today: NaiveDate) -> Document {
    let title = tr(lang, "pdf.cash.title", &[("month", &month_words(lang, payroll))]);
    let mut doc = Doc::new(format!("{title} {}", t(lang, "pdf.continued")));
    masthead(&mut doc, lang, &title, today);
    doc.paragraph(Font::Regular, 9.5, &tr(lang, "pdf.cash.batch", &[("batch", batch_id)]));
    doc.y += 8.0;
    let cols = [
        Col::right(t(lang, "payroll.col.no"), 24.0),
        Col::new(t(lang, "payroll.col.name"), 128.0),
        Col::new(t(lang, "payroll.col.dui"), 64.0),
        Col::new(t(lang, "pdf.cash.col.month"), 50.0),
        Col::new(t(lang, "pdf.cash.col.reference"), 116.0),
        Col::right(t(lang, "payroll.col.amount"), 40.0),
        Col::new(t(lang, "pdf.cash.col.signature"), CONTENT_W - 422.0),
    ];
    let lines: Vec<Vec<String>> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                r.name.clone(),
                r.dui.clone().unwrap_or_default(),
                format!("{:02}/{}", r.month.month, r.month.year),
                r.reference.clone(),
                r.amount_usd.to_string(),
                String::new(),
            ]
        })
        .collect();
    doc.table(&cols, &lines, 9.0, 30.0);
    doc.y += 8.0;
    let total: u64 = rows.iter().map(|r| u64::from(r.amount_usd)).sum();
    let people = count(lang, "pdf.people", rows.len() as u64);
    doc.paragraph(
        Font::Bold,
        11.0,
        &tr(lang, "pdf.payroll.total", &[("people", &people), ("total", &total.to_string())]),
    );
    doc.y += 10.0;
    let roles: Vec<String> = ["handed_out", "checked"].iter().map(|k| t(lang, &format!("pdf.cash.sign.{k}"))).collect();
    doc.signatures(&roles, &t(lang, "pdf.sign.name"), &t(lang, "pdf.sign.date"));
    finish(doc, lang, &title)
}

/// A count and its amount, "12 · 1200" (the page says what the two numbers are).
fn cell(x: &Tally) -> String {
    format!("{} · {}", x.count, x.usd)
}

/// The reconciliation: what was approved, sent, paid, failed, cancelled and is pending, with the arrears, by month
/// or municipality and in total, and what was delivered against the budget.
pub fn reconciliation(lang: Lang, r: &Reconciliation, today: NaiveDate) -> Document {
    let title = t(lang, "recon.title");
    let mut doc = Doc::new(format!("{title} {}", t(lang, "pdf.continued")));
    masthead(&mut doc, lang, &title, today);
    let percent = (r.spent_usd * 100).checked_div(r.budget_usd).unwrap_or(0);
    doc.paragraph(
        Font::Regular,
        10.0,
        &tr(
            lang,
            "recon.budget",
            &[
                ("spent", &r.spent_usd.to_string()),
                ("budget", &r.budget_usd.to_string()),
                ("percent", &percent.to_string()),
            ],
        ),
    );
    doc.paragraph(Font::Regular, 9.0, &t(lang, "pdf.recon.cells"));
    doc.y += 8.0;
    let group = match r.by {
        ReconBy::Month => t(lang, "recon.by.month"),
        ReconBy::Municipality => t(lang, "recon.by.municipality"),
    };
    let w = (CONTENT_W - 96.0) / 7.0;
    let mut cols = vec![Col::new(group, 96.0)];
    for k in ["approved", "sent", "paid", "failed", "cancelled"] {
        cols.push(Col::right(t(lang, &format!("payment.status.{k}")), w));
    }
    cols.push(Col::right(t(lang, "recon.pending"), w));
    cols.push(Col::right(t(lang, "recon.arrears"), w));
    let row = |label: String, l: &ReconLine| {
        vec![
            label,
            cell(&l.approved),
            cell(&l.sent),
            cell(&l.paid),
            cell(&l.failed),
            cell(&l.cancelled),
            cell(&l.pending),
            cell(&l.arrears),
        ]
    };
    let mut lines: Vec<Vec<String>> = r
        .lines
        .iter()
        .map(|l| {
            let label = match r.by {
                ReconBy::Month => {
                    Month::parse(&l.group).map(|m| month_words(lang, m)).unwrap_or_else(|| l.group.clone())
                }
                ReconBy::Municipality => l.group.clone(),
            };
            row(label, l)
        })
        .collect();
    if lines.is_empty() {
        doc.paragraph(Font::Regular, 10.0, &t(lang, "recon.empty"));
    } else {
        lines.push(row(t(lang, "recon.total"), &r.total));
        doc.table(&cols, &lines, 8.5, 20.0);
    }
    doc.y += 10.0;
    let roles: Vec<String> = ["prepared", "reviewed"].iter().map(|k| t(lang, &format!("pdf.sign.{k}"))).collect();
    doc.signatures(&roles, &t(lang, "pdf.sign.name"), &t(lang, "pdf.sign.date"));
    finish(doc, lang, &title)
}
