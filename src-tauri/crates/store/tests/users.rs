//! User accounts on a device, a field user's caseload enforced by the store, and the back-off after failed unlocks,
//! on real files.

use reintegra_core::person::{PersonFields, PersonRole};
use reintegra_core::records::Kind;
use reintegra_core::wire::{DeviceRole, RegisterOutcome};
use reintegra_store::keys::{KeyFile, key_path};
use reintegra_store::testing::{self, Folder, person_fields, register, today};
use reintegra_store::users::{self, NewUser, Role};
use reintegra_store::{Error, Store, audit, export, persons, records, views};
use uuid::Uuid;

const ADMIN: &str = "frase del administrador";
const FIELD: &str = "frase de la promotora";
const SUPER: &str = "frase de la supervisora";

fn person(given: &str, first: &str, birth: &str, worker: Option<&str>) -> PersonFields {
    PersonFields { assigned_worker: worker.map(Into::into), ..person_fields(given, first, birth) }
}

/// What the search finds, in alphabetical order.
fn names(store: &mut Store, text: &str) -> Vec<String> {
    let mut n = testing::search_names(store, text);
    n.sort();
    n
}

struct Device {
    _folder: Folder,
    db: std::path::PathBuf,
    ana_person: Uuid,
    beto_person: Uuid,
}

/// A supervisor device with an administrator, a field user for worker "Ana" and a supervisor; one participant
/// assigned to Ana (with a relative), one assigned to Beto.
fn device() -> Device {
    let folder = Folder::new();
    let db = folder.path().join("s.db");
    let (mut store, _) = Store::create_as(&db, "jefa", ADMIN, "central", DeviceRole::Supervisor).expect("create");
    let ana_person = register(&mut store, &person("Canario", "Asignado", "1990-01-02", Some("Ana Pérez")));
    let beto_person = register(&mut store, &person("Gorrión", "Ajeno", "1991-03-04", Some("Beto")));
    let mut relative = person("Pariente", "Asignado", "1970-05-06", None);
    relative.role = PersonRole::Relative;
    persons::register_relative(&mut store, &relative, ana_person, "mother", true, today()).expect("relative");
    users::add(
        &mut store,
        ADMIN,
        &NewUser { login: "campo1", name: Some("Ana Pérez"), role: Role::Field, worker: Some("ana perez") },
        FIELD,
    )
    .expect("add field user");
    users::add(&mut store, ADMIN, &NewUser { name: None, login: "sup", role: Role::Supervisor, worker: None }, SUPER)
        .expect("add supervisor");
    Device { _folder: folder, db, ana_person, beto_person }
}

#[test]
fn each_user_has_their_own_passphrase_and_only_an_admin_manages_users() {
    let d = device();
    let mut admin = Store::open_as(&d.db, Some("jefa"), ADMIN).expect("admin");
    let list = users::list(&mut admin).expect("list");
    let logins: Vec<(&str, Role)> = list.iter().map(|u| (u.login.as_str(), u.role)).collect();
    assert_eq!(logins, [("jefa", Role::Admin), ("campo1", Role::Field), ("sup", Role::Supervisor)]);
    assert_eq!(list[1].worker.as_deref(), Some("ana perez"));
    drop(admin);

    // One passphrase per user: another user's passphrase does not open as this one.
    assert!(matches!(Store::open_as(&d.db, Some("campo1"), ADMIN), Err(Error::WrongPassphrase)));
    let mut field = Store::open_as(&d.db, Some("campo1"), FIELD).expect("field user");
    assert_eq!((field.user(), field.role()), ("campo1", Role::Field));
    let refused =
        users::add(&mut field, FIELD, &NewUser { name: None, login: "otro", role: Role::Admin, worker: None }, FIELD);
    assert!(matches!(refused, Err(Error::Refused("error.admin_only"))));
    assert!(matches!(users::disable(&mut field, "jefa"), Err(Error::Refused("error.admin_only"))));
    drop(field);
    let mut sup = Store::open_as(&d.db, Some("sup"), SUPER).expect("supervisor");
    assert!(matches!(users::disable(&mut sup, "campo1"), Err(Error::Refused("error.admin_only"))));
    drop(sup);

    let mut admin = Store::open_as(&d.db, Some("jefa"), ADMIN).expect("admin");
    let bad = |login| NewUser { name: None, login, role: Role::Supervisor, worker: None };
    assert!(matches!(
        users::add(&mut admin, ADMIN, &bad("Ana López"), SUPER),
        Err(Error::Refused("error.login_invalid"))
    ));
    assert!(matches!(users::add(&mut admin, ADMIN, &bad("sup"), SUPER), Err(Error::Refused("error.login_taken"))));
    let no_worker = NewUser { name: None, login: "campo2", role: Role::Field, worker: None };
    assert!(matches!(users::add(&mut admin, ADMIN, &no_worker, FIELD), Err(Error::Refused("error.worker_required"))));
    assert!(matches!(users::disable(&mut admin, "jefa"), Err(Error::Refused("error.disable_self"))));
    users::disable(&mut admin, "campo1").expect("disable");
    let actions: Vec<String> = audit::recent(&mut admin, 3).expect("audit").into_iter().map(|e| e.action).collect();
    assert_eq!(actions[0], "user_disabled");
    drop(admin);
    // The entry left the key file: the passphrase no longer unwraps anything.
    assert!(!KeyFile::read(&key_path(&d.db)).expect("keys").has_user("campo1"));
    assert!(matches!(Store::open_as(&d.db, Some("campo1"), FIELD), Err(Error::WrongPassphrase)));
    // The key file names users by login only.
    let text = std::fs::read_to_string(key_path(&d.db)).expect("key file");
    assert!(!text.contains("ana perez") && !text.contains("Canario"));
}

#[test]
fn a_field_user_reads_only_their_caseload() {
    let d = device();
    let mut field = Store::open_as(&d.db, Some("campo1"), FIELD).expect("field user");
    assert_eq!(names(&mut field, ""), ["Canario Asignado", "Pariente Asignado"]);
    assert!(names(&mut field, "gorrion").is_empty(), "a person outside the caseload is not found by search");

    let refused = views::person_view(&mut field, d.beto_person).err();
    assert!(matches!(refused, Some(Error::Refused("error.outside_caseload"))), "{refused:?}");
    assert!(matches!(persons::get(&mut field, d.beto_person), Err(Error::Refused("error.outside_caseload"))));
    assert!(matches!(records::get(&mut field, Kind::Person, d.beto_person), Err(Error::Refused(_))));
    assert!(matches!(records::history(&mut field, Kind::Person, d.beto_person), Err(Error::Refused(_))));
    views::person_view(&mut field, d.ana_person).expect("their own participant");

    // Exports hold only the caseload.
    let tables = export::tables(&mut field, true, reintegra_core::i18n::Lang::Es).expect("export");
    let people = tables.iter().find(|t| t.kind == Kind::Person).expect("persons table");
    assert_eq!(people.rows.len(), 2);
    let all: String = tables.iter().flat_map(|t| t.rows.iter().flatten()).cloned().collect();
    assert!(!all.contains("Gorri") && !all.contains(&d.beto_person.to_string()));

    // What they register is theirs at once, and writes still see whole records (the look-alike of someone
    // outside the caseload is not shown to them).
    let mine = register(&mut field, &person("Zorzal", "Nuevo", "1995-07-08", None));
    assert_eq!(names(&mut field, "zorzal"), ["Zorzal Nuevo"]);
    let twin = person("Gorrión", "Ajeno", "1991-03-04", Some("Beto"));
    assert!(matches!(persons::register(&mut field, &twin, false, today()), Ok(RegisterOutcome::Created { .. })));
    let digest_field = field.digest().expect("digest");
    drop(field);

    // A supervisor sees everything, the field user's new person included; the digest is of the whole store.
    let mut sup = Store::open_as(&d.db, Some("sup"), SUPER).expect("supervisor");
    assert_eq!(names(&mut sup, "").len(), 5);
    views::person_view(&mut sup, mine).expect("visible to the supervisor");
    assert_eq!(sup.digest().expect("digest"), digest_field);
    assert!(sup.projections_match_log().expect("rebuild check"));
}

#[test]
fn failed_unlocks_impose_a_wait_even_for_the_right_passphrase() {
    let d = device();
    for _ in 0..3 {
        assert!(matches!(Store::open_as(&d.db, Some("campo1"), "no es la frase"), Err(Error::WrongPassphrase)));
    }
    let refused = Store::open_as(&d.db, Some("campo1"), FIELD).err();
    assert!(matches!(refused, Some(Error::Backoff { seconds }) if (1..=30).contains(&seconds)), "{refused:?}");
    // Another user is not held back.
    drop(Store::open_as(&d.db, Some("sup"), SUPER).expect("supervisor unaffected"));

    // The wait is over (the last failure moved back in time in the key file).
    let path = key_path(&d.db);
    let mut file = KeyFile::read(&path).expect("keys");
    let a = file.attempts.get_mut("campo1").expect("counted");
    assert_eq!(a.failed, 3);
    a.last_failed_ms = a.last_failed_ms.map(|t| t - 31_000);
    file.write(&path).expect("write");
    drop(Store::open_as(&d.db, Some("campo1"), FIELD).expect("opens after the wait"));
    assert!(KeyFile::read(&path).expect("keys").attempts.is_empty(), "a successful unlock resets the count");

    let mut admin = Store::open_as(&d.db, Some("jefa"), ADMIN).expect("admin");
    let entries = audit::recent(&mut admin, 10).expect("audit");
    let failed: Vec<(&str, &str)> =
        entries.iter().filter(|e| e.action == "login_failed").map(|e| (e.user.as_str(), e.subject.as_str())).collect();
    assert_eq!(failed, [("campo1", "3")], "the failures were audited once, in the failing user's name");
    assert!(entries.iter().any(|e| e.action == "login" && e.user == "campo1"));
    assert_eq!(KeyFile::read(&path).expect("keys").last_user.as_deref(), Some("jefa"));
}

#[test]
fn a_person_registered_without_a_worker_joins_the_caseload_of_who_registers_them() {
    let d = device();
    // A field user: their own worker.
    let mut field = Store::open_as(&d.db, Some("campo1"), FIELD).expect("field user");
    let id = register(&mut field, &person("Zorzal", "Nuevo", "1992-02-02", None));
    assert_eq!(persons::get(&mut field, id).expect("get").assigned_worker.as_deref(), Some("ana perez"));
    // A worker chosen on the form stays.
    let chosen = register(&mut field, &person("Zorzal", "Elegido", "1992-02-03", Some("Ana Pérez")));
    assert_eq!(persons::get(&mut field, chosen).expect("get").assigned_worker.as_deref(), Some("Ana Pérez"));
    drop(field);
    // The central file's administrator: nobody is guessed.
    let mut admin = Store::open_as(&d.db, Some("jefa"), ADMIN).expect("admin");
    let id = register(&mut admin, &person("Zorzal", "Central", "1992-02-04", None));
    assert_eq!(persons::get(&mut admin, id).expect("get").assigned_worker, None);

    // A field laptop of one worker: that worker; of two: nobody is guessed.
    let (_folder, mut laptop) = testing::store(DeviceRole::Field);
    reintegra_store::sync::set_workers(&mut laptop, &["Ana Portillo".into()]).expect("workers");
    let id = register(&mut laptop, &person("Zorzal", "Portátil", "1992-02-05", None));
    assert_eq!(persons::get(&mut laptop, id).expect("get").assigned_worker.as_deref(), Some("Ana Portillo"));
    reintegra_store::sync::set_workers(&mut laptop, &["Ana Portillo".into(), "Mario Ayala".into()]).expect("workers");
    let id = register(&mut laptop, &person("Zorzal", "Compartido", "1992-02-06", None));
    assert_eq!(persons::get(&mut laptop, id).expect("get").assigned_worker, None);
}
