//! The devices this store trusts: registered from their public keys, revoked when a laptop is lost.

use reintegra_bundle::PublicKeys;
use reintegra_core::wire::admin::DeviceCard;
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use uuid::Uuid;

use super::now_ms;
use crate::audit::Action;
use crate::{Error, Result, Store};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Added {
    Added,
    /// Already trusted with the same keys: name and workers refreshed.
    Updated,
}

/// Trusts another device, carrying the workers its card names. Refuses this device itself, a revoked device, a
/// name already used by another device, and new keys for a known device id (someone would be taking its place).
pub fn add(store: &mut Store, doc: &PublicKeys) -> Result<Added> {
    add_as(store, doc, None)
}

/// As [`add`]; on the central file, `workers` (when given) are the workers whose caseload the laptop carries,
/// whatever its card says. Administrators only; audited.
pub fn add_as(store: &mut Store, doc: &PublicKeys, workers: Option<&[String]>) -> Result<Added> {
    crate::users::admin_only(store)?;
    let workers = workers.map(tidy_workers).transpose()?;
    let me = store.device().id;
    let name = reintegra_core::text::tidy(&doc.name);
    store.with_tx(|w| {
        let known = checks(w.tx(), me, doc)?;
        let stored =
            PublicKeys { name: name.clone(), workers: workers.unwrap_or_else(|| doc.workers.clone()), ..doc.clone() };
        w.tx().execute(
            "INSERT INTO devices (device_id, name, role, public_keys, added_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(device_id) DO UPDATE SET name = excluded.name, public_keys = excluded.public_keys",
            params![doc.device_id.to_string(), name, doc.role, serde_json::to_string(&stored)?, now_ms()],
        )?;
        w.audit(Action::DeviceAdded, &doc.device_id.to_string())?;
        Ok(if known { Added::Updated } else { Added::Added })
    })
}

/// What [`add`] would say of a card, without trusting it: whether it is already trusted with the same keys, or why
/// it would be refused.
pub fn check(store: &mut Store, doc: &PublicKeys) -> Result<bool> {
    let me = store.device().id;
    store.read(|tx| checks(tx, me, doc))
}

/// A device card as the screens show it.
pub fn card(keys: &PublicKeys) -> DeviceCard {
    DeviceCard {
        device_id: keys.device_id,
        name: keys.name.clone(),
        role: keys.role.clone(),
        workers: keys.workers.clone(),
        fingerprint: keys.fingerprint(),
        words: keys.fingerprint_words(),
    }
}

/// A card file's text (what `keys public --json` writes). Anything else is refused as not a device card.
pub fn parse_card(text: &str) -> Result<PublicKeys> {
    let keys: PublicKeys = serde_json::from_str(text).map_err(|_| Error::Refused("error.key_invalid"))?;
    keys.check()?;
    Ok(keys)
}

/// The refusals of [`add`]; returns whether the device is already trusted with these keys.
fn checks(tx: &Transaction<'_>, me: Uuid, doc: &PublicKeys) -> Result<bool> {
    doc.check()?;
    if doc.device_id == me {
        return Err(Error::Refused("error.device_is_self"));
    }
    let name = reintegra_core::text::tidy(&doc.name);
    let known = find_row(tx, &doc.device_id.to_string())?.filter(|r| r.keys.device_id == doc.device_id);
    if let Some(row) = &known {
        if row.revoked_at.is_some() {
            return Err(Error::Refused("error.device_revoked"));
        }
        if row.keys.signing_key != doc.signing_key || row.keys.encryption_key != doc.encryption_key {
            return Err(Error::Refused("error.device_keys_changed"));
        }
    }
    let clash: Option<String> = tx
        .query_row(
            "SELECT device_id FROM devices WHERE name = ?1 AND device_id <> ?2 AND revoked_at IS NULL",
            params![name, doc.device_id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    if clash.is_some() {
        return Err(Error::Refused("error.device_name_taken"));
    }
    Ok(known.is_some())
}

fn tidy_workers(names: &[String]) -> Result<Vec<String>> {
    let names: Vec<String> = names.iter().map(|n| reintegra_core::text::tidy(n)).filter(|n| !n.is_empty()).collect();
    if names.iter().any(|n| n.chars().count() > reintegra_core::validation::limits::NAME) {
        return Err(Error::Refused("error.too_long"));
    }
    Ok(names)
}

/// On the central file: the workers whose caseload a field laptop carries from now on (the laptop was handed to
/// another worker). The next bundle to it carries the new caseload, and names the people who left it (the laptop
/// then purges them). Administrators only; audited. Refuses a revoked device and a supervisor's.
pub fn set_workers(store: &mut Store, who: &str, workers: &[String]) -> Result<Uuid> {
    crate::users::admin_only(store)?;
    if store.device().role != reintegra_core::wire::DeviceRole::Supervisor {
        return Err(Error::Refused("error.central_only"));
    }
    let workers = tidy_workers(workers)?;
    store.with_tx(|w| {
        let row = find_row(w.tx(), who)?.ok_or(Error::Refused("error.device_unknown"))?;
        if row.revoked_at.is_some() {
            return Err(Error::Refused("error.device_revoked"));
        }
        if row.keys.role != "field" {
            return Err(Error::Refused("error.device_not_field"));
        }
        let id = row.keys.device_id;
        let keys = PublicKeys { workers, ..row.keys };
        w.tx().execute(
            "UPDATE devices SET public_keys = ?1 WHERE device_id = ?2",
            params![serde_json::to_string(&keys)?, id.to_string()],
        )?;
        w.audit(Action::DeviceReassigned, &id.to_string())?;
        Ok(id)
    })
}

/// A trusted (or formerly trusted) device as `devices list` shows it.
#[derive(Clone, Debug, Serialize)]
pub struct DeviceInfo {
    pub device_id: Uuid,
    pub name: String,
    pub role: String,
    pub fingerprint: String,
    /// The fingerprint as words to read aloud.
    pub words: Vec<String>,
    pub workers: Vec<String>,
    pub added_at_ms: i64,
    pub revoked_at_ms: Option<i64>,
    pub last_import_ms: Option<i64>,
    pub last_export_ms: Option<i64>,
    /// Changes of ours the device has not yet confirmed holding.
    pub unacknowledged: i64,
}

pub fn list(store: &mut Store) -> Result<Vec<DeviceInfo>> {
    // A field device sends only what was written on it; nobody is sent its own changes back.
    let me = store.device().clone();
    let only_mine = me.role == reintegra_core::wire::DeviceRole::Field;
    store.read(|tx| {
        let mut pending = tx.prepare(
            "SELECT COUNT(*) FROM changes WHERE seq > ?1 AND device_id <> ?2 AND (?3 = 0 OR device_id = ?4)",
        )?;
        let mut stmt = tx.prepare(
            "SELECT device_id, name, role, public_keys, added_at, revoked_at, last_import, last_export, acked_seq
             FROM devices ORDER BY name",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let keys: PublicKeys = serde_json::from_str(&r.get::<_, String>(3)?)?;
            let acked: i64 = r.get(8)?;
            out.push(DeviceInfo {
                device_id: keys.device_id,
                name: r.get(1)?,
                role: r.get(2)?,
                fingerprint: keys.fingerprint(),
                words: keys.fingerprint_words(),
                workers: keys.workers.clone(),
                added_at_ms: r.get(4)?,
                revoked_at_ms: r.get(5)?,
                last_import_ms: r.get(6)?,
                last_export_ms: r.get(7)?,
                unacknowledged: pending
                    .query_row(params![acked, keys.device_id.to_string(), only_mine, me.id.to_string()], |r| {
                        r.get(0)
                    })?,
            });
        }
        Ok(out)
    })
}

/// Stops trusting a device (by id or name): its bundles are refused from now on, nothing is sent to it.
/// Administrators only; audited.
pub fn revoke(store: &mut Store, who: &str) -> Result<Uuid> {
    crate::users::admin_only(store)?;
    store.with_tx(|w| {
        let row = find_row(w.tx(), who)?.ok_or(Error::Refused("error.device_unknown"))?;
        w.tx().execute(
            "UPDATE devices SET revoked_at = COALESCE(revoked_at, ?1) WHERE device_id = ?2",
            params![now_ms(), row.keys.device_id.to_string()],
        )?;
        if row.revoked_at.is_none() {
            w.audit(Action::DeviceRevoked, &row.keys.device_id.to_string())?;
        }
        Ok(row.keys.device_id)
    })
}

pub(crate) struct DeviceRow {
    pub keys: PublicKeys,
    pub revoked_at: Option<i64>,
    pub acked_seq: i64,
    pub received_seq: i64,
    /// How far the device holds our audit log.
    pub audit_acked: i64,
}

/// A device by id, or by the name it was registered under.
pub(crate) fn find_row(tx: &Transaction<'_>, who: &str) -> Result<Option<DeviceRow>> {
    let mut stmt = tx.prepare_cached(
        "SELECT public_keys, revoked_at, acked_seq, received_seq, audit_acked FROM devices
         WHERE device_id = ?1 OR name = ?1 ORDER BY revoked_at IS NOT NULL, device_id = ?1 DESC",
    )?;
    let rows: Vec<DeviceRow> = stmt
        .query_map([who.trim()], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .map(|row| -> Result<DeviceRow> {
            let (keys, revoked_at, acked_seq, received_seq, audit_acked) = row?;
            Ok(DeviceRow { keys: serde_json::from_str(&keys)?, revoked_at, acked_seq, received_seq, audit_acked })
        })
        .collect::<Result<_>>()?;
    Ok(rows.into_iter().next())
}
