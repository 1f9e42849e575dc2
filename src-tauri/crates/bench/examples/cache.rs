//! How the page cache size changes the month's voucher evaluation and the indicators on a large store:
//! `cargo run --release -p reintegra-bench --example cache -- STORE PASSPHRASE MIB...`

use std::time::Instant;

use reintegra_core::month::Month;
use reintegra_store::indicators::{By, indicators};
use reintegra_store::{Store, vouchers};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(path), Some(pass)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: cache STORE PASSPHRASE MIB...");
        return;
    };
    let month = Month::parse("2024-06").unwrap_or_else(|| Month::of(reintegra_bench::today()));
    for mib in args.iter().skip(3).filter_map(|m| m.parse::<i64>().ok()) {
        let mut store = Store::open(std::path::Path::new(path), pass).expect("open");
        store.read(|tx| Ok(tx.pragma_update(None, "cache_size", -1024 * mib)?)).expect("cache size");
        let t = Instant::now();
        vouchers::evaluate_month(&mut store, month).expect("evaluate");
        let first = t.elapsed();
        let t = Instant::now();
        vouchers::evaluate_month(&mut store, month).expect("evaluate");
        let second = t.elapsed();
        let t = Instant::now();
        indicators(&mut store, By::Municipality, 75).expect("indicators");
        println!("cache {mib} MiB: evaluate {first:?} (again {second:?}), indicators {:?}", t.elapsed());
    }
}
