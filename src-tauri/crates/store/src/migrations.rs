//! Embedded, append-only migrations. The schema version is `PRAGMA user_version`, set in the same transaction that
//! applies the migration, so a crash never leaves a half-migrated store.

use rusqlite::Connection;

use crate::{Error, Result};

/// Every migration ever shipped, in order. Append; never edit or remove one (a test pins their hashes).
pub const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_records.sql"),
    include_str!("../migrations/0003_voucher_rules.sql"),
    include_str!("../migrations/0004_municipalities.sql"),
    include_str!("../migrations/0005_sync.sql"),
    include_str!("../migrations/0006_exported_seq.sql"),
    include_str!("../migrations/0007_drafts.sql"),
    include_str!("../migrations/0008_audit.sql"),
    include_str!("../migrations/0009_minimise_audit_travel.sql"),
];

pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn apply(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > latest() {
        return Err(Error::Newer { found: current, known: latest() });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_on_an_empty_database_and_again() {
        let mut conn = Connection::open_in_memory().expect("memory db");
        apply(&mut conn).expect("first run");
        apply(&mut conn).expect("second run is a no-op");
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).expect("version");
        assert_eq!(v, latest());
    }

    #[test]
    fn landed_migrations_are_never_edited() {
        // A landed migration may run on stores in the field: changing it would leave them with a different schema.
        // When you add a migration, add its hash here; never change an existing line.
        let hashes: Vec<String> =
            MIGRATIONS.iter().map(|m| blake3::hash(m.as_bytes()).to_hex()[..16].to_string()).collect();
        let expected = [
            "2f99e8672aa9849d",
            "861a64fe04df12af",
            "cda2890e24777e40",
            "9d13a8d1e78473d8",
            "5a08b793ab166208",
            "4edbbd5307e97b11",
            "d5ee336af735203d",
            "8be475cfe1d85edd",
            "5f7fd60d14af6f99",
        ];
        assert_eq!(hashes, expected);
    }

    #[test]
    fn newer_schema_is_refused() {
        let mut conn = Connection::open_in_memory().expect("memory db");
        conn.pragma_update(None, "user_version", latest() + 1).expect("set version");
        assert!(matches!(apply(&mut conn), Err(Error::Newer { .. })));
    }
}
