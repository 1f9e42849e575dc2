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
        for stale in [&partial, &partial.with_extension("partial-wal"), &partial.with_extension("partial-shm")] {
            let _ = std::fs::remove_file(stale);
        }
        let mut store = Store::create(&partial, PASS, "Central", DeviceRole::Supervisor).expect("create fixture");
        let options = reintegra_demo::Options { participants, seed: 1, months };
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
