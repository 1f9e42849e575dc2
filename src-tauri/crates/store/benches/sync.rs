//! Bundle import against its floor: verify, decrypt, decode, validate, merge and detect conflicts for 10k and 100k
//! changes, compared in the same run with a plain rusqlite insert of the same rows in one transaction into an
//! encrypted file opened the same way (the least any design storing them would pay).
//!
//! `cargo bench -p reintegra-store --bench sync` (set `REINTEGRA_BENCH_SIZES=10000` to run one size only).

use std::path::{Path, PathBuf};

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use reintegra_core::records::Kind;
use reintegra_core::wire::DeviceRole;
use reintegra_store::{Store, records, sync};
use serde_json::{Map, Value, json};
use uuid::Uuid;

const PASS: &str = "frase de paso del banco de pruebas";

struct Fixture {
    dir: tempfile::TempDir,
    template: PathBuf,
    bundle: Vec<u8>,
    rows: Vec<[Value; 9]>,
}

fn fields(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// A source store with `n` changes (four in five create a record, one in five edits one), and an empty target
/// that trusts it; the bundle from one to the other.
fn fixture(n: usize) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let today = chrono::Local::now().date_naive();
    let mut source = Store::create(&dir.path().join("source.db"), PASS, "Origen", DeviceRole::Supervisor).expect("db");
    let template = dir.path().join("target.db");
    let mut target = Store::create(&template, PASS, "Destino", DeviceRole::Supervisor).expect("db");
    sync::add_device(&mut target, &sync::public_keys(&mut source).expect("keys")).expect("trust");
    sync::add_device(&mut source, &sync::public_keys(&mut target).expect("keys")).expect("trust");
    drop(target);

    let people = (n / 50).max(1);
    let creations = n * 4 / 5 - people;
    source
        .with_tx(|w| {
            let mut persons = Vec::new();
            for i in 0..people {
                let id = Uuid::now_v7();
                records::upsert(
                    w,
                    Kind::Person,
                    Some(id),
                    &fields(json!({"role": "participant", "given_names": format!("Persona {i}"),
                        "first_surname": "Pérez", "birth_date": "1990-01-01", "municipality": "San Salvador Centro"})),
                    today,
                )?;
                persons.push(id);
            }
            let mut referrals = Vec::new();
            for i in 0..creations {
                let id = Uuid::now_v7();
                records::upsert(
                    w,
                    Kind::Referral,
                    Some(id),
                    &fields(json!({"person_id": persons[i % people], "service": "health",
                        "organisation": "Unidad de Salud", "date": "2026-01-05", "status": "referred",
                        "outcome": "Atendido en la unidad de salud comunitaria"})),
                    today,
                )?;
                referrals.push(id);
            }
            for i in 0..(n - creations - people) {
                records::upsert(
                    w,
                    Kind::Referral,
                    Some(referrals[i % creations]),
                    &fields(json!({"status": "accepted"})),
                    today,
                )?;
            }
            Ok(())
        })
        .expect("fill");
    let out = dir.path().join("bundle.rgb");
    sync::export(&mut source, &["Destino".into()], &out).expect("export");
    let rows = source
        .read(|tx| {
            let mut stmt = tx
                .prepare("SELECT change_id, kind, record_id, base, hlc, device_id, user_id, op, fields FROM changes")?;
            let rows = stmt
                .query_map([], |r| {
                    Ok([
                        Value::String(r.get(0)?),
                        Value::String(r.get(1)?),
                        Value::String(r.get(2)?),
                        Value::String(r.get(3)?),
                        Value::from(r.get::<_, i64>(4)?),
                        Value::String(r.get(5)?),
                        Value::String(r.get(6)?),
                        Value::String(r.get(7)?),
                        Value::String(r.get(8)?),
                    ])
                })?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        })
        .expect("rows");
    Fixture { bundle: std::fs::read(&out).expect("read"), dir, template, rows }
}

fn fresh_target(f: &Fixture, i: usize) -> Store {
    let path = f.dir.path().join(format!("t{i}.db"));
    let _ = std::fs::remove_file(&path);
    std::fs::copy(&f.template, &path).expect("copy");
    std::fs::copy(reintegra_store::keys::key_path(&f.template), reintegra_store::keys::key_path(&path))
        .expect("copy keys");
    std::fs::copy(reintegra_store::keys::key_path(&f.template), reintegra_store::keys::key_path(&path))
        .expect("copy keys");
    Store::open(&path, PASS).expect("open")
}

/// An encrypted file opened as the store opens its own, with one plain table of the same columns.
fn floor_db(dir: &Path, i: usize) -> rusqlite::Connection {
    let path = dir.join(format!("floor{i}.db"));
    let _ = std::fs::remove_file(&path);
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.pragma_update(None, "key", PASS).expect("key");
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;
         CREATE TABLE changes (seq INTEGER PRIMARY KEY, change_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
           record_id TEXT NOT NULL, base TEXT NOT NULL, hlc INTEGER NOT NULL, device_id TEXT NOT NULL,
           user_id TEXT NOT NULL, op TEXT NOT NULL, fields TEXT NOT NULL) STRICT;",
    )
    .expect("schema");
    conn
}

fn plain_insert(mut conn: rusqlite::Connection, rows: &[[Value; 9]]) {
    let tx = conn.transaction().expect("tx");
    {
        let mut stmt = tx
            .prepare(
                "INSERT INTO changes (change_id, kind, record_id, base, hlc, device_id, user_id, op, fields)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .expect("prepare");
        for r in rows {
            let text = |i: usize| r[i].as_str().unwrap_or_default();
            stmt.execute(rusqlite::params![
                text(0),
                text(1),
                text(2),
                text(3),
                r[4].as_i64(),
                text(5),
                text(6),
                text(7),
                text(8)
            ])
            .expect("insert");
        }
    }
    tx.commit().expect("commit");
}

fn sizes() -> Vec<usize> {
    std::env::var("REINTEGRA_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000])
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("bundle_import");
    group.sample_size(10);
    for n in sizes() {
        let f = fixture(n);
        assert_eq!(f.rows.len(), n);
        let mut i = 0;
        group.bench_with_input(BenchmarkId::new("import", n), &f, |b, f| {
            b.iter_batched(
                || {
                    i += 1;
                    fresh_target(f, i)
                },
                |mut store| {
                    let r = sync::import(&mut store, &f.bundle, &mut |_, _| {}).expect("import");
                    assert_eq!(r.changes, n);
                    store
                },
                BatchSize::PerIteration,
            )
        });
        group.bench_with_input(BenchmarkId::new("plain_insert", n), &f, |b, f| {
            b.iter_batched(
                || {
                    i += 1;
                    floor_db(f.dir.path(), i)
                },
                |conn| plain_insert(conn, &f.rows),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
