//! The store on real SQLCipher files.

use chrono::NaiveDate;
use reintegra_core::person::{PersonFields, PersonRole};
use reintegra_core::wire::{DeviceRole, PersonQuery, RegisterOutcome};
use reintegra_store::{Error, Store, persons};

const PASS: &str = "frase de prueba";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("date")
}

fn person(given: &str, first: &str, birth: &str, dui: Option<&str>) -> PersonFields {
    PersonFields {
        role: PersonRole::Participant,
        given_names: given.into(),
        first_surname: first.into(),
        second_surname: Some("Hernández".into()),
        birth_date: reintegra_core::date::parse_iso(birth).expect("date"),
        sex: None,
        dui: dui.map(Into::into),
        municipality: "san salvador este".into(),
        district: Some("ilopango".into()),
        address: Some("Pasaje \"Los Ángeles\", casa 7 — 🌻".into()),
        phone: Some("7012-3456".into()),
        release_date: None,
        consent_date: None,
        consent_scope: None,
        assigned_worker: None,
        status: None,
    }
}

fn search(store: &mut Store, text: &str) -> Vec<String> {
    persons::search(store, &PersonQuery { text: text.into(), offset: 0, limit: 50 })
        .expect("search")
        .items
        .into_iter()
        .map(|p| p.name)
        .collect()
}

#[test]
fn the_file_is_encrypted_and_holds_no_plaintext() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("s.db");
    let mut store = Store::create(&db, PASS, "laptop", DeviceRole::Field).expect("create");
    let canary = "Zacarías Canariobello";
    persons::register(&mut store, &person(canary, "Quetzalcóatl", "1990-01-01", None), false, today())
        .expect("register");
    drop(store);
    for entry in std::fs::read_dir(dir.path()).expect("dir") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        assert!(!bytes.starts_with(b"SQLite format 3"), "{} starts with the SQLite header", path.display());
        for needle in ["Canariobello", "Quetzalc", "Los Ángeles"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{} contains {needle} in clear",
                path.display()
            );
        }
    }
}

#[test]
fn wrong_passphrase_opens_nothing_and_right_one_sees_everything() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("s.db");
    let mut store = Store::create(&db, PASS, "laptop", DeviceRole::Supervisor).expect("create");
    let p = person("Ana", "Núñez", "1990-01-01", Some("00016297-5"));
    persons::register(&mut store, &p, false, today()).expect("register");
    let digest = store.digest().expect("digest");
    drop(store);

    assert!(matches!(Store::open(&db, "no es la frase"), Err(Error::WrongPassphrase)));
    let mut store = Store::open(&db, PASS).expect("open");
    assert_eq!(store.device().role, DeviceRole::Supervisor);
    assert_eq!(store.digest().expect("digest"), digest);
    assert!(store.integrity_problems().expect("check").is_empty());
}

#[test]
fn text_round_trips_byte_for_byte_and_names_are_canonicalised() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::create(&dir.path().join("s.db"), PASS, "laptop", DeviceRole::Field).expect("create");
    let p = person("José Ángel", "Núñez", "1995-02-14", Some("000162975"));
    let RegisterOutcome::Created { id } = persons::register(&mut store, &p, false, today()).expect("register") else {
        panic!("created")
    };
    let back = persons::get(&mut store, id).expect("get");
    assert_eq!(back.address, p.address, "quotes, accents and emoji unchanged");
    assert_eq!(back.municipality, "San Salvador Este");
    assert_eq!(back.district.as_deref(), Some("Ilopango"));
    assert_eq!(back.dui.as_deref(), Some("00016297-5"));
}

#[test]
fn invalid_records_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::create(&dir.path().join("s.db"), PASS, "laptop", DeviceRole::Field).expect("create");
    let before = store.digest().expect("digest");
    let mut bad = person("Ana", "Núñez", "1990-01-01", Some("00016297-4"));
    assert!(matches!(persons::register(&mut store, &bad, false, today()), Err(Error::Invalid(_))));
    bad.dui = None;
    bad.municipality = "Santa Ana".into();
    assert!(matches!(persons::register(&mut store, &bad, false, today()), Err(Error::Invalid(_))));
    assert_eq!(store.digest().expect("digest"), before);
}

#[test]
fn duplicates_are_offered_before_anything_is_stored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::create(&dir.path().join("s.db"), PASS, "laptop", DeviceRole::Field).expect("create");
    let p = person("José Ángel", "Núñez", "1995-02-14", None);
    let RegisterOutcome::Created { id } = persons::register(&mut store, &p, false, today()).expect("first") else {
        panic!("created")
    };
    let digest = store.digest().expect("digest");
    let same = person("JOSE ANGEL", "NUNEZ", "1995-02-14", None);
    match persons::register(&mut store, &same, false, today()).expect("second") {
        RegisterOutcome::Duplicates { candidates } => assert_eq!(candidates[0].id, id),
        other => panic!("expected duplicates, got {other:?}"),
    }
    assert_eq!(store.digest().expect("digest"), digest, "nothing stored on a duplicate warning");
    assert!(matches!(
        persons::register(&mut store, &same, true, today()).expect("confirmed"),
        RegisterOutcome::Created { .. }
    ));
    assert_eq!(search(&mut store, "nunez").len(), 2);
}

#[test]
fn search_by_name_dui_and_phone_ignores_accents_and_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::create(&dir.path().join("s.db"), PASS, "laptop", DeviceRole::Field).expect("create");
    persons::register(&mut store, &person("María", "Núñez", "1990-01-01", Some("00016297-5")), false, today())
        .expect("register");
    persons::register(&mut store, &person("Pedro", "Ramos", "1980-01-01", None), false, today()).expect("register");
    let cases = [
        ("accent-less surname", "nunez", vec!["María Núñez Hernández"]),
        ("accented query", "MARÍA", vec!["María Núñez Hernández"]),
        ("two words any order", "hernandez maria", vec!["María Núñez Hernández"]),
        ("dui digits", "00016297", vec!["María Núñez Hernández"]),
        ("dui with hyphen", "00016297-5", vec!["María Núñez Hernández"]),
        ("phone without hyphen", "70123456", vec!["María Núñez Hernández", "Pedro Ramos Hernández"]),
        ("like wildcards are literal", "%", vec![]),
        ("empty lists all by surname", "", vec!["María Núñez Hernández", "Pedro Ramos Hernández"]),
    ];
    for (name, query, want) in cases {
        assert_eq!(search(&mut store, query), want, "{name}");
    }
    let page = persons::search(&mut store, &PersonQuery { text: String::new(), offset: 1, limit: 1 }).expect("page");
    assert_eq!((page.total, page.items.len()), (2, 1));
    assert_eq!(page.items[0].name, "Pedro Ramos Hernández");
}
