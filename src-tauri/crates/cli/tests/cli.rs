//! The `reintegra` binary as a black box: real stores in temporary directories, exit codes and output checked as a
//! script would see them.

use std::path::Path;
use std::process::Command;

mod common;

use common::{fails, ok};

fn reintegra(args: &[&str]) -> Command {
    let mut cmd = common::bin();
    cmd.args(args);
    cmd
}

fn init(db: &Path) {
    ok(reintegra(&["init", "--device", "laptop-1", "--role", "field", "--db"]).arg(db));
}

#[test]
fn help_is_in_spanish_by_default_and_english_on_request() {
    let es = ok(&mut reintegra(&["--help"]));
    assert!(es.contains("Uso:") && es.contains("Órdenes:") && es.contains("Crear un almacén cifrado"), "{es}");
    let en = ok(reintegra(&["--help"]).env("REINTEGRA_LANG", "en"));
    assert!(en.contains("Usage:") && en.contains("Create an encrypted store"), "{en}");
    let sub = ok(&mut reintegra(&["init", "--help"]));
    assert!(sub.contains("Nombre de este equipo"), "{sub}");
}

#[test]
fn init_creates_an_encrypted_store_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("sub").join("campo.db");
    let out = ok(reintegra(&["init", "--device", "laptop-1", "--role", "field", "--json", "--db"]).arg(&db));
    let doc: serde_json::Value = serde_json::from_str(&out).expect("one JSON document");
    assert_eq!(doc["name"], "laptop-1");
    assert_eq!(doc["role"], "field");
    let bytes = std::fs::read(&db).expect("store file");
    assert!(!bytes.starts_with(b"SQLite format 3"), "the file must not be plain SQLite");

    let err = fails(reintegra(&["init", "--device", "otra", "--role", "supervisor", "--db"]).arg(&db));
    assert!(err.contains("Ya existe un almacén"), "{err}");
}

#[test]
fn db_is_accepted_before_or_after_the_subcommand_and_from_the_environment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("s.db");
    init(&db);
    let before = ok(reintegra(&["--db"]).arg(&db).arg("digest"));
    let after = ok(reintegra(&["digest", "--db"]).arg(&db));
    let env = ok(reintegra(&["digest"]).env("REINTEGRA_DB", &db));
    assert_eq!(before, after);
    assert_eq!(before, env);
    assert_eq!(before.trim().len(), 64, "a hex hash: {before}");
}

#[test]
fn bad_passphrase_missing_store_and_missing_passphrase_are_one_line_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("s.db");
    init(&db);
    let digest = ok(reintegra(&["digest", "--db"]).arg(&db));

    let err = fails(reintegra(&["digest", "--db"]).arg(&db).env("REINTEGRA_PASSPHRASE", "otra frase cualquiera"));
    assert!(err.starts_with("error: Frase de acceso incorrecta"), "{err}");
    let err = fails(reintegra(&["digest", "--db"]).arg(dir.path().join("nada.db")));
    assert!(err.contains("No existe ningún almacén"), "{err}");
    let err = fails(reintegra(&["digest", "--db"]).arg(&db).env_remove("REINTEGRA_PASSPHRASE"));
    assert!(err.contains("REINTEGRA_PASSPHRASE"), "{err}");
    let err = fails(
        reintegra(&["init", "--device", "x", "--role", "field", "--db"])
            .arg(dir.path().join("corta.db"))
            .env("REINTEGRA_PASSPHRASE", "corta"),
    );
    assert!(err.contains("al menos 8 caracteres"), "{err}");
    assert!(!dir.path().join("corta.db").exists());

    assert_eq!(ok(reintegra(&["digest", "--db"]).arg(&db)), digest, "failed commands changed nothing");
}

#[test]
fn demo_data_is_searchable_and_deterministic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    for db in [&a, &b] {
        init(db);
        let out = ok(reintegra(&["demo", "--participants", "12", "--seed", "5", "--json", "--db"]).arg(db));
        let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(doc["participants"], 12);
    }
    assert_eq!(ok(reintegra(&["digest", "--db"]).arg(&a)), ok(reintegra(&["digest", "--db"]).arg(&b)));

    let page: serde_json::Value =
        serde_json::from_str(&ok(reintegra(&["persons", "search", "--json", "--limit", "500", "--db"]).arg(&a)))
            .expect("json");
    let total = page["total"].as_u64().expect("total");
    assert!(total >= 24, "12 participants and at least one relative each: {total}");
    // Search by a name folded without accents finds the same person as with them.
    let first = page["items"][0]["name"].as_str().expect("a name").to_owned();
    let plain: String = first
        .chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' => 'u',
            'ñ' => 'n',
            'Á' => 'A',
            'É' => 'E',
            'Ó' => 'O',
            other => other,
        })
        .collect();
    let found = ok(reintegra(&["persons", "search", &plain.to_uppercase(), "--db"]).arg(&a));
    assert!(found.contains(&first), "searching {plain:?} finds {first:?}: {found}");
}

#[test]
fn verify_reports_an_intact_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("s.db");
    init(&db);
    ok(reintegra(&["demo", "--participants", "3", "--db"]).arg(&db));
    let out = ok(reintegra(&["verify", "--db"]).arg(&db));
    assert!(out.contains("íntegro"), "{out}");
}
