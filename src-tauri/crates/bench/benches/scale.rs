//! What people wait for, at 1x, 10x and 100x the programme (300, 3,000 and 30,000 participants with a year of
//! records), each beside its floor where there is one: a plain scan of the same rows in the same run.
//!
//! `cargo bench -p reintegra-bench` (the first run generates the fixtures under target/bench-data/).
//! `REINTEGRA_BENCH_SCALES=300,3000` limits the scales; the full rebuild runs at 30,000 only with
//! `REINTEGRA_BENCH_REBUILD_ALL=1` (each iteration takes minutes). Lines starting `FIGURE` sum up each scale: a
//! figure beside its floor, measured in the same run (`cargo bench -p reintegra-bench --bench scale -- indicators
//! | grep FIGURE` for the progress screen alone).

use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use reintegra_bench::{PASS, beside, copy_of, median, programme, scan};
use reintegra_core::month::Month;
use reintegra_core::wire::PersonQuery;
use reintegra_store::indicators::{By, indicators};
use reintegra_store::{Store, persons, views, vouchers};
use uuid::Uuid;

fn scales() -> Vec<usize> {
    std::env::var("REINTEGRA_BENCH_SCALES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![300, 3_000, 30_000])
}

fn a_participant(store: &mut Store) -> Uuid {
    let page = persons::search(store, &PersonQuery { text: String::new(), offset: 0, limit: 50 }).expect("list");
    page.items.iter().find(|p| p.role.code() == "participant").map(|p| p.id).expect("a participant on the first page")
}

fn bench(c: &mut Criterion) {
    let month = Month::parse("2024-06").expect("month");
    for n in scales() {
        let fixture = programme(n, 12);
        let mut group = c.benchmark_group(format!("programme_{n}"));
        group.sample_size(10).measurement_time(Duration::from_secs(5)).sampling_mode(SamplingMode::Flat);

        group.bench_function("open_store", |b| b.iter(|| Store::open(&fixture, PASS).expect("open")));

        let mut store = Store::open(&fixture, PASS).expect("open");
        group.bench_function("list_first_page", |b| {
            b.iter(|| persons::search(&mut store, &PersonQuery { text: String::new(), offset: 0, limit: 50 }))
        });
        group.bench_function("search_while_typing", |b| {
            b.iter(|| persons::search(&mut store, &PersonQuery { text: "hern".into(), offset: 0, limit: 50 }))
        });
        group.bench_function("floor_scan_people", |b| b.iter(|| scan(&mut store, "SELECT search_key FROM persons")));

        let id = a_participant(&mut store);
        group.bench_function("person_page", |b| b.iter(|| views::person_view(&mut store, id).expect("page")));

        group.bench_function("vouchers_evaluate_month", |b| {
            b.iter(|| vouchers::evaluate_month(&mut store, month).expect("evaluate"))
        });
        group.bench_function("floor_scan_month_attendance", |b| {
            b.iter(|| {
                scan(
                    &mut store,
                    "SELECT a.data, s.data FROM sessions s JOIN attendance a ON a.session_id = s.id
                     WHERE s.date BETWEEN '2023-10-01' AND '2024-06-30'",
                )
            })
        });
        group.bench_function("indicators_dashboard", |b| {
            b.iter(|| indicators(&mut store, By::Municipality, 75).expect("indicators"))
        });
        group.bench_function("floor_scan_counters", |b| b.iter(|| scan(&mut store, "SELECT * FROM indicator_counts")));
        // The progress screen: the same at every scale (flat), beside a read of its counters, and what counting
        // everything again costs (what it cost before the counters, and what `verify` does).
        let dashboard = median(7, || drop(indicators(&mut store, By::Municipality, 75).expect("indicators")));
        let floor = median(7, || {
            scan(&mut store, "SELECT * FROM indicator_counts");
        });
        beside(&format!("progress screen at {n} participants"), dashboard, "read the counters", floor);
        let recount = median(1, || assert!(store.aggregates_match().expect("recount")));
        println!(
            "FIGURE progress counted from every record at {n} participants (verify): {:.0} ms",
            recount.as_secs_f64() * 1000.0
        );
        drop(store);

        if n < 30_000 || std::env::var_os("REINTEGRA_BENCH_REBUILD_ALL").is_some() {
            let copy = copy_of(&fixture, &format!("rebuild-{n}.db"));
            let mut store = Store::open(&copy, PASS).expect("open");
            group.bench_function(BenchmarkId::new("central_rebuild", n), |b| {
                b.iter_batched(|| (), |()| store.rebuild().expect("rebuild"), BatchSize::PerIteration)
            });
            group.bench_function(BenchmarkId::new("floor_scan_log", n), |b| {
                b.iter(|| scan(&mut store, "SELECT * FROM changes"))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
