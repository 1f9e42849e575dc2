//! The progress figures kept up to date (migration 12): what the "Avance" screen reads, whatever the size of the
//! programme.
//!
//! Each figure is the sum of the shares of independent *sources*: a person (their payments, the month they were
//! first paid, their parent training, their first home visit, their referrals, all placed in the person's
//! municipality), a session (its kind, where its group meets or where its first attendee lives) and a community
//! initiative. A source's share is a function of a handful of rows found by index ([`parts`]); the store keeps each
//! source's share (`indicator_parts`) and their sums by figure, municipality and month (`indicator_counts`).
//!
//! Every write of a visible row ([`crate::projection::write_projection`], and the purge's deletes) marks the
//! sources the row counts for, before and after the write ([`mark`]); before the transaction commits, the marked
//! sources are counted again and the differences applied to the sums ([`flush`], from [`crate::Store::with_tx`]).
//! So forms, loads, bundles and purges keep the figures in the same transaction as the records. [`rebuild`] counts
//! everything again (with the projections' rebuild, and once for a store from before migration 12); [`matches`]
//! compares the sums with a fresh count (`verify`).
//!
//! Training depends on the share of the curriculum asked for: a relative's share records the month they reached
//! each number of modules (`trained/1` … `trained/10`), and the report reads the one the share requires.

use std::collections::{BTreeMap, BTreeSet};

use reintegra_core::records::{Kind, MODULES};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde_json::Value;

use crate::Result;

/// Amounts by (figure, municipality, month).
pub(crate) type Counts = BTreeMap<(String, String, String), i64>;

pub(crate) const PAYMENTS: &str = "payments";
pub(crate) const PAID_USD: &str = "paid_usd";
pub(crate) const PARTICIPANTS_PAID: &str = "participants_paid";
pub(crate) const VISITED: &str = "relatives_visited";
pub(crate) const INITIATIVES: &str = "initiatives";
pub(crate) const INITIATIVE_PARTICIPANTS: &str = "initiative_participants";
/// `trained/<modules>`: relatives who reached that many modules of the curriculum, in that month.
pub(crate) const TRAINED: &str = "trained/";
/// `sessions/<kind>`.
pub(crate) const SESSIONS: &str = "sessions/";
/// `referrals/<status>`.
pub(crate) const REFERRALS: &str = "referrals/";

const PERSON: &str = "person/";
const SESSION: &str = "session/";
const INITIATIVE: &str = "initiative/";

/// The month (`YYYY-MM`) of a date as the records write it.
pub(crate) fn month_of(date: &str) -> &str {
    date.char_indices().nth(7).map(|(i, _)| &date[..i]).unwrap_or(date)
}

fn add(counts: &mut Counts, figure: &str, municipality: &str, month: &str, amount: i64) {
    *counts.entry((figure.to_owned(), municipality.to_owned(), month.to_owned())).or_default() += amount;
}

/// Where a person's facts count: their municipality while their row is live, else nowhere ("").
fn person_place(tx: &Transaction<'_>, id: &str) -> Result<(bool, String)> {
    let row: Option<(Option<String>, Option<String>)> = tx
        .prepare_cached("SELECT role, municipality FROM persons WHERE id = ?1 AND deleted = 0")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match row {
        Some((role, municipality)) => (role.as_deref() == Some("relative"), municipality.unwrap_or_default()),
        None => (false, String::new()),
    })
}

/// A person's share: payments and the month of the first, training reached, the first home visit (relatives), and
/// referrals by status.
fn person_parts(tx: &Transaction<'_>, id: &str, out: &mut Counts) -> Result<()> {
    let (relative, place) = person_place(tx, id)?;
    let mut stmt = tx.prepare_cached(
        "SELECT month, json_extract(data, '$.amount_usd') FROM payments WHERE person_id = ?1 AND deleted = 0
           AND coalesce(json_extract(data, '$.status'), 'paid') = 'paid'
         ORDER BY month",
    )?;
    let mut rows = stmt.query([id])?;
    let mut first = true;
    while let Some(r) = rows.next()? {
        let Some(month) = r.get::<_, Option<String>>(0)? else { continue };
        let usd: f64 = r.get::<_, Option<f64>>(1).ok().flatten().unwrap_or(0.0);
        add(out, PAYMENTS, &place, &month, 1);
        add(out, PAID_USD, &place, &month, usd.round() as u64 as i64);
        if std::mem::take(&mut first) {
            add(out, PARTICIPANTS_PAID, &place, &month, 1);
        }
    }
    if relative {
        // Modules of the parent-training sessions attended, in date order: the month each count was reached.
        let mut stmt = tx.prepare_cached(
            "SELECT s.date, json_extract(s.data, '$.modules') FROM attendance a
             JOIN sessions s ON s.id = a.session_id JOIN groups g ON g.id = s.group_id
             WHERE a.person_id = ?1 AND a.deleted = 0 AND s.deleted = 0 AND a.status = 'present'
               AND g.kind = 'parent_training'
             ORDER BY s.date",
        )?;
        let mut rows = stmt.query([id])?;
        let mut covered: BTreeSet<String> = BTreeSet::new();
        let mut reached = 0;
        while let Some(r) = rows.next()? {
            let Some(date) = r.get::<_, Option<String>>(0)? else { continue };
            let list: Option<String> = r.get(1)?;
            if let Some(Value::Array(items)) = list.as_deref().and_then(|l| serde_json::from_str(l).ok()) {
                covered.extend(items.iter().filter_map(Value::as_str).map(str::to_owned));
            }
            let now = covered.iter().filter(|m| MODULES.contains(&m.as_str())).count();
            for k in reached + 1..=now {
                add(out, &format!("{TRAINED}{k}"), &place, month_of(&date), 1);
            }
            reached = reached.max(now);
        }
        let first_visit: Option<String> = tx
            .prepare_cached(
                "SELECT MIN(h.date) FROM person_links l JOIN home_visits h ON h.id = l.record_id
                 WHERE l.person_id = ?1 AND l.kind = 'home_visit' AND h.deleted = 0",
            )?
            .query_row([id], |r| r.get(0))?;
        if let Some(date) = first_visit {
            add(out, VISITED, &place, month_of(&date), 1);
        }
    }
    let mut stmt = tx.prepare_cached(
        "SELECT json_extract(data, '$.status'), json_extract(data, '$.date') FROM referrals
         WHERE person_id = ?1 AND deleted = 0",
    )?;
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        let (Ok(Some(status)), Ok(Some(date))) = (r.get::<_, Option<String>>(0), r.get::<_, Option<String>>(1)) else {
            continue;
        };
        add(out, &format!("{REFERRALS}{status}"), &place, month_of(&date), 1);
    }
    Ok(())
}

/// A session: its kind, where its group meets or, without one, where its first attendee (by id) lives.
fn session_parts(tx: &Transaction<'_>, id: &str, out: &mut Counts) -> Result<()> {
    type Row = (Option<String>, Option<String>, Option<String>, Option<String>);
    let row: Option<Row> = tx
        .prepare_cached(
            "SELECT s.kind, s.date, g.municipality,
                    (SELECT a.person_id FROM attendance a WHERE a.session_id = s.id AND a.deleted = 0
                     ORDER BY a.person_id LIMIT 1)
             FROM sessions s LEFT JOIN groups g ON g.id = s.group_id WHERE s.id = ?1 AND s.deleted = 0",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let Some((Some(kind), Some(date), group_place, attendee)) = row else { return Ok(()) };
    let place = match (group_place, attendee) {
        (Some(place), _) => place,
        (None, Some(person)) => person_place(tx, &person)?.1,
        (None, None) => String::new(),
    };
    add(out, &format!("{SESSIONS}{kind}"), &place, month_of(&date), 1);
    Ok(())
}

/// A community initiative: one, and who took part (those named or the headcount, the larger).
fn initiative_parts(tx: &Transaction<'_>, id: &str, out: &mut Counts) -> Result<()> {
    type Row = (Option<String>, Option<String>, Option<i64>, Option<i64>);
    let row: Option<Row> = tx
        .prepare_cached(
            "SELECT municipality, date, json_array_length(data, '$.person_ids'),
                    CAST(json_extract(data, '$.headcount') AS INTEGER)
             FROM community_initiatives WHERE id = ?1 AND deleted = 0",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let Some((Some(place), Some(date), named, headcount)) = row else { return Ok(()) };
    let (named, headcount) = (named.unwrap_or(0).max(0), headcount.unwrap_or(0).max(0));
    add(out, INITIATIVES, &place, month_of(&date), 1);
    add(out, INITIATIVE_PARTICIPANTS, &place, month_of(&date), named.max(headcount));
    Ok(())
}

/// A source's share of the figures, counted from its rows now.
pub(crate) fn parts(tx: &Transaction<'_>, source: &str) -> Result<Counts> {
    let mut out = Counts::new();
    if let Some(id) = source.strip_prefix(PERSON) {
        person_parts(tx, id, &mut out)?;
    } else if let Some(id) = source.strip_prefix(SESSION) {
        session_parts(tx, id, &mut out)?;
    } else if let Some(id) = source.strip_prefix(INITIATIVE) {
        initiative_parts(tx, id, &mut out)?;
    }
    out.retain(|_, v| *v != 0);
    Ok(out)
}

fn column(tx: &Transaction<'_>, sql: &str, id: &str) -> Result<Vec<String>> {
    let mut stmt = tx.prepare_cached(sql)?;
    let rows = stmt.query_map([id], |r| r.get::<_, Option<String>>(0))?;
    let mut out = Vec::new();
    for r in rows {
        out.extend(r?);
    }
    Ok(out)
}

/// The sources a record's visible row counts for, as the store holds it now.
pub(crate) fn sources(tx: &Transaction<'_>, kind: Kind, id: &str) -> Result<Vec<String>> {
    let person = |p: String| format!("{PERSON}{p}");
    let session = |s: String| format!("{SESSION}{s}");
    let mut out = Vec::new();
    match kind {
        // Also the sessions without a group's municipality that they attended (placed where their first attendee
        // lives): found for all the people marked at once, before the commit ([`flush`]).
        Kind::Person => out.push(person(id.to_owned())),
        Kind::Payment | Kind::Referral => {
            let sql = format!("SELECT person_id FROM main.{} WHERE id = ?1", kind.table());
            out.extend(column(tx, &sql, id)?.into_iter().map(person));
        }
        Kind::Attendance => {
            let sql = "SELECT person_id FROM main.attendance WHERE id = ?1";
            out.extend(column(tx, sql, id)?.into_iter().map(person));
            let sql = "SELECT session_id FROM main.attendance WHERE id = ?1";
            out.extend(column(tx, sql, id)?.into_iter().map(session));
        }
        Kind::HomeVisit => {
            let sql = "SELECT person_id FROM main.person_links WHERE record_id = ?1 AND kind = 'home_visit'";
            out.extend(column(tx, sql, id)?.into_iter().map(person));
        }
        Kind::Session => {
            out.push(session(id.to_owned()));
            // Its attendees' training, when it belongs to a parent-training group.
            let sql = "SELECT a.person_id FROM main.sessions s JOIN main.groups g ON g.id = s.group_id
                       JOIN main.attendance a ON a.session_id = s.id
                       WHERE s.id = ?1 AND g.kind = 'parent_training'";
            out.extend(column(tx, sql, id)?.into_iter().map(person));
        }
        Kind::Group => {
            let sql = "SELECT id FROM main.sessions WHERE group_id = ?1";
            out.extend(column(tx, sql, id)?.into_iter().map(session));
            // Their attendees' training, whatever the group's kind (marked when its kind or place changes: a
            // group that stops being a parent-training one takes its sessions out of the training counted).
            let sql = "SELECT a.person_id FROM main.sessions s JOIN main.attendance a ON a.session_id = s.id
                       WHERE s.group_id = ?1";
            out.extend(column(tx, sql, id)?.into_iter().map(person));
        }
        Kind::CommunityInitiative => out.push(format!("{INITIATIVE}{id}")),
        _ => {}
    }
    Ok(out)
}

/// What of a record the figures depend on, for the kinds whose rows change often for other reasons (a person's
/// phone, a group's name): when it is the same before and after a write, nothing is marked.
pub(crate) fn fingerprint(tx: &Transaction<'_>, kind: Kind, id: &str) -> Result<Option<String>> {
    let sql = match kind {
        Kind::Person => "SELECT json_array(deleted, role, municipality) FROM main.persons WHERE id = ?1",
        Kind::Group => "SELECT json_array(kind, municipality) FROM main.groups WHERE id = ?1",
        _ => return Ok(None),
    };
    Ok(tx.prepare_cached(sql)?.query_row([id], |r| r.get(0)).optional()?)
}

/// Whether the figures may depend on a kind of record at all.
pub(crate) fn counted(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Person
            | Kind::Payment
            | Kind::Referral
            | Kind::Attendance
            | Kind::HomeVisit
            | Kind::Session
            | Kind::Group
            | Kind::CommunityInitiative
    )
}

/// The table of sources to count again before the commit; one per connection, created by
/// [`crate::Store::with_tx`].
pub(crate) fn begin(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS indicator_dirty (source TEXT PRIMARY KEY) WITHOUT ROWID;
         CREATE TEMP TABLE IF NOT EXISTS indicator_dirty_people (id TEXT PRIMARY KEY) WITHOUT ROWID;",
    )?;
    Ok(())
}

/// Marks the sources a record counts for now, to be counted again before the commit.
pub(crate) fn mark(tx: &Transaction<'_>, kind: Kind, id: &str) -> Result<()> {
    if !counted(kind) {
        return Ok(());
    }
    let sources = sources(tx, kind, id)?;
    if sources.is_empty() {
        return Ok(());
    }
    let mut insert = tx.prepare_cached("INSERT OR IGNORE INTO temp.indicator_dirty (source) VALUES (?1)")?;
    for s in sources {
        insert.execute([s])?;
    }
    if kind == Kind::Person {
        tx.prepare_cached("INSERT OR IGNORE INTO temp.indicator_dirty_people (id) VALUES (?1)")?.execute([id])?;
    }
    Ok(())
}

/// Counts the marked sources again and applies the differences to the sums. Called before every commit.
pub(crate) fn flush(tx: &Transaction<'_>) -> Result<()> {
    // The sessions the marked people attended that are placed where their first attendee lives. Found now rather
    // than when each person was marked: a session they stopped attending in between was marked by that attendance.
    // CROSS JOIN keeps the few marked people as the outer loop (the temporary table has no statistics, and the
    // planner would otherwise read every attendance).
    tx.prepare_cached(
        "INSERT OR IGNORE INTO temp.indicator_dirty (source)
         SELECT DISTINCT 'session/' || a.session_id FROM temp.indicator_dirty_people d
           CROSS JOIN main.attendance a ON a.person_id = d.id CROSS JOIN main.sessions s ON s.id = a.session_id
           LEFT JOIN main.groups g ON g.id = s.group_id
         WHERE g.municipality IS NULL",
    )?
    .execute([])?;
    tx.prepare_cached("DELETE FROM temp.indicator_dirty_people")?.execute([])?;
    let dirty: Vec<String> = {
        let mut stmt = tx.prepare_cached("SELECT source FROM temp.indicator_dirty")?;
        stmt.query_map([], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?
    };
    if dirty.is_empty() {
        return Ok(());
    }
    // The marked people's shares and every marked source's stored share, each read in a few set queries over the
    // marked sources (an import marks a thousand people: five statements each cost more than the rest of the count).
    let mut people = marked_people_parts(tx)?;
    let mut stored = marked_stored_parts(tx)?;
    // The differences summed over every source first: one write per counter, not one per source.
    let mut deltas = Counts::new();
    for source in &dirty {
        let new = match people.remove(source) {
            Some(new) => new,
            None => parts(tx, source)?,
        };
        let old = stored.remove(source).unwrap_or_default();
        refresh(tx, source, new, old, &mut deltas)?;
    }
    for (key, delta) in deltas.iter().filter(|(_, d)| **d != 0) {
        apply(tx, key, *delta)?;
    }
    tx.prepare_cached("DELETE FROM temp.indicator_dirty")?.execute([])?;
    Ok(())
}

/// The stored shares of every marked source, by source (a source with none is absent).
fn marked_stored_parts(tx: &Transaction<'_>) -> Result<BTreeMap<String, Counts>> {
    let mut stmt = tx.prepare_cached(
        "SELECT d.source, p.figure, p.municipality, p.month, p.amount FROM temp.indicator_dirty d
           CROSS JOIN main.indicator_parts p ON p.source = d.source",
    )?;
    let mut rows = stmt.query([])?;
    let mut out: BTreeMap<String, Counts> = BTreeMap::new();
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().insert((r.get(1)?, r.get(2)?, r.get(3)?), r.get(4)?);
    }
    Ok(out)
}

/// The marked people (the `person/…` sources of `temp.indicator_dirty`), as the outer loop of a query: `CROSS JOIN`
/// keeps them outside (the temporary table has no statistics) and the range reads only the people's sources.
const MARKED_PEOPLE: &str = "temp.indicator_dirty d CROSS JOIN main.persons p ON p.id = substr(d.source, 8)";
const MARKED_RANGE: &str = "d.source >= 'person/' AND d.source < 'person0'";

/// [`person_parts`] for every marked person at once, in five set queries rather than five statements per person;
/// the same shares (the store tests compare the counters with a recount source by source, [`recount`]).
fn marked_people_parts(tx: &Transaction<'_>) -> Result<BTreeMap<String, Counts>> {
    // Every marked person has an entry, live or not: a deleted person's payments and referrals still count
    // (nowhere, "").
    let mut out: BTreeMap<String, Counts> = BTreeMap::new();
    {
        let mut stmt = tx.prepare_cached(&format!("SELECT source FROM temp.indicator_dirty d WHERE {MARKED_RANGE}"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            out.insert(r.get(0)?, Counts::new());
        }
    }
    if out.is_empty() {
        return Ok(out);
    }
    // Where each live person's facts count (whether they are a relative, the queries below say in SQL).
    let mut places: BTreeMap<String, String> = BTreeMap::new();
    {
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT d.source, p.municipality FROM {MARKED_PEOPLE} WHERE {MARKED_RANGE} AND p.deleted = 0"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let municipality: Option<String> = r.get(1)?;
            places.insert(r.get(0)?, municipality.unwrap_or_default());
        }
    }
    let place = |source: &str| places.get(source).cloned().unwrap_or_default();
    {
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT d.source, y.month, json_extract(y.data, '$.amount_usd') FROM temp.indicator_dirty d
               CROSS JOIN main.payments y ON y.person_id = substr(d.source, 8)
             WHERE {MARKED_RANGE} AND y.deleted = 0 AND coalesce(json_extract(y.data, '$.status'), 'paid') = 'paid'
             ORDER BY d.source, y.month"
        ))?;
        let mut rows = stmt.query([])?;
        let mut last: Option<String> = None;
        while let Some(r) = rows.next()? {
            let source: String = r.get(0)?;
            let Some(month) = r.get::<_, Option<String>>(1)? else { continue };
            let usd: f64 = r.get::<_, Option<f64>>(2).ok().flatten().unwrap_or(0.0);
            let at = place(&source);
            let counts = out.entry(source.clone()).or_default();
            add(counts, PAYMENTS, &at, &month, 1);
            add(counts, PAID_USD, &at, &month, usd.round() as u64 as i64);
            if last.as_deref() != Some(source.as_str()) {
                add(counts, PARTICIPANTS_PAID, &at, &month, 1);
                last = Some(source);
            }
        }
    }
    {
        // Relatives' training: the modules of the parent-training sessions attended, in date order.
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT d.source, s.date, json_extract(s.data, '$.modules') FROM {MARKED_PEOPLE}
               CROSS JOIN main.attendance a ON a.person_id = p.id
               JOIN main.sessions s ON s.id = a.session_id JOIN main.groups g ON g.id = s.group_id
             WHERE {MARKED_RANGE} AND p.deleted = 0 AND p.role = 'relative'
               AND a.deleted = 0 AND s.deleted = 0 AND a.status = 'present' AND g.kind = 'parent_training'
             ORDER BY d.source, s.date"
        ))?;
        let mut rows = stmt.query([])?;
        let mut current: Option<(String, BTreeSet<String>, usize)> = None;
        while let Some(r) = rows.next()? {
            let source: String = r.get(0)?;
            let Some(date) = r.get::<_, Option<String>>(1)? else { continue };
            let list: Option<String> = r.get(2)?;
            if current.as_ref().is_none_or(|(s, _, _)| *s != source) {
                current = Some((source.clone(), BTreeSet::new(), 0));
            }
            let Some((_, covered, reached)) = current.as_mut() else { continue };
            if let Some(Value::Array(items)) = list.as_deref().and_then(|l| serde_json::from_str(l).ok()) {
                covered.extend(items.iter().filter_map(Value::as_str).map(str::to_owned));
            }
            let now = covered.iter().filter(|m| MODULES.contains(&m.as_str())).count();
            let at = place(&source);
            let counts = out.entry(source).or_default();
            for k in *reached + 1..=now {
                add(counts, &format!("{TRAINED}{k}"), &at, month_of(&date), 1);
            }
            *reached = (*reached).max(now);
        }
    }
    {
        // Relatives' first home visit.
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT d.source, MIN(h.date) FROM {MARKED_PEOPLE}
               CROSS JOIN main.person_links l ON l.person_id = p.id AND l.kind = 'home_visit'
               JOIN main.home_visits h ON h.id = l.record_id
             WHERE {MARKED_RANGE} AND p.deleted = 0 AND p.role = 'relative' AND h.deleted = 0
             GROUP BY d.source"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let source: String = r.get(0)?;
            let Some(date) = r.get::<_, Option<String>>(1)? else { continue };
            let at = place(&source);
            add(out.entry(source).or_default(), VISITED, &at, month_of(&date), 1);
        }
    }
    {
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT d.source, json_extract(f.data, '$.status'), json_extract(f.data, '$.date')
             FROM temp.indicator_dirty d CROSS JOIN main.referrals f ON f.person_id = substr(d.source, 8)
             WHERE {MARKED_RANGE} AND f.deleted = 0"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let source: String = r.get(0)?;
            let (Ok(Some(status)), Ok(Some(date))) = (r.get::<_, Option<String>>(1), r.get::<_, Option<String>>(2))
            else {
                continue;
            };
            let at = place(&source);
            add(out.entry(source).or_default(), &format!("{REFERRALS}{status}"), &at, month_of(&date), 1);
        }
    }
    for counts in out.values_mut() {
        counts.retain(|_, v| *v != 0);
    }
    Ok(out)
}

fn apply(tx: &Transaction<'_>, (figure, municipality, month): &(String, String, String), delta: i64) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO main.indicator_counts (figure, municipality, month, amount) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (figure, municipality, month) DO UPDATE SET amount = amount + excluded.amount",
    )?
    .execute(params![figure, municipality, month, delta])?;
    Ok(())
}

/// Replaces a source's stored share (`old`) by the one counted now (`new`), the difference added to `deltas` (for
/// the sums).
fn refresh(tx: &Transaction<'_>, source: &str, new: Counts, old: Counts, deltas: &mut Counts) -> Result<()> {
    if new == old {
        return Ok(());
    }
    for (key, amount) in &old {
        *deltas.entry(key.clone()).or_default() -= amount;
    }
    for (key, amount) in &new {
        *deltas.entry(key.clone()).or_default() += amount;
    }
    if !old.is_empty() {
        tx.prepare_cached("DELETE FROM main.indicator_parts WHERE source = ?1")?.execute([source])?;
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO main.indicator_parts (source, figure, municipality, month, amount) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for ((figure, municipality, month), amount) in &new {
        insert.execute(params![source, figure, municipality, month, amount])?;
    }
    Ok(())
}

/// Every source of the store: people (and the people payments and referrals name), sessions and initiatives.
fn all_sources(tx: &Transaction<'_>) -> Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    for (sql, prefix) in [
        ("SELECT id FROM persons", PERSON),
        ("SELECT person_id FROM payments WHERE deleted = 0", PERSON),
        ("SELECT person_id FROM referrals WHERE deleted = 0", PERSON),
        ("SELECT id FROM sessions WHERE deleted = 0", SESSION),
        ("SELECT id FROM community_initiatives WHERE deleted = 0", INITIATIVE),
    ] {
        let mut stmt = tx.prepare(sql)?;
        let rows = stmt.query_map([], |r| r.get::<_, Option<String>>(0))?;
        for r in rows {
            if let Some(id) = r? {
                out.insert(format!("{prefix}{id}"));
            }
        }
    }
    Ok(out)
}

/// The figures counted from the records now, source by source (what the sums must equal). Reads through a field
/// user's views like every query, so on such a connection it counts their caseload.
pub(crate) fn recount(tx: &Transaction<'_>) -> Result<Counts> {
    let mut total = Counts::new();
    for source in all_sources(tx)? {
        for (key, amount) in parts(tx, &source)? {
            *total.entry(key).or_default() += amount;
        }
    }
    total.retain(|_, v| *v != 0);
    Ok(total)
}

/// The sums as stored.
pub(crate) fn stored(tx: &Transaction<'_>) -> Result<Counts> {
    let mut stmt =
        tx.prepare_cached("SELECT figure, municipality, month, amount FROM main.indicator_counts WHERE amount != 0")?;
    let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Counts every source again from the records (the projections' rebuild, and a store from before migration 12).
pub(crate) fn rebuild(tx: &Transaction<'_>) -> Result<()> {
    tx.execute("DELETE FROM main.indicator_parts", [])?;
    tx.execute("DELETE FROM main.indicator_counts", [])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO main.indicator_parts (source, figure, municipality, month, amount) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut total = Counts::new();
    for source in all_sources(tx)? {
        for (key, amount) in parts(tx, &source)? {
            insert.execute(params![source, key.0, key.1, key.2, amount])?;
            *total.entry(key).or_default() += amount;
        }
    }
    for (key, amount) in total.iter().filter(|(_, a)| **a != 0) {
        apply(tx, key, *amount)?;
    }
    tx.execute("DELETE FROM main.meta WHERE key = 'indicator_aggregates'", [])?;
    Ok(())
}

/// Whether the stored sums equal a fresh count of the records.
pub(crate) fn matches(tx: &Transaction<'_>) -> Result<bool> {
    Ok(stored(tx)? == recount(tx)?)
}

/// After the migrations: a store that has records but no counters yet (from before migration 12) counts them once.
pub(crate) fn build_if_pending(conn: &mut Connection) -> Result<()> {
    let pending: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'indicator_aggregates')", [], |r| r.get(0))?;
    if pending {
        let tx = conn.transaction()?;
        rebuild(&tx)?;
        tx.commit()?;
    }
    Ok(())
}
