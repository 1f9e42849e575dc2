//! Protection of the people in the data, through the real binary: nothing in clear on disk, the wrong passphrase
//! or recovery key opens nothing, the recovery key and passphrase changes, stores from before key files, and an
//! audit log whose tampering `verify` detects.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::{PASS, fails, ok, on as reintegra};

const CANARY_GIVEN: &str = "Zebulón Canarioquetzal";
const CANARY_SURNAME: &str = "Xiloyanquiz";
const CANARY_ID: &str = "0192a000-0000-7000-8000-00000000c0de";

/// A field store holding one person with a name found nowhere else; returns the recovery key `init` printed.
fn store_with_canary(dir: &Path) -> (PathBuf, String) {
    let db = dir.join("campo.db");
    let out = ok(&mut reintegra(&db, &["init", "--device", "laptop-1", "--role", "field", "--json"]));
    let doc: serde_json::Value = serde_json::from_str(&out).expect("one JSON document");
    let recovery = doc["recovery_key"].as_str().expect("recovery key printed").to_owned();
    let line = serde_json::json!({
        "type": "person", "id": CANARY_ID, "role": "relative", "given_names": CANARY_GIVEN,
        "first_surname": CANARY_SURNAME, "birth_date": "1968-07-30", "municipality": "San Salvador Este",
        "address": "Colonia Canariolandia, casa 99", "consent_date": "2023-11-06"
    });
    let input = dir.join("in.jsonl");
    std::fs::write(&input, format!("{line}\n")).expect("write input");
    ok(reintegra(&db, &["load"]).arg(&input));
    std::fs::remove_file(&input).expect("the input is the test's, not the app's");
    (db, recovery)
}

fn assert_no_plaintext(dir: &Path) {
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("dir") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        seen += 1;
        assert!(!bytes.starts_with(b"SQLite format 3"), "{} starts with the SQLite header", path.display());
        for needle in ["Canarioquetzal", "Xiloyanquiz", "Canariolandia"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{} contains a name in clear",
                path.display()
            );
        }
    }
    assert!(seen >= 2, "the store and its key file at least");
}

#[test]
fn nothing_in_clear_the_wrong_passphrase_opens_nothing_and_views_are_audited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, recovery) = store_with_canary(dir.path());
    let got = ok(&mut reintegra(&db, &["records", "get", "person", CANARY_ID]));
    assert!(got.contains(CANARY_GIVEN));
    // Every file in the directory is scanned: the store, its key file, and the WAL and shared memory when a closed
    // store left them (SQLite removes them at a clean close).
    assert_no_plaintext(dir.path());
    let keys = std::fs::read_to_string(dir.path().join("campo.db.keys")).expect("key file");
    assert!(!keys.contains(PASS) && !keys.contains(&recovery));

    let before = std::fs::read(&db).expect("store");
    let err = fails(reintegra(&db, &["records", "get", "person", CANARY_ID]).env("REINTEGRA_PASSPHRASE", "otra frase"));
    assert!(err.contains("Frase de acceso incorrecta") && !err.contains(CANARY_SURNAME), "{err}");
    assert_eq!(std::fs::read(&db).expect("store"), before, "a wrong passphrase changes nothing in the store");

    // `verify` runs SQLCipher's cipher_integrity_check and checks the audit chain.
    let v: serde_json::Value = serde_json::from_str(&ok(&mut reintegra(&db, &["verify", "--json"]))).expect("json");
    assert_eq!(v["ok"], true);
    let log = ok(&mut reintegra(&db, &["audit", "list", "--json"]));
    let entries: Vec<serde_json::Value> = serde_json::from_str(&log).expect("json");
    let actions: Vec<&str> = entries.iter().rev().filter_map(|e| e["action"].as_str()).collect();
    for a in ["created", "login", "change", "view_person", "login_failed"] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    assert!(entries.iter().any(|e| e["subject"] == format!("person:{CANARY_ID}")));
    assert!(!log.contains(CANARY_SURNAME), "the audit log holds ids, not names");
    assert_no_plaintext(dir.path());
}

#[test]
fn the_recovery_key_sets_a_new_passphrase_and_a_wrong_one_does_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, recovery) = store_with_canary(dir.path());
    let reset = |key: &str| {
        let mut cmd = reintegra(&db, &["passphrase", "reset", "--recovery"]);
        cmd.env_remove("REINTEGRA_PASSPHRASE")
            .env("REINTEGRA_RECOVERY_KEY", key)
            .env("REINTEGRA_NEW_PASSPHRASE", "frase nueva larga");
        cmd
    };
    let err = fails(&mut reset("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"));
    assert!(err.contains("Clave de recuperación incorrecta"), "{err}");
    ok(&mut reintegra(&db, &["digest"]));

    ok(&mut reset(&recovery.to_lowercase()));
    fails(&mut reintegra(&db, &["digest"]));
    let new = |cmd: &mut Command| {
        cmd.env("REINTEGRA_PASSPHRASE", "frase nueva larga");
    };
    let mut c = reintegra(&db, &["passphrase", "change"]);
    new(&mut c);
    ok(c.env("REINTEGRA_NEW_PASSPHRASE", "la tercera frase"));
    let mut c = reintegra(&db, &["records", "get", "person", CANARY_ID]);
    assert!(ok(c.env("REINTEGRA_PASSPHRASE", "la tercera frase")).contains(CANARY_GIVEN));
    let mut c = reintegra(&db, &["passphrase", "change"]);
    c.env("REINTEGRA_PASSPHRASE", "la tercera frase").env("REINTEGRA_NEW_PASSPHRASE", "corta");
    assert!(fails(&mut c).contains("8"), "too short");
}

/// A raw SQLCipher connection on the store with its data key (what someone holding the key could do).
fn raw(db: &Path, pass: &str) -> rusqlite::Connection {
    let key = reintegra_store::data_key_hex(db, pass).expect("data key");
    let conn = rusqlite::Connection::open(db).expect("open raw");
    conn.pragma_update(None, "key", key.as_str()).expect("key");
    conn
}

#[test]
fn an_edited_or_deleted_audit_entry_is_detected_by_verify() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, _) = store_with_canary(dir.path());
    ok(&mut reintegra(&db, &["records", "get", "person", CANARY_ID]));
    ok(&mut reintegra(&db, &["verify"]));

    let conn = raw(&db, PASS);
    assert!(conn.execute("UPDATE audit SET subject = '' WHERE seq = 2", []).is_err(), "the trigger refuses");
    conn.execute_batch(
        "DROP TRIGGER audit_no_update; UPDATE audit SET subject = 'person:someone-else' WHERE action = 'view_person';",
    )
    .expect("tamper");
    drop(conn);
    let err = fails(&mut reintegra(&db, &["verify"]));
    assert!(err.contains("registro de auditoría está roto"), "{err}");

    let dir2 = tempfile::tempdir().expect("tempdir");
    let (db2, _) = store_with_canary(dir2.path());
    let conn = raw(&db2, PASS);
    conn.execute_batch("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 2;").expect("tamper");
    drop(conn);
    let err = fails(&mut reintegra(&db2, &["verify"]));
    assert!(err.contains("registro de auditoría está roto en la entrada 2"), "{err}");
}

#[test]
fn a_store_keyed_by_its_passphrase_is_upgraded_on_first_use() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, _) = store_with_canary(dir.path());
    // Make it a store from before key files: keyed by the passphrase through SQLCipher's own derivation.
    let conn = raw(&db, PASS);
    conn.pragma_update(None, "journal_mode", "DELETE").expect("journal");
    conn.pragma_update(None, "rekey", PASS).expect("rekey");
    drop(conn);
    std::fs::remove_file(dir.path().join("campo.db.keys")).expect("remove key file");

    fails(reintegra(&db, &["digest"]).env("REINTEGRA_PASSPHRASE", "otra frase"));
    assert!(!dir.path().join("campo.db.keys").exists());
    ok(&mut reintegra(&db, &["verify"]));
    assert!(dir.path().join("campo.db.keys").exists(), "moved to a wrapped data key");
    let log = ok(&mut reintegra(&db, &["audit", "list"]));
    assert!(log.contains("key_migrated"), "{log}");
    // Without a recovery entry yet: one is made on request and works.
    let out = ok(&mut reintegra(&db, &["passphrase", "recovery-key", "--json"]));
    let key = serde_json::from_str::<serde_json::Value>(&out).expect("json")["recovery_key"]
        .as_str()
        .expect("key")
        .to_owned();
    let mut c = reintegra(&db, &["passphrase", "reset", "--recovery"]);
    ok(c.env("REINTEGRA_RECOVERY_KEY", &key).env("REINTEGRA_NEW_PASSPHRASE", "frase nueva larga"));
    assert_no_plaintext(dir.path());
}

/// Every file under `dir`, in subfolders too.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() { out.extend(files_under(&path)) } else { out.push(path) }
    }
    out
}

/// Every kind of file the app writes, side by side with a unique name in the data: the store while it is open
/// (with its WAL and a form draft in it), the key file, a sync bundle, and the exports made without `--personal`.
/// None holds the name in clear; the store files do not even say they are SQLite.
#[test]
fn no_file_the_app_writes_holds_a_name_in_clear() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, _) = store_with_canary(dir.path());
    let central = dir.path().join("central").join("central.db");
    ok(&mut reintegra(&central, &["init", "--device", "Central", "--role", "supervisor"]));
    for (from, to) in [(&db, &central), (&central, &db)] {
        let keys = dir.path().join("keys.json");
        std::fs::write(&keys, ok(&mut reintegra(from, &["keys", "public", "--json"]))).expect("keys");
        ok(reintegra(to, &["devices", "add"]).arg(&keys));
        std::fs::remove_file(&keys).expect("the test's file");
    }
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("out");
    let to = |name: &str| format!("--out={}", out.join(name).display());
    ok(&mut reintegra(&db, &["bundle", "export", "--to", "Central", &to("laptop.rgb")]));
    ok(&mut reintegra(&db, &["export", &to("informe.xlsx")]));
    ok(&mut reintegra(&db, &["export", &to("csv")]));
    let password = dir.path().join("clave.txt");
    std::fs::write(&password, "una clave de exportación").expect("password");
    ok(&mut reintegra(
        &db,
        &["export", "--personal", &to("personal.zip"), &format!("--password-file={}", password.display())],
    ));
    std::fs::remove_file(&password).expect("the test's file");

    let persons = std::fs::read_to_string(out.join("csv").join("persons.csv")).expect("persons.csv");
    assert!(persons.contains(CANARY_ID), "the person is in the export, without their name");

    // The store open, with a draft of a form holding the name, and its WAL on disk.
    let mut store = reintegra_store::Store::open(&db, PASS).expect("open");
    let draft = format!(r#"{{"given_names":"{CANARY_GIVEN}","first_surname":"{CANARY_SURNAME}"}}"#);
    reintegra_store::drafts::put(&mut store, "person:new", &draft, 1).expect("draft");
    let wal = dir.path().join("campo.db-wal");
    assert!(wal.is_file(), "the WAL is there while the store is open");

    let files = files_under(dir.path());
    for kind in
        ["campo.db", "campo.db-wal", "campo.db.keys", "laptop.rgb", "informe.xlsx", "persons.csv", "personal.zip"]
    {
        assert!(files.iter().any(|f| f.file_name().is_some_and(|n| n == kind)), "{kind} was written");
    }
    for path in &files {
        let bytes = std::fs::read(path).expect("read");
        assert!(!bytes.starts_with(b"SQLite format 3"), "{} starts with the SQLite header", path.display());
        for needle in ["Canarioquetzal", "Xiloyanquiz", "Canariolandia"] {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle.as_bytes()), "{} holds a name", path.display());
        }
    }
    drop(store);
}
