//! The audit log: who opened the store, saw a person, changed, exported or took in data, and when.
//!
//! Append-only and hash-chained (migration 8): each entry's hash is BLAKE3 over the previous entry's hash and the
//! entry's own fields, length-prefixed, and the head (last seq and hash) is kept in `meta`, so [`verify`] detects an
//! entry edited, removed (anywhere, the last ones included), inserted or moved. Triggers refuse UPDATE and DELETE.
//! Someone holding the key can still rewrite the whole chain from the point they edit: the chain shows tampering
//! with a copy, it does not stop the owner of the key. Entries carry no personal data: ids, months and counts.

use reintegra_core::date::UTC_OFFSET_HOURS;
use reintegra_core::wire::data::{AuditItem, AuditPage, AuditQuery, ChainState};
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
    let before = store.conn.total_changes();
    let tx = store.conn.transaction()?;
    append(&tx, &device, &user, action, subject)?;
    tx.commit()?;
    // Rows the home agenda's kept lists do not depend on (`agenda::Memo`).
    store.agenda_memo.audit_changes += store.conn.total_changes() - before;
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

/// The default and largest page of [`search`].
pub const PAGE: u32 = 50;
pub const PAGE_MAX: u32 = 500;

/// Milliseconds (UTC) at the start of `day` in El Salvador.
fn day_start_ms(day: chrono::NaiveDate) -> i64 {
    day.and_time(chrono::NaiveTime::MIN).and_utc().timestamp_millis() - UTC_OFFSET_HOURS * 3_600_000
}

/// This store's log filtered in the query (who, which person or record named in the subject, what action, from and
/// to which day, inclusive), newest first, a page at a time; with the state of the chain and of the logs received.
pub fn search(store: &mut Store, q: &AuditQuery) -> Result<AuditPage> {
    let chain = chain(store)?;
    let received = received_chains(store)?;
    let limit = match q.limit {
        0 => PAGE,
        n => n.min(PAGE_MAX),
    };
    let blank = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let from = q.from.map(day_start_ms);
    let to = q.to.and_then(|d| d.succ_opt()).map(day_start_ms);
    let filter = "(?1 IS NULL OR user = ?1) AND (?2 IS NULL OR instr(lower(subject), lower(?2)) > 0)
        AND (?3 IS NULL OR action = ?3) AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at < ?5)";
    let (user, person, action) = (blank(&q.user), blank(&q.person), blank(&q.action));
    let args = params![user, person, action, from, to];
    store.read(|tx| {
        let total: i64 = tx.query_row(&format!("SELECT COUNT(*) FROM audit WHERE {filter}"), args, |r| r.get(0))?;
        let mut stmt = tx.prepare(&format!(
            "SELECT seq, at, user, action, subject FROM audit WHERE {filter} ORDER BY seq DESC LIMIT {limit} OFFSET {}",
            q.offset
        ))?;
        let entries = stmt
            .query_map(args, |r| {
                Ok(AuditItem {
                    seq: r.get(0)?,
                    at_ms: r.get(1)?,
                    user: r.get(2)?,
                    action: r.get(3)?,
                    subject: r.get(4)?,
                })
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let list = |sql: &str| -> Result<Vec<String>> {
            let mut stmt = tx.prepare(sql)?;
            Ok(stmt.query_map([], |r| r.get(0))?.collect::<std::result::Result<Vec<_>, _>>()?)
        };
        let actions = list("SELECT DISTINCT action FROM audit ORDER BY action")?;
        let users = list("SELECT DISTINCT user FROM audit WHERE user <> '' ORDER BY user")?;
        Ok(AuditPage { entries, total: total as u64, offset: q.offset, limit, chain, received, actions, users })
    })
}

/// The state of this store's chain: intact with its entries, or the first entry where it breaks and how.
pub fn chain(store: &mut Store) -> Result<ChainState> {
    match verify(store) {
        Ok(entries) => Ok(ChainState { device: None, entries, broken_at: None, broken: None }),
        Err(Error::Audit { seq, what }) => Ok(ChainState {
            device: None,
            entries: seq.saturating_sub(1).max(0) as u64,
            broken_at: Some(seq),
            broken: Some(what.to_owned()),
        }),
        Err(e) => Err(e),
    }
}

/// [`verify_received`] as states, each device by its name when this store knows it.
pub fn received_chains(store: &mut Store) -> Result<Vec<ChainState>> {
    let chains = verify_received(store)?;
    store.read(|tx| {
        let mut out = Vec::new();
        for c in chains {
            let name: Option<String> =
                tx.query_row("SELECT name FROM devices WHERE device_id = ?1", [&c.device], |r| r.get(0)).optional()?;
            out.push(ChainState {
                device: Some(name.unwrap_or(c.device)),
                entries: c.entries,
                broken_at: c.broken.map(|b| b.0),
                broken: c.broken.map(|b| b.1.to_owned()),
            });
        }
        Ok(out)
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
