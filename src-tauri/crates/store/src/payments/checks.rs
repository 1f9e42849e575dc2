//! The checks of a payment that need the store, called by the one write path ([`crate::records::upsert`]); kept
//! apart from the use cases, which call that path themselves.

use reintegra_core::vouchers::delivery::transition_refusal;
use reintegra_core::wire::payments::PaymentStatus;
use rusqlite::Transaction;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::vouchers::{check_payment, holds};
use crate::{Error, Result};

pub(crate) fn status_of(data: &Map<String, Value>) -> Option<PaymentStatus> {
    PaymentStatus::of_field(data.get("status").and_then(Value::as_str))
}

pub(crate) fn text(data: &Map<String, Value>, k: &str) -> Option<String> {
    data.get(k).and_then(Value::as_str).map(str::to_owned)
}

/// The guard on every payment write: a status moves forward only; a payment that newly holds a month (a new one, or
/// one whose person, month or amount changed) passes the voucher guard ([`check_payment`]). A status change of a
/// payment already holding its month does not judge the month again (the rules may have changed since approval).
pub(crate) fn guard(
    tx: &Transaction<'_>,
    id: Uuid,
    before: Option<&Map<String, Value>>,
    after: &Map<String, Value>,
) -> Result<()> {
    if let Some(b) = before {
        if let (Some(from), Some(to)) = (status_of(b), status_of(after))
            && let Some(code) = transition_refusal(from, to)
        {
            return Err(Error::Refused(code));
        }
        let same_claim = ["person_id", "month", "amount_usd"].iter().all(|k| b.get(*k) == after.get(*k));
        if same_claim && (holds(b) || !holds(after)) {
            return Ok(());
        }
    }
    if !holds(after) {
        // A failed or cancelled payment claims nothing.
        return Ok(());
    }
    check_payment(tx, id, after)
}

/// A payment given without id is the one with its reference (same person and month), else the one holding the
/// person's month: loading a file twice changes nothing, and a failed payment is never taken for its re-issue.
pub(crate) fn natural_key(tx: &Transaction<'_>, data: &Map<String, Value>) -> Result<Option<Uuid>> {
    let (Some(person), Some(month)) = (text(data, "person_id"), text(data, "month")) else { return Ok(None) };
    let mut stmt = tx.prepare_cached(
        "SELECT id, data FROM payments WHERE person_id = ?1 AND month = ?2 AND deleted = 0 ORDER BY id",
    )?;
    let rows: Vec<(String, String)> =
        stmt.query_map([&person, &month], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<std::result::Result<_, _>>()?;
    let mut parsed = Vec::new();
    for (id, d) in rows {
        parsed.push((id, serde_json::from_str::<Map<String, Value>>(&d)?));
    }
    let reference = text(data, "reference");
    let found = parsed
        .iter()
        .find(|(_, d)| reference.is_some() && text(d, "reference") == reference)
        .or_else(|| parsed.iter().find(|(_, d)| holds(d)));
    Ok(found.and_then(|(id, _)| Uuid::parse_str(id).ok()))
}
