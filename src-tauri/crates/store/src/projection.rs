//! The visible side of the change log: a record's row with the columns derived from its fields (search and sort
//! keys), its links to the people it lists, and its open conflicts (concurrent fields, duplicate payments).
//!
//! Everything here is a function of a record's projection and the tables it writes; nothing reads the log. The log
//! ([`crate::changes`]) and the write path ([`crate::records`]) both come here, and this module uses neither, so
//! the three do not import each other in a circle.

use reintegra_core::canonical;
use reintegra_core::merge::{Disputed, Projection};
use reintegra_core::person::PersonFields;
use reintegra_core::records::Kind;
use reintegra_core::text;
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::Result;

/// Columns a projection derives from a record's fields, beside `data`.
pub type Derived = Vec<(&'static str, String)>;

/// What the row of a record says about its place in the log.
pub(crate) struct RowState {
    pub data: Map<String, Value>,
    pub heads: Vec<Uuid>,
    /// Whether the record has open conflicts.
    pub disputed: bool,
}

pub(crate) fn row_state(tx: &Transaction<'_>, kind: Kind, id: Uuid) -> Result<Option<RowState>> {
    let row: Option<(String, String)> = tx
        .prepare_cached(&format!("SELECT data, heads FROM {} WHERE id = ?1", kind.table()))?
        .query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((data, heads)) = row else { return Ok(None) };
    let disputed = tx
        .prepare_cached("SELECT 1 FROM conflicts WHERE record_id = ?1 AND kind = ?2 LIMIT 1")?
        .exists(params![id.to_string(), kind.name()])?;
    Ok(Some(RowState { data: serde_json::from_str(&data)?, heads: serde_json::from_str(&heads)?, disputed }))
}

/// Names folded, plus DUI and phone both as written and as bare digits, so "00016297", "00016297-5", "7012 3456"
/// and "70123456" all find the person.
pub(crate) fn search_key(p: &PersonFields) -> String {
    let mut key = text::fold(&p.full_name());
    for extra in [&p.dui, &p.phone].into_iter().flatten() {
        let digits: String = extra.chars().filter(char::is_ascii_digit).collect();
        key.push(' ');
        key.push_str(&text::fold(extra));
        key.push(' ');
        key.push_str(&digits);
    }
    key
}

/// Keeps `person_links` in step with a record that lists people (see migration 3). A new record (`new`) has no
/// links yet to remove.
pub(crate) fn link_people(
    tx: &Transaction<'_>,
    kind: Kind,
    id: Uuid,
    data: &Map<String, Value>,
    deleted: bool,
    new: bool,
) -> Result<()> {
    if !matches!(kind, Kind::HomeVisit | Kind::CommunityInitiative) {
        return Ok(());
    }
    let id = id.to_string();
    if !new {
        tx.prepare_cached("DELETE FROM main.person_links WHERE record_id = ?1")?.execute([&id])?;
    }
    if deleted {
        return Ok(());
    }
    let mut insert =
        tx.prepare_cached("INSERT OR IGNORE INTO main.person_links (person_id, kind, record_id) VALUES (?1, ?2, ?3)")?;
    for p in data.get("person_ids").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        insert.execute([p, kind.name(), &id])?;
    }
    Ok(())
}

/// The names of the columns [`derived`] fills for a kind.
pub(crate) fn derived_columns(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Person => &["search_key", "sort_key"],
        _ => &[],
    }
}

/// Columns a projection derives in Rust, beside the generated ones (what SQL cannot compute, such as accent
/// folding).
pub fn derived(kind: Kind, data: &Map<String, Value>) -> Result<Derived> {
    match kind {
        Kind::Person => {
            let p: PersonFields = serde_json::from_value(Value::Object(data.clone()))?;
            let sort = text::fold(&format!(
                "{} {} {}",
                p.first_surname,
                p.second_surname.as_deref().unwrap_or(""),
                p.given_names
            ));
            Ok(vec![("search_key", search_key(&p)), ("sort_key", sort)])
        }
        _ => Ok(Vec::new()),
    }
}

/// The statement that writes a kind's row (the derived columns are the same for every record of a kind).
fn upsert_sql(kind: Kind, derived: &Derived) -> &'static str {
    static SQL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let all = SQL.get_or_init(|| {
        Kind::ALL
            .iter()
            .map(|k| {
                let derived = derived_columns(*k);
                let mut cols = vec!["id", "data", "deleted", "hlc", "device_id", "user_id", "heads"];
                cols.extend(derived);
                let placeholders: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
                let updates: Vec<String> = cols[1..].iter().map(|c| format!("{c} = excluded.{c}")).collect();
                format!(
                    // `main.`: a field user's connection has a view of the same name ([`crate::access`]).
                    "INSERT INTO main.{} ({}) VALUES ({}) ON CONFLICT(id) DO UPDATE SET {}",
                    k.table(),
                    cols.join(", "),
                    placeholders.join(", "),
                    updates.join(", ")
                )
            })
            .collect()
    });
    debug_assert_eq!(derived.len(), derived_columns(kind).len());
    let i = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    &all[i]
}

/// What a record held before a write of its row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Prior {
    /// No row: a record the write creates (a bundle's new record, a form's first save, the rebuild after it emptied
    /// the tables). It counted for nothing and has no links, conflicts or payment key to clear, so none are looked
    /// up.
    New,
    /// A row without open conflicts.
    Row,
    /// A row that may have open conflicts, which must then be cleared.
    Disputed,
}

/// Writes a record's visible row, its derived columns, its links to people and its open conflicts, and marks the
/// progress figures it counts for, before (unless it is new) and after, to be counted again before the commit
/// ([`crate::indicators::aggregates`]).
pub(crate) fn write_projection(tx: &Transaction<'_>, kind: Kind, id: Uuid, p: &Projection, prior: Prior) -> Result<()> {
    use crate::indicators::aggregates;
    if !aggregates::counted(kind) {
        return write_row(tx, kind, id, p, prior);
    }
    let rid = id.to_string();
    if prior == Prior::New {
        // Nothing to mark for what it counted before: without a row (nor links, for a visit) it counted for nothing.
        write_row(tx, kind, id, p, prior)?;
        return aggregates::mark(tx, kind, &rid);
    }
    // What a person or a group counts for is found from other rows (their payments, their group's sessions), the
    // same before and after their own row is written: they are marked once, after.
    let own_row_counts = !matches!(kind, Kind::Person | Kind::Group);
    let before = aggregates::fingerprint(tx, kind, &rid)?;
    if own_row_counts {
        aggregates::mark(tx, kind, &rid)?;
    }
    write_row(tx, kind, id, p, prior)?;
    // People and groups are rewritten for many reasons the figures ignore (a phone, a name).
    if own_row_counts || before.is_none() || aggregates::fingerprint(tx, kind, &rid)? != before {
        aggregates::mark(tx, kind, &rid)?;
    }
    Ok(())
}

/// [`write_projection`] without the figures: the full rebuild counts them all at the end.
pub(crate) fn write_row(tx: &Transaction<'_>, kind: Kind, id: Uuid, p: &Projection, prior: Prior) -> Result<()> {
    let new = prior == Prior::New;
    let previous_payment_key = if kind == Kind::Payment && !new { payment_key_of(tx, id)? } else { None };
    let derived = derived(kind, &p.data)?;
    let sql = upsert_sql(kind, &derived);
    let mut values: Vec<Box<dyn rusqlite::ToSql>> = vec![
        Box::new(id.to_string()),
        Box::new(canonical::map_to_string(&p.data)),
        Box::new(i64::from(p.deleted)),
        Box::new(p.last.0),
        Box::new(p.last.1.to_string()),
        Box::new(p.last.2.clone()),
        Box::new(serde_json::to_string(&p.heads)?),
    ];
    values.extend(derived.into_iter().map(|(_, v)| Box::new(v) as Box<dyn rusqlite::ToSql>));
    tx.prepare_cached(sql)?.execute(rusqlite::params_from_iter(values.iter()))?;
    link_people(tx, kind, id, &p.data, p.deleted, new)?;
    if prior == Prior::Disputed || !p.conflicts.is_empty() {
        write_conflicts(tx, kind, id, p)?;
    }
    if kind == Kind::Payment {
        for key in [previous_payment_key, payment_key(&p.data)].into_iter().flatten() {
            duplicate_payments(tx, &key)?;
        }
    }
    Ok(())
}

/// A conflict's stable id: the same on every replica that holds the same changes.
pub fn conflict_id(kind: Kind, record_id: &str, disputed: &str) -> String {
    let h = blake3::hash(format!("{}/{record_id}/{disputed}", kind.name()).as_bytes());
    h.to_hex()[..16].to_string()
}

fn write_conflicts(tx: &Transaction<'_>, kind: Kind, id: Uuid, p: &Projection) -> Result<()> {
    let rid = id.to_string();
    tx.prepare_cached("DELETE FROM main.conflicts WHERE record_id = ?1 AND kind = ?2 AND disputed NOT LIKE 'month:%'")?
        .execute([&rid, kind.name()])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO main.conflicts (id, kind, record_id, disputed, candidates) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for c in &p.conflicts {
        let disputed = match &c.disputed {
            Disputed::Field(f) => f.clone(),
            Disputed::Deleted => "_deleted".to_owned(),
        };
        let candidates = canonical::to_string(&serde_json::to_value(&c.candidates)?);
        insert.execute(params![conflict_id(kind, &rid, &disputed), kind.name(), rid, disputed, candidates])?;
    }
    Ok(())
}

/// A payment's person and month: two live payments with the same key that both hold the month (approved, sent or
/// paid: a failed or cancelled one holds nothing) are a conflict, never two payments.
fn payment_key(data: &Map<String, Value>) -> Option<(String, String)> {
    Some((data.get("person_id")?.as_str()?.to_owned(), data.get("month")?.as_str()?.to_owned()))
}

/// Whether a payment is one of several for its person and month (an open conflict).
pub(crate) fn duplicate_payment_open(tx: &Transaction<'_>, data: &Map<String, Value>) -> Result<bool> {
    let Some((person, month)) = payment_key(data) else { return Ok(false) };
    let id = conflict_id(Kind::Payment, &person, &format!("month:{month}"));
    Ok(tx.prepare_cached("SELECT 1 FROM conflicts WHERE id = ?1")?.exists([id])?)
}

fn payment_key_of(tx: &Transaction<'_>, id: Uuid) -> Result<Option<(String, String)>> {
    let row: Option<(Option<String>, Option<String>)> = tx
        .prepare_cached("SELECT person_id, month FROM payments WHERE id = ?1")?
        .query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row.and_then(|(p, m)| Some((p?, m?))))
}

fn duplicate_payments(tx: &Transaction<'_>, (person, month): &(String, String)) -> Result<()> {
    let disputed = format!("month:{month}");
    let id = conflict_id(Kind::Payment, person, &disputed);
    tx.prepare_cached("DELETE FROM main.conflicts WHERE id = ?1")?.execute([&id])?;
    let mut stmt = tx.prepare_cached(
        "SELECT id, data, hlc, device_id, user_id FROM payments WHERE person_id = ?1 AND month = ?2 AND deleted = 0
           AND coalesce(json_extract(data, '$.status'), 'paid') IN ('approved', 'sent', 'paid')
         ORDER BY hlc, device_id, id",
    )?;
    let rows: Vec<Value> = stmt
        .query_map([person, month], |r| {
            let data: String = r.get(1)?;
            Ok(serde_json::json!({
                "record_id": r.get::<_, String>(0)?,
                "hlc": r.get::<_, i64>(2)?,
                "device_id": r.get::<_, String>(3)?,
                "user_id": r.get::<_, String>(4)?,
                "value": serde_json::from_str::<Value>(&data).unwrap_or(Value::Null),
            }))
        })?
        .collect::<std::result::Result<_, _>>()?;
    if rows.len() > 1 {
        tx.prepare_cached(
            "INSERT INTO main.conflicts (id, kind, record_id, disputed, candidates) VALUES (?1, 'payment', ?2, ?3, ?4)",
        )?
        .execute(params![id, person, disputed, canonical::to_string(&Value::Array(rows))])?;
    }
    Ok(())
}
