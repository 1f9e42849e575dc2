//! The store on real SQLCipher files.

use reintegra_core::person::{PersonFields, PersonRole};
use reintegra_core::wire::{DeviceRole, PersonQuery, RegisterOutcome};
use reintegra_store::testing::{self, PASS, person_fields, search_names as search, today};
use reintegra_store::{Error, Store, persons};

/// A participant with every kind of text: accents, quotes, an emoji, a DUI and a phone.
fn person(given: &str, first: &str, birth: &str, dui: Option<&str>) -> PersonFields {
    PersonFields {
        second_surname: Some("Hernández".into()),
        dui: dui.map(Into::into),
        district: Some("ilopango".into()),
        address: Some("Pasaje \"Los Ángeles\", casa 7 — 🌻".into()),
        phone: Some("7012-3456".into()),
        ..person_fields(given, first, birth)
    }
}

#[test]
fn the_file_is_encrypted_and_holds_no_plaintext() {
    let (folder, mut store) = testing::store(DeviceRole::Field);
    let canary = "Zacarías Canariobello";
    persons::register(&mut store, &person(canary, "Quetzalcóatl", "1990-01-01", None), false, today())
        .expect("register");
    drop(store);
    for entry in std::fs::read_dir(folder.path()).expect("dir") {
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
    let (_folder, mut store) = testing::store(DeviceRole::Supervisor);
    let db = store.path().to_owned();
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
    let (_folder, mut store) = testing::store(DeviceRole::Field);
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
    let (_folder, mut store) = testing::store(DeviceRole::Field);
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
    let (_folder, mut store) = testing::store(DeviceRole::Field);
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
    let (_folder, mut store) = testing::store(DeviceRole::Field);
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
        ("phone as written", "7012-3456", vec!["María Núñez Hernández", "Pedro Ramos Hernández"]),
        ("part of a phone", "3456", vec!["María Núñez Hernández", "Pedro Ramos Hernández"]),
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

#[test]
fn editing_a_person_records_only_what_changed_and_warns_of_look_alikes() {
    let (_folder, mut store) = testing::store(DeviceRole::Field);
    let mut stored = person("José Ángel", "Núñez", "1995-02-14", None);
    stored.status = Some("active".into());
    stored.assigned_worker = Some("Técnica 1".into());
    let RegisterOutcome::Created { id } = persons::register(&mut store, &stored, false, today()).expect("register")
    else {
        panic!("created")
    };
    let other = person("Pedro", "Ramos", "1980-01-01", None);
    let RegisterOutcome::Created { id: pedro } = persons::register(&mut store, &other, false, today()).expect("pedro")
    else {
        panic!("created")
    };

    // A new phone, another district and the address emptied: the change holds those three fields only.
    let mut edit = persons::get(&mut store, id).expect("get");
    edit.phone = Some("7999-0001".into());
    edit.district = Some("soyapango".into());
    edit.address = None;
    // What the form does not edit is kept as stored even when the caller sends something else.
    edit.status = None;
    edit.role = PersonRole::Relative;
    assert_eq!(
        persons::update(&mut store, id, &edit, false, today()).expect("update"),
        RegisterOutcome::Updated { id }
    );
    let history = reintegra_store::records::history(&mut store, reintegra_core::records::Kind::Person, id).expect("h");
    assert_eq!(history.len(), 2);
    let mut changed: Vec<&str> = history[1].fields.keys().map(String::as_str).collect();
    changed.sort_unstable();
    assert_eq!(changed, ["address", "district", "phone"]);
    assert_eq!(history[1].fields["address"], serde_json::Value::Null, "an emptied field is removed");
    let back = persons::get(&mut store, id).expect("get");
    assert_eq!(back.district.as_deref(), Some("Soyapango"), "canonical spelling");
    assert_eq!((back.role, back.status.as_deref()), (PersonRole::Participant, Some("active")));
    assert_eq!(back.assigned_worker.as_deref(), Some("Técnica 1"));
    assert_eq!(search(&mut store, "79990001"), ["José Ángel Núñez Hernández"], "found by the new phone");
    assert!(search(&mut store, "70123456").iter().all(|n| n != "José Ángel Núñez Hernández"), "not by the old");

    // Saving the same again records nothing; the person is not their own duplicate.
    let digest = store.digest().expect("digest");
    assert_eq!(persons::update(&mut store, id, &back, false, today()).expect("same"), RegisterOutcome::Updated { id });
    assert_eq!(store.digest().expect("digest"), digest);

    // Pedro corrected into someone who looks like José: warned first, nothing stored, then saved when confirmed.
    let mut look_alike = persons::get(&mut store, pedro).expect("get");
    (look_alike.given_names, look_alike.first_surname, look_alike.birth_date) =
        ("Jose Angel".into(), "Nunez".into(), back.birth_date);
    match persons::update(&mut store, pedro, &look_alike, false, today()).expect("warned") {
        RegisterOutcome::Duplicates { candidates } => {
            assert_eq!(candidates.iter().map(|c| c.id).collect::<Vec<_>>(), [id])
        }
        other => panic!("expected duplicates, got {other:?}"),
    }
    assert_eq!(store.digest().expect("digest"), digest, "nothing stored on the warning");
    persons::update(&mut store, pedro, &look_alike, true, today()).expect("confirmed");
    assert_eq!(persons::get(&mut store, pedro).expect("get").given_names, "Jose Angel");

    // Invalid input and unknown people change nothing.
    let digest = store.digest().expect("digest");
    let mut bad = back.clone();
    bad.phone = Some("no tengo".into());
    assert!(matches!(persons::update(&mut store, id, &bad, false, today()), Err(Error::Invalid(_))));
    assert!(matches!(persons::update(&mut store, uuid::Uuid::now_v7(), &back, false, today()), Err(Error::NotFound)));
    assert_eq!(store.digest().expect("digest"), digest);
}
