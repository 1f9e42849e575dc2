//! Payment delivery over the store (VOUCHER-RULES.md, "Payment delivery"): approving a payroll into `approved`
//! payments, a batch per delivery method (`sent`), the cash list taken back, a provider's results file, the
//! participant's delivery method, a person's payments with their history, and the reconciliation for the donor.
//! Every status change is a new version of the payment through the one write path ([`records::upsert`]): checked,
//! audited, and it syncs (two devices marking one payment differently is a field conflict; two payments holding one
//! month after a merge is a payment conflict, see [`crate::projection`]). The rules are the core's pure functions.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use reintegra_core::date::{UTC_OFFSET_HOURS, parse_iso, parse_user};
use reintegra_core::i18n::{Lang, t};
use reintegra_core::month::Month;
use reintegra_core::person::PersonFields;
use reintegra_core::records::Kind;
use reintegra_core::views::{ApprovalDone, PayrollApproval};
use reintegra_core::vouchers::delivery::{BUDGET_USD, Counts, Line, counts, counts_by};
use reintegra_core::vouchers::results::{self, Candidate};
use reintegra_core::wire::payments::{
    AppliedLine, BatchView, CashResults, Delivery, DeliveryArgs, DeliveryMethod, Mismatch, PaymentRow, PaymentStatus,
    PaymentsMonth, ReconBy, ReconLine, Reconciliation, ResultsDone, ResultsImport, StatusChange, Tally,
};
use rusqlite::{OptionalExtension, Transaction};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::records::upsert;
use crate::vouchers::{cents, evaluate_month_in, holds, payroll_in};
use crate::{Error, Result, Store, Writer};

pub(crate) mod checks;
use checks::{status_of, text};

fn date(data: &Map<String, Value>, k: &str) -> Option<NaiveDate> {
    data.get(k).and_then(Value::as_str).and_then(parse_iso)
}

fn fields(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// The reference written on a month's payments when the supervisor gives none.
pub fn default_reference(month: Month) -> String {
    format!("PLANILLA-{month}")
}

/// Approves the payroll of `a.month`: one `approved` payment per line (arrears included), each with its own
/// reference (`<prefix>-001` …), in one transaction. Refused, with nothing written, when there is nothing to pay
/// (`payroll.nothing`), when the payroll is no longer what the supervisor confirmed (`payroll.changed`), or when
/// the guard refuses one payment ([`Error::Line`]). `a.paid_on` is not used: the approval date is `today`.
pub fn approve_payroll(store: &mut Store, a: &PayrollApproval, today: NaiveDate) -> Result<ApprovalDone> {
    let prefix = match a.reference.trim() {
        "" => default_reference(a.month),
        r => r.to_owned(),
    };
    store.with_tx(|w| {
        let report = evaluate_month_in(w.tx(), a.month)?;
        let payroll = payroll_in(w.tx(), a.month, &report)?;
        if payroll.lines.is_empty() {
            return Err(Error::Refused("payroll.nothing"));
        }
        if payroll.lines.len() != a.expected_count || payroll.total_usd != a.expected_total_usd {
            return Err(Error::Refused("payroll.changed"));
        }
        let taken: i64 = w.tx().query_row(
            "SELECT count(*) FROM payments WHERE reference LIKE ?1 ESCAPE '\\'",
            [format!("{}-%", prefix.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))],
            |r| r.get(0),
        )?;
        for (i, line) in payroll.lines.iter().enumerate() {
            let method = method_of(w.tx(), line.person_id)?;
            let payment = json!({
                "person_id": line.person_id,
                "month": line.month,
                "amount_usd": line.amount_usd,
                "status": "approved",
                "reference": format!("{prefix}-{:03}", taken as usize + i + 1),
                "method": method.code(),
                "payroll": a.month,
                "approved_on": today.to_string(),
            });
            upsert(w, Kind::Payment, Some(Uuid::now_v7()), &fields(payment), today)
                .map_err(|e| Error::Line { line: i + 1, source: Box::new(e) })?;
        }
        Ok(ApprovalDone {
            month: a.month,
            count: payroll.lines.len(),
            total_usd: payroll.total_usd,
            paid_on: today,
            reference: prefix.clone(),
        })
    })
}

/// The participant's delivery method now (none recorded: cash).
fn method_of(tx: &Transaction<'_>, person: Uuid) -> Result<DeliveryMethod> {
    let data: Option<String> = tx
        .prepare_cached("SELECT data FROM delivery_methods WHERE person_id = ?1 AND deleted = 0 ORDER BY id LIMIT 1")?
        .query_row([person.to_string()], |r| r.get(0))
        .optional()?;
    let Some(data) = data else { return Ok(DeliveryMethod::Cash) };
    let data: Map<String, Value> = serde_json::from_str(&data)?;
    Ok(data.get("method").and_then(Value::as_str).and_then(DeliveryMethod::parse).unwrap_or_default())
}

/// The payments of one query, as rows, by surname then month. `sql` selects `p.id, p.data, per.data, per.sort_key`.
fn payment_rows(tx: &Transaction<'_>, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Vec<PaymentRow>> {
    let mut stmt = tx.prepare_cached(sql)?;
    let raw: Vec<(String, String, String, String)> = stmt
        .query_map(params, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<std::result::Result<_, _>>()?;
    let mut keyed = Vec::new();
    for (id, data, person, sort) in raw {
        let d: Map<String, Value> = serde_json::from_str(&data)?;
        let person: PersonFields = serde_json::from_str(&person)?;
        let (Ok(id), Some(person_id), Some(month)) = (
            Uuid::parse_str(&id),
            text(&d, "person_id").and_then(|p| Uuid::parse_str(&p).ok()),
            text(&d, "month").as_deref().and_then(Month::parse),
        ) else {
            continue;
        };
        let status = status_of(&d).unwrap_or(PaymentStatus::Paid);
        let method = match (status, text(&d, "method").as_deref().and_then(DeliveryMethod::parse)) {
            // Not in a batch yet: it goes by the participant's method now.
            (PaymentStatus::Approved, _) | (_, None) => method_of(tx, person_id)?,
            (_, Some(m)) => m,
        };
        keyed.push((
            (sort, month, id),
            PaymentRow {
                id,
                person_id,
                name: person.full_name(),
                dui: person.dui,
                municipality: person.municipality,
                month,
                amount_usd: (cents(d.get("amount_usd")) / 100) as u32,
                reference: text(&d, "reference").unwrap_or_default(),
                method,
                status,
                paid_on: date(&d, "paid_on"),
                reason: text(&d, "reason"),
            },
        ));
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(keyed.into_iter().map(|(_, r)| r).collect())
}

const BY_PAYROLL: &str =
    "SELECT p.id, p.data, per.data, per.sort_key FROM payments p JOIN persons per ON per.id = p.person_id
     WHERE p.deleted = 0 AND (p.payroll = ?1 OR (p.payroll IS NULL AND p.month = ?1))";

/// The payments of the payroll of `month` (arrears included; payments recorded before delivery existed count for
/// their own month), and a batch per delivery method with how many stand in each status.
pub fn month_view(store: &mut Store, month: Month) -> Result<PaymentsMonth> {
    store.read(|tx| {
        let payments = payment_rows(tx, BY_PAYROLL, &[&month.to_string()])?;
        let mut batches = Vec::new();
        for method in DeliveryMethod::ALL {
            let mine: Vec<&PaymentRow> = payments.iter().filter(|p| p.method == method).collect();
            if mine.is_empty() {
                continue;
            }
            let mut statuses = Vec::new();
            for s in PaymentStatus::ALL {
                let n = mine.iter().filter(|p| p.status == s).count();
                if n > 0 {
                    statuses.push((s, n));
                }
            }
            let sent_on: Option<String> = tx
                .prepare_cached(
                    "SELECT max(json_extract(data, '$.sent_on')) FROM payments
                     WHERE deleted = 0 AND payroll = ?1 AND json_extract(data, '$.method') = ?2",
                )?
                .query_row([month.to_string(), method.code().to_owned()], |r| r.get(0))?;
            batches.push(BatchView {
                method,
                count: mine.len(),
                total_usd: mine.iter().map(|p| u64::from(p.amount_usd)).sum(),
                statuses,
                sent_on: sent_on.as_deref().and_then(parse_iso),
            });
        }
        Ok(PaymentsMonth { month, batches, payments })
    })
}

/// Makes a batch of the approved payments of the payroll of `month` whose participants receive by `method`: in one
/// transaction, `write` writes the file for the cashier or the provider from their rows, then each becomes `sent`
/// (with the batch's id, its method and `today`). A file that cannot be written leaves every payment as it was.
/// Refused with `payments.batch_empty` when there is no such payment.
pub fn send_batch(
    store: &mut Store,
    month: Month,
    method: DeliveryMethod,
    today: NaiveDate,
    write: impl FnOnce(&str, &[PaymentRow]) -> std::result::Result<(), String>,
) -> Result<(String, Vec<PaymentRow>)> {
    store.with_tx(|w| {
        let rows: Vec<PaymentRow> = payment_rows(w.tx(), BY_PAYROLL, &[&month.to_string()])?
            .into_iter()
            .filter(|p| p.status == PaymentStatus::Approved && p.method == method)
            .collect();
        if rows.is_empty() {
            return Err(Error::Refused("payments.batch_empty"));
        }
        let before: i64 = w.tx().query_row(
            "SELECT count(DISTINCT json_extract(data, '$.batch_id')) FROM payments WHERE payroll = ?1
               AND json_extract(data, '$.method') = ?2 AND json_extract(data, '$.batch_id') IS NOT NULL",
            [month.to_string(), method.code().to_owned()],
            |r| r.get(0),
        )?;
        let batch_id = format!("LOTE-{month}-{}-{}", method.code(), before + 1);
        write(&batch_id, &rows).map_err(|detail| Error::Io(std::io::Error::other(detail)))?;
        for p in &rows {
            let change = json!({"status": "sent", "batch_id": batch_id, "method": method.code(),
                                "sent_on": today.to_string()});
            upsert(w, Kind::Payment, Some(p.id), &fields(change), today)?;
        }
        Ok((batch_id, rows))
    })
}

fn status_change(w: &mut Writer<'_>, id: Uuid, change: Value, today: NaiveDate) -> Result<()> {
    let (current, deleted) = w.current(Kind::Payment, id)?.ok_or(Error::NotFound)?;
    if deleted {
        return Err(Error::Deleted);
    }
    if status_of(&current) != Some(PaymentStatus::Sent) {
        return Err(Error::Refused("payments.not_sent"));
    }
    upsert(w, Kind::Payment, Some(id), &fields(change), today)?;
    Ok(())
}

/// The cash list taken back: who collected (`paid` on `c.date`) and who did not (`failed`, with the reason), in one
/// transaction. Every payment named must be `sent` and the date a real day not after today; otherwise nothing
/// changes. People left off both lists stay `sent`.
pub fn record_cash(store: &mut Store, c: &CashResults, today: NaiveDate) -> Result<ResultsDone> {
    let day = if c.collected.is_empty() {
        None
    } else {
        let d = parse_user(&c.date).ok_or(Error::Refused("payments.date_invalid"))?;
        if d > today {
            return Err(Error::Refused("payments.date_future"));
        }
        if d < c.month.first_day() {
            return Err(Error::Refused("payroll.paid_on_before_month"));
        }
        Some(d)
    };
    if c.absent.iter().any(|a| a.reason.trim().is_empty()) {
        return Err(Error::Refused("payments.reason_required"));
    }
    store.with_tx(|w| {
        for id in &c.collected {
            let day = day.map(|d| d.to_string());
            status_change(w, *id, json!({"status": "paid", "paid_on": day}), today)?;
        }
        for a in &c.absent {
            status_change(w, a.payment_id, json!({"status": "failed", "reason": a.reason.trim()}), today)?;
        }
        Ok(ResultsDone { paid: c.collected.len(), failed: c.absent.len() })
    })
}

/// The core's reason for an unreadable results file, as a key the translations hold.
fn unreadable_key(reason: &str) -> &'static str {
    match reason {
        "error.results_empty" => "error.results_empty",
        "error.results_missing_column" => "error.results_missing_column",
        "error.results_status" => "error.results_status",
        "error.results_date" => "error.results_date",
        "error.results_date_future" => "error.results_date_future",
        "error.results_amount" => "error.results_amount",
        "error.results_reason_missing" => "error.results_reason_missing",
        "error.results_reference_missing" => "error.results_reference_missing",
        _ => "error.results_unreadable",
    }
}

/// Applies a provider's results file, given as rows (the first is the header), in one transaction: each line matched
/// by reference to a payment in `sent` becomes `paid` (on its date) or `failed` (with its reason); mismatches are
/// listed and change nothing; lines already applied are `unchanged`. A file that cannot be read is refused whole
/// ([`Error::Line`] with the line and the reason): nothing changes.
pub fn apply_results(store: &mut Store, rows: &[Vec<String>], today: NaiveDate) -> Result<ResultsImport> {
    let lines = results::read(rows, today)
        .map_err(|u| Error::Line { line: u.line, source: Box::new(Error::Refused(unreadable_key(&u.reason))) })?;
    store.with_tx(|w| {
        let mut candidates = BTreeMap::new();
        {
            let mut stmt = w
                .tx()
                .prepare_cached("SELECT id, data FROM payments WHERE reference = ?1 AND deleted = 0 ORDER BY id")?;
            for l in &lines {
                let found: Vec<(String, String)> = stmt
                    .query_map([&l.reference], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<std::result::Result<_, _>>()?;
                // One reference, one payment; were there several, the one holding its month.
                let mut best: Option<(Uuid, Map<String, Value>)> = None;
                for (id, d) in found {
                    let d: Map<String, Value> = serde_json::from_str(&d)?;
                    if best.is_none() || holds(&d) {
                        best = Uuid::parse_str(&id).ok().map(|id| (id, d));
                    }
                }
                if let Some((id, d)) = best {
                    candidates.insert(
                        l.reference.clone(),
                        Candidate {
                            id,
                            cents: cents(d.get("amount_usd")),
                            status: status_of(&d).unwrap_or(PaymentStatus::Paid),
                            paid_on: date(&d, "paid_on"),
                            reason: text(&d, "reason"),
                        },
                    );
                }
            }
        }
        let plan = results::plan(&lines, &candidates);
        let mut applied = Vec::new();
        for a in &plan.applied {
            let r = &a.result;
            let status = r.delivered.status();
            let change = match status {
                PaymentStatus::Paid => json!({"status": "paid", "paid_on": r.date.to_string()}),
                _ => json!({"status": "failed", "reason": r.reason}),
            };
            upsert(w, Kind::Payment, Some(a.payment), &fields(change), today)
                .map_err(|e| Error::Line { line: r.line, source: Box::new(e) })?;
            applied.push(AppliedLine { line: r.line, reference: r.reference.clone(), status });
        }
        Ok(ResultsImport {
            applied,
            mismatches: plan
                .mismatches
                .iter()
                .map(|m| Mismatch { line: m.line, reference: m.reference.clone(), why: m.kind.code().to_owned() })
                .collect(),
            unchanged: plan.unchanged.iter().map(|l| l.line).collect(),
        })
    })
}

fn tally(t: reintegra_core::vouchers::delivery::Tally) -> Tally {
    Tally { count: t.count as usize, usd: t.cents / 100 }
}

fn recon_line(group: String, c: &Counts) -> ReconLine {
    ReconLine {
        group,
        approved: tally(c.approved),
        sent: tally(c.sent),
        paid: tally(c.paid),
        failed: tally(c.failed),
        cancelled: tally(c.cancelled),
        pending: tally(c.pending),
        arrears: tally(c.arrears),
    }
}

/// The reconciliation for the donor: every payment (those recorded before delivery existed are `paid`), counted by
/// status with amounts, the arrears outstanding, what was delivered against the budget; by the month the voucher is
/// for, or by the participant's municipality.
pub fn reconciliation(store: &mut Store, by: ReconBy) -> Result<Reconciliation> {
    store.read(|tx| reconciliation_in(tx, by))
}

/// As [`reconciliation`], inside the caller's transaction.
pub fn reconciliation_in(tx: &Transaction<'_>, by: ReconBy) -> Result<Reconciliation> {
    let mut stmt = tx.prepare_cached(
        "SELECT p.person_id, p.month, p.data, per.municipality FROM payments p JOIN persons per ON per.id = p.person_id
         WHERE p.deleted = 0",
    )?;
    let raw: Vec<(String, String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<std::result::Result<_, _>>()?;
    let mut lines = Vec::new();
    let mut place = BTreeMap::new();
    for (person, month, data, municipality) in raw {
        let d: Map<String, Value> = serde_json::from_str(&data)?;
        let (Some(month), Some(status)) = (Month::parse(&month), status_of(&d)) else { continue };
        place.insert(person.clone(), municipality);
        lines.push(Line { person, month, cents: cents(d.get("amount_usd")), status });
    }
    let totals = counts(&lines);
    let rows: Vec<ReconLine> = match by {
        ReconBy::Month => counts_by(&lines, |l| l.month).iter().map(|(m, c)| recon_line(m.to_string(), c)).collect(),
        ReconBy::Municipality => counts_by(&lines, |l| place.get(&l.person).cloned().unwrap_or_default())
            .iter()
            .map(|(m, c)| recon_line(m.clone(), c))
            .collect(),
    };
    Ok(Reconciliation {
        by,
        lines: rows,
        total: recon_line(String::new(), &totals),
        budget_usd: BUDGET_USD,
        spent_usd: totals.paid.cents / 100,
    })
}

/// The reconciliation by month as a table of the central export (a line per month, then the total).
pub(crate) fn reconciliation_table(tx: &Transaction<'_>, lang: Lang) -> Result<crate::export::table::Table> {
    let r = reconciliation_in(tx, ReconBy::Month)?;
    let mut rows = Vec::new();
    for (label, l) in r.lines.iter().map(|l| (l.group.clone(), l)).chain([(t(lang, "recon.total"), &r.total)]) {
        let mut row = vec![label];
        for x in [&l.approved, &l.sent, &l.paid, &l.failed, &l.cancelled, &l.pending, &l.arrears] {
            row.push(x.count.to_string());
            row.push(x.usd.to_string());
        }
        rows.push(row);
    }
    Ok(crate::export::table::Table {
        kind: Kind::Payment,
        name: Some("payment_reconciliation"),
        columns: vec![
            "month",
            "approved",
            "approved_usd",
            "sent",
            "sent_usd",
            "paid",
            "paid_usd",
            "failed",
            "failed_usd",
            "cancelled",
            "cancelled_usd",
            "pending",
            "pending_usd",
            "arrears",
            "arrears_usd",
        ],
        rows,
    })
}

/// Records the participant's delivery method (one per person: saving again replaces it), with the details the
/// method needs; details of another method are removed. Returns the record's id.
pub fn set_delivery(store: &mut Store, a: &DeliveryArgs, today: NaiveDate) -> Result<Uuid> {
    let d = &a.delivery;
    let detail = |v: &Option<String>, used: bool| match v.as_deref().map(str::trim) {
        Some(s) if used && !s.is_empty() => Value::String(s.to_owned()),
        _ => Value::Null,
    };
    let (bank, wallet) = (d.method == DeliveryMethod::Bank, d.method == DeliveryMethod::Wallet);
    let mut f = Map::new();
    f.insert("person_id".into(), Value::String(a.person_id.to_string()));
    f.insert("method".into(), Value::String(d.method.code().into()));
    f.insert("bank".into(), detail(&d.bank, bank));
    f.insert("account".into(), detail(&d.account, bank));
    f.insert("holder".into(), detail(&d.holder, bank));
    f.insert("wallet_provider".into(), detail(&d.wallet_provider, wallet));
    f.insert("phone".into(), detail(&d.phone, wallet));
    store.with_tx(|w| {
        let existing: Option<String> = w
            .tx()
            .prepare_cached("SELECT id FROM delivery_methods WHERE person_id = ?1 AND deleted = 0 ORDER BY id LIMIT 1")?
            .query_row([a.person_id.to_string()], |r| r.get(0))
            .optional()?;
        let existing = existing.and_then(|s| Uuid::parse_str(&s).ok());
        // Nulls remove a detail the record had; a new record takes none.
        let f: Map<String, Value> = f.into_iter().filter(|(_, v)| existing.is_some() || !v.is_null()).collect();
        Ok(upsert(w, Kind::DeliveryMethod, Some(existing.unwrap_or_else(Uuid::now_v7)), &f, today)?.0)
    })
}

/// The participant's delivery method, if one was recorded (none: cash is assumed).
pub fn delivery(store: &mut Store, person: Uuid) -> Result<Option<Delivery>> {
    store.read(|tx| {
        let data: Option<String> = tx
            .prepare_cached(
                "SELECT data FROM delivery_methods WHERE person_id = ?1 AND deleted = 0 ORDER BY id LIMIT 1",
            )?
            .query_row([person.to_string()], |r| r.get(0))
            .optional()?;
        let Some(data) = data else { return Ok(None) };
        let d: Map<String, Value> = serde_json::from_str(&data)?;
        Ok(Some(Delivery {
            method: d.get("method").and_then(Value::as_str).and_then(DeliveryMethod::parse).unwrap_or_default(),
            bank: text(&d, "bank"),
            account: text(&d, "account"),
            holder: text(&d, "holder"),
            wallet_provider: text(&d, "wallet_provider"),
            phone: text(&d, "phone"),
        }))
    })
}

/// The day (in El Salvador) of a change made at `ms` (UTC milliseconds).
fn day_of(ms: i64) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp_millis(ms + UTC_OFFSET_HOURS * 3_600_000).map(|t| t.date_naive())
}

/// Every payment of a participant, by month, each with the statuses it went through (from its change log, oldest
/// first; the day is the payment's own date for that status when it has one, else the day of the change).
pub fn person_payments(store: &mut Store, person: Uuid) -> Result<Vec<(PaymentRow, Vec<StatusChange>)>> {
    store.read(|tx| {
        let rows = payment_rows(
            tx,
            "SELECT p.id, p.data, per.data, per.sort_key FROM payments p JOIN persons per ON per.id = p.person_id
             WHERE p.deleted = 0 AND p.person_id = ?1",
            &[&person.to_string()],
        )?;
        let mut out = Vec::new();
        let mut stmt = tx.prepare_cached(
            "SELECT hlc, fields FROM changes WHERE kind = 'payment' AND record_id = ?1 ORDER BY hlc, device_id, change_id",
        )?;
        for row in rows {
            let changes: Vec<(i64, String)> = stmt
                .query_map([row.id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<std::result::Result<_, _>>()?;
            let mut history = Vec::new();
            for (i, (hlc, f)) in changes.iter().enumerate() {
                let f: Map<String, Value> = serde_json::from_str(f)?;
                let status = match f.get("status").and_then(Value::as_str) {
                    Some(s) => PaymentStatus::parse(s),
                    // The first version without a status: a payment recorded as paid.
                    None if i == 0 => Some(PaymentStatus::Paid),
                    None => None,
                };
                let Some(status) = status else { continue };
                let own = match status {
                    PaymentStatus::Approved => date(&f, "approved_on"),
                    PaymentStatus::Sent => date(&f, "sent_on"),
                    PaymentStatus::Paid => date(&f, "paid_on"),
                    _ => None,
                };
                let Some(day) = own.or_else(|| day_of(reintegra_core::hlc::Hlc(*hlc).wall_ms())) else { continue };
                history.push(StatusChange { status, date: day, reason: text(&f, "reason") });
            }
            out.push((row, history));
        }
        Ok(out)
    })
}

#[cfg(test)]
mod tests;
