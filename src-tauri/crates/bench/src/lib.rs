//! Fixtures for the benchmarks: demo programmes at a given scale, generated once through the same code paths as
//! real entries and kept under `target/bench-data/` (the first run at 30,000 participants takes minutes).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use reintegra_core::wire::DeviceRole;
use reintegra_store::{Store, keys};

pub const PASS: &str = "frase de paso del banco de pruebas";

/// The date the demo programmes are generated for, fixed so cached fixtures stay valid.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default()
}

fn data_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../target"));
    target.join("bench-data")
}

/// A store holding a demo programme of `participants` over `months`, generated on first use. The file name carries
/// the schema version, so a migration regenerates it.
pub fn programme(participants: usize, months: u32) -> PathBuf {
    let dir = data_dir();
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("demo-{participants}-m{months}-s1-v{}.db", reintegra_store::migrations::latest()));
    if !path.exists() {
        let partial = path.with_extension("partial");
        let stale_files = [
            partial.clone(),
            partial.with_extension("partial-wal"),
            partial.with_extension("partial-shm"),
            keys::key_path(&partial),
        ];
        for stale in &stale_files {
            let _ = std::fs::remove_file(stale);
        }
        // Fixtures of older schema versions are gigabytes at 100x: they go when their successor is made.
        let prefix = format!("demo-{participants}-m{months}-s1-v");
        for old in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            if old.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_file(old.path());
            }
        }
        let mut store = Store::create(&partial, PASS, "Central", DeviceRole::Supervisor).expect("create fixture");
        let options = reintegra_demo::Options { participants, seed: 1, months, ..Default::default() };
        reintegra_demo::generate(&mut store, options, today()).expect("generate fixture");
        drop(store);
        // The key file travels with the store it unlocks.
        std::fs::rename(keys::key_path(&partial), keys::key_path(&path)).expect("keep fixture keys");
        std::fs::rename(&partial, &path).expect("keep fixture");
    }
    path
}

/// A fresh copy of a fixture (for benchmarks that write).
pub fn copy_of(fixture: &Path, name: &str) -> PathBuf {
    let to = fixture.with_file_name(name);
    let _ = std::fs::remove_file(&to);
    std::fs::copy(fixture, &to).expect("copy fixture");
    std::fs::copy(keys::key_path(fixture), keys::key_path(&to)).expect("copy fixture keys");
    to
}

/// One row of the change log, as the floor benchmarks insert it.
pub struct ChangeRow {
    pub text: [String; 8],
    pub hlc: i64,
}

/// Every row of a store's change log.
pub fn change_rows(store: &mut Store) -> Vec<ChangeRow> {
    store
        .read(|tx| {
            let mut stmt = tx
                .prepare("SELECT change_id, kind, record_id, base, device_id, user_id, op, fields, hlc FROM changes")?;
            let rows = stmt
                .query_map([], |r| {
                    Ok(ChangeRow {
                        text: [r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?],
                        hlc: r.get(8)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .expect("change rows")
}

/// The physical floor of an import: an encrypted file opened as the store opens its own (WAL, full sync, same
/// cache, and no automatic checkpoint in the commit, as an import runs), with one plain table of the log's columns.
pub fn floor_db(path: &Path) -> rusqlite::Connection {
    for stale in [path.to_path_buf(), path.with_extension("db-wal"), path.with_extension("db-shm")] {
        let _ = std::fs::remove_file(stale);
    }
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.pragma_update(None, "key", PASS).expect("key");
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;
         PRAGMA wal_autocheckpoint = 0;
         CREATE TABLE changes (seq INTEGER PRIMARY KEY, change_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
           record_id TEXT NOT NULL, base TEXT NOT NULL, device_id TEXT NOT NULL, user_id TEXT NOT NULL,
           op TEXT NOT NULL, fields TEXT NOT NULL, hlc INTEGER NOT NULL) STRICT;",
    )
    .expect("schema");
    conn
}

/// Inserts the rows in one transaction: the least any design storing them would pay.
pub fn plain_insert(mut conn: rusqlite::Connection, rows: &[ChangeRow]) {
    let tx = conn.transaction().expect("tx");
    {
        let mut stmt = tx
            .prepare(
                "INSERT INTO changes (change_id, kind, record_id, base, device_id, user_id, op, fields, hlc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .expect("prepare");
        for r in rows {
            let [a, b, c, d, e, f, g, h] = &r.text;
            stmt.execute(rusqlite::params![a, b, c, d, e, f, g, h, r.hlc]).expect("insert");
        }
    }
    tx.commit().expect("commit");
}

/// Reads every row of a query, decoding nothing: the floor of anything that must look at those rows.
pub fn scan(store: &mut Store, sql: &str) -> usize {
    store
        .read(|tx| {
            let mut stmt = tx.prepare(sql)?;
            let mut rows = stmt.query([])?;
            let mut n = 0;
            while rows.next()?.is_some() {
                n += 1;
            }
            Ok(n)
        })
        .expect("scan")
}

/// The median of `runs` timings of `f` (after one run to warm the caches).
pub fn median(runs: usize, mut f: impl FnMut()) -> std::time::Duration {
    f();
    let mut times: Vec<std::time::Duration> = (0..runs.max(1))
        .map(|_| {
            let start = std::time::Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// One line of the summary each benchmark prints: a figure beside its floor in the same run, and their ratio
/// (`floor / figure`: 1 is the floor itself, 0.5 twice its time).
pub fn beside(what: &str, figure: std::time::Duration, floor_name: &str, floor: std::time::Duration) {
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let ratio = if figure.is_zero() { 0.0 } else { floor.as_secs_f64() / figure.as_secs_f64() };
    println!(
        "FIGURE {what}: {:.2} ms | floor ({floor_name}): {:.2} ms | floor/figure {ratio:.2}",
        ms(figure),
        ms(floor)
    );
}
