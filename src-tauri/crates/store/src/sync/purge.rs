//! Minimisation on a field laptop: the people the central file says have left this laptop's caseload (reassigned
//! to another worker) are purged once the central file holds every change this laptop made about them.
//!
//! A purge deletes, in one transaction, the person's row, the rows of the records only about purged people
//! (relationships, visits, attendance, referrals, plans, payments ...), their change-log entries, open conflicts,
//! links and drafts, and writes one audit entry per person (ids and counts only). It keeps the purged record ids
//! (`purged`), so that a late copy of one of their changes, from a bundle older than the release, is not taken in
//! again; a bundle from after the release that carries the person again (reassigned back: the central file sends
//! the whole history) lifts that. The highest log position is kept (`seq_floor`), so positions other devices have
//! acknowledged are never reused. The freed pages are overwritten (`secure_delete`), the WAL truncated and the file
//! vacuumed, so the decrypted pages hold nothing of them either.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use reintegra_core::records::Kind;
use reintegra_core::wire::DeviceRole;
use rusqlite::{Transaction, params};
use serde::Serialize;
use uuid::Uuid;

use super::caseload;
use super::now_ms;
use crate::audit::Action;
use crate::{Result, Store};

/// What a purge did, or would do (`dry_run`).
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct PurgeReport {
    pub dry_run: bool,
    /// People purged (or to purge).
    pub people: usize,
    /// Records purged with them, the people included.
    pub records: usize,
    /// Change-log entries deleted.
    pub changes: usize,
    /// People released by the central file whose changes made here it has not yet acknowledged.
    pub waiting: usize,
}

/// Purges the released people whose changes made here the central file holds. A supervisor's store purges nothing.
pub fn purge(store: &mut Store, dry_run: bool) -> Result<PurgeReport> {
    if store.device().role != DeviceRole::Field {
        return Ok(PurgeReport { dry_run, ..PurgeReport::default() });
    }
    let workers = super::workers(store)?;
    let me = store.device().id;
    let report = if dry_run {
        store.read(|tx| run(tx, me, &workers, true).map(|(r, _)| r))?
    } else {
        store.with_tx(|w| {
            let (report, purged) = run(w.tx(), me, &workers, false)?;
            for (person, records) in &purged {
                w.audit(Action::Purge, &format!("{person}:{records}"))?;
            }
            Ok(report)
        })?
    };
    if !dry_run && report.people > 0 {
        // Old page images in the WAL and freed pages in the file: rewrite them so no decrypted page keeps them.
        // Best effort: the purge has committed, and secure_delete already zeroed what it deleted; a reader holding
        // the WAL only delays this to the next purge or checkpoint.
        let _ = store.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);");
    }
    Ok(report)
}

/// Returns the report and, per purged person, the number of records purged with them.
fn run(
    tx: &Transaction<'_>,
    me: Uuid,
    workers: &[String],
    dry_run: bool,
) -> Result<(PurgeReport, Vec<(String, usize)>)> {
    let mut report = PurgeReport { dry_run, ..PurgeReport::default() };
    // Released and not yet purged, with how far the releasing central file holds this laptop's log.
    let mut released: BTreeMap<String, i64> = BTreeMap::new();
    {
        let mut stmt = tx.prepare(
            "SELECT r.person_id, COALESCE(d.acked_seq, 0) FROM main.released r LEFT JOIN main.devices d ON d.device_id = r.sender
             WHERE r.purged_at IS NULL",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (p, acked) = row?;
            released.insert(p, acked);
        }
    }
    if released.is_empty() {
        return Ok((report, Vec::new()));
    }
    // Never on a laptop that does not know its workers, and never someone assigned here again (the release and a
    // return crossing): their caseload is decided here too.
    let folded: Vec<String> = workers.iter().map(|w| reintegra_core::text::fold(w)).collect();
    let mut candidates: HashSet<String> = HashSet::new();
    for p in released.keys() {
        let worker: Option<String> = tx
            .query_row("SELECT json_extract(data, '$.assigned_worker') FROM main.persons WHERE id = ?1", [p], |r| {
                r.get(0)
            })
            .unwrap_or(None);
        let mine = worker.is_some_and(|w| folded.contains(&reintegra_core::text::fold(&w)));
        if !mine && !folded.is_empty() {
            candidates.insert(p.clone());
        }
    }

    // The records to purge with the candidates, and who is waiting for an acknowledgement.
    let mut waiting: BTreeSet<String> = BTreeSet::new();
    let records = loop {
        let records = records_about(tx, &candidates)?;
        let mut blocked = BTreeSet::new();
        for (kind, id, people) in &records {
            let own: i64 = tx.query_row(
                "SELECT COALESCE(MAX(seq), 0) FROM main.changes WHERE kind = ?1 AND record_id = ?2 AND device_id = ?3",
                params![kind.name(), id.to_string(), me.to_string()],
                |r| r.get(0),
            )?;
            for p in people {
                if own > released.get(p).copied().unwrap_or(0) {
                    blocked.insert(p.clone());
                }
            }
        }
        if blocked.is_empty() {
            break records;
        }
        for p in &blocked {
            candidates.remove(p);
        }
        waiting.extend(blocked);
    };
    report.waiting = waiting.len();
    report.people = candidates.len();
    report.records = records.len();

    // The top of the log before anything is deleted: new changes go above it.
    let top: i64 = tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM main.changes", [], |r| r.get(0))?;
    let mut per_person: BTreeMap<String, usize> = candidates.iter().map(|p| (p.clone(), 0)).collect();
    for (kind, id, people) in &records {
        let id = id.to_string();
        report.changes += tx.query_row(
            "SELECT count(*) FROM main.changes WHERE kind = ?1 AND record_id = ?2",
            params![kind.name(), id],
            |r| r.get::<_, i64>(0),
        )? as usize;
        for p in people {
            *per_person.entry(p.clone()).or_default() += 1;
        }
        if dry_run {
            continue;
        }
        // The progress figures it counted for are counted again before the commit.
        crate::indicators::aggregates::mark(tx, *kind, &id)?;
        tx.execute(&format!("DELETE FROM main.{} WHERE id = ?1", kind.table()), [&id])?;
        tx.execute("DELETE FROM main.changes WHERE kind = ?1 AND record_id = ?2", params![kind.name(), id])?;
        tx.execute("DELETE FROM main.conflicts WHERE record_id = ?1", [&id])?;
        tx.execute("DELETE FROM main.person_links WHERE record_id = ?1 OR person_id = ?1", [&id])?;
        // Drafts are keyed by the record they edit ("home_visit:<id>") or hold the person's id in their data.
        tx.execute("DELETE FROM main.drafts WHERE instr(key, ?1) > 0 OR instr(data, ?1) > 0", [&id])?;
        tx.execute(
            "INSERT OR REPLACE INTO main.purged (kind, record_id, person_id) VALUES (?1, ?2, ?3)",
            params![kind.name(), id, people.first().cloned().unwrap_or_default()],
        )?;
    }
    if !dry_run && !candidates.is_empty() {
        tx.execute(
            "INSERT INTO main.meta (key, value) VALUES ('seq_floor', ?1)
             ON CONFLICT (key) DO UPDATE SET value = MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
            [top.to_string()],
        )?;
        let now = now_ms();
        for p in &candidates {
            tx.execute("UPDATE main.released SET purged_at = ?1 WHERE person_id = ?2", params![now, p])?;
        }
    }
    Ok((report, per_person.into_iter().collect()))
}

/// Every record all of whose people are in `people` (the people themselves included), with those people. A record
/// also about someone who stays (a visit that met two people, a relative's link to a participant who stays) is kept.
fn records_about(tx: &Transaction<'_>, people: &HashSet<String>) -> Result<Vec<(Kind, Uuid, Vec<String>)>> {
    let mut out = Vec::new();
    if people.is_empty() {
        return Ok(out);
    }
    let mut sorted: Vec<&String> = people.iter().collect();
    sorted.sort();
    for p in sorted {
        if let Ok(id) = Uuid::parse_str(p) {
            out.push((Kind::Person, id, vec![p.clone()]));
        }
    }
    for kind in Kind::ALL {
        if kind == Kind::Person {
            continue;
        }
        let mut stmt = tx.prepare(&format!("SELECT id FROM main.{} ORDER BY id", kind.table()))?;
        let ids: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
        for id in ids {
            let Ok(id) = Uuid::parse_str(&id) else { continue };
            let Some(about) = caseload::subjects(tx, kind, id)? else { break };
            if !about.is_empty() && about.iter().all(|p| people.contains(p)) {
                let mut about = about;
                about.sort();
                about.dedup();
                out.push((kind, id, about));
            }
        }
    }
    Ok(out)
}
