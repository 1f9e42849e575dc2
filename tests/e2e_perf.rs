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
    app_parts(pid);
}

/// What the app process's resident memory is made of (`/proc/PID/smaps_rollup` and `smaps`, Linux): anonymous
/// (the heaps: GTK/WebKit's side of the window, SQLite's page cache, Rust's), file-mapped (code and libraries),
/// shared memory, and how much of the anonymous part is the main heap (`[heap]`) (H9, #18).
fn app_parts(pid: u32) {
    let field = |text: &str, name: &str| -> u64 {
        text.lines()
            .filter(|l| l.starts_with(name))
            .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
            .sum()
    };
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    let smaps = std::fs::read_to_string(format!("/proc/{pid}/smaps")).unwrap_or_default();
    // The [heap] mapping's Rss: a mapping's header line starts with its address (lower-case hex), its fields with
    // a capitalised name.
    let (mut heap, mut in_heap) = (0, false);
    for l in smaps.lines() {
        if l.starts_with(|c: char| c.is_ascii_digit() || ('a'..='f').contains(&c)) {
            in_heap = l.trim_end().ends_with("[heap]");
        } else if in_heap && l.starts_with("Rss:") {
            heap += field(l, "Rss:");
        }
    }
    let (rss, anon, shmem) = (field(&rollup, "Rss:"), field(&rollup, "Anonymous:"), field(&rollup, "Shmem"));
    // The libraries' pages are shared with the WebKit processes: Pss counts each page once across them.
    let (pss, pss_file) = (field(&rollup, "Pss:"), field(&rollup, "Pss_File:"));
    // Pages no other process maps (USS): what the process alone holds, as Windows' Task Manager shows a process
    // (its private working set) where the libraries' shared pages are left out.
    let private = field(&rollup, "Private_Clean:") + field(&rollup, "Private_Dirty:");
    println!(
        "FIGURE memory parts: app {} MB = anonymous {} MB (main heap {} MB) + file-mapped {} MB + shared {} MB; \
         proportional {} MB (file-mapped {} MB); private {} MB",
        rss / 1024,
        anon / 1024,
        heap / 1024,
        rss.saturating_sub(anon + shmem) / 1024,
        shmem / 1024,
        pss / 1024,
        pss_file / 1024,
        private / 1024
    );
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

/// Waits until `css` is in the page, looking every 2 ms (fantoccini's own wait looks every 250 ms, which is what the
/// first figures of the person page and the agenda measured).
async fn shown(c: &Client, css: &str) {
    let started = Instant::now();
    while c.find(Locator::Css(css)).await.is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "{css} was never shown");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// Records each call the interface makes to the shell (command, start and end in ms of the page's clock), from now.
const LOG_INVOKES: &str = "window.__invokes = []; const t = window.__TAURI__; \
    const invoke = t.__h8 || t.core.invoke; \
    const logged = (cmd, args, o) => { const e = { cmd, start: performance.now() }; window.__invokes.push(e); \
      const p = invoke(cmd, args, o); p.finally(() => { e.end = performance.now(); }); return p; }; \
    window.__TAURI__ = Object.assign({}, t, { __h8: invoke, core: Object.assign({}, t.core, { invoke: logged }) }); \
    return performance.now();";

async fn log_invokes(c: &Client) -> f64 {
    match c.execute(LOG_INVOKES, vec![]).await {
        Ok(v) => v.as_f64().unwrap_or_default(),
        Err(e) => {
            println!("the calls cannot be recorded: {e}");
            0.0
        }
    }
}

/// Clicks `target`, waits until `outcome` is shown and prints the calls to the shell made meanwhile.
async fn calls_after_click(c: &Client, what: &str, target: &str, outcome: &str) {
    let t0 = log_invokes(c).await;
    click(c, target).await;
    shown(c, outcome).await;
    let at = c.execute("return performance.now();", vec![]).await.ok().and_then(|v| v.as_f64()).unwrap_or(t0) - t0;
    println!("calls after a click to {what} (shown by {at:.0} ms): {}", invokes(c, t0).await);
}

/// The calls recorded since [`LOG_INVOKES`], once all have answered (or 5 s have passed).
async fn calls_answered(c: &Client) -> serde_json::Value {
    let started = Instant::now();
    let mut v = serde_json::Value::Null;
    while started.elapsed() < Duration::from_secs(5) {
        v = c.execute("return window.__invokes || [];", vec![]).await.unwrap_or_default();
        if v.as_array().is_some_and(|a| a.iter().all(|e| e["end"].is_number())) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    v
}

/// The calls recorded since [`LOG_INVOKES`] (returned at `t0`), each with its start and end from `t0`, once all
/// have answered (or 5 s have passed).
async fn invokes(c: &Client, t0: f64) -> String {
    let v = calls_answered(c).await;
    let ms = |e: &serde_json::Value, k: &str| e[k].as_f64().map(|x| format!("{:.0}", x - t0)).unwrap_or_default();
    v.as_array()
        .into_iter()
        .flatten()
        .map(|e| format!("{} {}→{} ms", e["cmd"].as_str().unwrap_or_default(), ms(e, "start"), ms(e, "end")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Records, in the page, when a click on `#nav-home` arrives, when the agenda's title enters the page (a
/// `MutationObserver`: after the answer is decoded and Yew has drawn it) and the next frame after that (H15, #18).
const AGENDA_TIMELINE: &str = "window.__tl = {}; \
    if (!window.__tlClick) { window.__tlClick = true; document.addEventListener('click', e => { \
      if (e.target.closest && e.target.closest('#nav-home') && !window.__tl.click) window.__tl.click = performance.now(); \
    }, true); } \
    new MutationObserver((m, o) => { if (document.querySelector('#home-visits-title')) { o.disconnect(); \
      window.__tl.dom = performance.now(); requestAnimationFrame(() => { window.__tl.frame = performance.now(); }); } \
    }).observe(document.body, { childList: true, subtree: true });";

/// Outside any timing: the page starts recording the calls to the shell and the agenda's next click.
async fn watch_agenda(c: &Client) {
    log_invokes(c).await;
    c.execute(AGENDA_TIMELINE, vec![]).await.expect("the agenda's timeline");
}

/// A click to the agenda until it is shown (ms, through WebDriver), printed with the page's own timeline.
async fn agenda_click(c: &Client, what: &str) -> u128 {
    let t = Instant::now();
    click(c, "#nav-home").await;
    shown(c, "#home-visits-title").await;
    let ms = t.elapsed().as_millis();
    println!("click to the agenda{what}: {ms} ms seen through WebDriver; {}", agenda_timeline(c).await);
    ms
}

/// One click to the agenda seen from the page: the calls to the shell that were still running or started after
/// the click, the agenda in the page and its next frame, each in ms from the click event.
async fn agenda_timeline(c: &Client) -> String {
    let (started, mut v) = (Instant::now(), serde_json::Value::Null);
    while started.elapsed() < Duration::from_secs(3) {
        v = c.execute("return [window.__tl || {}, window.__invokes || []];", vec![]).await.unwrap_or_default();
        let ended = v[1].as_array().is_some_and(|a| a.iter().all(|e| e["end"].is_number()));
        if ended && v[0]["frame"].is_number() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let Some(click) = v[0]["click"].as_f64() else { return "no click event recorded".into() };
    let ms = |x: &serde_json::Value| x.as_f64().map(|x| format!("{:.0}", x - click)).unwrap_or("?".into());
    let calls = v[1]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["end"].as_f64().is_none_or(|end| end > click))
        .map(|e| format!("{} {}→{}", e["cmd"].as_str().unwrap_or_default(), ms(&e["start"]), ms(&e["end"])))
        .collect::<Vec<_>>()
        .join(", ");
    format!("calls {calls}; in the page {} ms, next frame {} ms", ms(&v[0]["dom"]), ms(&v[0]["frame"]))
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
    // Start-up: from asking for the app to its unlock screen shown (H9, #18).
    let t = Instant::now();
    let c = driver.session_as_it_starts().await;
    wait_for(&c, "#unlock-passphrase").await;
    println!("FIGURE start to the unlock screen: {} ms", t.elapsed().as_millis());
    set_lang(&c, Lang::Es).await;
    memory(app_pid(&db).expect("the app's process"), "at the unlock screen (no store open)");
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
        // Outside both timings: the page records the agenda's click, its calls and when it is drawn (H15).
        watch_agenda(&c).await;
        let t = Instant::now();
        click(&c, "#persons-table tbody .link-name").await;
        shown(&c, "#person-name").await;
        pages.push(t.elapsed().as_millis());
        agendas.push(agenda_click(&c, "").await);
    }
    // The same clicks once the person page has loaded all its parts (a person reads the page before going on): the
    // agenda's call then does not wait behind the page's last calls, which the shell answers one at a time.
    let mut settled = Vec::new();
    for _ in 0..5 {
        click(&c, "#nav-persons").await;
        wait_for(&c, "#persons-table tbody .link-name").await;
        watch_agenda(&c).await;
        click(&c, "#persons-table tbody .link-name").await;
        shown(&c, "#person-name").await;
        calls_answered(&c).await;
        watch_agenda(&c).await;
        settled.push(agenda_click(&c, " once the person page has loaded").await);
    }
    let (settled, settled_worst) = median(settled);
    // After a change made elsewhere (the command line writes a record while the app is open) the agenda's kept
    // lists (the month's review, the assessments due) are read again: a click to the agenda read whole (H15).
    let mut changed = Vec::new();
    for k in 0..3 {
        let group = serde_json::json!({"type": "group", "id": "0192a000-0000-7000-8000-00000000f15a",
            "kind": "support_group", "name": format!("Grupo de medición {k}"), "municipality": "San Salvador Este"});
        load(&db, &[group]);
        click(&c, "#nav-persons").await;
        wait_for(&c, "#persons-table tbody .link-name").await;
        watch_agenda(&c).await;
        changed.push(agenda_click(&c, " after a change").await);
    }
    let (after_change, after_change_worst) = median(changed);
    // After a change made in the window (a referral's status saved on its person's page: a write through the app's
    // own connection, which keeps its page cache): the kept lists are read again (H15).
    let mut saved = Vec::new();
    for _ in 0..3 {
        click(&c, "#nav-home").await;
        let first = "#home-referrals li.referral";
        let id = wait_for_attr(&c, first, "data-id", |v| !v.is_empty()).await;
        click(&c, &format!("{first} .link-name")).await;
        let row = format!("#person-referrals li.referral[data-id='{id}']");
        let now = wait_for_prop(&c, &format!("{row} .ref-status"), "value", |_| true).await;
        let next = match now.as_str() {
            "referred" => "accepted",
            "accepted" => "attended",
            _ => "referred",
        };
        select(&c, &format!("{row} .ref-status"), next).await;
        wait_for_prop(&c, &format!("{row} .ref-save"), "disabled", |d| d == "false").await;
        click(&c, &format!("{row} .ref-save")).await;
        wait_for_prop(&c, &format!("{row} .ref-save"), "disabled", |d| d == "true").await;
        watch_agenda(&c).await;
        saved.push(agenda_click(&c, " after a save in the window").await);
    }
    let (after_save, after_save_worst) = median(saved);
    // Where the time goes: the calls to the shell after a click to a person's page, and to the agenda.
    click(&c, "#nav-persons").await;
    wait_for(&c, "#persons-table tbody .link-name").await;
    calls_after_click(&c, "a person's page", "#persons-table tbody .link-name", "#person-name").await;
    screenshot(&c, "perf-01-person-10x").await;
    calls_after_click(&c, "the agenda", "#nav-home", "#home-visits-title").await;
    screenshot(&c, "perf-02-agenda-10x").await;
    let (page, page_worst) = median(pages);
    let (agenda, agenda_worst) = median(agendas);
    println!("FIGURE click to a person's page: median {page} ms, worst {page_worst} ms");
    println!("FIGURE click to the home agenda: median {agenda} ms, worst {agenda_worst} ms");
    println!(
        "FIGURE click to the home agenda once the person page has loaded: median {settled} ms, worst {settled_worst} ms"
    );
    println!(
        "FIGURE click to the home agenda after a change elsewhere (read whole): median {after_change} ms, worst \
         {after_change_worst} ms (of 3)"
    );
    println!(
        "FIGURE click to the home agenda after a save in the window (read whole): median {after_save} ms, worst \
         {after_save_worst} ms (of 3)"
    );
    memory(pid, "after the measured screens");

    // The scripted hour: the screens of a working day in turn, each waited for, until the time is up.
    let hour = Instant::now();
    let until = hour + Duration::from_secs(minutes * 60);
    let (mut rounds, mut printed) = (0, 0);
    while Instant::now() < until {
        // The app and the web view every 5 minutes of the hour (H12, #18).
        let at = hour.elapsed().as_secs() / 60;
        if at >= printed + 5 {
            printed = at - at % 5;
            memory(pid, &format!("at {printed} minutes ({rounds} rounds)"));
        }
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
    // Locked: the store is closed, its page cache released (H9, #18).
    click(&c, "#lock-now").await;
    wait_for(&c, "#unlock-passphrase").await;
    memory(pid, "after locking");
    c.close().await.expect("close the app");
}
