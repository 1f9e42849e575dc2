//! Embedded, append-only migrations. The schema version is `PRAGMA user_version`, set in the same transaction that
//! applies the migration, so a crash never leaves a half-migrated store.

use rusqlite::Connection;

use crate::{Error, Result};

/// The list is written once, by file name, so the SQL and the name a failure reports cannot drift apart.
macro_rules! migrations {
    ($($file:literal),* $(,)?) => {
        /// Every migration ever shipped, in order. Append; never edit or remove one (a test pins their hashes).
        pub const MIGRATIONS: &[&str] = &[$(include_str!(concat!("../migrations/", $file))),*];
        /// The file of each migration, in the same order.
        pub const FILES: &[&str] = &[$($file),*];
    };
}

migrations![
    "0001_init.sql",
    "0002_records.sql",
    "0003_voucher_rules.sql",
    "0004_municipalities.sql",
    "0005_sync.sql",
    "0006_exported_seq.sql",
    "0007_drafts.sql",
    "0008_audit.sql",
    "0009_minimise_audit_travel.sql",
    "0010_assessments.sql",
    "0011_payments.sql",
    "0012_aggregates.sql",
    "0013_agenda_h8.sql",
    "0014_agenda_h8.sql",
    "0015_latest_visit_h10.sql",
];

pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn apply(conn: &mut Connection) -> Result<()> {
    run(conn, FILES, MIGRATIONS)?;
    // Migration 12 adds the progress counters; a store that already had records counts them once.
    crate::indicators::aggregates::build_if_pending(conn)
}

/// Applies the migrations (`files[i]` holds `sqls[i]`) the store has not had yet, each in its own transaction. One
/// that fails is rolled back and named ([`Error::Migration`]); those before it stay applied.
fn run(conn: &mut Connection, files: &[&'static str], sqls: &[&str]) -> Result<()> {
    let known = sqls.len() as i64;
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > known {
        return Err(Error::Newer { found: current, known });
    }
    for (i, (name, sql)) in files.iter().zip(sqls).enumerate().skip(current as usize) {
        let step = |conn: &mut Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()
        };
        step(conn).map_err(|source| Error::Migration { index: i + 1, name, source })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(conn: &Connection) -> i64 {
        conn.pragma_query_value(None, "user_version", |r| r.get(0)).expect("version")
    }

    #[test]
    fn migrations_apply_on_an_empty_database_and_again() {
        let mut conn = Connection::open_in_memory().expect("memory db");
        apply(&mut conn).expect("first run");
        apply(&mut conn).expect("second run is a no-op");
        assert_eq!(version(&conn), latest());
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
            "d318007fbd61d4aa",
            "9bb3f62689455487", // 0011_payments.sql
            "f47139eb3445b6c8", // 0012_aggregates.sql
            "499b174b437a2a5b", // 0013_agenda_h8.sql
            "2fd61a30dd9b5b96", // 0014_agenda_h8.sql
            "a2d733fac553cd73", // 0015_latest_visit_h10.sql
        ];
        assert_eq!(hashes, expected);
        assert_eq!(FILES.len(), MIGRATIONS.len());
    }

    #[test]
    fn newer_schema_is_refused() {
        let mut conn = Connection::open_in_memory().expect("memory db");
        conn.pragma_update(None, "user_version", latest() + 1).expect("set version");
        assert!(matches!(apply(&mut conn), Err(Error::Newer { .. })));
    }

    #[test]
    fn a_broken_migration_names_itself_and_leaves_the_ones_before_it() {
        let mut conn = Connection::open_in_memory().expect("memory db");
        let files = ["0001_one.sql", "0002_broken.sql", "0003_never.sql"];
        let sqls = ["CREATE TABLE one (id INTEGER);", "CREATE TABLE two (id INTEGER;", "CREATE TABLE three (id);"];
        let err = run(&mut conn, &files, &sqls).expect_err("the second fails");
        assert!(matches!(err, Error::Migration { index: 2, name: "0002_broken.sql", .. }), "{err:?}");
        assert!(err.to_string().starts_with("migration 2 (0002_broken.sql) failed: "), "{err}");
        assert_eq!(version(&conn), 1, "the first stays applied, the broken one is rolled back whole");
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name IN ('one', 'two', 'three')", [], |r| r.get(0))
            .expect("tables");
        assert_eq!(tables, 1);

        // Fixed, the same store carries on from where it stopped.
        let fixed = ["CREATE TABLE one (id INTEGER);", "CREATE TABLE two (id INTEGER);", "CREATE TABLE three (id);"];
        run(&mut conn, &files, &fixed).expect("the rest applies");
        assert_eq!(version(&conn), 3);
    }
}
