//! Voucher evaluation over the store: gather each participant's facts for the months that matter in a few set
//! queries, then let the core's pure rules decide. Also the guard every payment passes before it is written.

use std::collections::{BTreeMap, HashMap};

use reintegra_core::month::Month;
use reintegra_core::person::PersonFields;
use reintegra_core::vouchers::delivery::{Held, PaymentStatus, payroll_months};
use reintegra_core::vouchers::{
    Attendance, Enrolment, Evaluation, MonthFacts, Outcome, VoucherRules, evaluate, payment_refusal, rules_for,
};
use rusqlite::{Transaction, params};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::{Error, Result, Store};

/// Every rule version recorded (none: the default applies).
pub fn rule_versions(tx: &Transaction<'_>) -> Result<Vec<VoucherRules>> {
    let mut stmt = tx.prepare_cached("SELECT data FROM voucher_rules WHERE deleted = 0")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let data: Map<String, Value> = serde_json::from_str(&row.get::<_, String>(0)?)?;
        // Stored versions were checked on the way in; one that no longer parses is skipped, not fatal.
        if let Ok(r) = VoucherRules::from_record(&data) {
            out.push(r);
        }
    }
    if out.is_empty() {
        out.push(VoucherRules::default());
    }
    Ok(out)
}

fn uuid(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|_| Error::Format("error.id_invalid"))
}

/// Voucher enrolments of participants: the earliest one per person, with its end.
pub(crate) fn enrolments(tx: &Transaction<'_>, person: Option<Uuid>) -> Result<BTreeMap<Uuid, Enrolment>> {
    // Two statements rather than `?1 IS NULL OR …`, which would keep SQLite from using the person index; for one
    // person, `+e.component` keeps the planner off the component index (a scan of every voucher enrolment).
    let (component, one) =
        if person.is_some() { ("+e.component", "AND e.person_id = ?1") } else { ("e.component", "AND ?1 IS NULL") };
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT e.person_id, e.start_date, e.end_date FROM enrolments e JOIN persons p ON p.id = e.person_id
         WHERE {component} = 'voucher' AND e.deleted = 0 AND p.deleted = 0 AND p.role = 'participant' {one}
         ORDER BY e.start_date"
    ))?;
    let mut rows = stmt.query([person.map(|p| p.to_string())])?;
    let mut out = BTreeMap::new();
    while let Some(row) = rows.next()? {
        let id = uuid(&row.get::<_, String>(0)?)?;
        let start =
            reintegra_core::date::parse_iso(&row.get::<_, String>(1)?).ok_or(Error::Format("error.date_invalid"))?;
        let end = row.get::<_, Option<String>>(2)?.and_then(|s| reintegra_core::date::parse_iso(&s));
        out.entry(id).or_insert(Enrolment { start, end });
    }
    Ok(out)
}

pub(crate) type Facts = HashMap<Uuid, BTreeMap<Month, MonthFacts>>;

/// The facts of every participant (or one) for the months from `from` to `to`.
pub(crate) fn facts(tx: &Transaction<'_>, from: Month, to: Month, person: Option<Uuid>) -> Result<Facts> {
    let (start, end) = (from.first_day().to_string(), to.last_day().to_string());
    let who = person.map(|p| p.to_string());
    let mut out: Facts = HashMap::new();
    fn slot<'f>(out: &'f mut Facts, p: Uuid, date: &str) -> Option<&'f mut MonthFacts> {
        let month = Month::of(reintegra_core::date::parse_iso(date)?);
        Some(out.entry(p).or_default().entry(month).or_default())
    }
    {
        // For one person, start from their attendance (CROSS JOIN fixes the order); for all, from the month's sessions.
        let sql = if person.is_some() {
            "SELECT a.id, a.person_id, a.status, s.kind, s.date FROM attendance a CROSS JOIN sessions s ON s.id = a.session_id
             WHERE a.person_id = ?3 AND s.date BETWEEN ?1 AND ?2 AND s.deleted = 0 AND a.deleted = 0
               AND s.kind IN ('case_management', 'support_group', 'individual_training')"
        } else {
            "SELECT a.id, a.person_id, a.status, s.kind, s.date FROM sessions s JOIN attendance a ON a.session_id = s.id
             WHERE s.date BETWEEN ?1 AND ?2 AND s.deleted = 0 AND a.deleted = 0 AND ?3 IS NULL
               AND s.kind IN ('case_management', 'support_group', 'individual_training')"
        };
        let mut stmt = tx.prepare_cached(sql)?;
        let mut rows = stmt.query(params![start, end, who])?;
        while let Some(row) = rows.next()? {
            let (id, p, status, kind, date): (String, String, String, String, String) =
                (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?);
            let Some(f) = slot(&mut out, uuid(&p)?, &date) else { continue };
            let id = uuid(&id)?;
            let a = match status.as_str() {
                "present" => Attendance::Present,
                "justified" => Attendance::Justified,
                _ => Attendance::Absent,
            };
            match kind.as_str() {
                "support_group" => f.support_group.push((id, a)),
                "case_management" if a == Attendance::Present => f.case_management.push(id),
                "individual_training" if a == Attendance::Present => f.individual_training.push(id),
                _ => {}
            }
        }
    }
    {
        let sql = if person.is_some() {
            "SELECT h.id, l.person_id, h.date FROM person_links l CROSS JOIN home_visits h ON h.id = l.record_id
             WHERE l.person_id = ?3 AND l.kind = 'home_visit' AND h.date BETWEEN ?1 AND ?2 AND h.deleted = 0"
        } else {
            "SELECT h.id, j.value, h.date FROM home_visits h, json_each(h.data, '$.person_ids') j
             WHERE h.date BETWEEN ?1 AND ?2 AND h.deleted = 0 AND ?3 IS NULL"
        };
        let mut stmt = tx.prepare_cached(sql)?;
        let mut rows = stmt.query(params![start, end, who])?;
        while let Some(row) = rows.next()? {
            let (id, p, date): (String, String, String) = (row.get(0)?, row.get(1)?, row.get(2)?);
            if let Some(f) = slot(&mut out, uuid(&p)?, &date) {
                f.home_visits.push(uuid(&id)?);
            }
        }
    }
    for table in ["exemptions", "overrides", "payments"] {
        let one = if person.is_some() { "AND person_id = ?3" } else { "AND ?3 IS NULL" };
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT id, person_id, month, data FROM {table} WHERE deleted = 0 AND month BETWEEN ?1 AND ?2 {one}"
        ))?;
        let mut rows = stmt.query(params![from.to_string(), to.to_string(), who])?;
        while let Some(row) = rows.next()? {
            let (id, p, month, data): (String, String, String, String) =
                (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
            let Some(f) = slot(&mut out, uuid(&p)?, &format!("{month}-01")) else { continue };
            let id = uuid(&id)?;
            match table {
                "exemptions" => f.exemption = Some(id),
                "overrides" => {
                    let data: Map<String, Value> = serde_json::from_str(&data)?;
                    let granted = data.get("outcome").and_then(Value::as_str).and_then(Outcome::from_code);
                    if let Some(o) = granted {
                        f.override_ = Some((id, o));
                    }
                }
                _ => {
                    // Only a payment that holds the month (approved, sent, paid) pays it; a failed or cancelled one
                    // frees it for a re-issue.
                    let data: Map<String, Value> = serde_json::from_str(&data)?;
                    if holds(&data) {
                        f.payments.push(id);
                    }
                }
            }
        }
    }
    for months in out.values_mut() {
        for f in months.values_mut() {
            // Several records on one month: a stable order, so evidence lists are the same on every device.
            f.case_management.sort();
            f.home_visits.sort();
            f.support_group.sort_by_key(|(id, _)| *id);
            f.payments.sort();
        }
    }
    Ok(out)
}

/// The earliest month whose facts can matter for `month`: the start of the longest window ending there.
pub(crate) fn lookback(versions: &[VoucherRules], month: Month) -> Month {
    let longest = versions.iter().map(|r| r.window_months).max().unwrap_or(9).max(1);
    month.plus(-(longest as i32 - 1))
}

#[derive(Clone, Debug, Serialize)]
pub struct ParticipantMonth {
    pub person_id: Uuid,
    #[serde(flatten)]
    pub evaluation: Evaluation,
}

#[derive(Clone, Debug, Serialize)]
pub struct MonthReport {
    pub month: Month,
    pub rules_version: u32,
    pub participants: Vec<ParticipantMonth>,
}

/// Evaluates `month` for every participant in the voucher component, in one read.
pub fn evaluate_month(store: &mut Store, month: Month) -> Result<MonthReport> {
    store.read(|tx| evaluate_month_in(tx, month))
}

/// As [`evaluate_month`], inside the caller's transaction.
pub fn evaluate_month_in(tx: &Transaction<'_>, month: Month) -> Result<MonthReport> {
    let versions = rule_versions(tx)?;
    let facts = facts(tx, lookback(&versions, month), month, None)?;
    let empty = BTreeMap::new();
    let participants = enrolments(tx, None)?
        .into_iter()
        .map(|(person_id, e)| ParticipantMonth {
            person_id,
            evaluation: evaluate(e, facts.get(&person_id).unwrap_or(&empty), &versions, month),
        })
        .collect();
    Ok(MonthReport { month, rules_version: rules_for(&versions, month).version, participants })
}

/// A participant's whole window, month by month (the voucher card). Empty when not enrolled in the voucher.
pub fn evaluate_person(store: &mut Store, person: Uuid) -> Result<Vec<Evaluation>> {
    store.read(|tx| {
        let Some(e) = enrolments(tx, Some(person))?.remove(&person) else { return Ok(Vec::new()) };
        let versions = rule_versions(tx)?;
        let first = Month::of(e.start);
        let window = rules_for(&versions, first).window_months.max(1);
        let facts = facts(tx, first, first.plus(window as i32 - 1), Some(person))?;
        let empty = BTreeMap::new();
        let mine = facts.get(&person).unwrap_or(&empty);
        Ok((0..window as i32).map(|k| evaluate(e, mine, &versions, first.plus(k))).collect())
    })
}

/// Whether a payment record holds its month (VOUCHER-RULES.md: `approved`, `sent` or `paid`; no status is `paid`).
pub(crate) fn holds(data: &Map<String, Value>) -> bool {
    PaymentStatus::of_field(data.get("status").and_then(Value::as_str)).is_some_and(PaymentStatus::holds)
}

pub(crate) fn cents(v: Option<&Value>) -> u64 {
    v.and_then(Value::as_f64).map(|x| (x * 100.0).round() as u64).unwrap_or(0)
}

/// The guard on every payment: refused, with the reason, unless the month is payable, unpaid, inside the window and
/// within the totals. `payment_id` is the payment being written (left out of what was paid before).
pub(crate) fn check_payment(tx: &Transaction<'_>, payment_id: Uuid, data: &Map<String, Value>) -> Result<()> {
    let refuse = |code: &'static str| Err(Error::Refused(code));
    let (Some(person), Some(month)) = (
        data.get("person_id").and_then(Value::as_str).and_then(|s| Uuid::parse_str(s).ok()),
        data.get("month").and_then(Value::as_str).and_then(Month::parse),
    ) else {
        return refuse("error.rules_invalid");
    };
    let Some(enrolment) = enrolments(tx, Some(person))?.remove(&person) else {
        return refuse("error.payment_not_enrolled");
    };
    let versions = rule_versions(tx)?;
    let mut facts = facts(tx, lookback(&versions, month), month, Some(person))?.remove(&person).unwrap_or_default();
    if let Some(f) = facts.get_mut(&month) {
        f.payments.retain(|p| *p != payment_id);
    }
    let evaluation = evaluate(enrolment, &facts, &versions, month);
    let mut paid = Vec::new();
    let mut stmt = tx.prepare_cached("SELECT id, month, data FROM payments WHERE person_id = ?1 AND deleted = 0")?;
    let mut rows = stmt.query([person.to_string()])?;
    while let Some(row) = rows.next()? {
        let (id, m, data): (String, String, String) = (row.get(0)?, row.get(1)?, row.get(2)?);
        if id == payment_id.to_string() {
            continue;
        }
        let data: Map<String, Value> = serde_json::from_str(&data)?;
        // The limits count the payments that hold a month.
        if let Some(m) = Month::parse(&m)
            && holds(&data)
        {
            paid.push((m, cents(data.get("amount_usd"))));
        }
    }
    match payment_refusal(&evaluation, &rules_for(&versions, month), &paid, cents(data.get("amount_usd"))) {
        Some(code) => refuse(code),
        None => Ok(()),
    }
}

/// One line of the month's payroll: a payable, unpaid participant, with what the cashier needs.
#[derive(Clone, Debug, Serialize)]
pub struct PayrollLine {
    pub person_id: Uuid,
    /// The month paid: the payroll's month, or an earlier one whose payment failed or was cancelled (an arrear).
    pub month: Month,
    pub name: String,
    pub dui: Option<String>,
    pub municipality: String,
    pub district: Option<String>,
    pub phone: Option<String>,
    pub month_index: u32,
    pub outcome: Outcome,
    pub amount_usd: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct Payroll {
    pub month: Month,
    pub rules_version: u32,
    pub lines: Vec<PayrollLine>,
    pub total_usd: u64,
}

/// Exactly the payable months no payment holds of `month` and its arrears (earlier payable months whose payment
/// failed or was cancelled), by surname then month.
pub fn payroll(store: &mut Store, month: Month) -> Result<Payroll> {
    store.read(|tx| {
        let report = evaluate_month_in(tx, month)?;
        payroll_in(tx, month, &report)
    })
}

/// The payroll from a month's evaluation already made (screens that also show the rest of it evaluate once).
pub fn payroll_in(tx: &Transaction<'_>, month: Month, report: &MonthReport) -> Result<Payroll> {
    let versions = rule_versions(tx)?;
    let due = due_months(tx, month, report, &versions)?;
    let mut stmt = tx.prepare_cached("SELECT data, sort_key FROM persons WHERE id = ?1")?;
    let mut keyed = Vec::new();
    for (person_id, evaluation) in due {
        let (data, sort): (String, String) = stmt.query_row([person_id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let person: PersonFields = serde_json::from_str(&data)?;
        keyed.push((
            (sort, evaluation.month),
            PayrollLine {
                person_id,
                month: evaluation.month,
                name: person.full_name(),
                dui: person.dui,
                municipality: person.municipality,
                district: person.district,
                phone: person.phone,
                month_index: evaluation.month_index.unwrap_or(0),
                outcome: evaluation.outcome,
                amount_usd: rules_for(&versions, evaluation.month).amount_usd,
            },
        ));
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let lines: Vec<PayrollLine> = keyed.into_iter().map(|(_, l)| l).collect();
    let total_usd = lines.iter().map(|l| u64::from(l.amount_usd)).sum();
    Ok(Payroll { month, rules_version: report.rules_version, lines, total_usd })
}

/// Each participant's months on the payroll of `month` (the core's [`payroll_months`]), with their evaluations:
/// `month` itself from the report, and for participants with a failed or cancelled payment of an earlier month, those
/// months judged again.
pub(crate) fn due_months(
    tx: &Transaction<'_>,
    month: Month,
    report: &MonthReport,
    versions: &[VoucherRules],
) -> Result<Vec<(Uuid, Evaluation)>> {
    // Participants with a released payment (failed or cancelled) of an earlier month.
    let mut released: BTreeMap<Uuid, Vec<Month>> = BTreeMap::new();
    {
        let mut stmt = tx.prepare_cached(
            "SELECT person_id, month FROM payments WHERE deleted = 0 AND month < ?1
               AND json_extract(data, '$.status') IN ('failed', 'cancelled')",
        )?;
        let mut rows = stmt.query([month.to_string()])?;
        while let Some(row) = rows.next()? {
            let (p, m): (String, String) = (row.get(0)?, row.get(1)?);
            if let (Ok(p), Some(m)) = (uuid(&p), Month::parse(&m)) {
                released.entry(p).or_default().push(m);
            }
        }
    }
    let enrolled = if released.is_empty() { BTreeMap::new() } else { enrolments(tx, None)? };
    let mut out = Vec::new();
    for p in &report.participants {
        let Some(months) = released.get(&p.person_id) else {
            if p.evaluation.payable && p.evaluation.paid.is_none() {
                out.push((p.person_id, p.evaluation.clone()));
            }
            continue;
        };
        let Some(e) = enrolled.get(&p.person_id) else { continue };
        let first = months.iter().min().copied().unwrap_or(month);
        let facts = facts(tx, lookback(versions, first), month, Some(p.person_id))?.remove(&p.person_id);
        let facts = facts.unwrap_or_default();
        let mut evaluations: BTreeMap<Month, Evaluation> =
            months.iter().map(|m| (*m, evaluate(*e, &facts, versions, *m))).collect();
        evaluations.insert(month, p.evaluation.clone());
        let payable = evaluations.iter().map(|(m, ev)| (*m, ev.payable)).collect();
        let held = person_payments_held(tx, p.person_id)?;
        for m in payroll_months(month, &payable, &held) {
            if let Some(ev) = evaluations.remove(&m) {
                out.push((p.person_id, ev));
            }
        }
    }
    Ok(out)
}

/// A participant's payments as the rules see them (month, amount, status).
pub(crate) fn person_payments_held(tx: &Transaction<'_>, person: Uuid) -> Result<Vec<Held>> {
    let mut stmt = tx.prepare_cached("SELECT month, data FROM payments WHERE person_id = ?1 AND deleted = 0")?;
    let mut rows = stmt.query([person.to_string()])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let (m, data): (String, String) = (row.get(0)?, row.get(1)?);
        let data: Map<String, Value> = serde_json::from_str(&data)?;
        let status = PaymentStatus::of_field(data.get("status").and_then(Value::as_str));
        if let (Some(month), Some(status)) = (Month::parse(&m), status) {
            out.push(Held { month, cents: cents(data.get("amount_usd")), status });
        }
    }
    Ok(out)
}
