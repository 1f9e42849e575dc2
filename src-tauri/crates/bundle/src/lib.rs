//! Sync bundles: one file carrying a device's changes to the devices it syncs with.
//!
//! ```text
//! "REINTEGRA-BUNDLE"  16 bytes
//! format version      u16 little-endian
//! header length       u32 little-endian, then the header: JSON (sender, recipients, positions, acks)
//! payload length      u64 little-endian, then the payload, age-encrypted to the recipients' X25519 keys:
//!                     format 2: one JSON line of [`Extras`] (audit entries, releases), then the changes as JSON
//!                     Lines; format 1 (still read): the changes only
//! signature           64 bytes, Ed25519 by the sender over everything before it
//! ```
//!
//! The header stays readable so that an importer can tell who sent a bundle and to whom before trying to decrypt
//! it; it names devices by id only. Encryption alone proves nothing about who wrote a file, so the whole file is
//! signed.

mod keys;

use std::collections::BTreeMap;
use std::io::{Read, Write};

use reintegra_core::merge::Change;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use keys::{Keys, PublicKeys};

pub const MAGIC: &[u8; 16] = b"REINTEGRA-BUNDLE";
pub const FORMAT: u16 = 2;
/// The oldest format this version still reads (format 1: no extras line).
pub const OLDEST_FORMAT: u16 = 1;
const MAX_HEADER: usize = 1 << 20;
const SIGNATURE_CONTEXT: &[u8] = b"reintegra bundle signature v1\0";
const PREFIX: usize = MAGIC.len() + 2 + 4;

/// What a bundle says about itself, in clear.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub bundle_id: Uuid,
    pub sender: Uuid,
    pub recipients: Vec<Uuid>,
    /// The sender's schema version: an importer that knows an older one refuses the bundle.
    pub schema: i64,
    pub created_ms: i64,
    /// The positions of the sender's change log this bundle covers: after `from_seq`, up to `to_seq`.
    pub from_seq: i64,
    pub to_seq: i64,
    /// Per recipient: the sender holds that recipient's own changes up to this position of the recipient's log.
    pub acks: BTreeMap<Uuid, i64>,
    pub changes: u64,
    pub hlc_max: i64,
}

/// What travels beside the changes, inside the encrypted payload (format 2).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Extras {
    /// Entries of the sender's own audit log, in order, for the supervisors that keep a copy per device.
    pub audit: Vec<AuditEntry>,
    /// Per recipient: the sender holds that recipient's audit log up to this entry.
    pub audit_acks: BTreeMap<Uuid, i64>,
    /// People who have left the recipient's caseload (a field laptop), with the sender's log position when they
    /// left: the laptop purges them once the sender holds every change it made about them.
    pub released: BTreeMap<Uuid, i64>,
}

impl Extras {
    pub fn is_empty(&self) -> bool {
        self.audit.is_empty() && self.audit_acks.is_empty() && self.released.is_empty()
    }
}

/// One entry of a device's hash-chained audit log, as it travels. No personal data: ids, months, counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: i64,
    pub device: String,
    pub user: String,
    pub action: String,
    pub subject: String,
    pub prev_hash: String,
    pub hash: String,
}

/// A bundle opened: its header, its changes and what travels beside them.
#[derive(Debug)]
pub struct Opened {
    pub header: Header,
    pub changes: Vec<Change>,
    pub extras: Extras,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    #[error("the file is truncated")]
    Truncated,
    #[error("not a Reintegra bundle")]
    Magic,
    #[error("bundle format {0} is not known to this version")]
    Version(u16),
    #[error("the bundle's header is malformed")]
    Header,
    #[error("the signature does not match the sender's key")]
    Signature,
    #[error("the bundle is not addressed to this device")]
    NotForThisDevice,
    #[error("the bundle cannot be decrypted with this device's key")]
    Decrypt,
    #[error("change {0} of the bundle is malformed")]
    Payload(usize),
    #[error("the bundle holds a different number of changes than its header says")]
    Count,
    #[error("malformed key: {0}")]
    Key(&'static str),
    #[error("no recipients")]
    NoRecipients,
}

impl Error {
    /// The translation key a person sees for this refusal.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Truncated => "error.bundle_truncated",
            Error::Magic => "error.bundle_magic",
            Error::Version(_) => "error.bundle_version",
            Error::Header => "error.bundle_header",
            Error::Signature => "error.bundle_signature",
            Error::NotForThisDevice => "error.bundle_not_for_us",
            Error::Decrypt => "error.bundle_decrypt",
            Error::Payload(_) => "error.bundle_payload",
            Error::Count => "error.bundle_count",
            Error::Key(_) => "error.key_invalid",
            Error::NoRecipients => "error.bundle_no_recipients",
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Writes a bundle: the changes encrypted to `recipients`, the whole signed with the sender's key.
pub fn seal(header: &Header, changes: &[Change], sender: &Keys, recipients: &[PublicKeys]) -> Result<Vec<u8>> {
    seal_with(header, changes, &Extras::default(), sender, recipients)
}

/// Writes a bundle carrying `extras` beside the changes (format 2).
pub fn seal_with(
    header: &Header,
    changes: &[Change],
    extras: &Extras,
    sender: &Keys,
    recipients: &[PublicKeys],
) -> Result<Vec<u8>> {
    if recipients.is_empty() {
        return Err(Error::NoRecipients);
    }
    let mut plain = Vec::with_capacity(changes.len() * 256);
    serde_json::to_writer(&mut plain, extras).map_err(|_| Error::Payload(0))?;
    plain.push(b'\n');
    for c in changes {
        // Serialising plain data into memory cannot fail.
        serde_json::to_writer(&mut plain, c).map_err(|_| Error::Payload(0))?;
        plain.push(b'\n');
    }
    let keys: Vec<age::x25519::Recipient> = recipients.iter().map(PublicKeys::recipient).collect::<Result<_>>()?;
    let encryptor = age::Encryptor::with_recipients(keys.iter().map(|k| k as &dyn age::Recipient))
        .map_err(|_| Error::NoRecipients)?;
    let mut payload = Vec::with_capacity(plain.len() + 1024);
    let io = |_| Error::Decrypt;
    let mut writer = encryptor.wrap_output(&mut payload).map_err(io)?;
    writer.write_all(&plain).map_err(io)?;
    writer.finish().map_err(io)?;
    zeroize::Zeroize::zeroize(&mut plain);

    let header_json = serde_json::to_vec(header).map_err(|_| Error::Header)?;
    let mut out = Vec::with_capacity(PREFIX + header_json.len() + 8 + payload.len() + 64);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&(header_json.len() as u32).to_le_bytes());
    out.extend_from_slice(&header_json);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&payload);
    let signature = sender.sign(&signed_message(&out));
    out.extend_from_slice(&signature);
    Ok(out)
}

/// Reads a bundle's header without checking anything else: who sent it, to whom. Trust nothing in it until
/// [`open`] has verified the signature.
pub fn peek(bytes: &[u8]) -> Result<Header> {
    Ok(frame(bytes)?.header)
}

/// Verifies the signature with the sender's key, checks the bundle is addressed to `me`, decrypts and decodes
/// every change. Nothing is returned unless all of it is sound.
pub fn open(bytes: &[u8], sender: &PublicKeys, me: &Keys, my_id: Uuid) -> Result<(Header, Vec<Change>)> {
    open_full(bytes, sender, me, my_id).map(|o| (o.header, o.changes))
}

/// [`open`], with what travels beside the changes (empty for a format 1 bundle).
pub fn open_full(bytes: &[u8], sender: &PublicKeys, me: &Keys, my_id: Uuid) -> Result<Opened> {
    let framed = frame(bytes)?;
    if framed.header.sender != sender.device_id {
        return Err(Error::Signature);
    }
    let signed = &bytes[..bytes.len() - 64];
    sender.verify(&signed_message(signed), &bytes[bytes.len() - 64..])?;
    if !framed.header.recipients.contains(&my_id) {
        return Err(Error::NotForThisDevice);
    }
    let decryptor = age::Decryptor::new_buffered(framed.payload).map_err(|_| Error::Decrypt)?;
    let mut reader =
        decryptor.decrypt(std::iter::once(me.identity() as &dyn age::Identity)).map_err(|_| Error::Decrypt)?;
    let mut plain = Vec::new();
    reader.read_to_end(&mut plain).map_err(|_| Error::Decrypt)?;
    let decoded = decode(&plain, framed.version);
    zeroize::Zeroize::zeroize(&mut plain);
    let (extras, changes) = decoded?;
    if changes.len() as u64 != framed.header.changes {
        return Err(Error::Count);
    }
    Ok(Opened { header: framed.header, changes, extras })
}

fn decode(plain: &[u8], version: u16) -> Result<(Extras, Vec<Change>)> {
    let mut changes = Vec::new();
    let mut lines = plain.split(|b| *b == b'\n');
    let extras = if version >= 2 {
        serde_json::from_slice::<Extras>(lines.next().unwrap_or_default()).map_err(|_| Error::Payload(0))?
    } else {
        Extras::default()
    };
    for (i, line) in lines.enumerate() {
        if line.is_empty() {
            continue;
        }
        changes.push(serde_json::from_slice::<Change>(line).map_err(|_| Error::Payload(i + 1))?);
    }
    Ok((extras, changes))
}

struct Framed<'a> {
    version: u16,
    header: Header,
    payload: &'a [u8],
}

fn frame(bytes: &[u8]) -> Result<Framed<'_>> {
    if bytes.len() < MAGIC.len() {
        return Err(if MAGIC.starts_with(bytes) { Error::Truncated } else { Error::Magic });
    }
    if &bytes[..MAGIC.len()] != MAGIC {
        return Err(Error::Magic);
    }
    let mut at = MAGIC.len();
    let mut take = |n: usize| -> Result<&[u8]> {
        let part = bytes.get(at..at.checked_add(n).ok_or(Error::Truncated)?).ok_or(Error::Truncated)?;
        at += n;
        Ok(part)
    };
    let version = u16::from_le_bytes(take(2)?.try_into().map_err(|_| Error::Truncated)?);
    if !(OLDEST_FORMAT..=FORMAT).contains(&version) {
        return Err(Error::Version(version));
    }
    let header_len = u32::from_le_bytes(take(4)?.try_into().map_err(|_| Error::Truncated)?) as usize;
    if header_len > MAX_HEADER {
        return Err(Error::Header);
    }
    let header: Header = serde_json::from_slice(take(header_len)?).map_err(|_| Error::Header)?;
    let payload_len = u64::from_le_bytes(take(8)?.try_into().map_err(|_| Error::Truncated)?);
    let payload_len = usize::try_from(payload_len).map_err(|_| Error::Truncated)?;
    let payload = take(payload_len)?;
    let signature = take(64)?;
    if signature.len() != 64 || at != bytes.len() {
        // Bytes after the signature: someone appended to the file.
        return Err(Error::Signature);
    }
    Ok(Framed { version, header, payload })
}

fn signed_message(bytes: &[u8]) -> Vec<u8> {
    let mut m = SIGNATURE_CONTEXT.to_vec();
    m.extend_from_slice(blake3::hash(bytes).as_bytes());
    m
}

#[cfg(test)]
mod tests;
