//! Writing a bundle: the changes the recipients have not acknowledged, encrypted to them, signed, written to a
//! temporary file, synced, renamed into place and read back.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use reintegra_bundle::{Extras, Header, PublicKeys};
use reintegra_core::merge::Change;
use reintegra_core::wire::DeviceRole;
use rusqlite::params;
use serde::Serialize;
use uuid::Uuid;

use super::caseload;
use super::devices::{DeviceRow, find_row};
use super::now_ms;
use crate::changes::{CHANGE_COLUMNS, change_from_row};
use crate::{Error, Result, Store};

#[derive(Clone, Debug, Serialize)]
pub struct ExportReport {
    pub bundle_id: Uuid,
    pub recipients: Vec<Recipient>,
    pub changes: usize,
    pub bytes: u64,
    pub path: PathBuf,
}

#[derive(Clone, Debug, Serialize)]
pub struct Recipient {
    pub device_id: Uuid,
    pub name: String,
}

/// Writes to `out` a bundle for the devices named in `to` (ids or names). Without `to`, a field device writes to
/// every device it trusts; a supervisor must say to whom, unless it trusts only one.
pub fn export(store: &mut Store, to: &[String], out: &Path) -> Result<ExportReport> {
    export_with(store, to, out, None)
}

/// [`export`], with the people of every laptop read once for a folder's round ([`caseload::Directory`]).
pub(crate) fn export_with(
    store: &mut Store,
    to: &[String],
    out: &Path,
    directory: Option<&caseload::Directory>,
) -> Result<ExportReport> {
    let keys = super::keys(store)?;
    let me = store.device().clone();
    let prepared = store.read(|tx| {
        let recipients = recipients(tx, to, me.role)?;
        let field_recipient = recipients.iter().find(|r| r.keys.role == "field");
        if me.role == DeviceRole::Supervisor && field_recipient.is_some() && recipients.len() > 1 {
            // One file readable by several laptops would show each one the others' caseload.
            return Err(Error::Refused("error.bundle_one_field_recipient"));
        }
        let from = recipients.iter().map(|r| r.acked_seq).min().unwrap_or(0);
        let top: i64 = tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM changes", [], |r| r.get(0))?;
        let only: Option<Uuid> = (recipients.len() == 1).then(|| recipients[0].keys.device_id);

        let scope = match field_recipient {
            Some(r) if me.role == DeviceRole::Supervisor => Some(field_scope(tx, r, top, directory)?),
            _ => None,
        };
        let mut changes: Vec<Change> = Vec::new();
        if let (Some(scope), Some(device)) = (&scope, only) {
            let sent = caseload::laptop_changes(tx, &scope.laptop(device, from), caseload::Way::Cheaper, directory)?;
            changes = sent.into_iter().map(|(_, c)| c).collect();
        } else {
            let mut stmt =
                tx.prepare(&format!("SELECT seq, {CHANGE_COLUMNS} FROM changes WHERE seq > ?1 ORDER BY seq"))?;
            let mut rows = stmt.query([from])?;
            while let Some(row) = rows.next()? {
                let c = change_from_row(row, 1)?;
                // A device is not sent its own changes back; a field laptop sends what was written on it.
                let own = only == Some(c.device_id);
                if !own && (me.role == DeviceRole::Supervisor || c.device_id == me.id) {
                    changes.push(c);
                }
            }
        }
        let (new_people, releases) = scope.map(|s| (s.new, s.releases)).unwrap_or_default();
        let acks = recipients.iter().map(|r| (r.keys.device_id, r.received_seq)).collect();

        // Our audit log goes to the supervisors among the recipients, from where the least advanced one is.
        let to_supervisors: Vec<&DeviceRow> = recipients.iter().filter(|r| r.keys.role == "supervisor").collect();
        let audit = match to_supervisors.iter().map(|r| r.audit_acked).min() {
            Some(after) => crate::audit::outgoing(tx, after)?,
            None => Vec::new(),
        };
        let mut audit_acks = BTreeMap::new();
        for r in &recipients {
            let top = crate::audit::received_top(tx, &r.keys.device_id.to_string())?;
            if top > 0 {
                audit_acks.insert(r.keys.device_id, top);
            }
        }
        let released = releases.iter().filter_map(|(p, at, _)| Uuid::parse_str(p).ok().map(|id| (id, *at))).collect();
        let extras = Extras { audit, audit_acks, released };
        Ok((recipients, from, top, changes, acks, new_people, extras, releases))
    })?;
    let (recipients, from, top, changes, acks, new_people, extras, releases) = prepared;

    let header = Header {
        bundle_id: Uuid::now_v7(),
        sender: me.id,
        recipients: recipients.iter().map(|r| r.keys.device_id).collect(),
        schema: crate::migrations::latest(),
        created_ms: now_ms(),
        from_seq: from,
        to_seq: top,
        acks,
        changes: changes.len() as u64,
        hlc_max: changes.iter().map(|c| c.hlc).max().unwrap_or(0),
    };
    let publics: Vec<PublicKeys> = recipients.iter().map(|r| r.keys.clone()).collect();
    let bytes = reintegra_bundle::seal_with(&header, &changes, &extras, &keys, &publics)?;
    write_atomically(out, &bytes)?;
    let back = std::fs::read(out)?;
    if back != bytes || reintegra_bundle::peek(&back)? != header {
        return Err(Error::Refused("error.bundle_write_check"));
    }

    let report = ExportReport {
        bundle_id: header.bundle_id,
        recipients: recipients
            .iter()
            .map(|r| Recipient { device_id: r.keys.device_id, name: r.keys.name.clone() })
            .collect(),
        changes: changes.len(),
        bytes: bytes.len() as u64,
        path: out.to_owned(),
    };
    store.with_tx(|w| {
        w.audit(crate::audit::Action::BundleExport, &header.bundle_id.to_string())?;
        let tx = w.tx();
        let first = recipients.first().map(|r| r.keys.device_id.to_string()).unwrap_or_default();
        tx.execute(
            "INSERT INTO bundles (bundle_id, direction, device_id, at, changes, report) VALUES (?1, 'out', ?2, ?3, ?4, ?5)",
            params![header.bundle_id.to_string(), first, now_ms(), changes.len() as i64, serde_json::to_string(&report)?],
        )?;
        for r in &recipients {
            tx.execute(
                "UPDATE devices SET last_export = ?1, exported_seq = MAX(exported_seq, ?2),
                    exported_received = received_seq WHERE device_id = ?3",
                params![now_ms(), top, r.keys.device_id.to_string()],
            )?;
        }
        let mut insert = tx.prepare(
            "INSERT INTO caseload (device_id, person_id, since_seq) VALUES (?1, ?2, ?3)
             ON CONFLICT (device_id, person_id) DO UPDATE SET since_seq = excluded.since_seq, released_seq = NULL",
        )?;
        for p in &new_people {
            insert.execute(params![first, p, top])?;
        }
        for (p, at, first_time) in &releases {
            if *first_time {
                tx.execute(
                    "UPDATE caseload SET released_seq = ?1 WHERE device_id = ?2 AND person_id = ?3",
                    params![at, first, p],
                )?;
            }
        }

        Ok(())
    })?;
    Ok(report)
}

/// What a supervisor sends a field laptop: its caseload; people new to it come with their whole history, and so
/// do people coming back after they had left it. People who left it are named in the bundle (and their own record's
/// changes go with them, so the laptop sees the reassignment) until the laptop has acknowledged it.
pub(crate) struct FieldScope {
    pub people: HashSet<String>,
    /// New to the laptop, coming back, or sent after what it acknowledged: their whole history goes.
    pub pending: HashSet<String>,
    pub returning: HashSet<String>,
    /// To remember as sent, from this bundle on.
    pub new: Vec<String>,
    /// People leaving the laptop: (person, at, whether this is the first bundle saying so).
    pub releases: Vec<(String, i64, bool)>,
    pub leaving: HashSet<String>,
}

impl FieldScope {
    pub fn laptop(&self, device: Uuid, from: i64) -> caseload::Laptop<'_> {
        caseload::Laptop {
            device,
            people: &self.people,
            pending: &self.pending,
            returning: &self.returning,
            leaving: &self.leaving,
            from,
        }
    }
}

pub(crate) fn field_scope(
    tx: &rusqlite::Transaction<'_>,
    r: &DeviceRow,
    top: i64,
    directory: Option<&caseload::Directory>,
) -> Result<FieldScope> {
    let people = match directory {
        Some(d) => d.people(r.keys.device_id, &r.keys.workers),
        None => caseload::people(tx, r.keys.device_id, &r.keys.workers)?,
    };
    let mut sent: BTreeMap<String, (i64, Option<i64>)> = BTreeMap::new();
    let mut stmt = tx.prepare("SELECT person_id, since_seq, released_seq FROM caseload WHERE device_id = ?1")?;
    for row in stmt.query_map([r.keys.device_id.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
        let (p, since, released): (String, i64, Option<i64>) = row?;
        sent.insert(p, (since, released));
    }
    let pending: HashSet<String> = people
        .iter()
        .filter(|p| sent.get(*p).is_none_or(|(since, released)| released.is_some() || *since > r.acked_seq))
        .cloned()
        .collect();
    let returning =
        people.iter().filter(|p| sent.get(*p).is_some_and(|(_, released)| released.is_some())).cloned().collect();
    let new: Vec<String> =
        people.iter().filter(|p| sent.get(*p).is_none_or(|(_, released)| released.is_some())).cloned().collect();
    let mut releases = Vec::new();
    for (p, (_, released)) in &sent {
        if people.contains(p) {
            continue;
        }
        match released {
            None => releases.push((p.clone(), top, true)),
            // The laptop holds the release: nothing more to say until they come back.
            Some(at) if *at <= r.acked_seq => {}
            Some(at) => releases.push((p.clone(), *at, false)),
        }
    }
    let leaving = releases.iter().map(|(p, _, _)| p.clone()).collect();
    Ok(FieldScope { people, pending, returning, new, releases, leaving })
}

fn recipients(tx: &rusqlite::Transaction<'_>, to: &[String], role: DeviceRole) -> Result<Vec<DeviceRow>> {
    let mut out: Vec<DeviceRow> = Vec::new();
    if to.is_empty() {
        let mut stmt = tx.prepare("SELECT device_id FROM devices WHERE revoked_at IS NULL ORDER BY name")?;
        let ids: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
        if ids.is_empty() {
            return Err(Error::Refused("error.no_devices"));
        }
        if role == DeviceRole::Supervisor && ids.len() > 1 {
            return Err(Error::Refused("error.bundle_choose_recipient"));
        }
        for id in ids {
            out.extend(find_row(tx, &id)?);
        }
    } else {
        for who in to {
            let row = find_row(tx, who)?.ok_or(Error::Refused("error.device_unknown"))?;
            if row.revoked_at.is_some() {
                return Err(Error::Refused("error.device_revoked"));
            }
            if !out.iter().any(|r| r.keys.device_id == row.keys.device_id) {
                out.push(row);
            }
        }
    }
    Ok(out)
}

/// Writes next to the target, syncs, renames over it and syncs the folder: a crash leaves the old file or the new
/// one, never half of one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| Error::Io(e.error))?;
    if let Ok(d) = std::fs::File::open(dir) {
        // Not every platform can sync a directory; the rename itself is already atomic.
        let _ = d.sync_all();
    }
    Ok(())
}
