//! What every black-box test of `reintegra` needs: the binary with a known environment, and the two ways a command
//! can end.

#![allow(dead_code)]

use std::process::Command;

pub const PASS: &str = "una frase de prueba";

/// The binary with the test passphrase, Spanish messages and no store from the environment.
pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_reintegra"));
    cmd.env("REINTEGRA_PASSPHRASE", PASS)
        .env("LANG", "C.UTF-8")
        .env_remove("REINTEGRA_LANG")
        .env_remove("REINTEGRA_DB");
    cmd
}

/// `reintegra ARGS --db DB`.
pub fn on(db: &std::path::Path, args: &[&str]) -> Command {
    let mut cmd = bin();
    cmd.args(args).arg("--db").arg(db);
    cmd
}

/// Runs a command that must succeed and returns its standard output.
pub fn ok(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run reintegra");
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Runs a command that must fail, and returns its reason, which must be one line.
pub fn fails(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run reintegra");
    assert!(!out.status.success(), "should have failed: {}", String::from_utf8_lossy(&out.stdout));
    let err = String::from_utf8(out.stderr).expect("utf-8 stderr");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    err.trim_end().to_owned()
}

/// A supervisor store in `dir` holding the documented example records, and a way to run commands on it.
pub fn example_store(dir: &std::path::Path) -> impl Fn(&[&str]) -> Command {
    let db = dir.join("example.db");
    let run = move |args: &[&str]| on(&db, args);
    ok(&mut run(&["init", "--device", "Central", "--role", "supervisor"]));
    ok(run(&["load"]).arg(example_records()));
    run
}

/// The example JSON Lines file of the records documentation.
pub fn example_records() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../docs/examples/records.jsonl")
}
