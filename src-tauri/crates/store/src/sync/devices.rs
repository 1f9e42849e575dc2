//! The devices this store trusts: registered from their public keys, revoked when a laptop is lost.

use reintegra_bundle::PublicKeys;
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use uuid::Uuid;

use super::now_ms;
use crate::{Error, Result, Store};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Added {
    Added,
    /// Already trusted with the same keys: name and workers refreshed.
    Updated,
}

/// Trusts another device. Refuses this device itself, a revoked device, a name already used by another device,
/// and new keys for a known device id (someone would be taking its place).
pub fn add(store: &mut Store, doc: &PublicKeys) -> Result<Added> {
    doc.check()?;
    if doc.device_id == store.device().id {
        return Err(Error::Refused("error.device_is_self"));
    }
    let name = reintegra_core::text::tidy(&doc.name);
    store.with_tx(|w| {
        let tx = w.tx();
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
        let stored = PublicKeys { name: name.clone(), ..doc.clone() };
        tx.execute(
            "INSERT INTO devices (device_id, name, role, public_keys, added_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(device_id) DO UPDATE SET name = excluded.name, public_keys = excluded.public_keys",
            params![doc.device_id.to_string(), name, doc.role, serde_json::to_string(&stored)?, now_ms()],
        )?;
        Ok(if known.is_some() { Added::Updated } else { Added::Added })
    })
}

/// A trusted (or formerly trusted) device as `devices list` shows it.
#[derive(Clone, Debug, Serialize)]
pub struct DeviceInfo {
    pub device_id: Uuid,
    pub name: String,
    pub role: String,
    pub fingerprint: String,
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
pub fn revoke(store: &mut Store, who: &str) -> Result<Uuid> {
    store.with_tx(|w| {
        let row = find_row(w.tx(), who)?.ok_or(Error::Refused("error.device_unknown"))?;
        w.tx().execute(
            "UPDATE devices SET revoked_at = COALESCE(revoked_at, ?1) WHERE device_id = ?2",
            params![now_ms(), row.keys.device_id.to_string()],
        )?;
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
