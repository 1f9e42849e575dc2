//! The real binary killed (SIGKILL) at hundreds of points in the middle of an import, a form save and a purge: the
//! store passes its integrity checks, holds exactly the state before or the state after, and doing it again
//! completes it.
//!
//! The points are chosen by the write count, not by the clock: a small C library (`faults/kill_at.c`, loaded with
//! `LD_PRELOAD`, test-only, compiled here with the system's `cc`) counts every write, sync and truncation the process
//! makes to the store's files (database, WAL, shared memory) and kills the process just before the N-th. A dry run
//! counts them; a seeded random schedule then picks the points (all of them when there are few), so every run
//! reaches the same states and a failure names its seed and point (`REINTEGRA_FAULT_SEED` replays another schedule).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use reintegra_store::Store;
use serde_json::{Value, json};

mod common;

use common::{ok, on as run};

/// The kill switch, compiled once per run of this test binary.
fn shim() -> &'static Path {
    static SHIM: OnceLock<PathBuf> = OnceLock::new();
    SHIM.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let out = dir.join(format!("kill_at.{}.so", std::process::id()));
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/faults/kill_at.c");
        let status = Command::new("cc")
            .args(["-shared", "-fPIC", "-O2", "-o"])
            .arg(&out)
            .arg(&src)
            .status()
            .expect("the system's C compiler (cc) builds the test's kill switch");
        assert!(status.success(), "cc failed on {}", src.display());
        out
    })
}

/// `args` on `db` under the kill switch: killed before its `kill_at`-th write to the store, or run whole and counted.
fn traced(db: &Path, args: &[&str], extra: &[&Path], kill_at: Option<usize>, count: Option<&Path>) -> Command {
    let mut cmd = run(db, args);
    cmd.args(extra)
        .env("LD_PRELOAD", shim())
        .env("REINTEGRA_FAULT_PREFIX", db)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(n) = kill_at {
        cmd.env("REINTEGRA_FAULT_KILL_AT", n.to_string());
    }
    if let Some(f) = count {
        cmd.env("REINTEGRA_FAULT_COUNT_FILE", f);
    }
    cmd
}

/// Copies a closed store (its key file, and its WAL if any) to a new name.
fn copy_store(from: &Path, to: &Path) {
    std::fs::copy(from, to).expect("copy store");
    for suffix in ["-wal", "-shm", ".keys"] {
        let side = PathBuf::from(format!("{}{suffix}", from.display()));
        let dest = PathBuf::from(format!("{}{suffix}", to.display()));
        if side.exists() {
            std::fs::copy(&side, dest).expect("copy side file");
        } else if dest.exists() {
            std::fs::remove_file(dest).expect("remove stale side file");
        }
    }
}

/// Everything `reintegra verify` checks, in this process, and the store's digest. Every copy of a store has the
/// same data key: derived once from the passphrase (`key`), it opens each copy without a half-second Argon2id.
fn check(db: &Path, key: &str, what: &str) -> String {
    let mut store = Store::open_with_data_key(db, key).unwrap_or_else(|e| panic!("{what}: the store opens: {e}"));
    let problems = store.integrity_problems().expect("integrity check");
    assert!(problems.is_empty(), "{what}: integrity: {problems:?}");
    assert!(store.projections_match_log().expect("rebuild"), "{what}: rows differ from the log");
    reintegra_store::audit::verify(&mut store).unwrap_or_else(|e| panic!("{what}: audit chain: {e}"));
    let received = reintegra_store::audit::verify_received(&mut store).expect("received chains");
    assert!(received.iter().all(|c| c.broken.is_none()), "{what}: a received audit chain is broken");
    store.digest().expect("digest")
}

/// splitmix64: a seeded schedule without a dependency.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The kill points for an operation of `total` writes: every one when there are at most `want`, else `want`
/// distinct points drawn with the seed, always with the first and the last.
fn schedule(total: usize, want: usize, seed: u64) -> Vec<usize> {
    if total <= want {
        return (1..=total).collect();
    }
    let mut state = seed;
    let mut points = std::collections::BTreeSet::from([1, total]);
    while points.len() < want {
        points.insert(1 + (next(&mut state) % total as u64) as usize);
    }
    points.into_iter().collect()
}

fn seed() -> u64 {
    std::env::var("REINTEGRA_FAULT_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(18)
}

/// What one operation under the kill switch must respect.
struct Scenario<'a> {
    name: &'a str,
    dir: &'a Path,
    /// The store before the operation (closed).
    pristine: &'a Path,
    args: &'a [&'a str],
    extra: &'a [&'a Path],
    /// How many points at least (all of them when the operation makes fewer writes).
    want: usize,
    /// Brings a state that is neither before nor after to after, if the operation has a legitimate middle (an
    /// import whose purge, a transaction of its own, did not run); `None` when there is none.
    finish: Option<&'a [&'a str]>,
}

struct Outcome {
    points: usize,
    total: usize,
    before: usize,
    middle: usize,
    after: usize,
}

fn kill_everywhere(s: &Scenario<'_>) -> Outcome {
    let key = reintegra_store::data_key_hex(s.pristine, common::PASS).expect("the data key");
    let key = key.as_str();
    let before = check(s.pristine, key, "before");
    // The dry run: the whole operation, its writes counted.
    let whole = s.dir.join(format!("{}-whole.db", s.name));
    copy_store(s.pristine, &whole);
    let count = s.dir.join(format!("{}-count.txt", s.name));
    let status = traced(&whole, s.args, s.extra, None, Some(&count)).status().expect("spawn");
    assert!(status.success(), "{}: the operation runs whole under the kill switch", s.name);
    let total: usize = std::fs::read_to_string(&count).expect("count").trim().parse().expect("a count");
    assert!(total > 0, "{}: the kill switch saw the store's writes", s.name);
    let after = check(&whole, key, "after");
    assert_ne!(before, after, "{}: the operation changes the store", s.name);

    let seed = seed();
    let points = schedule(total, s.want, seed);
    let next_point = AtomicUsize::new(0);
    let tally = [AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0)];
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4));
    std::thread::scope(|scope| {
        for w in 0..workers {
            let (points, next_point, tally) = (&points, &next_point, &tally);
            let (before, after) = (&before, &after);
            scope.spawn(move || {
                let trial = s.dir.join(format!("{}-trial{w}.db", s.name));
                loop {
                    let i = next_point.fetch_add(1, Ordering::Relaxed);
                    let Some(&k) = points.get(i) else { break };
                    let what = format!("{} killed before write {k} of {total} (seed {seed})", s.name);
                    copy_store(s.pristine, &trial);
                    let status = traced(&trial, s.args, s.extra, Some(k), None).status().expect("spawn");
                    assert!(!status.success(), "{what}: the process was killed");
                    let mut d = check(&trial, key, &what);
                    let slot = if d == *before {
                        0
                    } else if d == *after {
                        2
                    } else {
                        let finish = s.finish.unwrap_or_else(|| panic!("{what}: a state neither before nor after"));
                        ok(&mut run(&trial, finish));
                        d = check(&trial, key, &what);
                        assert_eq!(d, *after, "{what}: a middle state the next run does not complete");
                        1
                    };
                    tally[slot].fetch_add(1, Ordering::Relaxed);
                    // Doing it again completes it (every 25th point: each costs an unlock).
                    if i % 25 == 0 && slot == 0 {
                        ok(run(&trial, s.args).args(s.extra));
                        assert_eq!(check(&trial, key, &what), *after, "{what}: doing it again completes it");
                    }
                }
            });
        }
    });
    let [b, m, a] = tally.map(AtomicUsize::into_inner);
    eprintln!(
        "{}: {} kill points of {total} writes (seed {seed}): {b} before, {m} middle, {a} after",
        s.name,
        points.len()
    );
    assert!(b > 0 && a > 0, "{}: kills land both before and after the commit", s.name);
    Outcome { points: points.len(), total, before: b, middle: m, after: a }
}

fn device(dir: &Path, name: &str, role: &str, workers: &[&str]) -> PathBuf {
    let db = dir.join(format!("{}.db", name.replace(' ', "-")));
    let mut cmd = run(&db, &["init", "--device", name, "--role", role]);
    for w in workers {
        cmd.args(["--worker", w]);
    }
    ok(&mut cmd);
    db
}

fn trust(dir: &Path, a: &Path, b: &Path) {
    for (from, to) in [(a, b), (b, a)] {
        let keys = dir.join("keys.json");
        std::fs::write(&keys, ok(&mut run(from, &["keys", "public", "--json"]))).expect("write keys");
        ok(run(to, &["devices", "add"]).arg(&keys));
    }
}

fn export(from: &Path, to: &str, out: &Path) {
    ok(run(from, &["bundle", "export", "--to", to]).arg("--out").arg(out));
}

fn load(db: &Path, file: &Path, lines: &[Value]) {
    let text: Vec<String> = lines.iter().map(Value::to_string).collect();
    std::fs::write(file, text.join("\n")).expect("write");
    ok(run(db, &["load"]).arg(file));
}

#[test]
fn an_import_killed_at_any_write_leaves_the_store_before_or_after() {
    let dir = tempfile::tempdir().expect("tempdir");
    let central = device(dir.path(), "Central", "supervisor", &[]);
    let peer = device(dir.path(), "Coordinación 2", "supervisor", &[]);
    trust(dir.path(), &central, &peer);
    // Small enough that hundreds of points fit in a minute or two, large enough to spill over several pages.
    ok(&mut run(&central, &["demo", "--participants", "6", "--months", "2"]));
    let bundle = dir.path().join("small.rgb");
    export(&central, "Coordinación 2", &bundle);
    let outcome = kill_everywhere(&Scenario {
        name: "import",
        dir: dir.path(),
        pristine: &peer,
        args: &["bundle", "import"],
        extra: &[&bundle],
        want: 200,
        finish: None,
    });
    assert!(outcome.points >= 200, "at least 200 points: {} of {}", outcome.points, outcome.total);
    assert_eq!(outcome.middle, 0);
    assert_eq!(outcome.before + outcome.after, outcome.points);
}

#[test]
fn a_form_save_killed_at_any_write_leaves_the_record_before_or_after() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = device(dir.path(), "Central", "supervisor", &[]);
    let records = dir.path().join("records.jsonl");
    ok(run(&db, &["load"]).arg(common::example_records()));
    // One record saved in one transaction through the same writer as the window's forms.
    std::fs::write(
        &records,
        json!({"type": "person", "id": "0192a000-0000-7000-8000-00000000f001", "role": "participant",
            "given_names": "Rosa Elena", "first_surname": "Campos", "birth_date": "1990-03-04",
            "municipality": "San Salvador Este", "assigned_worker": "Ana Portillo"})
        .to_string(),
    )
    .expect("write");
    let outcome = kill_everywhere(&Scenario {
        name: "save",
        dir: dir.path(),
        pristine: &db,
        args: &["load"],
        extra: &[&records],
        want: 200,
        finish: None,
    });
    assert_eq!(outcome.middle, 0);
}

#[test]
fn a_purge_killed_at_any_write_leaves_the_laptop_before_or_after() {
    let dir = tempfile::tempdir().expect("tempdir");
    let central = device(dir.path(), "Central", "supervisor", &[]);
    let laptop = device(dir.path(), "Laptop Ana", "field", &["Ana Portillo"]);
    trust(dir.path(), &central, &laptop);
    let gone = json!({"type": "person", "id": "0192a000-0000-7000-8000-00000000900d", "role": "participant",
        "given_names": "Purgalina", "first_surname": "Núñez", "birth_date": "1991-05-02",
        "municipality": "San Salvador Este", "assigned_worker": "Ana Portillo", "address": "Pasaje Purgalina 4"});
    let stays = json!({"type": "person", "id": "0192a000-0000-7000-8000-000000000001", "role": "participant",
        "given_names": "José Ángel", "first_surname": "Núñez", "birth_date": "1995-02-14",
        "municipality": "San Salvador Este", "assigned_worker": "Ana Portillo"});
    load(&central, &dir.path().join("a.jsonl"), &[gone.clone(), stays]);
    let first = dir.path().join("first.rgb");
    export(&central, "Laptop Ana", &first);
    ok(run(&laptop, &["bundle", "import"]).arg(&first));
    // Reassigned on the central file: the laptop, which made no change about her, purges her on import.
    let mut moved = gone;
    moved["assigned_worker"] = json!("Mario Ayala");
    load(&central, &dir.path().join("b.jsonl"), &[moved]);
    let release = dir.path().join("release.rgb");
    export(&central, "Laptop Ana", &release);
    let outcome = kill_everywhere(&Scenario {
        name: "purge",
        dir: dir.path(),
        pristine: &laptop,
        args: &["bundle", "import"],
        extra: &[&release],
        want: 120,
        // Killed between the import's transaction and the purge's: the next purge (or import) finishes it.
        finish: Some(&["purge"]),
    });
    assert!(outcome.middle > 0, "some kills land between the import and its purge");
}

/// The command line while the app holds the store open and saves forms, and two command lines at once (an import and
/// a load): every process ends well, nothing is lost, no one reads "database is locked".
#[test]
fn the_command_line_and_the_app_write_at_once_and_lose_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let central = device(dir.path(), "Central", "supervisor", &[]);
    let db = device(dir.path(), "Coordinación 2", "supervisor", &[]);
    trust(dir.path(), &central, &db);
    ok(&mut run(&central, &["demo", "--participants", "12", "--months", "3"]));
    let bundle = dir.path().join("month.rgb");
    export(&central, "Coordinación 2", &bundle);
    let lines: Vec<String> = (0..200)
        .map(|i| {
            json!({"type": "person", "role": "participant", "given_names": format!("Cargado {i}"),
                "first_surname": "Línea", "birth_date": "1990-01-01", "municipality": "San Salvador Este"})
            .to_string()
        })
        .collect();
    let file = dir.path().join("many.jsonl");
    std::fs::write(&file, lines.join("\n")).expect("write");

    // The app: the store open in this process, forms saved until the others are done.
    let mut app = Store::open(&db, common::PASS).expect("the app's store");
    let done = std::sync::atomic::AtomicBool::new(false);
    let saved = std::thread::scope(|s| {
        let app_thread = s.spawn(|| {
            let mut saved = 0;
            while !done.load(Ordering::Relaxed) || saved < 20 {
                app.with_tx(|w| {
                    let fields = json!({"role": "participant", "given_names": format!("Formulario {saved}"),
                        "first_surname": "Pérez", "birth_date": "1990-01-01", "municipality": "San Salvador Este"});
                    let Value::Object(fields) = fields else { unreachable!() };
                    reintegra_store::records::upsert(w, reintegra_core::records::Kind::Person, None, &fields, today())
                        .map(|_| ())
                })
                .unwrap_or_else(|e| {
                    panic!("the app's save {saved}: {}", reintegra_core::wire::ApiError::from(&e).code)
                });
                saved += 1;
                // A person's pace, quick: a save every 20 ms (a loop without pause would keep the write lock from
                // the other processes, whose busy handler polls).
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            saved
        });
        let outputs: Vec<_> = [run(&db, &["bundle", "import"]).arg(&bundle), run(&db, &["load"]).arg(&file)]
            .into_iter()
            .map(|cmd| cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("spawn"))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|child| child.wait_with_output().expect("wait"))
            .collect();
        done.store(true, Ordering::Relaxed);
        for out in &outputs {
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "a command line beside the app: {err}");
            assert!(!err.contains("locked") && !err.contains("bloquead"), "{err}");
        }
        app_thread.join().expect("the app's thread")
    });
    drop(app);
    let mut store = Store::open(&db, common::PASS).expect("reopen");
    let count = |store: &mut Store, like: &str| -> i64 {
        store
            .read(|tx| Ok(tx.query_row("SELECT count(*) FROM persons WHERE data LIKE ?1", [like], |r| r.get(0))?))
            .expect("count")
    };
    assert_eq!(count(&mut store, "%Formulario %"), saved);
    assert_eq!(count(&mut store, "%Cargado %"), 200);
    // Everything the central file sent arrived.
    let mut sender = Store::open(&central, common::PASS).expect("the central file");
    assert_eq!(count(&mut store, "%") - saved - 200, count(&mut sender, "%"), "every person of the bundle");
    drop((store, sender));
    ok(&mut run(&db, &["verify"]));
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
