//! The window's figures at 10× the programme, for docs/performance.md (issue 18): from a key to the people list
//! shown, from a click to a person's page, to the home agenda, and the app's memory after a scripted hour of use.
//! Prints, asserts nothing; run by hand on the release build, never in CI:
//!
//! ```text
//! cargo build --release -p reintegra-app && bash .ci/build-frontend.sh   # the frontend first, then the app
//! ./target/debug/reintegra init --db /tmp/bench10/b.db --device Bench --role field
//! ./target/debug/reintegra demo --db /tmp/bench10/b.db --participants 3000 --months 12
//! source .ci/display.sh
//! REINTEGRA_APP_PROFILE=release REINTEGRA_BENCH_DB=/tmp/bench10/b.db REINTEGRA_PERF_MINUTES=60 \
//!   cargo test -p reintegra-tests --test e2e_perf -- --ignored --nocapture
//! ```
//! (the store's passphrase is the tests' `PASSPHRASE`; `REINTEGRA_PERF_MINUTES` shortens the scripted hour).

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use reintegra_tests::*;

fn memory(pid: u32, when: &str) {
    let procs = with_descendants(pid);
    let total: u64 = procs.iter().map(|(p, _)| rss_kb(*p)).sum();
    let parts: Vec<String> = procs.iter().map(|(p, n)| format!("{n} {} MB", rss_kb(*p) / 1024)).collect();
    println!("FIGURE memory {when}: app {} MB; all {} MB ({})", rss_kb(pid) / 1024, total / 1024, parts.join(", "));
}

/// How many people the store finds for `text` (the command line, before anything is timed).
fn total(db: &Path, text: &str) -> u64 {
    let out = cli(db, PASSPHRASE, &[os("persons"), os("search"), os(text), os("--limit"), os("1"), os("--json")]);
    serde_json::from_str::<serde_json::Value>(&out).ok().and_then(|v| v["total"].as_u64()).unwrap_or(0)
}

/// The digits of the list's count ("8.375 personas" is 8375).
async fn shown_count(c: &Client) -> Option<u64> {
    let text = c.find(Locator::Css("#persons-count")).await.ok()?.text().await.ok()?;
    text.chars().filter(char::is_ascii_digit).collect::<String>().parse().ok()
}

async fn wait_count(c: &Client, want: u64) {
    let started = Instant::now();
    while shown_count(c).await != Some(want) {
        assert!(started.elapsed() < Duration::from_secs(30), "the list never showed {want} people");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

fn clear_keys() -> String {
    use fantoccini::key::Key;
    format!("{}a{}{}", char::from(Key::Control), char::from(Key::Null), char::from(Key::Backspace))
}

fn median(mut v: Vec<u128>) -> (u128, u128) {
    v.sort_unstable();
    (v[v.len() / 2], v[v.len() - 1])
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "prints the window's figures on a 10x store: REINTEGRA_BENCH_DB, REINTEGRA_APP_PROFILE=release (by hand)"]
async fn the_window_at_10x_key_to_list_click_to_page_agenda_and_memory() {
    let Some(db) = std::env::var_os("REINTEGRA_BENCH_DB").map(std::path::PathBuf::from) else {
        eprintln!("REINTEGRA_BENCH_DB not set: nothing measured");
        return;
    };
    let minutes: u64 = std::env::var("REINTEGRA_PERF_MINUTES").ok().and_then(|m| m.parse().ok()).unwrap_or(60);
    let everyone = total(&db, "");
    let queries: Vec<(String, u64, u64)> = ["maria", "hernandez", "lopez", "jose", "garcia", "flores", "rosa", "7012"]
        .iter()
        .map(|q| {
            let prefix = &q[..q.len() - 1];
            (q.to_string(), total(&db, prefix), total(&db, q))
        })
        .filter(|(_, before, after)| before != after)
        .collect();

    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    type_into(&c, "#unlock-passphrase", PASSPHRASE).await;
    let t = Instant::now();
    click(&c, "#unlock-submit").await;
    wait_for(&c, "#home-visits-title").await;
    println!("FIGURE unlock to the home agenda: {} ms", t.elapsed().as_millis());
    let pid = app_pid(&db).expect("the app's process");
    memory(pid, "after unlock");

    // A key to the list: the last key of each query, from the list of its prefix to the list of the whole query.
    click(&c, "#nav-persons").await;
    wait_count(&c, everyone).await;
    let mut keys = Vec::new();
    for (q, before, after) in &queries {
        let input = wait_for(&c, "#search").await;
        input.send_keys(&clear_keys()).await.expect("clear");
        wait_count(&c, everyone).await;
        input.send_keys(&q[..q.len() - 1]).await.expect("type");
        wait_count(&c, *before).await;
        let t = Instant::now();
        input.send_keys(&q[q.len() - 1..]).await.expect("the last key");
        wait_count(&c, *after).await;
        let ms = t.elapsed().as_millis();
        println!("key to list: «{q}» ({after} people) {ms} ms");
        keys.push(ms);
    }
    let (med, worst) = median(keys);
    println!("FIGURE key to list at 10x (people search): median {med} ms, worst {worst} ms");

    // A click to a person's page and to the home agenda, five times each.
    let (mut pages, mut agendas) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        click(&c, "#nav-persons").await;
        wait_for(&c, "#persons-table tbody .link-name").await;
        let t = Instant::now();
        click(&c, "#persons-table tbody .link-name").await;
        wait_for(&c, "#person-name").await;
        pages.push(t.elapsed().as_millis());
        let t = Instant::now();
        click(&c, "#nav-home").await;
        wait_for(&c, "#home-visits-title").await;
        agendas.push(t.elapsed().as_millis());
    }
    let (page, page_worst) = median(pages);
    let (agenda, agenda_worst) = median(agendas);
    println!("FIGURE click to a person's page: median {page} ms, worst {page_worst} ms");
    println!("FIGURE click to the home agenda: median {agenda} ms, worst {agenda_worst} ms");
    memory(pid, "after the measured screens");

    // The scripted hour: the screens of a working day in turn, each waited for, until the time is up.
    let until = Instant::now() + Duration::from_secs(minutes * 60);
    let mut rounds = 0;
    while Instant::now() < until {
        let (q, _, after) = &queries[rounds % queries.len().max(1)];
        click(&c, "#nav-persons").await;
        let input = wait_for(&c, "#search").await;
        input.send_keys(&clear_keys()).await.expect("clear");
        input.send_keys(q).await.expect("type");
        wait_count(&c, *after).await;
        click(&c, "#persons-table tbody .link-name").await;
        wait_for(&c, "#person-name").await;
        click(&c, "#nav-home").await;
        wait_for(&c, "#home-visits-title").await;
        click(&c, "#nav-sync").await;
        wait_for(&c, "#sync-now").await;
        rounds += 1;
        if rounds % 50 == 0 {
            memory(pid, &format!("after {rounds} rounds"));
        }
    }
    memory(pid, &format!("after {minutes} minutes of use ({rounds} rounds of search, person, agenda, sync)"));
    c.close().await.expect("close the app");
}
