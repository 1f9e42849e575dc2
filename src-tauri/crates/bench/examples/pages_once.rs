//! Which tables and indexes a month's import writes: the bench's central file is copied, its pages mapped to their
//! b-trees (`dbstat`), the month's bundle imported and checkpointed, and the file compared page by page with the
//! copy taken before (every page written is re-encrypted, so it differs). Prints the pages written by b-tree.
//! `cargo run --release -p reintegra-bench --example pages_once -- N` (fixtures made by `cargo bench --bench bundle`;
//! `REINTEGRA_BENCH_CENTRAL=path` takes another central file, e.g. a copy with a schema change applied).

use std::collections::BTreeMap;
use std::io::Read;

use reintegra_bench::{PASS, copy_of, programme};
use reintegra_store::{Store, sync};

const PAGE: usize = 4096;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(300);
    let dir = programme(n, 12).with_file_name("");
    let central = std::env::var_os("REINTEGRA_BENCH_CENTRAL")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.join(format!("month-{n}-central.db")));
    let bundle = std::fs::read(dir.join(format!("month-{n}-laptop.rgb"))).expect("bench fixture");
    let target = copy_of(&central, &format!("month-{n}-pages.db"));
    for side in ["db-wal", "db-shm"] {
        let _ = std::fs::remove_file(target.with_extension(side));
    }
    let before = std::fs::read(&target).expect("read copy");
    let mut store = Store::open(&target, PASS).expect("open");
    let owner = page_owners(&mut store);
    let r = sync::import(&mut store, &bundle, &mut |_, _| {}).expect("import");
    store.checkpoint().expect("checkpoint");
    let owner_after = page_owners(&mut store);
    drop(store);
    let mut after = Vec::new();
    std::fs::File::open(&target).expect("open file").read_to_end(&mut after).expect("read file");
    let mut by_tree: BTreeMap<String, usize> = BTreeMap::new();
    let pages = after.len().div_ceil(PAGE);
    for p in 0..pages {
        let old = before.get(p * PAGE..(p + 1) * PAGE);
        let new = &after[p * PAGE..((p + 1) * PAGE).min(after.len())];
        if old != Some(new) {
            // The b-tree that holds the page after the import (a new or reused page), else the one before (a page
            // freed by the import).
            let page = p as i64 + 1;
            let name = owner_after.get(&page).or(owner.get(&page)).cloned().unwrap_or_else(|| "(free page)".into());
            *by_tree.entry(name).or_default() += 1;
        }
    }
    let mut rows: Vec<_> = by_tree.into_iter().collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    println!(
        "{} changes; pages written: {} (file {} -> {} pages)",
        r.changes,
        rows.iter().map(|r| r.1).sum::<usize>(),
        before.len() / PAGE,
        pages
    );
    for (name, count) in rows {
        println!("{count:6}  {name}");
    }
    let _ = std::fs::remove_file(&target);
    let _ = std::fs::remove_file(reintegra_store::keys::key_path(&target));
}

/// Each page's b-tree (table or index), from `dbstat`.
fn page_owners(store: &mut Store) -> BTreeMap<i64, String> {
    store
        .read(|tx| {
            let mut stmt = tx.prepare("SELECT pageno, name FROM dbstat")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .expect("dbstat")
}
