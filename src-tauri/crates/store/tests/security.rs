//! The data key, its key file, the recovery key, stores from before key files, and the audit chain, on real files.

use std::path::{Path, PathBuf};

use reintegra_core::wire::DeviceRole;
use reintegra_store::audit::{self, Action};
use reintegra_store::keys::{KeyFile, RecoveryKey, key_path};
use reintegra_store::testing::{self, Folder, PASS};
use reintegra_store::{Error, Store};

/// A raw SQLCipher connection with a key as `PRAGMA key` takes it (a passphrase, or `x'<hex>'`).
fn raw(db: &Path, key: &str) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).expect("open raw");
    conn.pragma_update(None, "key", key).expect("key");
    conn
}

fn opens(db: &Path, key: &str) -> bool {
    raw(db, key).query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).is_ok()
}

fn actions(store: &mut Store) -> Vec<String> {
    let mut a: Vec<String> = audit::recent(store, 100).expect("audit").into_iter().map(|e| e.action).collect();
    a.reverse();
    a
}

/// A new store, closed, and its recovery key.
fn created_with_recovery() -> (Folder, PathBuf, RecoveryKey) {
    let folder = Folder::new();
    let db = folder.path().join("s.db");
    let (_, recovery) = Store::create_with_recovery(&db, PASS, "laptop", DeviceRole::Field).expect("create");
    (folder, db, recovery)
}

#[test]
fn the_store_is_keyed_by_a_random_data_key_not_the_passphrase() {
    let (_folder, db, recovery) = created_with_recovery();
    let file = KeyFile::read(&key_path(&db)).expect("key file");
    assert!(file.has_recovery());
    let key = reintegra_store::data_key_hex(&db, PASS).expect("data key");
    assert!(opens(&db, &key), "the data key opens the file");
    assert!(!opens(&db, PASS), "the passphrase itself is not SQLCipher's key");
    let text = std::fs::read_to_string(key_path(&db)).expect("read key file");
    assert!(!text.contains(&key[2..66]), "the data key is not in the key file in clear");
    assert!(!text.contains(PASS) && !text.contains(recovery.as_str()));

    assert!(matches!(Store::open(&db, "otra frase"), Err(Error::WrongPassphrase)));
    assert!(matches!(Store::open(&db, "otra frase"), Err(Error::WrongPassphrase)));
    assert_eq!(KeyFile::read(&key_path(&db)).expect("key file").attempts["admin"].failed, 2);
    let mut store = Store::open(&db, PASS).expect("open");
    assert_eq!(actions(&mut store), ["created", "login_failed", "login"]);
    assert_eq!(audit::recent(&mut store, 2).expect("audit")[1].subject, "2");
    assert!(KeyFile::read(&key_path(&db)).expect("key file").attempts.is_empty());
    assert!(store.integrity_problems().expect("check").is_empty());
}

#[test]
fn the_recovery_key_sets_a_new_passphrase_and_a_wrong_one_does_nothing() {
    let (_folder, db, recovery) = created_with_recovery();
    let before = std::fs::read(key_path(&db)).expect("key file");
    let wrong = "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA";
    assert!(matches!(Store::reset_passphrase(&db, wrong, "nueva frase"), Err(Error::WrongRecoveryKey)));
    assert!(matches!(Store::reset_passphrase(&db, "nonsense", "nueva frase"), Err(Error::WrongRecoveryKey)));
    assert_eq!(std::fs::read(key_path(&db)).expect("key file"), before, "nothing changed");

    let mut store = Store::reset_passphrase(&db, recovery.as_str(), "nueva frase").expect("reset");
    store.change_passphrase("nueva frase", "la tercera frase").expect("change");
    assert!(matches!(store.change_passphrase("nueva frase", "x"), Err(Error::WrongPassphrase)));
    drop(store);
    assert!(matches!(Store::open(&db, PASS), Err(Error::WrongPassphrase)));
    assert!(matches!(Store::open(&db, "nueva frase"), Err(Error::WrongPassphrase)));
    let mut store = Store::open(&db, "la tercera frase").expect("open");
    let a = actions(&mut store);
    assert!(a.ends_with(&[
        "passphrase_reset".into(),
        "passphrase_changed".into(),
        "login_failed".into(),
        "login".into()
    ]));
    assert_eq!(audit::verify(&mut store).expect("chain"), a.len() as u64);
}

/// A store as made before key files: SQLCipher keyed by the passphrase, no key file.
fn legacy_store(db: &Path) -> String {
    Store::create(db, PASS, "laptop", DeviceRole::Field).expect("create");
    let key = reintegra_store::data_key_hex(db, PASS).expect("data key");
    let conn = raw(db, &key);
    conn.pragma_update(None, "rekey", PASS).expect("rekey to the passphrase");
    drop(conn);
    assert!(opens(db, PASS));
    key.to_string()
}

#[test]
fn a_store_keyed_by_its_passphrase_moves_to_a_wrapped_data_key_on_open() {
    let folder = Folder::new();
    let db = folder.path().join("old.db");
    legacy_store(&db);
    std::fs::remove_file(key_path(&db)).expect("no key file");

    assert!(matches!(Store::open(&db, "otra frase"), Err(Error::WrongPassphrase)));
    assert!(!key_path(&db).exists(), "a wrong passphrase writes nothing");
    let mut store = Store::open(&db, PASS).expect("open and migrate");
    assert!(actions(&mut store).contains(&"key_migrated".to_owned()));
    assert!(store.integrity_problems().expect("check").is_empty());
    drop(store);
    assert!(!opens(&db, PASS), "the passphrase is no longer SQLCipher's key");
    let key = reintegra_store::data_key_hex(&db, PASS).expect("data key");
    assert!(opens(&db, &key));
    Store::open(&db, PASS).expect("opens again");
}

#[test]
fn a_move_interrupted_after_the_key_file_resumes_with_the_same_data_key() {
    // The state a crash between writing the key file and the end of the rekey leaves: a key file wrapping the new
    // data key, and the file still keyed by the passphrase (the rekey's journal rolled it back).
    let folder = Folder::new();
    let db = folder.path().join("old.db");
    let key = legacy_store(&db);
    assert!(key_path(&db).exists());
    assert!(!opens(&db, &key));

    let mut store = Store::open(&db, PASS).expect("open resumes the move");
    assert!(actions(&mut store).contains(&"key_migrated".to_owned()));
    drop(store);
    assert!(opens(&db, &key), "keyed by the data key the key file already held");
    assert!(!opens(&db, PASS));
}

#[test]
fn an_edited_deleted_or_truncated_audit_entry_is_detected() {
    let (folder, mut store) = testing::store(DeviceRole::Field);
    let db = store.path().to_owned();
    for i in 0..4 {
        audit::record(&mut store, Action::ViewPerson, &format!("id-{i}")).expect("record");
    }
    assert_eq!(audit::verify(&mut store).expect("chain"), 5);
    drop(store);
    let key = reintegra_store::data_key_hex(&db, PASS).expect("data key");

    // The triggers refuse edits outright.
    let conn = raw(&db, &key);
    assert!(conn.execute("UPDATE audit SET subject = 'x' WHERE seq = 2", []).is_err());
    assert!(conn.execute("DELETE FROM audit WHERE seq = 2", []).is_err());
    drop(conn);

    let tampered = |sql: &str| -> Error {
        let copy = folder.path().join("copy.db");
        for p in [copy.clone(), key_path(&copy)] {
            let _ = std::fs::remove_file(p);
        }
        std::fs::copy(&db, &copy).expect("copy");
        std::fs::copy(key_path(&db), key_path(&copy)).expect("copy keys");
        let conn = raw(&copy, &key);
        conn.execute_batch(&format!(
            "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; {sql};
             CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'no'); END;
             CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'no'); END;"
        ))
        .expect("tamper");
        drop(conn);
        let mut store = Store::open(&copy, PASS).expect("open copy");
        audit::verify(&mut store).expect_err("tampering detected")
    };
    assert!(matches!(tampered("UPDATE audit SET subject = 'id-9' WHERE seq = 3"), Error::Audit { seq: 3, .. }));
    assert!(matches!(tampered("DELETE FROM audit WHERE seq = 3"), Error::Audit { seq: 3, .. }));
    assert!(matches!(
        tampered("UPDATE audit SET at = at + 1 WHERE seq = 2"),
        Error::Audit { seq: 2, what: "entry changed" }
    ));
    // The last entries removed: the chain that is left is whole, but the head in meta is further on. (The open of
    // the copy appends a login after the cut, which the check also catches as a gap.)
    assert!(matches!(tampered("DELETE FROM audit WHERE seq = 5"), Error::Audit { .. }));
}
