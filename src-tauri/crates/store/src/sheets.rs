//! Reads for printed documents: a session's attendance sheet (the session, its group and the people recorded on
//! its roster), or a group's roster printed before the session. One read transaction each.

use chrono::NaiveDate;
use reintegra_core::date::parse_iso;
use reintegra_core::person::PersonFields;
use reintegra_core::sheets::{AttendanceSheet, SheetRow};
use rusqlite::OptionalExtension;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::{Error, Result, Store};

fn text(data: &Map<String, Value>, key: &str) -> Option<String> {
    data.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// The attendance sheet of session `id`. `NotFound` for an unknown or deleted session.
pub fn attendance_sheet(store: &mut Store, id: Uuid) -> Result<AttendanceSheet> {
    store.read(|tx| {
        let data: String = tx
            .prepare_cached("SELECT data FROM sessions WHERE id = ?1 AND deleted = 0")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?
            .ok_or(Error::NotFound)?;
        let session: Map<String, Value> = serde_json::from_str(&data)?;
        let group: Option<Map<String, Value>> = match text(&session, "group_id") {
            Some(g) => tx
                .prepare_cached("SELECT data FROM groups WHERE id = ?1 AND deleted = 0")?
                .query_row([g], |r| r.get::<_, String>(0))
                .optional()?
                .map(|d| serde_json::from_str(&d))
                .transpose()?,
            None => None,
        };
        let from_group = |key: &str| group.as_ref().and_then(|g| text(g, key));
        let mut stmt = tx.prepare_cached(
            "SELECT p.data, a.status FROM attendance a JOIN persons p ON p.id = a.person_id
             WHERE a.session_id = ?1 AND a.deleted = 0 AND p.deleted = 0 ORDER BY p.sort_key, p.id",
        )?;
        let mut rows = stmt.query([id.to_string()])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let (data, status): (String, String) = (row.get(0)?, row.get(1)?);
            let p: PersonFields = serde_json::from_str(&data)?;
            out.push(SheetRow { name: p.full_name(), dui: p.dui, role: p.role, status: Some(status) });
        }
        let date = text(&session, "date").as_deref().and_then(parse_iso).ok_or(Error::Format("error.date_invalid"))?;
        Ok(AttendanceSheet {
            session_id: Some(id),
            kind: text(&session, "kind").unwrap_or_default(),
            date,
            group: from_group("name"),
            municipality: from_group("municipality"),
            facilitator: text(&session, "facilitator").or_else(|| from_group("facilitator")),
            modality: text(&session, "modality"),
            modules: session
                .get("modules")
                .and_then(Value::as_array)
                .map(|m| m.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                .unwrap_or_default(),
            rows: out,
        })
    })
}

/// The sheet for a session about to be held: group `group`'s particulars and `people` (as on the session form), by
/// surname, with the attendance column left to fill in. `NotFound` for an unknown group; unknown people are left out.
pub fn roster_sheet(
    store: &mut Store,
    group: Uuid,
    date: NaiveDate,
    modules: &[String],
    people: &[Uuid],
) -> Result<AttendanceSheet> {
    store.read(|tx| {
        let data: String = tx
            .prepare_cached("SELECT data FROM groups WHERE id = ?1 AND deleted = 0")?
            .query_row([group.to_string()], |r| r.get(0))
            .optional()?
            .ok_or(Error::NotFound)?;
        let g: Map<String, Value> = serde_json::from_str(&data)?;
        let mut stmt = tx.prepare_cached("SELECT data, sort_key FROM persons WHERE id = ?1 AND deleted = 0")?;
        let mut keyed = Vec::new();
        for id in people {
            let found: Option<(String, String)> =
                stmt.query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
            if let Some((data, sort)) = found {
                let p: PersonFields = serde_json::from_str(&data)?;
                keyed.push((sort, SheetRow { name: p.full_name(), dui: p.dui, role: p.role, status: None }));
            }
        }
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        // The session's kind follows from the group's, as when the session is saved.
        let kind =
            if text(&g, "kind").as_deref() == Some("parent_training") { "group_training" } else { "support_group" };
        Ok(AttendanceSheet {
            session_id: None,
            kind: kind.to_owned(),
            date,
            group: text(&g, "name"),
            municipality: text(&g, "municipality"),
            facilitator: text(&g, "facilitator"),
            modality: None,
            modules: modules.to_vec(),
            rows: keyed.into_iter().map(|(_, r)| r).collect(),
        })
    })
}
