//! Reads for the app's screens: a person's page (profile, family network, components, voucher card with its
//! evidence, latest activity) and the payroll screen (who is paid, who needs a look). Each is one read transaction,
//! except the voucher card, which is the voucher module's own evaluation.

use reintegra_core::date::parse_iso;
use reintegra_core::month::Month;
use reintegra_core::person::PersonFields;
use reintegra_core::views::{
    EnrolmentView, Evidence, FamilyLink, LinkSide, PaymentInfo, PayrollRow, PayrollView, PersonView, ReviewRow,
    TIMELINE_MAX, TimelineEntry, VoucherMonth,
};
use reintegra_core::vouchers::{Evaluation, Outcome};
use rusqlite::{OptionalExtension, Transaction};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::vouchers::{MonthReport, PayrollLine, evaluate_month_in, evaluate_person, payroll_in};
use crate::{Error, Result, Store};

fn uuid(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|_| Error::Format("error.id_invalid"))
}

fn person_in(tx: &Transaction<'_>, id: Uuid) -> Result<Option<PersonFields>> {
    let data: Option<String> = tx
        .prepare_cached("SELECT data FROM persons WHERE id = ?1 AND deleted = 0")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    data.map(|d| serde_json::from_str(&d).map_err(Error::from)).transpose()
}

/// A person's page. `NotFound` for an unknown or deleted person.
pub fn person_view(store: &mut Store, id: Uuid) -> Result<PersonView> {
    let (person, family, enrolments, timeline) = store.read(|tx| {
        crate::access::check_visible(tx, reintegra_core::records::Kind::Person, id)?;
        let person = person_in(tx, id)?.ok_or(Error::NotFound)?;
        Ok((person, family(tx, id)?, enrolments(tx, id)?, timeline(tx, id)?))
    })?;
    let evaluations = evaluate_person(store, id)?;
    let voucher = store.read(|tx| evaluations.into_iter().map(|e| voucher_month(tx, e)).collect())?;
    Ok(PersonView { id, person, family, enrolments, voucher, timeline })
}

/// Relatives of a participant, and participants of a relative, by surname.
fn family(tx: &Transaction<'_>, id: Uuid) -> Result<Vec<FamilyLink>> {
    let mut out = Vec::new();
    for (mine, theirs, side) in [
        ("participant_id", "relative_id", LinkSide::Relative),
        ("relative_id", "participant_id", LinkSide::Participant),
    ] {
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT p.id, p.data, json_extract(r.data, '$.kind') FROM relationships r JOIN persons p ON p.id = r.{theirs}
             WHERE r.{mine} = ?1 AND r.deleted = 0 AND p.deleted = 0 ORDER BY p.sort_key, p.id"
        ))?;
        let mut rows = stmt.query([id.to_string()])?;
        while let Some(row) = rows.next()? {
            let (pid, data, kind): (String, String, Option<String>) = (row.get(0)?, row.get(1)?, row.get(2)?);
            let p: PersonFields = serde_json::from_str(&data)?;
            out.push(FamilyLink {
                person_id: uuid(&pid)?,
                name: p.full_name(),
                role: p.role,
                kind: kind.unwrap_or_else(|| "other".into()),
                side,
            });
        }
    }
    Ok(out)
}

fn enrolments(tx: &Transaction<'_>, id: Uuid) -> Result<Vec<EnrolmentView>> {
    let mut stmt = tx.prepare_cached(
        "SELECT component, start_date, end_date, json_extract(data, '$.status') FROM enrolments
         WHERE person_id = ?1 AND deleted = 0 ORDER BY start_date, component",
    )?;
    let mut rows = stmt.query([id.to_string()])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let (component, start, end, status): (String, String, Option<String>, Option<String>) =
            (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
        let start_date = parse_iso(&start).ok_or(Error::Format("error.date_invalid"))?;
        out.push(EnrolmentView { component, start_date, end_date: end.as_deref().and_then(parse_iso), status });
    }
    Ok(out)
}

/// The latest sessions attended (or missed), home visits, referrals, payments, community initiatives taken part in
/// and case-plan goals, newest first. A case plan has no date of its own: its goals are dated by the plan's latest
/// change (the clock's wall time, as a local day).
fn timeline(tx: &Transaction<'_>, id: Uuid) -> Result<Vec<TimelineEntry>> {
    let sql = format!(
        "SELECT date, kind, detail, text FROM (
            SELECT s.date AS date, s.kind AS kind, a.status AS detail, NULL AS text
              FROM attendance a JOIN sessions s ON s.id = a.session_id
             WHERE a.person_id = ?1 AND a.deleted = 0 AND s.deleted = 0
            UNION ALL
            SELECT h.date, 'home_visit', NULL, NULL FROM person_links l JOIN home_visits h ON h.id = l.record_id
             WHERE l.person_id = ?1 AND l.kind = 'home_visit' AND h.deleted = 0
            UNION ALL
            SELECT json_extract(data, '$.date'), 'referral', json_extract(data, '$.service'), NULL FROM referrals
             WHERE person_id = ?1 AND deleted = 0
            UNION ALL
            SELECT json_extract(data, '$.paid_on'), 'payment', month, NULL FROM payments
             WHERE person_id = ?1 AND deleted = 0
            UNION ALL
            SELECT c.date, 'community_initiative', json_extract(c.data, '$.kind'), json_extract(c.data, '$.name')
              FROM person_links l JOIN community_initiatives c ON c.id = l.record_id
             WHERE l.person_id = ?1 AND l.kind = 'community_initiative' AND c.deleted = 0
            UNION ALL
            SELECT date((p.hlc >> 16) / 1000, 'unixepoch', 'localtime'), 'case_plan_goal',
                   json_extract(g.value, '$.status'), json_extract(g.value, '$.text')
              FROM case_plans p, json_each(p.data, '$.goals') g
             WHERE p.person_id = ?1 AND p.deleted = 0
         ) ORDER BY date DESC, kind LIMIT {TIMELINE_MAX}"
    );
    let mut stmt = tx.prepare_cached(&sql)?;
    let mut rows = stmt.query([id.to_string()])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let (date, kind, detail, text): (Option<String>, String, Option<String>, Option<String>) =
            (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
        if let Some(date) = date.as_deref().and_then(parse_iso) {
            out.push(TimelineEntry { date, kind, detail, text });
        }
    }
    Ok(out)
}

/// The month's payment and the evidence records behind its evaluation.
fn voucher_month(tx: &Transaction<'_>, evaluation: Evaluation) -> Result<VoucherMonth> {
    let payment = match evaluation.paid {
        Some(pid) => {
            let data: Option<String> = tx
                .prepare_cached("SELECT data FROM payments WHERE id = ?1")?
                .query_row([pid.to_string()], |r| r.get(0))
                .optional()?;
            match data {
                Some(d) => {
                    let d: Map<String, Value> = serde_json::from_str(&d)?;
                    let amount = d.get("amount_usd").and_then(Value::as_f64).unwrap_or(0.0);
                    d.get("paid_on").and_then(Value::as_str).and_then(parse_iso).map(|paid_on| PaymentInfo {
                        id: pid,
                        amount_cents: (amount * 100.0).round() as u64,
                        paid_on,
                        reference: d.get("reference").and_then(Value::as_str).map(str::to_owned),
                    })
                }
                None => None,
            }
        }
        None => None,
    };
    let mut evidence = Vec::new();
    for id in evaluation.requirements.iter().flat_map(|r| r.evidence.iter()) {
        if evidence.iter().any(|e: &Evidence| e.id == *id) {
            continue;
        }
        evidence.push(evidence_of(tx, *id)?);
    }
    if let Some(id) = evaluation.exemption {
        let month: Option<String> = tx
            .prepare_cached("SELECT month FROM exemptions WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?;
        let date = month.as_deref().and_then(Month::parse).map(Month::first_day);
        evidence.push(Evidence { id, kind: "exemption".into(), date, status: None });
    }
    Ok(VoucherMonth { evaluation, payment, evidence })
}

/// An evidence id is an attendance (of a session) or a home visit.
fn evidence_of(tx: &Transaction<'_>, id: Uuid) -> Result<Evidence> {
    let attendance: Option<(String, String, String)> = tx
        .prepare_cached(
            "SELECT s.kind, s.date, a.status FROM attendance a JOIN sessions s ON s.id = a.session_id WHERE a.id = ?1",
        )?
        .query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    if let Some((kind, date, status)) = attendance {
        return Ok(Evidence { id, kind, date: parse_iso(&date), status: Some(status) });
    }
    let visit: Option<String> = tx
        .prepare_cached("SELECT date FROM home_visits WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    Ok(Evidence { id, kind: "home_visit".into(), date: visit.as_deref().and_then(parse_iso), status: None })
}

fn needs_review(e: &Evaluation) -> bool {
    e.flagged || matches!(e.outcome, Outcome::Warning | Outcome::Withheld | Outcome::Suspended)
}

/// The payroll screen for `month`: the payable unpaid participants and their total (exactly the CLI's payroll),
/// and the participants to review, with the requirements they did not meet.
pub fn payroll_view(store: &mut Store, month: Month) -> Result<PayrollView> {
    store.read(|tx| {
        let report = evaluate_month_in(tx, month)?;
        let p = payroll_in(tx, month, &report)?;
        let (review, paid) = review_rows(tx, report)?;
        Ok(PayrollView {
            month,
            rules_version: p.rules_version,
            lines: rows(p.lines),
            total_usd: p.total_usd,
            review,
            paid,
        })
    })
}

fn rows(lines: Vec<PayrollLine>) -> Vec<PayrollRow> {
    lines
        .into_iter()
        .map(|l| PayrollRow {
            person_id: l.person_id,
            month_paid: l.month,
            name: l.name,
            dui: l.dui,
            municipality: l.municipality,
            district: l.district,
            month_index: l.month_index,
            outcome: l.outcome,
            amount_usd: l.amount_usd,
        })
        .collect()
}

/// The participants to review, by surname, and how many are already paid. A person not visible here (deleted, or
/// outside a field user's caseload) is left out rather than failing the list.
pub(crate) fn review_rows(tx: &Transaction<'_>, report: MonthReport) -> Result<(Vec<ReviewRow>, usize)> {
    let paid = report.participants.iter().filter(|p| p.evaluation.paid.is_some()).count();
    let mut keyed = Vec::new();
    for pm in report.participants.into_iter().filter(|p| needs_review(&p.evaluation)) {
        let row: Option<(String, String)> = tx
            .prepare_cached("SELECT sort_key, data FROM persons WHERE id = ?1 AND deleted = 0")?
            .query_row([pm.person_id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((sort, data)) = row else { continue };
        let person: PersonFields = serde_json::from_str(&data)?;
        let e = pm.evaluation;
        keyed.push((
            sort,
            ReviewRow {
                person_id: pm.person_id,
                name: person.full_name(),
                dui: person.dui,
                municipality: person.municipality,
                month_index: e.month_index,
                outcome: e.outcome,
                run: e.run,
                flagged: e.flagged,
                unmet: e.requirements.iter().filter(|r| !r.met).map(|r| r.name.clone()).collect(),
                overridden: e.override_id.is_some(),
            },
        ));
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((keyed.into_iter().map(|(_, r)| r).collect(), paid))
}

#[cfg(test)]
mod tests;
