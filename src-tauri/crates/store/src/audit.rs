//! The audit log: who opened the store, saw a person, changed, exported or took in data, and when.
//!
//! Append-only and hash-chained (migration 8): each entry's hash is BLAKE3 over the previous entry's hash and the
//! entry's own fields, length-prefixed, and the head (last seq and hash) is kept in `meta`, so [`verify`] detects an
//! entry edited, removed (anywhere, the last ones included), inserted or moved. Triggers refuse UPDATE and DELETE.
//! Someone holding the key can still rewrite the whole chain from the point they edit: the chain shows tampering
//! with a copy, it does not stop the owner of the key. Entries carry no personal data: ids, months and counts.

use rusqlite::{OptionalExtension, Transaction, params};

use crate::{Error, Result, Store, Writer};

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened. Stored as its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// The store was created on this device.
    Created,
    /// A successful unlock (the subject is the user's role).
    Login,
    /// A correct passphrase for an account that may not unlock (disabled, or unknown to the store).
    LoginRefused,
    /// The app was locked (quick lock; the subject is "idle" when it locked itself).
    Lock,
    /// A user account added (the subject is "login:role") or disabled (the login).
    UserAdded,
    UserDisabled,
    /// A device setting changed (the subject is "name:value").
    SettingChanged,
    /// Failed unlock attempts counted in the key file since the last unlock (the subject is their number).
    LoginFailed,
    /// The store moved from a passphrase key to a wrapped data key.
    KeyMigrated,
    PassphraseChanged,
    /// A new passphrase set with the recovery key.
    PassphraseReset,
    RecoveryKeyReplaced,
    /// One transaction that appended changes (the subject is the record, or the number of changes).
    Change,
    /// Someone opened a person's page or record (the subject is the person's id).
    ViewPerson,
    /// An export of personal data (the subject says which).
    Export,
    PayrollExport,
    BundleExport,
    BundleImport,
    /// A person who left this laptop's caseload purged from it (the subject: their id and the records purged).
    Purge,
}

impl Action {
    pub fn code(self) -> &'static str {
        match self {
            Action::Created => "created",
            Action::Login => "login",
            Action::LoginRefused => "login_refused",
            Action::Lock => "lock",
            Action::UserAdded => "user_added",
            Action::UserDisabled => "user_disabled",
            Action::SettingChanged => "setting_changed",
            Action::LoginFailed => "login_failed",
            Action::KeyMigrated => "key_migrated",
            Action::PassphraseChanged => "passphrase_changed",
            Action::PassphraseReset => "passphrase_reset",
            Action::RecoveryKeyReplaced => "recovery_key_replaced",
            Action::Change => "change",
            Action::ViewPerson => "view_person",
            Action::Export => "export",
            Action::PayrollExport => "payroll_export",
            Action::BundleExport => "bundle_export",
            Action::BundleImport => "bundle_import",
            Action::Purge => "purge",
        }
    }
}

/// One entry as stored: the same shape as it travels in a bundle.
pub use reintegra_bundle::AuditEntry as Entry;

/// Records an action in its own transaction (a view, an export, an unlock). `subject` must not be personal data:
/// a record id, a bundle id, a month, a count.
pub fn record(store: &mut Store, action: Action, subject: &str) -> Result<()> {
    let device = store.device.id.to_string();
    let user = store.user_id.clone();
    let tx = store.conn.transaction()?;
    append(&tx, &device, &user, action, subject)?;
    tx.commit()?;
    Ok(())
}

impl Writer<'_> {
    /// Records an action in the writer's transaction: it commits with the use case, or not at all.
    pub fn audit(&self, action: Action, subject: &str) -> Result<()> {
        append(self.tx(), &self.device().id.to_string(), self.user(), action, subject)
    }
}

pub(crate) fn append(tx: &Transaction<'_>, device: &str, user: &str, action: Action, subject: &str) -> Result<()> {
    let head: Option<String> =
        tx.query_row("SELECT value FROM meta WHERE key = 'audit_head'", [], |r| r.get(0)).optional()?;
    let (last_seq, prev_hash) = match head.as_deref().and_then(|h| h.split_once(':')) {
        Some((seq, hash)) => (seq.parse::<i64>().map_err(|_| Error::Audit { seq: 0, what: "head" })?, hash.to_owned()),
        None => (0, GENESIS.to_owned()),
    };
    let at = chrono::Utc::now().timestamp_millis();
    let seq = last_seq + 1;
    let hash = entry_hash(&prev_hash, seq, at, device, user, action.code(), subject);
    tx.execute(
        "INSERT INTO audit (seq, at, device, user, action, subject, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![seq, at, device, user, action.code(), subject, prev_hash, hash],
    )?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('audit_head', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [format!("{seq}:{hash}")],
    )?;
    Ok(())
}

fn entry_hash(prev: &str, seq: i64, at: i64, device: &str, user: &str, action: &str, subject: &str) -> String {
    let mut h = blake3::Hasher::new();
    for part in [prev.as_bytes(), &seq.to_le_bytes(), &at.to_le_bytes(), device.as_bytes(), user.as_bytes()]
        .into_iter()
        .chain([action.as_bytes(), subject.as_bytes()])
    {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.finalize().to_hex().to_string()
}

/// The last `limit` entries, newest first.
pub fn recent(store: &mut Store, limit: u32) -> Result<Vec<Entry>> {
    store.read(|tx| {
        let mut stmt = tx.prepare(
            "SELECT seq, at, device, user, action, subject, prev_hash, hash FROM audit ORDER BY seq DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], row)?.collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(rows)
    })
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        seq: r.get(0)?,
        at: r.get(1)?,
        device: r.get(2)?,
        user: r.get(3)?,
        action: r.get(4)?,
        subject: r.get(5)?,
        prev_hash: r.get(6)?,
        hash: r.get(7)?,
    })
}

/// Checks the whole chain; returns the number of entries. An edited, removed, inserted or moved entry is an
/// [`Error::Audit`] naming the first entry where the chain breaks.
pub fn verify(store: &mut Store) -> Result<u64> {
    store.read(|tx| {
        let mut stmt =
            tx.prepare("SELECT seq, at, device, user, action, subject, prev_hash, hash FROM audit ORDER BY seq")?;
        let mut rows = stmt.query([])?;
        let (mut expected_seq, mut prev) = (1i64, GENESIS.to_owned());
        while let Some(r) = rows.next()? {
            let e = row(r)?;
            if e.seq != expected_seq {
                return Err(Error::Audit { seq: expected_seq, what: "entry missing" });
            }
            if e.prev_hash != prev {
                return Err(Error::Audit { seq: e.seq, what: "does not follow the entry before it" });
            }
            if entry_hash(&prev, e.seq, e.at, &e.device, &e.user, &e.action, &e.subject) != e.hash {
                return Err(Error::Audit { seq: e.seq, what: "entry changed" });
            }
            prev = e.hash;
            expected_seq += 1;
        }
        let count = expected_seq - 1;
        let head: Option<String> =
            tx.query_row("SELECT value FROM meta WHERE key = 'audit_head'", [], |r| r.get(0)).optional()?;
        let expected_head = (count > 0).then(|| format!("{count}:{prev}"));
        if head != expected_head {
            return Err(Error::Audit { seq: count + 1, what: "last entries missing" });
        }
        Ok(count as u64)
    })
}

/// Our own entries after `after`, to travel to a supervisor in a bundle.
pub(crate) fn outgoing(tx: &Transaction<'_>, after: i64) -> Result<Vec<Entry>> {
    let mut stmt = tx.prepare(
        "SELECT seq, at, device, user, action, subject, prev_hash, hash FROM audit WHERE seq > ?1 ORDER BY seq",
    )?;
    Ok(stmt.query_map([after], row)?.collect::<std::result::Result<Vec<_>, _>>()?)
}

/// The last entry of `device`'s log this store holds (0 when none).
pub(crate) fn received_top(tx: &Transaction<'_>, device: &str) -> Result<i64> {
    Ok(tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM audit_received WHERE device = ?1", [device], |r| r.get(0))?)
}

/// Keeps the entries of `device`'s log that this store does not hold yet, as they came: checking them is
/// [`verify_received`]'s work, so that an entry missing or altered on the way shows there rather than vanishing.
/// Entries of another device are refused (a bundle carries its sender's own log only).
pub(crate) fn receive(
    tx: &Transaction<'_>,
    device: &str,
    entries: &[reintegra_bundle::AuditEntry],
    bundle_id: &str,
) -> Result<usize> {
    if entries.iter().any(|e| e.device != device) {
        return Err(Error::Refused("error.bundle_audit_foreign"));
    }
    let mut stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO audit_received (device, seq, at, user, action, subject, prev_hash, hash, bundle_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut added = 0;
    for e in entries {
        added +=
            stmt.execute(params![device, e.seq, e.at, e.user, e.action, e.subject, e.prev_hash, e.hash, bundle_id])?;
    }
    Ok(added)
}

/// Per device whose log this store received: the number of entries, or where its chain breaks.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ReceivedChain {
    pub device: String,
    pub entries: u64,
    /// The first entry where the chain breaks, and how.
    pub broken: Option<(i64, &'static str)>,
}

/// Checks every received device log: each from entry 1, without gaps, each entry following the one before and
/// hashing to what it says.
pub fn verify_received(store: &mut Store) -> Result<Vec<ReceivedChain>> {
    store.read(|tx| {
        let mut stmt = tx.prepare(
            "SELECT seq, at, device, user, action, subject, prev_hash, hash FROM audit_received ORDER BY device, seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut out: Vec<ReceivedChain> = Vec::new();
        let mut prev = GENESIS.to_owned();
        while let Some(r) = rows.next()? {
            let e = row(r)?;
            if out.last().is_none_or(|c| c.device != e.device) {
                out.push(ReceivedChain { device: e.device.clone(), entries: 0, broken: None });
                prev = GENESIS.to_owned();
            }
            let Some(chain) = out.last_mut() else { continue };
            if chain.broken.is_some() {
                continue;
            }
            let expected = chain.entries as i64 + 1;
            chain.broken = if e.seq != expected {
                Some((expected, "entry missing"))
            } else if e.prev_hash != prev {
                Some((e.seq, "does not follow the entry before it"))
            } else if entry_hash(&prev, e.seq, e.at, &e.device, &e.user, &e.action, &e.subject) != e.hash {
                Some((e.seq, "entry changed"))
            } else {
                None
            };
            if chain.broken.is_none() {
                chain.entries += 1;
                prev = e.hash;
            }
        }
        Ok(out)
    })
}

/// The last `limit` entries received from `device` (an id or a device name), newest first.
pub fn received(store: &mut Store, device: &str, limit: u32) -> Result<Vec<Entry>> {
    store.read(|tx| {
        let id: String = tx
            .query_row(
                "SELECT device_id FROM devices WHERE device_id = ?1 OR name = ?1
                 UNION SELECT DISTINCT device FROM audit_received WHERE device = ?1 LIMIT 1",
                [device],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(Error::Refused("error.device_unknown"))?;
        let mut stmt = tx.prepare(
            "SELECT seq, at, device, user, action, subject, prev_hash, hash FROM audit_received WHERE device = ?1
             ORDER BY seq DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![id, limit], row)?.collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(rows)
    })
}
