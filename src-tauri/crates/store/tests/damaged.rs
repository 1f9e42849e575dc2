//! A store file found damaged at unlock is set aside from the unlock screen (#18): renamed with its key file to a
//! dated name beside it, never deleted, and only when it really is damaged and the passphrase is right.

use std::path::Path;

use chrono::NaiveDateTime;
use reintegra_core::wire::{ApiError, DeviceRole};
use reintegra_store::testing::{self, Folder, PASS};
use reintegra_store::{Error, Store, damaged, keys};

fn at() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 1).and_then(|d| d.and_hms_opt(9, 30, 0)).expect("date")
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_damaged_store_is_set_aside_with_its_key_file_and_a_new_one_can_be_made() {
    for (case, page) in [("the header page", 0), ("a page in the middle", 2)] {
        let mut folder = Folder::new();
        let db = folder.closed_laptop(20);
        testing::damage_page(&db, page);
        let (bytes, key_bytes) = (std::fs::read(&db).expect("read"), std::fs::read(keys::key_path(&db)).expect("keys"));

        let moved = damaged::set_aside(&db, None, PASS, at()).unwrap_or_else(|e| panic!("{case}: {e}"));
        let name = moved.file_name().and_then(|n| n.to_str()).expect("name").to_owned();
        assert_eq!(name, "1-laptop-dañado-2026-12-01-093000.db", "{case}");
        assert_eq!(moved.parent(), db.parent(), "{case}: beside the original");
        assert!(!db.exists() && !keys::key_path(&db).exists(), "{case}: nothing left under the old names");
        assert_eq!(std::fs::read(&moved).expect("moved"), bytes, "{case}: the same bytes, nothing deleted");
        assert_eq!(std::fs::read(keys::key_path(&moved)).expect("keys moved"), key_bytes, "{case}: its key file too");
        // The pair still belongs together: the passphrase opens the key file and finds the same damage.
        assert!(matches!(Store::open(&moved, PASS), Err(Error::Damaged)), "{case}");

        // The way forward: a new store where the old one was (the app's setup).
        let mut fresh = Store::create(&db, PASS, "Laptop Ana 2", DeviceRole::Field).expect("a new store");
        assert_eq!(testing::count(&mut fresh, "SELECT count(*) FROM persons"), 0, "{case}");
    }
}

#[test]
fn an_intact_store_or_a_wrong_passphrase_moves_nothing() {
    let mut folder = Folder::new();
    let db = folder.closed_laptop(20);
    let before = names(folder.path());
    let err = damaged::set_aside(&db, None, PASS, at()).expect_err("an intact store is not set aside");
    assert_eq!(ApiError::from(&err).code, "error.store_not_damaged");
    assert_eq!(names(folder.path()), before, "intact: nothing moved");
    Store::open(&db, PASS).expect("still opens");

    testing::damage_page(&db, 2);
    let before = names(folder.path());
    let err = damaged::set_aside(&db, None, "otra frase cualquiera", at()).expect_err("wrong passphrase");
    assert!(matches!(err, Error::WrongPassphrase), "{err:?}");
    let err = damaged::set_aside(&db, Some("nadie"), PASS, at()).expect_err("unknown login");
    assert!(matches!(err, Error::WrongPassphrase), "{err:?}");
    assert_eq!(names(folder.path()), before, "wrong passphrase: nothing moved");

    let missing = folder.path().join("no-such.db");
    assert!(matches!(damaged::set_aside(&missing, None, PASS, at()), Err(Error::Missing(_))));
}

#[test]
fn a_name_already_taken_is_never_overwritten() {
    let mut folder = Folder::new();
    let db = folder.closed_laptop(20);
    testing::damage_page(&db, 2);
    // Someone set a file aside under the first name this second (or made one by hand).
    let taken = folder.path().join("1-laptop-dañado-2026-12-01-093000.db.keys");
    std::fs::write(&taken, b"not ours").expect("write");
    let moved = damaged::set_aside(&db, None, PASS, at()).expect("set aside");
    assert_eq!(moved.file_name().and_then(|n| n.to_str()), Some("1-laptop-dañado-2026-12-01-093000-2.db"));
    assert_eq!(std::fs::read(&taken).expect("untouched"), b"not ours");
    assert!(keys::key_path(&moved).exists());
}
