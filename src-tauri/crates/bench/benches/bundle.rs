//! Sync bundles against their floors.
//!
//! - `month_{n}`: a field laptop's month of work at 1x, 10x and 100x the programme (a cohort of n participants
//!   registered with their families and a month of their sessions, attendance, visits and vouchers, written by the
//!   demo generator on a field store), exported into a bundle and imported into the central file that already holds
//!   the programme of n participants and a year of records. Floors in the same run: a plain scan of the laptop's log
//!   (export) and a plain insert of the same rows into an encrypted file opened the same way (import).
//! - `folder_{n}`: the supervisor's "Sincronizar ahora" on a folder of 50 laptops' bundles, each a month of work
//!   of n/50 participants (the same cohort month as above, split over 50 laptops), into the central file holding
//!   the programme of n participants; answers to each laptop written back into the folder.
//! - `bundle_import`: 10k and 100k synthetic changes (four in five create a record, one in five edits one) into an
//!   empty store, beside the plain insert of the same rows.
//!
//! `cargo bench -p reintegra-bench --bench bundle`; `REINTEGRA_BENCH_SCALES=300,3000` limits the month's scales,
//! `REINTEGRA_BENCH_FOLDER_SCALES` the folder's (300 and 3,000 unless set), `REINTEGRA_BENCH_SIZES=10000` the
//! synthetic sizes.

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use reintegra_bench::{ChangeRow, PASS, beside, change_rows, copy_of, floor_db, plain_insert, programme, scan, today};
use reintegra_core::records::Kind;
use reintegra_core::wire::DeviceRole;
use reintegra_store::{Store, keys, records, sync};
use serde_json::{Map, Value, json};
use uuid::Uuid;

fn list(var: &str, default: &[usize]) -> Vec<usize> {
    std::env::var(var)
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

/// A fresh copy of `template` and its key file under `name`, opened.
fn fresh(template: &Path, name: &str) -> Store {
    Store::open(&copy_of(template, name), PASS).expect("open copy")
}

/// Two stores that trust each other.
fn pair(a: &mut Store, b: &mut Store) {
    sync::add_device(a, &sync::public_keys(b).expect("keys")).expect("trust");
    sync::add_device(b, &sync::public_keys(a).expect("keys")).expect("trust");
}

struct Month {
    laptop: PathBuf,
    central: PathBuf,
    bundle: Vec<u8>,
    rows: Vec<ChangeRow>,
}

/// The laptop with its month of work and the central file that trusts it, both kept as templates next to the
/// programme fixture.
fn month_of_work(n: usize) -> Month {
    let fixture = programme(n, 12);
    let laptop = fixture.with_file_name(format!("month-{n}-laptop.db"));
    let central = copy_of(&fixture, &format!("month-{n}-central.db"));
    for stale in
        [laptop.clone(), laptop.with_extension("db-wal"), laptop.with_extension("db-shm"), keys::key_path(&laptop)]
    {
        let _ = std::fs::remove_file(stale);
    }
    let mut field = Store::create(&laptop, PASS, "Campo", DeviceRole::Field).expect("laptop");
    let mut central_store = Store::open(&central, PASS).expect("central");
    pair(&mut field, &mut central_store);
    drop(central_store);
    let options = reintegra_demo::Options { participants: n, seed: 2, months: 1, ..Default::default() };
    reintegra_demo::generate(&mut field, options, today()).expect("a month of work");
    let out = laptop.with_extension("rgb");
    sync::export(&mut field, &["Central".into()], &out).expect("export");
    let rows = change_rows(&mut field);
    Month { laptop, central, bundle: std::fs::read(&out).expect("bundle"), rows }
}

fn month(c: &mut Criterion) {
    for n in list("REINTEGRA_BENCH_SCALES", &[300, 3_000, 30_000]) {
        let m = month_of_work(n);
        let changes = m.rows.len();
        let mut group = c.benchmark_group(format!("month_{n}"));
        group.sample_size(10).measurement_time(Duration::from_secs(5)).sampling_mode(SamplingMode::Flat);

        let mut laptop = Store::open(&m.laptop, PASS).expect("laptop");
        let out = m.laptop.with_extension("out.rgb");
        group.bench_function(BenchmarkId::new("export", changes), |b| {
            b.iter(|| sync::export(&mut laptop, &["Central".into()], &out).expect("export"))
        });
        group.bench_function(BenchmarkId::new("floor_scan_log", changes), |b| {
            b.iter(|| scan(&mut laptop, "SELECT * FROM changes"))
        });
        drop(laptop);

        group.bench_function(BenchmarkId::new("import_into_central", changes), |b| {
            b.iter_batched(
                || fresh(&m.central, &format!("month-{n}-target.db")),
                |mut central| {
                    let r = sync::import(&mut central, &m.bundle, &mut |_, _| {}).expect("import");
                    assert_eq!(r.changes, changes);
                    central
                },
                BatchSize::PerIteration,
            )
        });
        let floor = m.laptop.with_file_name(format!("month-{n}-floor.db"));
        group.bench_function(BenchmarkId::new("floor_plain_insert", changes), |b| {
            b.iter_batched(|| floor_db(&floor), |conn| plain_insert(conn, &m.rows), BatchSize::PerIteration)
        });
        group.finish();
        // The import ratio in the same run: the import of the month into the central file beside the plain insert.
        let import = timed_batches(
            5,
            || fresh(&m.central, &format!("month-{n}-target.db")),
            |mut central| {
                sync::import(&mut central, &m.bundle, &mut |_, _| {}).expect("import");
            },
        );
        let insert = timed_batches(5, || floor_db(&floor), |conn| plain_insert(conn, &m.rows));
        beside(
            &format!("month's bundle ({changes} changes) into the central file at {n}"),
            import,
            "plain insert",
            insert,
        );
    }
}

const LAPTOPS: usize = 50;

/// The central file trusting 50 laptops, and a folder with a month's bundle from each; kept beside the programme
/// fixture with the laptops (the 50 months take minutes at 10x), and made again when the schema changes.
fn fifty_laptops(n: usize) -> (PathBuf, PathBuf, Vec<ChangeRow>) {
    let fixture = programme(n, 12);
    let central = fixture.with_file_name(format!("folder-{n}-central.db"));
    let folder = fixture.with_file_name(format!("folder-{n}-bundles"));
    let laptops = fixture.with_file_name(format!("folder-{n}-laptops"));
    let done = laptops.join(format!("complete-v{}", reintegra_store::migrations::latest()));
    let laptop_path = |i: usize| laptops.join(format!("l{i}.db"));
    let mut rows = Vec::new();
    if done.exists() && central.exists() {
        for i in 0..LAPTOPS {
            rows.extend(change_rows(&mut Store::open(&laptop_path(i), PASS).expect("laptop")));
        }
        return (central, folder, rows);
    }
    copy_of(&fixture, &format!("folder-{n}-central.db"));
    for dir in [&folder, &laptops] {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).expect("folder");
    }
    let mut central_store = Store::open(&central, PASS).expect("central");
    for i in 0..LAPTOPS {
        let name = format!("Campo {:02}", i + 1);
        let mut laptop = Store::create(&laptop_path(i), PASS, &name, DeviceRole::Field).expect("laptop");
        pair(&mut laptop, &mut central_store);
        let options = reintegra_demo::Options {
            participants: (n / LAPTOPS).max(1),
            seed: 100 + i as u64,
            months: 1,
            ..Default::default()
        };
        reintegra_demo::generate(&mut laptop, options, today()).expect("a month of work");
        sync::export(&mut laptop, &["Central".into()], &folder.join(format!("campo-{:02}.rgb", i + 1)))
            .expect("export");
        rows.extend(change_rows(&mut laptop));
    }
    std::fs::write(&done, "").expect("mark the fixture complete");
    (central, folder, rows)
}

/// The median of `runs` timings of `run`, each on what a fresh `setup` gives (the setup not timed).
fn timed_batches<T>(runs: usize, mut setup: impl FnMut() -> T, mut run: impl FnMut(T)) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let input = setup();
            let start = std::time::Instant::now();
            run(input);
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn copy_dir(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("read folder").flatten() {
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy bundle");
    }
}

fn folder(c: &mut Criterion) {
    for n in list("REINTEGRA_BENCH_FOLDER_SCALES", &[300, 3_000]) {
        let (central, bundles, rows) = fifty_laptops(n);
        let work = bundles.with_file_name(format!("folder-{n}-work"));
        let mut group = c.benchmark_group(format!("folder_{n}"));
        group.sample_size(10).sampling_mode(SamplingMode::Flat);
        group.bench_function("sync_50_laptops", |b| {
            b.iter_batched(
                || {
                    copy_dir(&bundles, &work);
                    fresh(&central, &format!("folder-{n}-target.db"))
                },
                |mut store| {
                    let r = sync::sync_folder(&mut store, &work, &mut |_, _| {}).expect("sync");
                    assert_eq!(r.imported.len(), LAPTOPS);
                    store
                },
                BatchSize::PerIteration,
            )
        });
        group.finish();
        let sync = timed_batches(
            3,
            || {
                copy_dir(&bundles, &work);
                fresh(&central, &format!("folder-{n}-target.db"))
            },
            |mut store| drop(sync::sync_folder(&mut store, &work, &mut |_, _| {}).expect("sync")),
        );
        // Its floor: the same changes inserted plainly, in one transaction.
        let floor = bundles.with_file_name(format!("folder-{n}-floor.db"));
        let insert = timed_batches(3, || floor_db(&floor), |conn| plain_insert(conn, &rows));
        beside(
            &format!("50 laptops' month ({} changes) into the central file at {n}", rows.len()),
            sync,
            "plain insert",
            insert,
        );
    }
}

fn fields(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// A source store with `n` changes and an empty target that trusts it (kept as a template); the bundle between them.
fn synthetic(dir: &Path, n: usize) -> (PathBuf, Vec<u8>, Vec<ChangeRow>) {
    let today = today();
    let mut source = Store::create(&dir.join("source.db"), PASS, "Origen", DeviceRole::Supervisor).expect("db");
    let template = dir.join("target.db");
    let mut target = Store::create(&template, PASS, "Destino", DeviceRole::Supervisor).expect("db");
    pair(&mut source, &mut target);
    drop(target);

    let people = (n / 50).max(1);
    let creations = n * 4 / 5 - people;
    source
        .with_tx(|w| {
            let mut persons = Vec::new();
            for i in 0..people {
                let id = Uuid::now_v7();
                let person = json!({"role": "participant", "given_names": format!("Persona {i}"),
                    "first_surname": "Pérez", "birth_date": "1990-01-01", "municipality": "San Salvador Centro"});
                records::upsert(w, Kind::Person, Some(id), &fields(person), today)?;
                persons.push(id);
            }
            let mut referrals = Vec::new();
            for i in 0..creations {
                let id = Uuid::now_v7();
                let referral = json!({"person_id": persons[i % people], "service": "health",
                    "organisation": "Unidad de Salud", "date": "2026-01-05", "status": "referred",
                    "outcome": "Atendido en la unidad de salud comunitaria"});
                records::upsert(w, Kind::Referral, Some(id), &fields(referral), today)?;
                referrals.push(id);
            }
            for i in 0..(n - creations - people) {
                let edit = fields(json!({"status": "accepted"}));
                records::upsert(w, Kind::Referral, Some(referrals[i % creations]), &edit, today)?;
            }
            Ok(())
        })
        .expect("fill");
    let out = dir.join("bundle.rgb");
    sync::export(&mut source, &["Destino".into()], &out).expect("export");
    (template, std::fs::read(&out).expect("read"), change_rows(&mut source))
}

fn synthetic_import(c: &mut Criterion) {
    let mut group = c.benchmark_group("bundle_import");
    group.sample_size(10);
    for n in list("REINTEGRA_BENCH_SIZES", &[10_000, 100_000]) {
        assert!(n >= 100, "REINTEGRA_BENCH_SIZES: at least 100 changes each");
        let dir = tempfile::tempdir().expect("tempdir");
        let (template, bundle, rows) = synthetic(dir.path(), n);
        assert_eq!(rows.len(), n);
        group.bench_function(BenchmarkId::new("import", n), |b| {
            b.iter_batched(
                || fresh(&template, "t.db"),
                |mut store| {
                    let r = sync::import(&mut store, &bundle, &mut |_, _| {}).expect("import");
                    assert_eq!(r.changes, n);
                    store
                },
                BatchSize::PerIteration,
            )
        });
        let floor = dir.path().join("floor.db");
        group.bench_function(BenchmarkId::new("plain_insert", n), |b| {
            b.iter_batched(|| floor_db(&floor), |conn| plain_insert(conn, &rows), BatchSize::PerIteration)
        });
    }
    group.finish();
}

criterion_group!(benches, month, folder, synthetic_import);
criterion_main!(benches);
