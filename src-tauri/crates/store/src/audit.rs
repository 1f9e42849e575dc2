//! The audit log: who opened the store, saw a person, changed, exported or took in data, and when.
//!
//! Append-only and hash-chained (migration 8): each entry's hash is BLAKE3 over the previous entry's hash and the
//! entry's own fields, length-prefixed, and the head (last seq and hash) is kept in `meta`, so [`verify`] detects an
//! entry edited, removed (anywhere, the last ones included), inserted or moved. Triggers refuse UPDATE and DELETE.
//! Someone holding the key can still rewrite the whole chain from the point they edit: the chain shows tampering
//! with a copy, it does not stop the owner of the key. Entries carry no personal data: ids, months and counts.

use rusqlite::{OptionalExtension, params};

use crate::{Error, Result, Store};

mod chain;

pub use chain::{Action, Entry};
use chain::{GENESIS, entry_hash, row};
pub(crate) use chain::{append, outgoing, receive, received_top};

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
