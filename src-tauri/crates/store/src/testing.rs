//! Fixtures for tests of the store and of what is built on it: stores in a temporary folder, a fixed "today",
//! records written through the one write path, a small programme, and a field laptop paired with the central file.
//! Compiled for the store's own tests, and for other crates' tests with the `testing` feature; never in the app.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use reintegra_core::person::{PersonFields, PersonRole};
use reintegra_core::records::Kind;
use reintegra_core::wire::{DeviceRole, PersonQuery, RegisterOutcome};
use serde_json::{Map, Value, json};
use tempfile::TempDir;
use uuid::Uuid;

use crate::records::{self, Applied};
use crate::sync::{self, ImportReport};
use crate::{Store, Writer};

/// The passphrase of every store made here.
pub const PASS: &str = "una frase de paso larga";

/// The store file's page size.
pub const PAGE: u64 = 4096;

/// Flips bytes in the middle of page `page` (0-based) of a closed store: what a bad sector or a torn copy leaves.
pub fn damage_page(db: &Path, page: u64) {
    use std::io::{Read, Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().read(true).write(true).open(db).expect("open file");
    let at = page * PAGE + 1000;
    let mut bytes = [0u8; 16];
    f.seek(SeekFrom::Start(at)).expect("seek");
    f.read_exact(&mut bytes).expect("read");
    for b in &mut bytes {
        *b ^= 0x5a;
    }
    f.seek(SeekFrom::Start(at)).expect("seek");
    f.write_all(&bytes).expect("write");
    f.sync_all().expect("sync");
}

/// The day the tests are written on. Every date in them lies before it, and it lies before the real date, which an
/// import checks changes against.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("a valid date")
}

/// A JSON object as a record's fields.
pub fn fields(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// A temporary folder for one test's stores and bundles, removed with it.
pub struct Folder {
    dir: TempDir,
    files: usize,
}

impl Default for Folder {
    fn default() -> Self {
        Folder { dir: tempfile::tempdir().expect("a temporary folder"), files: 0 }
    }
}

impl Folder {
    pub fn new() -> Folder {
        Folder::default()
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A new store named `name` in this folder (its file: [`Store::path`]), passphrase [`PASS`], open as its first
    /// user.
    pub fn store(&mut self, name: &str, role: DeviceRole) -> Store {
        // Numbered: two devices may share a name (a test of names taken).
        let path = self.fresh(&format!("{name}.db"));
        Store::create(&path, PASS, name, role).expect("a new store")
    }

    /// A field laptop's store holding `people` participants, closed (its WAL checkpointed into the file): the file a
    /// test then damages, copies or opens again.
    pub fn closed_laptop(&mut self, people: usize) -> PathBuf {
        let mut store = self.store("laptop", DeviceRole::Field);
        for i in 0..people {
            person(&mut store, "participant", &format!("Persona {i}"));
        }
        store.path().to_owned()
    }

    /// A new file name in this folder, for a bundle.
    pub fn file(&mut self) -> PathBuf {
        self.fresh("bundle.rgb")
    }

    fn fresh(&mut self, name: &str) -> PathBuf {
        self.files += 1;
        self.dir.path().join(format!("{}-{name}", self.files))
    }

    /// Exports from `a` to `b` and imports there.
    pub fn send(&mut self, a: &mut Store, b: &mut Store) -> ImportReport {
        let out = self.file();
        sync::export(a, &[b.device().id.to_string()], &out).expect("export");
        let bytes = std::fs::read(&out).expect("the bundle");
        sync::import(b, &bytes, &mut |_, _| {}).expect("import")
    }
}

/// A store ("laptop") alone in its folder; the folder goes when it is dropped, so keep it beside the store.
pub fn store(role: DeviceRole) -> (Folder, Store) {
    let mut folder = Folder::new();
    let store = folder.store("laptop", role);
    (folder, store)
}

/// Makes `a` and `b` trust each other.
pub fn trust(a: &mut Store, b: &mut Store) {
    let (ka, kb) = (sync::public_keys(a).expect("keys"), sync::public_keys(b).expect("keys"));
    sync::add_device(a, &kb).expect("a trusts b");
    sync::add_device(b, &ka).expect("b trusts a");
}

/// The central file ("Central") and a field laptop ("Laptop Ana") that trust each other, in one folder.
pub fn paired() -> (Folder, Store, Store) {
    let mut folder = Folder::new();
    let mut central = folder.store("Central", DeviceRole::Supervisor);
    let mut laptop = folder.store("Laptop Ana", DeviceRole::Field);
    trust(&mut central, &mut laptop);
    (folder, central, laptop)
}

/// Writes a record given without id through the one write path ([`records::upsert`]), in the writer's
/// transaction; returns its id.
pub fn put(w: &mut Writer<'_>, kind: Kind, v: Value) -> Uuid {
    records::upsert(w, kind, None, &fields(v), today()).expect("a valid record").0
}

/// As [`put`], in a transaction of its own.
pub fn add(store: &mut Store, kind: Kind, v: Value) -> Uuid {
    store.with_tx(|w| records::upsert(w, kind, None, &fields(v), today())).expect("a valid record").0
}

/// Sets fields of record `id`.
pub fn set(store: &mut Store, kind: Kind, id: Uuid, v: Value) -> Applied {
    store.with_tx(|w| records::upsert(w, kind, Some(id), &fields(v), today())).expect("a valid edit").1
}

/// A person ("participant" or "relative") named `given` Prueba, born 1990, in San Salvador Norte.
pub fn person(store: &mut Store, role: &str, given: &str) -> Uuid {
    add(
        store,
        Kind::Person,
        json!({"role": role, "given_names": given, "first_surname": "Prueba", "birth_date": "1990-01-01",
               "municipality": "San Salvador Norte"}),
    )
}

/// A participant's registration form with only what is required filled in.
pub fn person_fields(given: &str, first_surname: &str, birth: &str) -> PersonFields {
    PersonFields {
        role: PersonRole::Participant,
        given_names: given.into(),
        first_surname: first_surname.into(),
        second_surname: None,
        birth_date: reintegra_core::date::parse_iso(birth).expect("a date"),
        sex: None,
        dui: None,
        municipality: "san salvador este".into(),
        district: None,
        address: None,
        phone: None,
        release_date: None,
        consent_date: None,
        consent_scope: None,
        assigned_worker: None,
        status: None,
    }
}

/// Registers `p` (confirmed new, look-alikes or not); returns their id.
pub fn register(store: &mut Store, p: &PersonFields) -> Uuid {
    match crate::persons::register(store, p, true, today()).expect("a registration") {
        RegisterOutcome::Created { id } => id,
        other => panic!("expected a new person, got {other:?}"),
    }
}

/// The names the person search finds for `text`, in its order (by surname).
pub fn search_names(store: &mut Store, text: &str) -> Vec<String> {
    let query = PersonQuery { text: text.into(), offset: 0, limit: 50 };
    crate::persons::search(store, &query).expect("a search").items.into_iter().map(|p| p.name).collect()
}

/// A case-management session on `date` that `who` attended; returns the attendance.
pub fn attended(store: &mut Store, who: Uuid, date: &str) -> Uuid {
    let session = add(store, Kind::Session, json!({"kind": "case_management", "date": date}));
    add(store, Kind::Attendance, json!({"session_id": session, "person_id": who, "status": "present"}))
}

/// The one number a query gives.
pub fn count(store: &mut Store, sql: &str) -> i64 {
    store.read(|tx| Ok(tx.query_row(sql, [], |r| r.get(0))?)).expect("a count")
}

/// A small programme on a supervisor's store: see [`programme`].
pub struct Programme {
    pub folder: Folder,
    pub store: Store,
    pub ana: Uuid,
    pub rosa: Uuid,
    pub beto: Uuid,
}

/// Ana (participant, voucher from January 2024: January attended and paid, February a home visit, then nothing),
/// her mother Rosa, and Beto (participant, voucher from March 2024, attended in March).
pub fn programme() -> Programme {
    let (folder, mut store) = store(DeviceRole::Supervisor);
    let ana = person(&mut store, "participant", "Ana");
    let rosa = person(&mut store, "relative", "Rosa");
    let beto = person(&mut store, "participant", "Beto");
    add(&mut store, Kind::Relationship, json!({"participant_id": ana, "relative_id": rosa, "kind": "mother"}));
    add(&mut store, Kind::Enrolment, json!({"person_id": ana, "component": "voucher", "start_date": "2024-01-10"}));
    add(&mut store, Kind::Enrolment, json!({"person_id": beto, "component": "voucher", "start_date": "2024-03-01"}));
    attended(&mut store, ana, "2024-01-15");
    add(&mut store, Kind::HomeVisit, json!({"date": "2024-02-20", "person_ids": [ana, rosa]}));
    attended(&mut store, beto, "2024-03-04");
    add(
        &mut store,
        Kind::Payment,
        json!({"person_id": ana, "month": "2024-01", "amount_usd": 100, "paid_on": "2024-02-05",
               "reference": "PLANILLA-2024-01"}),
    );
    Programme { folder, store, ana, rosa, beto }
}
