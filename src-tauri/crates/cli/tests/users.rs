//! Users and roles through the real binary: only an administrator manages users, a field user's commands cannot
//! read a person outside their caseload, and failed unlocks impose a wait even for the right passphrase.

use std::path::Path;
use std::process::Command;

mod common;

use common::{PASS, fails, ok, on as reintegra};

const FIELD_PASS: &str = "la frase de campo uno";
const ANA_PERSON: &str = "0192a000-0000-7000-8000-0000000000a1";
const BETO_PERSON: &str = "0192a000-0000-7000-8000-0000000000b2";

/// The same, as user `login` with `pass`.
fn as_user(db: &Path, login: &str, pass: &str, args: &[&str]) -> Command {
    let mut cmd = reintegra(db, args);
    cmd.args(["--user", login]).env("REINTEGRA_PASSPHRASE", pass);
    cmd
}

/// A supervisor store with one participant assigned to worker Ana and one to Beto, and a field user for Ana.
fn store(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("central.db");
    ok(&mut reintegra(&db, &["init", "--device", "central", "--role", "supervisor", "--login", "jefa"]));
    let person = |id: &str, given: &str, worker: &str| {
        serde_json::json!({"type": "person", "id": id, "role": "participant", "given_names": given,
            "first_surname": "Prueba", "birth_date": "1990-01-02", "municipality": "San Salvador Este",
            "assigned_worker": worker})
    };
    let input = dir.join("in.jsonl");
    let lines = format!("{}\n{}\n", person(ANA_PERSON, "Canario", "Ana"), person(BETO_PERSON, "Gorrión", "Beto"));
    std::fs::write(&input, lines).expect("write input");
    ok(reintegra(&db, &["load"]).arg(&input));
    ok(reintegra(&db, &["users", "add", "--login", "campo1", "--role", "field", "--worker", "Ana"])
        .env("REINTEGRA_NEW_PASSPHRASE", FIELD_PASS));
    db
}

#[test]
fn only_an_admin_manages_users_and_a_field_user_reads_only_their_caseload() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = store(dir.path());
    let list = ok(&mut reintegra(&db, &["users", "list"]));
    assert!(list.contains("jefa\tadministración") && list.contains("campo1\tcampo\tAna\tactivo"), "{list}");

    // A field user: search finds only their caseload, another person's record is refused in Spanish.
    let found = ok(&mut as_user(&db, "campo1", FIELD_PASS, &["persons", "search", "--json"]));
    let page: serde_json::Value = serde_json::from_str(&found).expect("json");
    let ids: Vec<&str> = page["items"].as_array().expect("items").iter().filter_map(|p| p["id"].as_str()).collect();
    assert_eq!(ids, [ANA_PERSON]);
    assert!(ok(&mut as_user(&db, "campo1", FIELD_PASS, &["persons", "search", "gorrion"])).contains("0 personas"));
    let refused = fails(&mut as_user(&db, "campo1", FIELD_PASS, &["records", "get", "person", BETO_PERSON]));
    assert!(refused.contains("no está en su carga de casos"), "{refused}");
    let refused = fails(&mut as_user(&db, "campo1", FIELD_PASS, &["records", "history", "person", BETO_PERSON]));
    assert!(refused.contains("no está en su carga de casos"), "{refused}");
    ok(&mut as_user(&db, "campo1", FIELD_PASS, &["records", "get", "person", ANA_PERSON]));

    // Not an administrator: refused before anything is asked or changed.
    let refused = fails(
        as_user(&db, "campo1", FIELD_PASS, &["users", "add", "--login", "otra", "--role", "admin"])
            .env("REINTEGRA_NEW_PASSPHRASE", "una frase cualquiera"),
    );
    assert!(refused.contains("Solo un administrador"), "{refused}");
    assert!(
        fails(&mut as_user(&db, "campo1", FIELD_PASS, &["users", "disable", "jefa"])).contains("Solo un administrador")
    );

    // The administrator disables the field user: their passphrase opens nothing any more.
    ok(&mut reintegra(&db, &["users", "disable", "campo1"]));
    fails(&mut as_user(&db, "campo1", FIELD_PASS, &["persons", "search"]));
    let audit = ok(&mut as_user(&db, "jefa", PASS, &["audit", "list"]));
    assert!(audit.contains("user_added") && audit.contains("user_disabled"), "{audit}");
}

#[test]
fn an_attempt_during_the_wait_is_refused_even_with_the_right_passphrase() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = store(dir.path());
    for _ in 0..3 {
        let wrong = fails(&mut as_user(&db, "campo1", "no es la frase", &["persons", "search"]));
        assert!(wrong.contains("Frase de acceso incorrecta"), "{wrong}");
    }
    let refused = fails(&mut as_user(&db, "campo1", FIELD_PASS, &["persons", "search"]));
    assert!(refused.contains("Demasiados intentos fallidos. Espere") && refused.contains("segundos"), "{refused}");
    // Others are not held back, and the failures are in the audit log in the failing user's name.
    let audit = ok(&mut as_user(&db, "jefa", PASS, &["audit", "list"]));
    assert!(audit.lines().any(|l| l.contains("\tcampo1\tlogin_failed\t3")), "{audit}");
}
