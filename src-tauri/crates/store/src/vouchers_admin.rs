//! Voucher administration on the central file: an exemption or an appeal (override) for a participant's month, and
//! the voucher rules' versions (listed, previewed, saved). Each write is one transaction through the one write path
//! ([`records::upsert`]: the record specs of `reintegra load`, an audit entry, a change that syncs). Only the central
//! file decides these, and only a supervisor or an administrator there: the store refuses anyone else, whatever
//! the interface shows. A preview writes nothing: it reads the facts once and lets the core's pure diff judge every
//! month with and without the new version.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use reintegra_core::FieldErrors;
use reintegra_core::month::Month;
use reintegra_core::person::PersonFields;
use reintegra_core::records::{self, Kind};
use reintegra_core::reference::Catalogue;
use reintegra_core::vouchers::preview::{Subject, diff};
use reintegra_core::vouchers::{VoucherRules, rules_for};
use reintegra_core::wire::DeviceRole;
use reintegra_core::wire::vouchers::{PreviewRow, RuleVersionItem, RulesForm, RulesPreview, RulesScreen};
use rusqlite::{OptionalExtension, Transaction};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::access::Role;
use crate::records::upsert;
use crate::vouchers::{enrolments, facts, lookback, rule_versions};
use crate::{Error, Result, Store};

/// Refused unless this is the central file and the user a supervisor or an administrator.
fn central_decision(store: &Store) -> Result<()> {
    if store.device().role != DeviceRole::Supervisor {
        return Err(Error::Refused("error.central_only"));
    }
    if store.role() == Role::Field {
        return Err(Error::Refused("error.supervisor_only"));
    }
    Ok(())
}

/// Records that the participant's month counts as compliant, for `reason` (a second one for the same month replaces
/// the reason). Returns the exemption's id.
pub fn record_exemption(store: &mut Store, person: Uuid, month: Month, reason: &str, today: NaiveDate) -> Result<Uuid> {
    central_decision(store)?;
    let fields = json!({"person_id": person, "month": month, "reason": reason});
    let fields = fields.as_object().cloned().unwrap_or_default();
    store.with_tx(|w| Ok(upsert(w, Kind::Exemption, None, &fields, today)?.0))
}

/// Records an appeal's decision: the participant's month gets `outcome` (a code), for `reason`, decided by
/// `decided_by` (blank: the user who unlocked). A second one for the same month replaces the first.
pub fn record_override(
    store: &mut Store,
    person: Uuid,
    month: Month,
    outcome: &str,
    reason: &str,
    decided_by: &str,
    today: NaiveDate,
) -> Result<Uuid> {
    central_decision(store)?;
    let decided_by = if decided_by.trim().is_empty() { store.user().to_owned() } else { decided_by.to_owned() };
    let fields = json!({"person_id": person, "month": month, "outcome": outcome, "reason": reason,
                        "decided_by": decided_by});
    let fields = fields.as_object().cloned().unwrap_or_default();
    store.with_tx(|w| Ok(upsert(w, Kind::Override, None, &fields, today)?.0))
}

/// The recorded versions (not deleted), oldest first: (id, rules, reason).
fn stored_versions(tx: &Transaction<'_>) -> Result<Vec<RuleVersionItem>> {
    let mut stmt = tx.prepare_cached("SELECT id, data FROM voucher_rules WHERE deleted = 0")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let (id, data): (String, String) = (row.get(0)?, row.get(1)?);
        let data: Map<String, Value> = serde_json::from_str(&data)?;
        // As the evaluation does: a stored version that no longer parses is skipped.
        let Ok(rules) = VoucherRules::from_record(&data) else { continue };
        out.push(RuleVersionItem {
            id: Uuid::parse_str(&id).ok(),
            rules,
            reason: data.get("reason").and_then(Value::as_str).map(str::to_owned),
        });
    }
    out.sort_by_key(|v| (v.rules.effective_from, v.rules.version));
    Ok(out)
}

/// The rules screen: the programme's default (it judges every month before the first version recorded), the
/// versions recorded, and a new version's form: the rules in force next month, numbered after the last, from next
/// month (or the month after the latest version, when that is later).
pub fn rules_screen(store: &mut Store, today: NaiveDate) -> Result<RulesScreen> {
    let central = store.device().role == DeviceRole::Supervisor;
    store.read(|tx| {
        let stored = stored_versions(tx)?;
        // Next month, or the month after the latest version if that is later (one version per month).
        let after_latest = stored.iter().map(|v| v.rules.effective_from.plus(1)).max();
        let next = Month::of(today).plus(1).max(after_latest.unwrap_or(Month { year: 0, month: 1 }));
        let rules: Vec<VoucherRules> = stored.iter().map(|v| v.rules.clone()).collect();
        let number = rules.iter().map(|r| r.version).max().unwrap_or(1) + 1;
        let draft = RulesForm::from_rules(&rules_for(&rules, next), number, next);
        let mut versions = vec![RuleVersionItem { id: None, rules: VoucherRules::default(), reason: None }];
        versions.extend(stored);
        Ok(RulesScreen { versions, draft, central })
    })
}

fn invalid(field: &str, code: &str) -> Error {
    let mut e = FieldErrors::default();
    e.push(field, code);
    Error::Invalid(e)
}

/// The new version's record, checked as `load` checks a `voucher_rules` line, and refused when its month already
/// has a version (one version per month) or its number is taken (the default's 1 included).
fn check_new_version(
    tx: &Transaction<'_>,
    form: &RulesForm,
    today: NaiveDate,
) -> Result<(VoucherRules, Map<String, Value>)> {
    let (canonical, _) =
        records::check(Kind::VoucherRules, &form.to_record(), today, &Catalogue { municipalities: Vec::new() })
            .map_err(Error::Invalid)?;
    let rules = VoucherRules::from_record(&canonical).map_err(|code| invalid("ladder", code))?;
    let stored = stored_versions(tx)?;
    if stored.iter().any(|v| v.rules.effective_from == rules.effective_from) {
        return Err(invalid("effective_from", "error.rules_month_taken"));
    }
    if rules.version <= 1 || stored.iter().any(|v| v.rules.version == rules.version) {
        return Err(invalid("version", "error.rules_version_taken"));
    }
    Ok((rules, canonical))
}

/// What the new version would change: every participant's months from its first month to the later of that month
/// and the current one, judged with the versions as they are and with it added. Writes nothing.
pub fn preview_rules(store: &mut Store, form: &RulesForm, today: NaiveDate) -> Result<RulesPreview> {
    central_decision(store)?;
    store.read(|tx| {
        let (new, _) = check_new_version(tx, form, today)?;
        let before = rule_versions(tx)?;
        let mut after = before.clone();
        after.push(new.clone());
        let from = new.effective_from;
        let to = from.max(Month::of(today));
        let all = enrolments(tx, None)?;
        let facts = facts(tx, lookback(&after, from), to, None)?;
        let empty = BTreeMap::new();
        let subjects: Vec<Subject<'_>> = all
            .iter()
            .map(|(id, e)| Subject { person_id: *id, enrolment: *e, facts: facts.get(id).unwrap_or(&empty) })
            .collect();
        let changes = diff(&subjects, &before, &after, from, to);
        let mut stmt = tx.prepare_cached("SELECT data, sort_key FROM persons WHERE id = ?1")?;
        let mut rows = Vec::new();
        for change in changes {
            let found: Option<(String, String)> =
                stmt.query_row([change.person_id.to_string()], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
            let Some((data, sort)) = found else { continue };
            let person: PersonFields = serde_json::from_str(&data)?;
            rows.push((sort, PreviewRow { name: person.full_name(), change }));
        }
        // By surname, then month.
        rows.sort_by(|a, b| (&a.0, a.1.change.month).cmp(&(&b.0, b.1.change.month)));
        Ok(RulesPreview {
            version: new.version,
            effective_from: from,
            to,
            participants: all.len(),
            changes: rows.into_iter().map(|(_, r)| r).collect(),
        })
    })
}

/// Saves the new version (checked as for the preview, again, in the transaction that writes it). Returns its id.
pub fn save_rules(store: &mut Store, form: &RulesForm, today: NaiveDate) -> Result<Uuid> {
    central_decision(store)?;
    store.with_tx(|w| {
        let (_, canonical) = check_new_version(w.tx(), form, today)?;
        Ok(upsert(w, Kind::VoucherRules, None, &canonical, today)?.0)
    })
}

#[cfg(test)]
mod tests;
