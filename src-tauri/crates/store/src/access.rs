//! What a field user may read: their caseload only, enforced here, once, for every query of the store.
//!
//! When a field user unlocks, the connection gets TEMP views named like the tables that hold people's data
//! (`persons`, `relationships`, visits, enrolments, attendance, plans, referrals, exemptions, overrides, payments,
//! person links, conflicts). SQLite resolves an unqualified name to the temp schema first, so every query of the
//! store — search, a person's page, lists, the agenda, exports, payroll, indicators — reads through them without
//! knowing. Each view shows only the rows about people in `temp.scope_people` (the user's caseload, as
//! [`crate::sync::caseload`] computes it: people assigned to their worker, people they registered, and the families
//! of both).
//!
//! Writes see everything: [`Store::with_tx`] switches the filter off for its transaction (a merge must see the whole
//! record), and statements that write a projection name `main.` explicitly (a view cannot be written; deletes go
//! through INSTEAD OF triggers). After a write the caseload is computed again, so a person the user registers is
//! theirs at once. Supervisors and administrators get no views at all.

use std::collections::HashSet;

use reintegra_core::records::Kind;
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Error, Result};

/// What a user may do ([`crate::users`]): a field user reads only their caseload, enforced here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Field,
    Supervisor,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Field => "field",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        [Role::Field, Role::Supervisor, Role::Admin].into_iter().find(|r| r.as_str() == s)
    }
}

/// Who a scoped connection belongs to.
#[derive(Clone, Debug)]
pub(crate) struct Scope {
    pub login: String,
    pub worker: Option<String>,
}

const IN_SCOPE: &str = "(SELECT id FROM temp.scope_people)";

/// The filtered tables: (table, condition on its rows, key columns for deletes).
fn views() -> Vec<(&'static str, String, &'static [&'static str])> {
    let by_person = |t: &'static str| (t, format!("person_id IN {IN_SCOPE}"), &["id"][..]);
    vec![
        ("persons", format!("id IN {IN_SCOPE}"), &["id"][..]),
        ("relationships", format!("participant_id IN {IN_SCOPE} OR relative_id IN {IN_SCOPE}"), &["id"][..]),
        ("person_links", format!("person_id IN {IN_SCOPE}"), &["person_id", "kind", "record_id"][..]),
        ("latest_home_visit", format!("person_id IN {IN_SCOPE}"), &["person_id"][..]),
        (
            "home_visits",
            format!(
                "id IN (SELECT record_id FROM main.person_links WHERE kind = '{}' AND person_id IN {IN_SCOPE})",
                Kind::HomeVisit.name()
            ),
            &["id"][..],
        ),
        by_person("enrolments"),
        by_person("attendance"),
        by_person("case_plans"),
        by_person("referrals"),
        by_person("exemptions"),
        by_person("overrides"),
        by_person("payments"),
        by_person("delivery_methods"),
        by_person("assessments"),
        by_person("alert_followups"),
        (
            "conflicts",
            // About a person in scope (payment-month conflicts name the person), or about a record still visible
            // (shared records are never filtered).
            format!(
                "record_id IN {IN_SCOPE} OR kind NOT IN ('person', 'relationship', 'home_visit', 'enrolment',
                 'attendance', 'case_plan', 'referral', 'exemption', 'override', 'payment', 'delivery_method',
                 'assessment', 'alert_followup')
                 OR record_id IN (SELECT id FROM temp.relationships UNION ALL SELECT id FROM temp.home_visits
                 UNION ALL SELECT id FROM temp.enrolments UNION ALL SELECT id FROM temp.attendance
                 UNION ALL SELECT id FROM temp.case_plans UNION ALL SELECT id FROM temp.referrals
                 UNION ALL SELECT id FROM temp.exemptions UNION ALL SELECT id FROM temp.overrides
                 UNION ALL SELECT id FROM temp.payments UNION ALL SELECT id FROM temp.delivery_methods
                 UNION ALL SELECT id FROM temp.assessments UNION ALL SELECT id FROM temp.alert_followups)"
            ),
            &["id"][..],
        ),
    ]
}

/// Makes `conn` a field user's connection: the caseload table, the on/off switch and the views. Called once, right
/// after unlocking, before any other statement is prepared on the connection.
pub(crate) fn install(conn: &mut Connection, device: Uuid, scope: &Scope) -> Result<()> {
    let tx = conn.transaction()?;
    tx.execute_batch(
        "CREATE TEMP TABLE scope_people (id TEXT PRIMARY KEY) WITHOUT ROWID;
         CREATE TEMP TABLE scope_switch (active INTEGER NOT NULL);
         INSERT INTO temp.scope_switch (active) VALUES (1);",
    )?;
    for (table, condition, keys) in views() {
        tx.execute_batch(&format!(
            "CREATE TEMP VIEW {table} AS SELECT * FROM main.{table}
                 WHERE (SELECT active FROM temp.scope_switch) = 0 OR ({condition});
             CREATE TEMP TRIGGER scope_delete_{table} INSTEAD OF DELETE ON {table}
             BEGIN DELETE FROM main.{table} WHERE {}; END;",
            keys.iter().map(|k| format!("{k} = OLD.{k}")).collect::<Vec<_>>().join(" AND ")
        ))?;
    }
    refresh(&tx, device, scope)?;
    tx.commit()?;
    Ok(())
}

/// Computes the caseload again (after a write, or at unlock).
pub(crate) fn refresh(tx: &Transaction<'_>, device: Uuid, scope: &Scope) -> Result<()> {
    let workers: Vec<String> = scope.worker.iter().cloned().collect();
    let people: HashSet<String> = crate::sync::caseload::people_of_user(tx, device, &scope.login, &workers)?;
    tx.execute("DELETE FROM temp.scope_people", [])?;
    let mut insert = tx.prepare_cached("INSERT INTO temp.scope_people (id) VALUES (?1)")?;
    for p in &people {
        insert.execute([p])?;
    }
    Ok(())
}

/// Turns the filter off (inside a write transaction) or back on.
pub(crate) fn set_active(tx: &Transaction<'_>, active: bool) -> Result<()> {
    tx.execute("UPDATE temp.scope_switch SET active = ?1", [i64::from(active)])?;
    Ok(())
}

/// Whether this connection is a field user's.
fn scoped(tx: &Transaction<'_>) -> Result<bool> {
    Ok(tx
        .query_row("SELECT 1 FROM temp.sqlite_master WHERE type = 'table' AND name = 'scope_people'", [], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Refuses, with a clear error, a record that exists but lies outside the user's caseload (rather than "not
/// found", which would send the person looking for a typo).
pub fn check_visible(tx: &Transaction<'_>, kind: Kind, id: Uuid) -> Result<()> {
    if !scoped(tx)? {
        return Ok(());
    }
    let table = kind.table();
    let exists = |schema: &str| -> Result<bool> {
        Ok(tx.prepare_cached(&format!("SELECT 1 FROM {schema}.{table} WHERE id = ?1"))?.exists([id.to_string()])?)
    };
    // Shared records have no view in temp: they are always visible.
    let filtered = views().iter().any(|(t, _, _)| *t == table);
    if filtered && exists("main")? && !exists("temp")? {
        return Err(Error::Refused("error.outside_caseload"));
    }
    Ok(())
}

/// Whether the user of this connection may see person `id` (always, but for a field user outside their caseload).
/// For the few reads made inside a write, where the filter is off.
pub(crate) fn may_see_person(tx: &Transaction<'_>, id: &str) -> Result<bool> {
    if !scoped(tx)? {
        return Ok(true);
    }
    Ok(tx.prepare_cached("SELECT 1 FROM temp.scope_people WHERE id = ?1")?.exists([id])?)
}
