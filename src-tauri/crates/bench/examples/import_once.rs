//! One import, for a profiler: the month's bundle into a fresh copy of the central file, or the 50-laptop folder,
//! at a scale whose fixtures `cargo bench --bench bundle` made. Prints the time.
//! `cargo run --release -p reintegra-bench --example import_once -- month|folder N [RUNS]`
//! (the month's imports run without SQLite's automatic checkpoint; the checkpoint that follows is timed apart)
//! `REINTEGRA_BENCH_CENTRAL=path` imports the month into copies of another central file (a copy of the bench's with a
//! schema change applied by hand, to measure it before writing a migration).

use std::path::Path;
use std::time::Instant;

use reintegra_bench::{PASS, copy_of, programme};
use reintegra_store::{Store, sync};

/// A fresh copy of a fixture, without what a run killed before left beside an earlier copy.
fn fresh_copy(fixture: &Path, name: &str) -> std::path::PathBuf {
    let to = fixture.with_file_name(name);
    for side in ["db-wal", "db-shm"] {
        let _ = std::fs::remove_file(to.with_extension(side));
    }
    copy_of(fixture, name)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(what), Some(n)) = (args.get(1), args.get(2).and_then(|n| n.parse::<usize>().ok())) else {
        eprintln!("usage: import_once month|folder N [RUNS]");
        return;
    };
    let runs: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(1);
    let dir = programme(n, 12).with_file_name("");
    // An experiment's variant of the central file instead of the bench's (e.g. a copy with a schema change applied).
    let central = std::env::var_os("REINTEGRA_BENCH_CENTRAL").map(std::path::PathBuf::from);
    for _ in 0..if what == "month" { 1 } else { runs } {
        match what.as_str() {
            "month" => {
                let bundle = std::fs::read(dir.join(format!("month-{n}-laptop.rgb"))).expect("bench fixture");
                // Every copy opened first (the key derivation), then the imports one after another: a profiler
                // started late sees only the imports.
                let mut stores: Vec<(Store, std::path::PathBuf)> = (0..runs)
                    .map(|i| {
                        let target = fresh_copy(
                            &central.clone().unwrap_or_else(|| dir.join(format!("month-{n}-central.db"))),
                            &format!("month-{n}-once-{i}.db"),
                        );
                        (Store::open(&target, PASS).expect("open"), target)
                    })
                    .collect();
                println!("opened {} copies", stores.len());
                for (store, target) in &mut stores {
                    let t = Instant::now();
                    let r = sync::import(store, &bundle, &mut |_, _| {}).expect("import");
                    println!("import of {} changes: {:?}", r.changes, t.elapsed());
                    let wal = std::fs::metadata(target.with_extension("db-wal")).map(|m| m.len()).unwrap_or(0);
                    println!("  wal: {} KiB", wal / 1024);
                    // What the import left for later: copying its pages into the file.
                    let t = Instant::now();
                    store.checkpoint().expect("checkpoint");
                    println!("  checkpoint afterwards: {:?}", t.elapsed());
                }
                for (store, target) in stores {
                    drop(store);
                    let _ = std::fs::remove_file(&target);
                    let _ = std::fs::remove_file(reintegra_store::keys::key_path(&target));
                }
                return;
            }
            "folder" => {
                let bundles = dir.join(format!("folder-{n}-bundles"));
                let work = dir.join(format!("folder-{n}-once"));
                let _ = std::fs::remove_dir_all(&work);
                std::fs::create_dir_all(&work).expect("folder");
                for e in std::fs::read_dir(&bundles).expect("bench fixture").flatten() {
                    std::fs::copy(e.path(), work.join(e.file_name())).expect("copy");
                }
                let target = fresh_copy(&dir.join(format!("folder-{n}-central.db")), &format!("folder-{n}-once.db"));
                let mut store = Store::open(&target, PASS).expect("open");
                let t = Instant::now();
                let mut last = Instant::now();
                let mut imported = false;
                let r = sync::sync_folder(&mut store, Path::new(&work), &mut |step, steps| {
                    // Steps are in thousandths: the first 50 are the imports, then one per answer.
                    if !imported && step >= 50_000 {
                        imported = true;
                        println!("  imports: {:?}", last.elapsed());
                        last = Instant::now();
                    }
                    if step == steps {
                        println!("  answers: {:?}", last.elapsed());
                    }
                })
                .expect("sync");
                println!("folder: {} imported, {} answers: {:?}", r.imported.len(), r.exported.len(), t.elapsed());
            }
            _ => eprintln!("month or folder"),
        }
    }
}
