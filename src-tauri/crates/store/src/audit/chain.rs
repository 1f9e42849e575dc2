//! The audit log itself: a hash chain of entries appended inside a transaction, and entries travelling in and out
//! of bundles. Works on a transaction, never on an open store, so the store's own transactions ([`crate::Store`])
//! can audit through it; [`crate::audit`] builds the reads and checks on it.

use rusqlite::{OptionalExtension, Transaction, params};

use crate::{Error, Result, Writer};

pub(super) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

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
    /// Another device trusted (the subject is its id), a laptop's workers changed on the central file, a device
    /// no longer trusted.
    DeviceAdded,
    DeviceReassigned,
    DeviceRevoked,
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
            Action::DeviceAdded => "device_added",
            Action::DeviceReassigned => "device_reassigned",
            Action::DeviceRevoked => "device_revoked",
        }
    }
}

/// One entry as stored: the same shape as it travels in a bundle.
pub use reintegra_bundle::AuditEntry as Entry;

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

pub(super) fn entry_hash(
    prev: &str,
    seq: i64,
    at: i64,
    device: &str,
    user: &str,
    action: &str,
    subject: &str,
) -> String {
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

pub(super) fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
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
/// [`super::verify_received`]'s work, so that an entry missing or altered on the way shows there rather than vanishing.
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
