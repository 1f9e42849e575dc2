//! Taking in a bundle: verify, decrypt, validate every change, then merge all of it in one transaction and record
//! the bundle in the ledger. Anything wrong refuses the whole bundle and leaves the store as it was.

use std::collections::HashMap;

use reintegra_core::hlc::Hlc;
use reintegra_core::merge::{self, Change, Op, Projection};
use reintegra_core::records::{self, Kind};
use reintegra_core::wire::DeviceRole;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use uuid::Uuid;

use super::devices::find_row;
use super::now_ms;
use crate::changes::{duplicate_payment_open, insert_change, reproject, row_state, write_projection};
use crate::{Error, Result, Store};

/// What one bundle did to the store.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct ImportReport {
    pub bundle_id: Uuid,
    pub sender: Uuid,
    pub sender_name: String,
    pub changes: usize,
    /// Records that did not exist here before.
    pub inserted: usize,
    /// Records that existed and received new changes.
    pub updated: usize,
    /// Changes this store already held.
    pub unchanged: usize,
    /// Open conflicts on the records this bundle touched.
    pub conflicts: usize,
    /// The bundle had been imported before: nothing was done.
    pub replayed: bool,
    /// The sender's clock is more than a day ahead of ours (a laptop set to the wrong date).
    pub clock_ahead: bool,
    /// Entries of the sender's audit log taken in (at a supervisor).
    pub audit_entries: usize,
    /// People purged from this laptop after the import (they left its caseload and every change made here about
    /// them is acknowledged).
    pub purged: usize,
}

const CLOCK_SLACK_MS: i64 = 24 * 3600 * 1000;

/// Imports one bundle. `progress` is told (done, total) as changes are merged.
pub fn import(store: &mut Store, bytes: &[u8], progress: &mut dyn FnMut(usize, usize)) -> Result<ImportReport> {
    let header = reintegra_bundle::peek(bytes)?;
    let sender = store
        .read(|tx| find_row(tx, &header.sender.to_string()))?
        .filter(|r| r.keys.device_id == header.sender)
        .ok_or(Error::Refused("error.bundle_unknown_sender"))?;
    if sender.revoked_at.is_some() {
        return Err(Error::Refused("error.bundle_revoked_sender"));
    }
    let keys = super::keys(store)?;
    let me = store.device().clone();
    let reintegra_bundle::Opened { header, changes, extras } =
        reintegra_bundle::open_full(bytes, &sender.keys, &keys, me.id)?;
    if header.schema > crate::migrations::latest() {
        return Err(Error::Refused("error.bundle_schema_newer"));
    }
    // Dates are checked against tomorrow: the sender may be a time zone or a midnight ahead.
    let today = chrono::Local::now().date_naive() + chrono::Days::new(1);
    let field_sender = sender.keys.role == "field";
    for (i, c) in changes.iter().enumerate() {
        validate(c, field_sender.then_some(header.sender), today)
            .map_err(|code| Error::AtChange { index: i + 1, source: Box::new(Error::Refused(code)) })?;
    }

    let mut report = ImportReport {
        bundle_id: header.bundle_id,
        sender: header.sender,
        sender_name: sender.keys.name.clone(),
        changes: changes.len(),
        clock_ahead: Hlc(header.hlc_max).wall_ms() > now_ms() + CLOCK_SLACK_MS,
        ..ImportReport::default()
    };
    let total = changes.len();
    let hlc_max = changes.iter().map(|c| c.hlc).max();
    store.with_tx(|w| {
        let seen: Option<String> = w
            .tx()
            .query_row("SELECT bundle_id FROM bundles WHERE bundle_id = ?1", [header.bundle_id.to_string()], |r| {
                r.get(0)
            })
            .optional()?;
        if seen.is_some() {
            report.replayed = true;
            report.unchanged = total;
            return Ok(());
        }
        w.audit(crate::audit::Action::BundleImport, &header.bundle_id.to_string())?;
        let stale = header.to_seq < sender.received_seq;
        if me.role == DeviceRole::Field && !field_sender {
            take_releases(w.tx(), &header, &extras, &changes, stale)?;
        }
        // How far the sender holds our audit log: the next bundle to it starts there.
        if let Some(top) = extras.audit_acks.get(&me.id) {
            w.tx().execute(
                "UPDATE devices SET audit_acked = MAX(audit_acked, ?1) WHERE device_id = ?2",
                params![top, header.sender.to_string()],
            )?;
        }
        if me.role == DeviceRole::Supervisor {
            report.audit_entries =
                crate::audit::receive(w.tx(), &header.sender.to_string(), &extras.audit, &header.bundle_id.to_string())?;
        }
        // New changes grouped by record, in the order records first appear.
        let mut order: Vec<(Kind, Uuid)> = Vec::new();
        let mut groups: HashMap<(Kind, Uuid), Vec<Change>> = HashMap::new();
        for (i, c) in changes.into_iter().enumerate() {
            if was_purged(w.tx(), &c)? {
                // A late copy about someone purged here, from before the release: not taken in again.
                report.unchanged += 1;
                continue;
            }
            if insert_change(w.tx(), &c)? {
                let key = (c.kind, c.record_id);
                groups
                    .entry(key)
                    .or_insert_with(|| {
                        order.push(key);
                        Vec::new()
                    })
                    .push(c);
            } else {
                report.unchanged += 1;
            }
            if i % 2048 == 0 {
                progress(i / 2, total);
            }
        }
        let mut done = 0;
        for key in &order {
            let (kind, id) = *key;
            let group = &groups[key];
            let p = match row_state(w.tx(), kind, id)? {
                None => {
                    report.inserted += 1;
                    let p = merge::project(group).ok_or(Error::NotFound)?;
                    write_projection(w.tx(), kind, id, &p, false)?;
                    p
                }
                Some(state) => {
                    report.updated += 1;
                    match chain_on(group, &state.heads) {
                        Some(chain) if !state.disputed => {
                            let mut data = state.data;
                            for c in &chain {
                                merge::fold(&mut data, &c.fields);
                            }
                            let tip = chain[chain.len() - 1];
                            let p = Projection {
                                data,
                                deleted: tip.op == Op::Delete,
                                heads: vec![tip.change_id],
                                last: (tip.hlc, tip.device_id, tip.user_id.clone()),
                                conflicts: Vec::new(),
                            };
                            write_projection(w.tx(), kind, id, &p, false)?;
                            p
                        }
                        _ => reproject(w.tx(), kind, id)?,
                    }
                }
            };
            report.conflicts += p.conflicts.len();
            if kind == Kind::Payment && !p.deleted && duplicate_payment_open(w.tx(), &p.data)? {
                report.conflicts += 1;
            }
            done += group.len();
            if done % 2048 < group.len() {
                progress(total / 2 + done / 2, total);
            }
        }
        if let Some(max) = hlc_max {
            w.observe(Hlc(max));
        }
        let tx = w.tx();
        // What the sender sent us continues what we held: we now hold its log up to `to_seq`.
        tx.execute(
            "UPDATE devices SET
                received_seq = CASE WHEN ?1 <= received_seq THEN MAX(received_seq, ?2) ELSE received_seq END,
                acked_seq = MAX(acked_seq, ?3),
                last_import = ?4
             WHERE device_id = ?5",
            params![
                header.from_seq,
                header.to_seq,
                header.acks.get(&me.id).copied().unwrap_or(0),
                now_ms(),
                header.sender.to_string()
            ],
        )?;
        tx.execute(
            "INSERT INTO bundles (bundle_id, direction, device_id, at, changes, report) VALUES (?1, 'in', ?2, ?3, ?4, ?5)",
            params![
                header.bundle_id.to_string(),
                header.sender.to_string(),
                now_ms(),
                total as i64,
                serde_json::to_string(&report)?
            ],
        )?;
        progress(total, total);
        Ok(())
    })?;
    if me.role == DeviceRole::Field && !report.replayed {
        report.purged = super::purge::purge(store, false)?.people;
    }
    Ok(report)
}

/// Keeps the people a supervisor says have left this laptop's caseload, and lifts a purge when a person comes back
/// (their own record's history arrives again in a bundle that no longer names them as released). The releases of a
/// bundle older than one already taken in are ignored: the newer one knows better.
fn take_releases(
    tx: &rusqlite::Transaction<'_>,
    header: &reintegra_bundle::Header,
    extras: &reintegra_bundle::Extras,
    changes: &[Change],
    stale: bool,
) -> Result<()> {
    let mut returning: Vec<String> = Vec::new();
    for c in changes.iter().filter(|c| c.kind == Kind::Person && !extras.released.contains_key(&c.record_id)) {
        let at: Option<i64> = tx
            .query_row("SELECT released_seq FROM released WHERE person_id = ?1", [c.record_id.to_string()], |r| {
                r.get(0)
            })
            .optional()?;
        if at.is_some_and(|at| header.to_seq > at) {
            returning.push(c.record_id.to_string());
        }
    }
    for p in returning {
        tx.execute("DELETE FROM released WHERE person_id = ?1", [&p])?;
        tx.execute("DELETE FROM purged WHERE person_id = ?1", [&p])?;
    }
    if stale {
        return Ok(());
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO released (person_id, sender, released_seq) VALUES (?1, ?2, ?3)
         ON CONFLICT (person_id) DO NOTHING",
    )?;
    for (p, at) in &extras.released {
        insert.execute(params![p.to_string(), header.sender.to_string(), at])?;
    }
    Ok(())
}

fn was_purged(tx: &rusqlite::Transaction<'_>, c: &Change) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM purged WHERE kind = ?1 AND record_id = ?2")?
        .exists(params![c.kind.name(), c.record_id.to_string()])?)
}

/// The new changes in order, if they form one line of edits on top of the record's single head.
fn chain_on<'c>(group: &'c [Change], heads: &[Uuid]) -> Option<Vec<&'c Change>> {
    let [head] = heads else { return None };
    let mut chain: Vec<&Change> = group.iter().collect();
    chain.sort_by_key(|c| c.order_key());
    let mut previous = *head;
    for c in &chain {
        if c.base.as_slice() != [previous] {
            return None;
        }
        previous = c.change_id;
    }
    Some(chain)
}

/// Checks one change received from elsewhere. A field device may only send what was written on it.
fn validate(c: &Change, only_from: Option<Uuid>, today: chrono::NaiveDate) -> Result<(), &'static str> {
    if only_from.is_some_and(|d| d != c.device_id) {
        return Err("error.change_not_from_sender");
    }
    if c.hlc <= 0 || c.base.len() > 64 || c.base.contains(&c.change_id) {
        return Err("error.change_malformed");
    }
    let user = c.user_id.trim();
    if user.is_empty() || user.chars().count() > 120 || user.chars().any(char::is_control) {
        return Err("error.change_malformed");
    }
    match c.op {
        Op::Delete if !c.fields.is_empty() => Err("error.change_malformed"),
        Op::Delete => Ok(()),
        Op::Upsert => {
            for (name, value) in &c.fields {
                records::check_field(c.kind, name, value, today)?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn validation_cases() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        let sender = Uuid::from_u128(1);
        let good = Change {
            change_id: Uuid::from_u128(10),
            kind: Kind::Referral,
            record_id: Uuid::from_u128(20),
            base: vec![],
            hlc: 5,
            device_id: sender,
            user_id: "local".into(),
            op: Op::Upsert,
            fields: json!({"status": "accepted", "outcome": null}).as_object().cloned().unwrap_or_default(),
        };
        let with = |f: &dyn Fn(&mut Change)| {
            let mut c = good.clone();
            f(&mut c);
            c
        };
        let set =
            |k: &'static str, v: serde_json::Value| move |c: &mut Change| _ = c.fields.insert(k.into(), v.clone());
        type Case = (&'static str, Change, Option<Uuid>, Result<(), &'static str>);
        let cases: Vec<Case> = vec![
            ("a sound change", good.clone(), Some(sender), Ok(())),
            ("relayed by a supervisor", with(&|c| c.device_id = Uuid::from_u128(2)), None, Ok(())),
            (
                "a field laptop relaying another's change",
                with(&|c| c.device_id = Uuid::from_u128(2)),
                Some(sender),
                Err("error.change_not_from_sender"),
            ),
            ("unknown field", with(&set("salary", json!(3))), None, Err("error.unknown_field")),
            ("invalid choice", with(&set("status", json!("lost"))), None, Err("error.choice_invalid")),
            ("not canonical", with(&set("organisation", json!("  ISSS  "))), None, Err("error.not_canonical")),
            ("a required field removed", with(&set("status", json!(null))), None, Err("error.required")),
            ("a date in the future", with(&set("date", json!("2027-01-01"))), None, Err("error.date_future")),
            ("a delete with fields", with(&|c| c.op = Op::Delete), None, Err("error.change_malformed")),
            ("built on itself", with(&|c| c.base = vec![c.change_id]), None, Err("error.change_malformed")),
            ("no clock", with(&|c| c.hlc = 0), None, Err("error.change_malformed")),
            ("no user", with(&|c| c.user_id = " ".into()), None, Err("error.change_malformed")),
        ];
        for (name, change, only, want) in cases {
            assert_eq!(validate(&change, only, today), want, "{name}");
        }
    }
}
