//! `reintegra load` and `reintegra import-csv persons` as a script would use them: real files, real stores, the
//! digest before and after every refusal.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::{fails, ok, on as reintegra};

const P1: &str = "0192a000-0000-7000-8000-000000000001";

fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../docs")
}

struct Fixture {
    _dir: tempfile::TempDir,
    db: PathBuf,
    dir: PathBuf,
}

fn store() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("s.db");
    ok(&mut reintegra(&db, &["init", "--device", "pruebas", "--role", "supervisor"]));
    Fixture { dir: dir.path().to_owned(), _dir: dir, db }
}

impl Fixture {
    fn file(&self, name: &str, content: &str) -> PathBuf {
        let p = self.dir.join(name);
        std::fs::write(&p, content).expect("write");
        p
    }
    fn digest(&self) -> String {
        ok(&mut reintegra(&self.db, &["digest"]))
    }
    fn load(&self, content: &str) -> Command {
        let f = self.file("in.jsonl", content);
        let mut cmd = reintegra(&self.db, &["load"]);
        cmd.arg(f);
        cmd
    }
    fn get(&self, kind: &str, id: &str) -> serde_json::Value {
        serde_json::from_str(&ok(&mut reintegra(&self.db, &["records", "get", kind, id]))).expect("json")
    }
}

fn report(out: &str) -> serde_json::Value {
    serde_json::from_str(out).expect("a JSON report")
}

#[test]
fn the_documented_example_loads_every_type_and_loading_again_changes_nothing() {
    let s = store();
    let example = docs().join("examples/records.jsonl");
    let r = report(&ok(reintegra(&s.db, &["load", "--json"]).arg(&example)));
    assert_eq!(r["lines"], 16);
    assert_eq!(r["inserted"], 15);
    assert_eq!(r["updated"], 1, "the referral's status change");
    let types: Vec<&str> = r["by_type"].as_object().expect("by_type").keys().map(String::as_str).collect();
    assert_eq!(types.len(), 13, "every record type: {types:?}");
    let digest = s.digest();

    let again = report(&ok(reintegra(&s.db, &["load", "--json"]).arg(&example)));
    // The referral's two lines set its status back and forth; every other line changes nothing.
    let counts = (again["inserted"].as_u64(), again["updated"].as_u64(), again["unchanged"].as_u64());
    assert_eq!(counts, (Some(0), Some(2), Some(14)), "{again}");
    assert_eq!(s.digest(), digest);

    let p = s.get("person", P1);
    assert_eq!(p["given_names"], "José Ángel");
    assert_eq!(p["address"], "Colonia Las Margaritas, pasaje \"B\", casa 14");
    let referral = s.get("referral", "0192a000-0000-7000-8000-000000000030");
    assert_eq!(referral["status"], "accepted");
    assert_eq!(referral["organisation"], "Ministerio de Trabajo", "an update keeps the fields it does not give");
}

#[test]
fn text_round_trips_byte_for_byte() {
    let s = store();
    let name = "Ñandú \"el Güero\" O'Connor 🌻 — ñ";
    let line = serde_json::json!({"type": "group", "id": "0192a000-0000-7000-8000-0000000000aa", "kind": "support_group",
        "name": name, "municipality": "San Salvador Sur"});
    ok(&mut s.load(&format!("{line}\n")));
    assert_eq!(s.get("group", "0192a000-0000-7000-8000-0000000000aa")["name"], name);
}

#[test]
fn every_class_of_bad_input_refuses_the_whole_file_and_changes_nothing() {
    let s = store();
    ok(reintegra(&s.db, &["load"]).arg(docs().join("examples/records.jsonl")));
    let digest = s.digest();
    let good = r#"{"type":"group","kind":"support_group","name":"Grupo nuevo","municipality":"San Salvador Sur"}"#;
    let long = "x".repeat(201);
    let cases: Vec<(&str, String, &str)> = vec![
        ("unknown type", r#"{"type":"visit","date":"2024-01-01"}"#.into(), "Línea 2: Revise los campos marcados. type: Tipo de registro desconocido."),
        ("missing required field", r#"{"type":"attendance","session_id":"0192a000-0000-7000-8000-000000000020","status":"present"}"#.into(), "person_id: Este campo es obligatorio."),
        ("invalid date", r#"{"type":"session","kind":"support_group","date":"2024-02-30"}"#.into(), "date: Fecha no válida"),
        ("unknown person", r#"{"type":"enrolment","person_id":"0192a000-0000-7000-8000-0000000000ff","component":"voucher","start_date":"2024-01-01"}"#.into(), "person_id: Se refiere a un registro que no existe."),
        ("string over the limit", format!(r#"{{"type":"group","kind":"support_group","name":"{long}","municipality":"San Salvador Sur"}}"#), "name: El texto es demasiado largo."),
        ("unknown field", r#"{"type":"group","kind":"support_group","name":"G","municipality":"San Salvador Sur","color":"rojo"}"#.into(), "color: Campo desconocido."),
        ("not json", "{type: group}".into(), "No es un objeto JSON válido."),
        ("a relative where a participant is needed", r#"{"type":"payment","person_id":"0192a000-0000-7000-8000-000000000002","month":"2024-03","amount_usd":100,"paid_on":"2024-04-01"}"#.into(), "person_id: Debe referirse a un participante."),
        ("future session", r#"{"type":"session","kind":"support_group","date":"2099-01-01"}"#.into(), "date: La fecha no puede ser posterior a hoy."),
        ("bad id", r#"{"type":"group","id":"abc","kind":"support_group","name":"G","municipality":"San Salvador Sur"}"#.into(), "id: Identificador no válido."),
        ("delete of an unknown record", r#"{"type":"group","id":"0192a000-0000-7000-8000-0000000000ee","deleted":true}"#.into(), "No se encontró el registro."),
    ];
    for (name, bad, expect) in cases {
        // A valid line first: it must not survive the refusal of the file.
        let err = fails(&mut s.load(&format!("{good}\n{bad}\n{good}\n")));
        assert!(err.starts_with("error: Línea 2"), "{name}: {err}");
        assert!(err.contains(expect), "{name}: {err}");
        assert!(!err.contains("Grupo nuevo"), "{name}: no values in messages: {err}");
        assert_eq!(s.digest(), digest, "{name}: the store is unchanged");
    }
}

#[test]
fn deletion_is_a_tombstone_and_a_deleted_record_cannot_be_edited() {
    let s = store();
    ok(reintegra(&s.db, &["load"]).arg(docs().join("examples/records.jsonl")));
    let g = "0192a000-0000-7000-8000-000000000010";
    let r = report(&ok(s.load(&format!(r#"{{"type":"group","id":"{g}","deleted":true}}"#)).arg("--json")));
    assert_eq!(r["deleted"], 1);
    assert_eq!(s.get("group", g)["deleted"], true);
    let err = fails(&mut s.load(&format!(r#"{{"type":"group","id":"{g}","name":"Otro"}}"#)));
    assert!(err.contains("El registro fue eliminado."), "{err}");
    // A session may no longer point at the deleted group.
    let err = fails(
        &mut s.load(&format!(r#"{{"type":"session","kind":"support_group","date":"2024-05-01","group_id":"{g}"}}"#)),
    );
    assert!(err.contains("group_id: Se refiere a un registro que no existe."), "{err}");
}

#[test]
fn spreadsheet_of_people_imports_once() {
    let s = store();
    let csv = docs().join("examples/persons.csv");
    let r = report(&ok(reintegra(&s.db, &["import-csv", "persons", "--json"]).arg(&csv)));
    assert_eq!((r["lines"].as_u64(), r["inserted"].as_u64()), (Some(3), Some(3)), "{r}");
    let digest = s.digest();
    let again = report(&ok(reintegra(&s.db, &["import-csv", "persons", "--json"]).arg(&csv)));
    assert_eq!(again["inserted"], 0);
    assert_eq!(again["duplicates"], serde_json::json!([2, 3, 4]));
    assert_eq!(s.digest(), digest);
    let found = ok(&mut reintegra(&s.db, &["persons", "search", "wendy alvarado", "--json"]));
    let page: serde_json::Value = serde_json::from_str(&found).expect("json");
    assert_eq!(page["items"][0]["municipality"], "San Salvador Sur");
}

#[test]
fn a_bad_spreadsheet_row_refuses_the_sheet() {
    let s = store();
    let digest = s.digest();
    let cases = [
        ("unknown column", "rol,nombres,apodo\nparticipante,Ana,La Flaca\n", "Línea 1"),
        (
            "bad date",
            "rol,nombres,primer_apellido,fecha_nacimiento,municipio\nparticipante,Ana,Ramos,01/01/1990,San Salvador Sur\nfamiliar,Luis,Ramos,31/02/1970,San Salvador Sur\n",
            "Línea 3",
        ),
        (
            "bad role",
            "rol,nombres,primer_apellido,fecha_nacimiento,municipio\nvecino,Ana,Ramos,01/01/1990,San Salvador Sur\n",
            "role: Elija una de las opciones.",
        ),
        ("ragged row", "rol,nombres,primer_apellido,fecha_nacimiento,municipio\nparticipante,Ana,Ramos\n", "columnas"),
    ];
    for (name, content, expect) in cases {
        let f = s.file("p.csv", content);
        let err = fails(reintegra(&s.db, &["import-csv", "persons"]).arg(&f));
        assert!(err.contains(expect), "{name}: {err}");
        assert_eq!(s.digest(), digest, "{name}");
    }
}

#[test]
fn every_record_type_round_trips_through_the_store() {
    let s = store();
    // The documented example plus the types it leaves out, each line given an id so it can be read back.
    let example = std::fs::read_to_string(docs().join("examples/records.jsonl")).expect("example");
    let extra = [
        r#"{"type":"voucher_rules","version":2,"effective_from":"2025-01","min_group_share_percent":50,"ladder":["withheld","suspended"],"justified_counts":false}"#,
    ];
    let lines: Vec<serde_json::Value> = example
        .lines()
        .chain(extra)
        .enumerate()
        .map(|(i, l)| {
            let mut v: serde_json::Value = serde_json::from_str(l).expect("json line");
            if v.get("id").is_none() {
                v["id"] = serde_json::json!(format!("0192a000-0000-7000-8000-0000000007{i:02}"));
            }
            v
        })
        .collect();
    let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
    ok(&mut s.load(&text.join("\n")));
    let mut kinds = std::collections::BTreeSet::new();
    for sent in &lines {
        let (kind, id) = (sent["type"].as_str().expect("type"), sent["id"].as_str().expect("id"));
        let back = s.get(kind, id);
        for (field, value) in sent.as_object().expect("object") {
            // A later line may update the record (the referral's status): expect the last value given.
            let last = lines.iter().rfind(|l| l["id"] == sent["id"] && l.get(field).is_some());
            assert_eq!(back[field], last.map(|l| l[field].clone()).unwrap_or_default(), "{kind}.{field}: sent {value}");
        }
        kinds.insert(kind.to_owned());
    }
    assert_eq!(kinds.len(), 14, "every record type: {kinds:?}");
}

#[test]
fn a_referral_keeps_its_status_history() {
    let s = store();
    ok(reintegra(&s.db, &["load"]).arg(docs().join("examples/records.jsonl")));
    let out = ok(&mut reintegra(
        &s.db,
        &["records", "history", "referral", "0192a000-0000-7000-8000-000000000030", "--json"],
    ));
    let h: serde_json::Value = serde_json::from_str(&out).expect("json");
    let statuses: Vec<&str> =
        h.as_array().expect("list").iter().filter_map(|e| e["fields"]["status"].as_str()).collect();
    assert_eq!(statuses, ["referred", "accepted"]);
    assert_eq!(h[1]["fields"].as_object().map(|f| f.len()), Some(1), "the update carries only what changed");
    let human = ok(&mut reintegra(&s.db, &["records", "history", "referral", "0192a000-0000-7000-8000-000000000030"]));
    assert_eq!(human.lines().count(), 2);
    assert!(human.lines().all(|l| l.as_bytes()[2] == b'/' && l.as_bytes()[5] == b'/'), "dd/mm/aaaa: {human}");
}

#[test]
fn municipalities_and_districts_are_editable_reference_data() {
    let s = store();
    let person = |m: &str, d: &str| {
        format!(
            r#"{{"type":"person","role":"relative","given_names":"Eva","first_surname":"Soto","birth_date":"1980-01-01","municipality":"{m}","district":"{d}"}}"#
        )
    };
    let digest = s.digest();
    let err = fails(&mut s.load(&person("La Libertad Este", "Antiguo Cuscatlán")));
    assert!(err.contains("municipality: Municipio desconocido."), "{err}");
    assert_eq!(s.digest(), digest);
    // A supervisor adds a municipality and trims the districts of another.
    ok(&mut s.load(
        &[
            r#"{"type":"municipality","name":"La Libertad Este","districts":["Antiguo Cuscatlán","Huizúcar"]}"#,
            r#"{"type":"municipality","name":"san salvador norte","districts":["Aguilares","Guazapa"]}"#,
        ]
        .join("\n"),
    ));
    ok(&mut s.load(&person("la libertad este", "antiguo cuscatlan")));
    let found: serde_json::Value =
        serde_json::from_str(&ok(&mut reintegra(&s.db, &["persons", "search", "eva soto", "--json"]))).expect("json");
    assert_eq!(found["items"][0]["municipality"], "La Libertad Este", "stored in the reference's spelling");
    let err = fails(&mut s.load(&person("San Salvador Norte", "El Paisnal")));
    assert!(err.contains("district: Ese distrito no pertenece"), "{err}");
}

#[test]
fn spreadsheets_as_people_have_them_import_and_a_dry_run_writes_nothing() {
    let s = store();
    let data = docs().join("../src-tauri/crates/spreadsheet/tests/data");
    // The same three people as a LibreOffice workbook, an .ods and Excel's CSV UTF-8: imported once, then found again.
    let r =
        report(&ok(reintegra(&s.db, &["import-csv", "persons", "--json"]).arg(data.join("personas-libreoffice.xlsx"))));
    assert_eq!(r["inserted"], 3, "{r}");
    for again in ["personas-libreoffice.ods", "personas-utf8-bom-comas.csv"] {
        let r = report(&ok(reintegra(&s.db, &["import-csv", "persons", "--json"]).arg(data.join(again))));
        assert_eq!(
            (r["inserted"].as_u64(), r["duplicates"].clone()),
            (Some(0), serde_json::json!([2, 3, 4])),
            "{again}"
        );
    }
    // Windows-1252 with semicolons, previewed: one to add, one to update, one to skip; nothing written.
    let digest = s.digest();
    let changes = data.join("cambios-windows1252-puntoycoma.csv");
    let said = ok(reintegra(&s.db, &["import-csv", "persons", "--dry-run"]).arg(&changes));
    assert!(said.contains("1") && said.contains("actualizar"), "{said}");
    let plan = report(&ok(reintegra(&s.db, &["import-csv", "persons", "--dry-run", "--json"]).arg(&changes)));
    assert_eq!((plan["add"][0]["line"].as_u64(), plan["update"][0]["fields"][0].as_str()), (Some(4), Some("phone")));
    assert_eq!(plan["skip"][0]["reason"], "import.skip.unchanged");
    assert_eq!(s.digest(), digest, "a dry run writes nothing");
    let r = report(&ok(reintegra(&s.db, &["import-csv", "persons", "--json"]).arg(&changes)));
    assert_eq!((r["inserted"].as_u64(), r["updated"].as_u64()), (Some(1), Some(1)), "{r}");
    let found = ok(&mut reintegra(&s.db, &["persons", "search", "Begoña Cañas", "--json"]));
    assert!(found.contains("Quiñónez"), "the accents of Windows-1252 kept: {found}");
}
