//! The store's data key and the key file that holds it, wrapped.
//!
//! A store is encrypted by SQLCipher under a random 256-bit *data key* (used as SQLCipher's raw key, so SQLCipher's
//! own PBKDF2 is not involved). The data key is never written in clear: the key file next to the store
//! (`reintegra.db.keys`) holds it encrypted (XChaCha20-Poly1305) once per way in:
//!
//! - a **passphrase** entry per user: the wrapping key is Argon2id(passphrase, random salt) with memory-hard
//!   parameters recorded in the entry, so they can be raised later without breaking older files;
//! - a **recovery** entry: the wrapping key is derived (BLAKE3 key derivation) from a 160-bit random recovery key
//!   shown once at creation. It is random, not chosen by a person, so it needs no slow derivation.
//!
//! The key file also counts failed unlock attempts per user (a store that does not open cannot record them itself):
//! the count imposes a growing wait before the next attempt ([`backoff`]), and the next successful unlock moves it
//! into the audit log. It holds no personal data: users appear by the login they chose, never by name.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::TryRngCore;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use crate::{Error, Result};

const FORMAT: &str = "reintegra-keys";
const VERSION: u32 = 1;
const RECOVERY_CONTEXT: &str = "reintegra 2025 recovery key wrapping v1";
const RECOVERY_BYTES: usize = 20;

/// Argon2id cost of a new passphrase entry: 128 MiB, 3 passes, 1 lane. About half a second on the development
/// machine (see docs/threat-model.md for the measurement).
pub const ARGON2_M_KIB: u32 = 128 * 1024;
pub const ARGON2_T: u32 = 3;
pub const ARGON2_P: u32 = 1;

/// The user of the one passphrase entry of stores made before user accounts (it becomes their first user).
pub const LOCAL_USER: &str = "local";

/// The login of the first user of a new store unless another is chosen: an administrator.
pub const FIRST_LOGIN: &str = "admin";

/// Failed attempts allowed before a wait is imposed, the first wait, and the longest.
pub const FREE_ATTEMPTS: u32 = 3;
pub const FIRST_WAIT_S: u64 = 30;
pub const MAX_WAIT_S: u64 = 15 * 60;

/// How long a user must wait after `failed` consecutive failed attempts before the next one is tried: nothing for
/// the first [`FREE_ATTEMPTS`] - 1, then 30 s, doubling with each further failure, at most 15 minutes. It slows
/// someone guessing at the running app or CLI; against a copied file it is Argon2id that counts.
pub fn backoff(failed: u32) -> std::time::Duration {
    if failed < FREE_ATTEMPTS {
        return std::time::Duration::ZERO;
    }
    let doublings = (failed - FREE_ATTEMPTS).min(16);
    std::time::Duration::from_secs(FIRST_WAIT_S.saturating_mul(1 << doublings).min(MAX_WAIT_S))
}

/// What remains of the wait at `now_ms` after the last failure at `last_ms`. A clock set back never makes the wait
/// longer than the back-off itself.
pub fn remaining_wait(failed: u32, last_ms: Option<i64>, now_ms: i64) -> std::time::Duration {
    let wait = backoff(failed);
    let Some(last) = last_ms else { return std::time::Duration::ZERO };
    let elapsed = u64::try_from(now_ms.saturating_sub(last)).unwrap_or(0);
    let left = (wait.as_millis() as u64).saturating_sub(elapsed);
    std::time::Duration::from_millis(left).min(wait)
}

/// Failed unlock attempts of one user.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempts {
    /// Consecutive failures since this user's last successful unlock (drives the wait).
    pub failed: u32,
    pub last_failed_ms: Option<i64>,
    /// Failures not yet written to the audit log (moved there by the next successful unlock, by anyone).
    pub unaudited: u32,
}

/// The 256-bit key SQLCipher encrypts the store with. Wiped when dropped.
pub struct DataKey(Zeroizing<[u8; 32]>);

impl DataKey {
    pub(crate) fn generate() -> Result<DataKey> {
        let mut k = Zeroizing::new([0u8; 32]);
        random(k.as_mut())?;
        Ok(DataKey(k))
    }

    /// The value of `PRAGMA key` for this raw key: `x'<64 hex digits>'`. Wiped when dropped.
    pub(crate) fn pragma_value(&self) -> Zeroizing<String> {
        let mut hex = Zeroizing::new(hex::encode(&self.0[..]));
        let v = Zeroizing::new(format!("x'{}'", hex.as_str()));
        hex.zeroize();
        v
    }
}

/// A recovery key as a person writes it down: 32 letters and digits in groups of four. Wiped when dropped.
pub struct RecoveryKey(Zeroizing<String>);

impl RecoveryKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn generate() -> Result<(RecoveryKey, Zeroizing<Vec<u8>>)> {
        let mut bytes = Zeroizing::new(vec![0u8; RECOVERY_BYTES]);
        random(&mut bytes)?;
        let text = base32_encode(&bytes);
        let grouped: Vec<&str> = text.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap_or("")).collect();
        Ok((RecoveryKey(Zeroizing::new(grouped.join("-"))), bytes))
    }
}

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(..)")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum EntryKind {
    Passphrase,
    Recovery,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "alg", rename_all = "snake_case")]
enum Kdf {
    Argon2id { m_kib: u32, t: u32, p: u32 },
    Blake3,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Entry {
    kind: EntryKind,
    user: String,
    kdf: Kdf,
    salt: String,
    nonce: String,
    wrapped: String,
}

/// The key file. Public fields are bookkeeping only; the entries are opaque.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct KeyFile {
    format: String,
    version: u32,
    entries: Vec<Entry>,
    /// Failed attempts not yet in the audit log that name no known user (and those counted by older versions).
    #[serde(default)]
    pub failed_unlocks: u32,
    #[serde(default)]
    pub last_failed_ms: Option<i64>,
    /// Failed attempts per login.
    #[serde(default)]
    pub attempts: BTreeMap<String, Attempts>,
    /// The login of the last successful unlock: the unlock screen offers it.
    #[serde(default)]
    pub last_user: Option<String>,
}

/// Where the key file of the store at `db` lives: next to it, with `.keys` appended to the name.
pub fn key_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".keys");
    db.with_file_name(name)
}

impl KeyFile {
    /// A key file for a new data key: one passphrase entry for `user`, and a recovery entry whose key is returned
    /// (to be shown once) when `with_recovery`.
    pub(crate) fn new(
        key: &DataKey,
        user: &str,
        passphrase: &str,
        with_recovery: bool,
    ) -> Result<(KeyFile, Option<RecoveryKey>)> {
        let mut file = KeyFile {
            format: FORMAT.into(),
            version: VERSION,
            entries: Vec::new(),
            failed_unlocks: 0,
            last_failed_ms: None,
            attempts: BTreeMap::new(),
            last_user: Some(user.to_owned()),
        };
        file.set_passphrase(key, user, passphrase)?;
        let recovery = if with_recovery { Some(file.new_recovery(key)?) } else { None };
        Ok((file, recovery))
    }

    pub fn read(path: &Path) -> Result<KeyFile> {
        let bytes = std::fs::read(path)?;
        let file: KeyFile = serde_json::from_slice(&bytes).map_err(|_| Error::KeyFile("malformed"))?;
        if file.format != FORMAT {
            return Err(Error::KeyFile("not a key file"));
        }
        if file.version > VERSION {
            return Err(Error::KeyFile("newer version"));
        }
        Ok(file)
    }

    /// Writes the file next to its final place, syncs it, and renames it over the old one: a crash leaves the old
    /// file or the new one, never half of one.
    pub fn write(&self, path: &Path) -> Result<()> {
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        let mut json = serde_json::to_vec_pretty(self)?;
        json.push(b'\n');
        tmp.write_all(&json)?;
        tmp.as_file().sync_all()?;
        tmp.persist(path).map_err(|e| Error::Io(e.error))?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// Unwraps the data key with a passphrase, trying each passphrase entry. `None` when none opens.
    pub(crate) fn unwrap_passphrase(&self, passphrase: &str) -> Result<Option<(DataKey, String)>> {
        for e in self.entries.iter().filter(|e| e.kind == EntryKind::Passphrase) {
            let Kdf::Argon2id { m_kib, t, p } = e.kdf else { continue };
            let salt = unhex(&e.salt)?;
            let wrapping = argon2id(passphrase.as_bytes(), &salt, m_kib, t, p)?;
            if let Some(key) = e.open(&wrapping)? {
                return Ok(Some((key, e.user.clone())));
            }
        }
        Ok(None)
    }

    /// Unwraps the data key with the passphrase entry of `user` only (one derivation). `None` when it does not open
    /// or there is no such user.
    pub(crate) fn unwrap_user(&self, user: &str, passphrase: &str) -> Result<Option<DataKey>> {
        let Some(e) = self.entries.iter().find(|e| e.kind == EntryKind::Passphrase && e.user == user) else {
            return Ok(None);
        };
        let Kdf::Argon2id { m_kib, t, p } = e.kdf else { return Ok(None) };
        let wrapping = argon2id(passphrase.as_bytes(), &unhex(&e.salt)?, m_kib, t, p)?;
        e.open(&wrapping)
    }

    /// The logins that have a passphrase entry, in the order they were added.
    pub fn users(&self) -> Vec<String> {
        self.entries.iter().filter(|e| e.kind == EntryKind::Passphrase).map(|e| e.user.clone()).collect()
    }

    pub fn has_user(&self, user: &str) -> bool {
        self.entries.iter().any(|e| e.kind == EntryKind::Passphrase && e.user == user)
    }

    /// The login an unlock uses when none is given: the first user (the device's first administrator).
    pub fn default_user(&self) -> Option<String> {
        self.users().into_iter().next()
    }

    /// The login the unlock screen offers: the last one that unlocked, else the first user.
    pub fn remembered_user(&self) -> Option<String> {
        self.last_user.clone().filter(|u| self.has_user(u)).or_else(|| self.default_user())
    }

    /// Removes a user's passphrase entry: their passphrase no longer unwraps the data key.
    pub(crate) fn remove_user(&mut self, user: &str) {
        self.entries.retain(|e| !(e.kind == EntryKind::Passphrase && e.user == user));
        self.attempts.remove(user);
        if self.last_user.as_deref() == Some(user) {
            self.last_user = None;
        }
    }

    /// Unwraps the data key with the recovery key. `None` when it is not this store's.
    pub(crate) fn unwrap_recovery(&self, recovery: &str) -> Result<Option<DataKey>> {
        let Some(bytes) = parse_recovery(recovery) else { return Ok(None) };
        for e in self.entries.iter().filter(|e| e.kind == EntryKind::Recovery) {
            let salt = unhex(&e.salt)?;
            let wrapping = recovery_wrapping(&bytes, &salt);
            if let Some(key) = e.open(&wrapping)? {
                return Ok(Some(key));
            }
        }
        Ok(None)
    }

    /// Sets (or replaces) the passphrase entry of `user`.
    pub(crate) fn set_passphrase(&mut self, key: &DataKey, user: &str, passphrase: &str) -> Result<()> {
        let mut salt = [0u8; 16];
        random(&mut salt)?;
        let wrapping = argon2id(passphrase.as_bytes(), &salt, ARGON2_M_KIB, ARGON2_T, ARGON2_P)?;
        let kdf = Kdf::Argon2id { m_kib: ARGON2_M_KIB, t: ARGON2_T, p: ARGON2_P };
        let entry = Entry::seal(key, EntryKind::Passphrase, user, kdf, &salt, &wrapping)?;
        self.entries.retain(|e| !(e.kind == EntryKind::Passphrase && e.user == user));
        self.entries.push(entry);
        Ok(())
    }

    /// Replaces the recovery entry with a new recovery key, returned to be shown once.
    pub(crate) fn new_recovery(&mut self, key: &DataKey) -> Result<RecoveryKey> {
        let (recovery, bytes) = RecoveryKey::generate()?;
        let mut salt = [0u8; 16];
        random(&mut salt)?;
        let wrapping = recovery_wrapping(&bytes, &salt);
        let entry = Entry::seal(key, EntryKind::Recovery, "recovery", Kdf::Blake3, &salt, &wrapping)?;
        self.entries.retain(|e| e.kind != EntryKind::Recovery);
        self.entries.push(entry);
        Ok(recovery)
    }

    pub fn has_recovery(&self) -> bool {
        self.entries.iter().any(|e| e.kind == EntryKind::Recovery)
    }
}

impl Entry {
    fn aad(kind: EntryKind, user: &str) -> Vec<u8> {
        let kind = match kind {
            EntryKind::Passphrase => "passphrase",
            EntryKind::Recovery => "recovery",
        };
        format!("{FORMAT} v{VERSION}\0{kind}\0{user}").into_bytes()
    }

    fn seal(key: &DataKey, kind: EntryKind, user: &str, kdf: Kdf, salt: &[u8], wrapping: &[u8; 32]) -> Result<Entry> {
        let mut nonce = [0u8; 24];
        random(&mut nonce)?;
        let cipher = XChaCha20Poly1305::new(wrapping.into());
        let aad = Entry::aad(kind, user);
        let wrapped = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: &key.0[..], aad: &aad })
            .map_err(|_| Error::KeyFile("cannot wrap"))?;
        Ok(Entry {
            kind,
            user: user.to_owned(),
            kdf,
            salt: hex::encode(salt),
            nonce: hex::encode(nonce),
            wrapped: hex::encode(wrapped),
        })
    }

    fn open(&self, wrapping: &[u8; 32]) -> Result<Option<DataKey>> {
        let nonce = unhex(&self.nonce)?;
        if nonce.len() != 24 {
            return Err(Error::KeyFile("malformed"));
        }
        let cipher = XChaCha20Poly1305::new(wrapping.into());
        let aad = Entry::aad(self.kind, &self.user);
        let Ok(plain) = cipher.decrypt(XNonce::from_slice(&nonce), Payload { msg: &unhex(&self.wrapped)?, aad: &aad })
        else {
            return Ok(None);
        };
        let plain = Zeroizing::new(plain);
        let mut key = Zeroizing::new([0u8; 32]);
        if plain.len() != 32 {
            return Err(Error::KeyFile("malformed"));
        }
        key.copy_from_slice(&plain);
        Ok(Some(DataKey(key)))
    }
}

fn argon2id(secret: &[u8], salt: &[u8], m_kib: u32, t: u32, p: u32) -> Result<Zeroizing<[u8; 32]>> {
    let params = argon2::Params::new(m_kib, t, p, Some(32)).map_err(|_| Error::KeyFile("bad parameters"))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon.hash_password_into(secret, salt, out.as_mut()).map_err(|_| Error::KeyFile("bad parameters"))?;
    Ok(out)
}

fn recovery_wrapping(bytes: &[u8], salt: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut h = blake3::Hasher::new_derive_key(RECOVERY_CONTEXT);
    h.update(salt);
    h.update(bytes);
    Zeroizing::new(*h.finalize().as_bytes())
}

fn random(buf: &mut [u8]) -> Result<()> {
    rand::rngs::OsRng.try_fill_bytes(buf).map_err(|_| Error::KeyFile("no random source"))
}

fn unhex(s: &str) -> Result<Vec<u8>> {
    hex::decode(s).map_err(|_| Error::KeyFile("malformed"))
}

fn base32_encode(bytes: &[u8]) -> Zeroizing<String> {
    Zeroizing::new(data_encoding::BASE32_NOPAD.encode(bytes))
}

/// The recovery key's bytes from what a person typed: case, spaces and dashes do not matter, and the digits 0, 1
/// and 8 (which the key never contains) are read as the letters O, I and B they are mistaken for.
fn parse_recovery(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    let normal: Zeroizing<String> = Zeroizing::new(
        text.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_uppercase() {
                '0' => 'O',
                '1' => 'I',
                '8' => 'B',
                c => c,
            })
            .collect(),
    );
    if normal.len() != RECOVERY_BYTES * 8 / 5 {
        return None;
    }
    let bytes = Zeroizing::new(data_encoding::BASE32_NOPAD.decode(normal.as_bytes()).ok()?);
    (bytes.len() == RECOVERY_BYTES).then_some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recovery_key_reads_back_however_it_is_typed() {
        let (key, bytes) = RecoveryKey::generate().expect("generate");
        assert_eq!(key.as_str().len(), 32 + 7);
        assert_eq!(parse_recovery(key.as_str()).as_deref().map(|v| &v[..]), Some(&bytes[..]));
        let sloppy = key.as_str().to_lowercase().replace('-', " ").replace('o', "0");
        assert_eq!(parse_recovery(&sloppy).as_deref().map(|v| &v[..]), Some(&bytes[..]));
        assert!(parse_recovery(&key.as_str()[..30]).is_none());
        assert!(parse_recovery("not a key at all").is_none());
    }

    #[test]
    fn backoff_schedule() {
        use std::time::Duration;
        let cases: &[(&str, u32, u64)] = &[
            ("no failure", 0, 0),
            ("one slip", 1, 0),
            ("two slips", 2, 0),
            ("third failure waits 30 s", 3, 30),
            ("fourth doubles", 4, 60),
            ("fifth doubles again", 5, 120),
            ("sixth", 6, 240),
            ("seventh", 7, 480),
            ("eighth reaches the cap", 8, 900),
            ("many stay at the cap", 40, 900),
            ("the counter's maximum stays at the cap", u32::MAX, 900),
        ];
        for (name, failed, secs) in cases {
            assert_eq!(backoff(*failed), Duration::from_secs(*secs), "{name}");
        }
    }

    #[test]
    fn remaining_wait_cases() {
        use std::time::Duration;
        let cases: &[(&str, u32, Option<i64>, i64, u64)] = &[
            ("under the free attempts", 2, Some(1_000), 1_000, 0),
            ("just after the third failure", 3, Some(1_000), 1_000, 30_000),
            ("ten seconds later", 3, Some(1_000), 11_000, 20_000),
            ("wait over", 3, Some(1_000), 31_000, 0),
            ("long after", 4, Some(1_000), 10_000_000, 0),
            ("clock set back: no longer than the back-off", 3, Some(1_000_000), 0, 30_000),
            ("no time recorded", 5, None, 0, 0),
        ];
        for (name, failed, last, now, ms) in cases {
            assert_eq!(remaining_wait(*failed, *last, *now), Duration::from_millis(*ms), "{name}");
        }
    }

    #[test]
    fn entries_open_with_their_secret_only() {
        let key = DataKey::generate().expect("key");
        let (mut file, recovery) = KeyFile::new(&key, LOCAL_USER, "una frase larga", true).expect("file");
        let recovery = recovery.expect("recovery");
        let (k, user) = file.unwrap_passphrase("una frase larga").expect("run").expect("opens");
        assert_eq!(k.0[..], key.0[..]);
        assert_eq!(user, LOCAL_USER);
        assert!(file.unwrap_passphrase("otra frase").expect("run").is_none());
        assert!(file.unwrap_recovery(recovery.as_str()).expect("run").is_some());
        let (other, _) = RecoveryKey::generate().expect("other");
        assert!(file.unwrap_recovery(other.as_str()).expect("run").is_none());
        file.set_passphrase(&key, LOCAL_USER, "la nueva frase").expect("change");
        assert!(file.unwrap_passphrase("una frase larga").expect("run").is_none());
        assert!(file.unwrap_passphrase("la nueva frase").expect("run").is_some());
    }

    /// Run with `cargo test -p reintegra-store --release -- --ignored --nocapture measure_argon2` to time the
    /// derivation on this machine.
    #[test]
    #[ignore]
    fn measure_argon2() {
        for (m, t) in [(64 * 1024, 3), (128 * 1024, 3), (256 * 1024, 2), (256 * 1024, 3), (64 * 1024, 8)] {
            let start = std::time::Instant::now();
            let n = 5;
            for _ in 0..n {
                argon2id(b"una frase larga", &[7u8; 16], m, t, 1).expect("derive");
            }
            println!("m={} MiB t={t} p=1: {:?} per derivation", m / 1024, start.elapsed() / n);
        }
    }

    /// The derivation's 128 MiB go back to the system once it is done (#18, docs/performance.md "Memory"): the
    /// allocation is larger than glibc's largest mmap threshold (32 MiB), so it is a mapping of its own, unmapped
    /// when freed, not heap kept by the allocator. Linux only (reads /proc/self/status). The process's resident size
    /// is only this test's when nothing else runs in it, so the test runs itself again, alone, in a child process
    /// (other tests of this binary allocate at the same time).
    #[test]
    #[cfg(target_os = "linux")]
    fn argon2_memory_is_returned_after_the_derivation() {
        const ALONE: &str = "REINTEGRA_ARGON2_MEMORY_ALONE";
        if std::env::var_os(ALONE).is_none() {
            let out = std::process::Command::new(std::env::current_exe().expect("test binary"))
                .args(["--exact", "keys::tests::argon2_memory_is_returned_after_the_derivation", "--nocapture"])
                .args(["--test-threads", "1"])
                .env(ALONE, "1")
                .output()
                .expect("run the test alone");
            print!("{}", String::from_utf8_lossy(&out.stdout));
            assert!(out.status.success(), "alone: {}", String::from_utf8_lossy(&out.stdout));
            return;
        }
        let status = |name: &str| -> u64 {
            std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| s.lines().find(|l| l.starts_with(name))?.split_whitespace().nth(1)?.parse().ok())
                .unwrap_or(0)
        };
        let before = status("VmRSS:");
        let key = argon2id(b"una frase larga", &[7u8; 16], ARGON2_M_KIB, ARGON2_T, ARGON2_P).expect("derive");
        let (after, peak) = (status("VmRSS:"), status("VmHWM:"));
        drop(key);
        println!("FIGURE argon2id memory: resident before {before} kB, peak {peak} kB, after {after} kB");
        assert!(peak >= before + u64::from(ARGON2_M_KIB) / 2, "the derivation did use its memory");
        assert!(after < before + 8 * 1024, "returned: {before} kB before, {after} kB after");
    }
}
