//! The central export through the real binary: it opens, its rows match the store, and personal data is in it
//! only when asked for.

use calamine::{Reader, Xlsx, open_workbook};

mod common;

use common::ok;

#[test]
fn the_export_opens_matches_the_store_and_leaves_personal_data_out_unless_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = common::example_store(dir.path());
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(common::example_records())
        .expect("examples")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let people = lines.iter().filter(|l| l["type"] == "person").count();

    let anonymous = dir.path().join("central.xlsx");
    ok(run(&["export"]).arg("--out").arg(&anonymous));
    let mut book: Xlsx<_> = open_workbook(&anonymous).expect("opens");
    let sheet = book.worksheet_range("Personas").expect("people sheet");
    let header: Vec<String> = sheet.rows().next().expect("header").iter().map(|c| c.to_string()).collect();
    assert_eq!(header[0], "Identificador");
    assert!(header.contains(&"Municipio".to_string()));
    assert!(!header.contains(&"Nombres".to_string()) && !header.contains(&"DUI".to_string()), "{header:?}");
    assert_eq!(sheet.rows().count() - 1, people, "one row per person");
    assert!(book.sheet_names().len() >= 15, "one sheet per record type");

    let personal = dir.path().join("personal.xlsx");
    let said = ok(run(&["export", "--personal"]).arg("--out").arg(&personal));
    assert!(said.contains("DATOS PERSONALES"), "{said}");
    let mut book: Xlsx<_> = open_workbook(&personal).expect("opens");
    let sheet = book.worksheet_range("Personas").expect("people sheet");
    let all: Vec<String> = sheet.rows().flat_map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>()).collect();
    assert!(all.contains(&"Núñez".to_string()), "names only when asked");
    assert!(all.iter().any(|c| c == "14/02/1995"), "dates as dd/mm/aaaa");

    let folder = dir.path().join("csv");
    ok(run(&["export"]).arg("--out").arg(&folder));
    let persons = std::fs::read_to_string(folder.join("persons.csv")).expect("persons.csv");
    assert!(persons.starts_with('\u{feff}'), "a byte-order mark for spreadsheets");
    assert_eq!(persons.lines().count() - 1, people);

    let audit = ok(&mut run(&["audit", "list"]));
    assert!(audit.contains("export"), "{audit}");
}

#[test]
fn a_password_protected_export_is_an_aes_zip_that_opens_only_with_the_password() {
    use std::io::Read;
    let dir = tempfile::tempdir().expect("tempdir");
    let run = common::example_store(dir.path());
    let password = dir.path().join("clave.txt");
    std::fs::write(&password, "piña colada 2026\n").expect("password file");

    let zip_path = dir.path().join("personal.zip");
    let said =
        ok(run(&["export", "--personal", "--json"]).arg("--out").arg(&zip_path).arg("--password-file").arg(&password));
    let doc: serde_json::Value = serde_json::from_str(&said).expect("json");
    assert_eq!(doc["protected"], true);
    let bytes = std::fs::read(&zip_path).expect("zip");
    assert!(!bytes.windows("Núñez".len()).any(|w| w == "Núñez".as_bytes()), "nothing in clear");

    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).expect("a zip");
    assert!(archive.by_name("persons.csv").is_err(), "no reading without the password");
    assert!(archive.by_name_decrypt("persons.csv", b"otra clave cualquiera").is_err(), "nor with a wrong one");
    let mut persons = String::new();
    archive
        .by_name_decrypt("persons.csv", "piña colada 2026".as_bytes())
        .expect("opens with the password")
        .read_to_string(&mut persons)
        .expect("read");
    assert!(persons.contains("Núñez"), "the personal export, asked for");
    assert!(archive.len() >= 15, "one CSV per record type");

    // A password protects a zip; a zip without one, or a password on a workbook, is refused.
    let err = common::fails(run(&["export", "--personal"]).arg("--out").arg(dir.path().join("x.zip")));
    assert!(err.contains(".zip"), "{err}");
    let err = common::fails(
        run(&["export"]).arg("--out").arg(dir.path().join("x.xlsx")).arg("--password-file").arg(&password),
    );
    assert!(err.contains(".zip"), "{err}");
    let audit = ok(&mut run(&["audit", "list"]));
    assert!(audit.contains("personal:") && audit.contains(":protected"), "{audit}");
}
