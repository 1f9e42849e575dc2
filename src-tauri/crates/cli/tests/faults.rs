//! The importer killed (SIGKILL) at many points in the middle of an import: the store passes its integrity checks,
//! holds exactly the state before or the state after, and importing again completes it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;

use common::ok;

fn run(db: &Path, args: &[&str]) -> Command {
    let mut cmd = common::bin();
    cmd.args(args).arg("--db").arg(db);
    cmd
}

fn digest(db: &Path) -> String {
    ok(&mut run(db, &["digest"])).trim().to_owned()
}

/// Copies a closed store (its key file, and its WAL if any) to a new name.
fn copy_store(from: &Path, to: &Path) {
    std::fs::copy(from, to).expect("copy store");
    for suffix in ["-wal", "-shm", ".keys"] {
        let side = PathBuf::from(format!("{}{suffix}", from.display()));
        if side.exists() {
            std::fs::copy(&side, format!("{}{suffix}", to.display())).expect("copy side file");
        }
    }
}

#[test]
fn an_import_killed_at_any_point_leaves_the_store_before_or_after() {
    let dir = tempfile::tempdir().expect("tempdir");
    let central = dir.path().join("central.db");
    let peer = dir.path().join("peer.db");
    ok(&mut run(&central, &["init", "--device", "Central", "--role", "supervisor"]));
    ok(&mut run(&peer, &["init", "--device", "Coordinación 2", "--role", "supervisor"]));
    for (a, b) in [(&central, &peer), (&peer, &central)] {
        let keys = dir.path().join("keys.json");
        std::fs::write(&keys, ok(&mut run(a, &["keys", "public", "--json"]))).expect("write keys");
        ok(run(b, &["devices", "add"]).arg(&keys));
    }
    ok(&mut run(&central, &["demo", "--participants", "120", "--months", "12"]));
    let bundle = dir.path().join("big.rgb");
    ok(run(&central, &["bundle", "export", "--to", "Coordinación 2"]).arg("--out").arg(&bundle));

    let pristine = dir.path().join("pristine.db");
    copy_store(&peer, &pristine);
    let before = digest(&peer);
    let started = Instant::now();
    ok(run(&peer, &["bundle", "import"]).arg(&bundle));
    let full = started.elapsed();
    let after = digest(&peer);
    assert_ne!(before, after);
    assert_eq!(after, digest(&central));

    let points = 10;
    let mut outcomes = (0, 0);
    for k in 0..points {
        let trial = dir.path().join(format!("trial{k}.db"));
        copy_store(&pristine, &trial);
        // Spread over the whole run, process start and key derivation included.
        let wait = full.mul_f64(f64::from(k) / f64::from(points)) + Duration::from_millis(5);
        let mut child = run(&trial, &["bundle", "import"])
            .arg(&bundle)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(wait);
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");

        ok(&mut run(&trial, &["verify"]));
        let d = digest(&trial);
        assert!(d == before || d == after, "point {k}: a state that is neither before nor after");
        if d == before {
            outcomes.0 += 1;
        } else {
            outcomes.1 += 1;
        }
        ok(run(&trial, &["bundle", "import"]).arg(&bundle));
        assert_eq!(digest(&trial), after, "point {k}: importing again completes it");
        ok(&mut run(&trial, &["verify"]));
    }
    assert!(outcomes.0 > 0, "some kills must land before the commit: {outcomes:?}");
}
