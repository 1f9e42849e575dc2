//! Pairing in the window's terms, on real files: a card read and checked before it is trusted, the caseload the
//! central file gives a laptop (set when adding it, changed later: the next bundle carries the new caseload), and a
//! revoked laptop whose bundles are then refused. Each act is audited and only an administrator may do it.

use reintegra_core::records::Kind;
use reintegra_core::wire::DeviceRole;
use reintegra_store::testing::{Folder, PASS, add, trust};
use reintegra_store::users::{self, NewUser, Role};
use reintegra_store::{Error, Store, audit, records, sync};
use serde_json::json;
use uuid::Uuid;

fn participant(store: &mut Store, given: &str, worker: &str) -> Uuid {
    add(
        store,
        Kind::Person,
        json!({"role": "participant", "given_names": given, "first_surname": "Prueba", "birth_date": "1990-01-01",
               "municipality": "San Salvador Norte", "assigned_worker": worker}),
    )
}

/// The people a bundle from `from` brings to a fresh copy of `to`'s trust (the ids it inserted).
fn people_sent(net: &mut Folder, from: &mut Store, to: &mut Store, who: &[Uuid]) -> Vec<Uuid> {
    net.send(from, to);
    who.iter().copied().filter(|id| records::get(to, Kind::Person, *id).is_ok()).collect()
}

fn actions(store: &mut Store) -> Vec<String> {
    audit::recent(store, 50).expect("audit").into_iter().map(|e| e.action).collect()
}

#[test]
fn a_card_is_checked_before_it_is_trusted_and_its_words_are_the_same_on_both_sides() {
    let mut net = Folder::new();
    let mut central = net.store("Central", DeviceRole::Supervisor);
    let mut laptop = net.store("Laptop Ana", DeviceRole::Field);
    let text = serde_json::to_string(&sync::public_keys(&mut laptop).expect("keys")).expect("json");

    let card = sync::parse_card(&text).expect("a card");
    let mine = sync::card(&sync::public_keys(&mut laptop).expect("keys"));
    assert_eq!(sync::card(&card).words, mine.words, "the same words where it was made and where it is read");
    assert_eq!(mine.words.len(), reintegra_core::pairing::WORDS);
    assert!(!sync::check_device(&mut central, &card).expect("acceptable"), "not yet known");

    // Refusals, nothing changed.
    let cases: &[(&str, String, &str)] = &[
        ("not JSON", "hola".into(), "error.key_invalid"),
        ("another JSON document", r#"{"name": "x"}"#.into(), "error.key_invalid"),
        ("a forged signing key", text.replace(&card.signing_key, &"ab".repeat(32)), "error.key_invalid"),
    ];
    for (name, bad, expected) in cases {
        let code = reintegra_core::wire::ApiError::from(sync::parse_card(bad).expect_err("refused")).code;
        assert_eq!(code, *expected, "{name}");
    }
    let own = sync::public_keys(&mut central).expect("own");
    assert!(matches!(sync::check_device(&mut central, &own), Err(Error::Refused("error.device_is_self"))));
    assert!(sync::devices(&mut central).expect("list").is_empty());

    let workers = vec!["  Ana  Portillo ".to_owned()];
    sync::add_device_with_workers(&mut central, &card, Some(&workers)).expect("trusted");
    let listed = sync::devices(&mut central).expect("list");
    assert_eq!(listed[0].workers, vec!["Ana Portillo".to_owned()], "the central file's choice, tidied");
    assert_eq!(listed[0].words, mine.words);
    assert!(sync::check_device(&mut central, &card).expect("known"), "known with the same keys");

    // The same id with other keys: someone taking its place.
    let mut forged = card.clone();
    forged.signing_key = sync::public_keys(&mut central).expect("k").signing_key;
    assert!(matches!(sync::check_device(&mut central, &forged), Err(Error::Refused("error.device_keys_changed"))));

    sync::revoke_device(&mut central, &card.device_id.to_string()).expect("revoke");
    assert!(matches!(sync::check_device(&mut central, &card), Err(Error::Refused("error.device_revoked"))));
    let acts = actions(&mut central);
    assert!(acts.contains(&"device_added".to_owned()) && acts.contains(&"device_revoked".to_owned()), "{acts:?}");
}

#[test]
fn a_laptop_reassigned_to_another_worker_receives_that_workers_caseload_next() {
    let mut net = Folder::new();
    let mut central = net.store("Central", DeviceRole::Supervisor);
    let mut laptop = net.store("Laptop Ana", DeviceRole::Field);
    sync::set_workers(&mut laptop, &["Ana Portillo".into()]).expect("workers");
    trust(&mut central, &mut laptop);
    let hers = participant(&mut central, "Lucía", "Ana Portillo");
    let his = participant(&mut central, "José", "Mario Ayala");
    assert_eq!(people_sent(&mut net, &mut central, &mut laptop, &[hers, his]), vec![hers]);

    let id = sync::set_device_workers(&mut central, "Laptop Ana", &["Mario Ayala".into()]).expect("reassigned");
    assert_eq!(id, laptop.device().id);
    assert_eq!(sync::devices(&mut central).expect("list")[0].workers, vec!["Mario Ayala".to_owned()]);
    assert!(actions(&mut central).contains(&"device_reassigned".to_owned()));
    let out = net.file();
    let report = sync::export(&mut central, &[laptop.device().id.to_string()], &out).expect("export");
    assert!(report.changes >= 1);
    sync::import(&mut laptop, &std::fs::read(&out).expect("bundle"), &mut |_, _| {}).expect("import");
    assert!(records::get(&mut laptop, Kind::Person, his).is_ok(), "the new worker's participant arrives");

    // Refusals: a supervisor's card, an unknown device; on a laptop, reassigning is not its to do.
    assert!(matches!(
        sync::set_device_workers(&mut central, "Nadie", &[]),
        Err(Error::Refused("error.device_unknown"))
    ));
    assert!(matches!(
        sync::set_device_workers(&mut laptop, "Central", &["x".into()]),
        Err(Error::Refused("error.central_only"))
    ));
}

#[test]
fn a_revoked_laptops_bundle_is_refused_and_only_an_administrator_pairs() {
    let mut net = Folder::new();
    let mut central = net.store("Central", DeviceRole::Supervisor);
    let mut laptop = net.store("Laptop Ana", DeviceRole::Field);
    trust(&mut central, &mut laptop);
    participant(&mut laptop, "Lucía", "Ana Portillo");
    let out = net.file();
    sync::export(&mut laptop, &[], &out).expect("export");
    sync::revoke_device(&mut central, "Laptop Ana").expect("revoke");
    let refused = sync::import(&mut central, &std::fs::read(&out).expect("bundle"), &mut |_, _| {});
    assert!(matches!(refused, Err(Error::Refused("error.bundle_revoked_sender"))), "{refused:?}");

    // A supervisor (not an administrator) may neither trust, reassign nor revoke.
    let path = central.path().to_owned();
    users::add(
        &mut central,
        PASS,
        &NewUser { login: "sup", name: Some("Rosa"), role: Role::Supervisor, worker: None },
        "frase de la supervisora",
    )
    .expect("user");
    drop(central);
    let mut sup = Store::open_as(&path, Some("sup"), "frase de la supervisora").expect("open");
    let card = sync::public_keys(&mut laptop).expect("keys");
    let refusals = [
        sync::add_device(&mut sup, &card).map(|_| ()),
        sync::set_device_workers(&mut sup, "Laptop Ana", &[]).map(|_| ()),
        sync::revoke_device(&mut sup, "Laptop Ana").map(|_| ()),
    ];
    for r in refusals {
        assert!(matches!(r, Err(Error::Refused("error.admin_only"))), "{r:?}");
    }
    let listed = users::list(&mut sup).expect("users");
    assert_eq!(listed[1].name.as_deref(), Some("Rosa"));
}
