//! The JSON Lines loader (`reintegra load`, RECORDS-JSONL.md) on any bytes, into a real store: refused lines leave
//! it unchanged, accepted ones are written; it must never panic.
#![no_main]

use std::sync::{Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;
use reintegra_core::wire::DeviceRole;
use reintegra_store::Store;

struct Held {
    _dir: tempfile::TempDir,
    store: Store,
}

fn held() -> &'static Mutex<Held> {
    static HELD: OnceLock<Mutex<Held>> = OnceLock::new();
    HELD.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let store =
            Store::create(&dir.path().join("fuzz.db"), "frase de paso del fuzzer", "Central", DeviceRole::Supervisor)
                .expect("store");
        Mutex::new(Held { _dir: dir, store })
    })
}

fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).expect("date");
    let mut held = held().lock().unwrap_or_else(|e| e.into_inner());
    let _ = reintegra_store::load::load_jsonl(&mut held.store, data, today);
});
