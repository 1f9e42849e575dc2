//! «Datos», the audit log and the indicators workbook in the real window, on a central file holding the documented
//! example programme: the anonymous workbook written and opened (words in its cells), the personal archive behind a
//! password typed twice (a mismatch refused, the archive opened with the password), a LibreOffice workbook and a
//! Windows-1252 semicolon CSV imported after their previews (added, updated, skipped), checked with the command line;
//! the audit screen lists those exports and filters them; the progress screen writes its indicators as a workbook.

use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Reader, Xlsx, open_workbook};
use fantoccini::{Client, Locator};
use reintegra_tests::*;

const CENTRAL: &str = "Central San Salvador";
const PASSWORD: &str = "piña colada 2026";

fn fixture(name: &str) -> PathBuf {
    workspace_root().join("src-tauri/crates/spreadsheet/tests/data").join(name)
}

/// Every cell of a workbook's sheet, as text.
fn cells(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(path).expect("the workbook opens");
    let range = book.worksheet_range(sheet).unwrap_or_else(|e| panic!("sheet {sheet}: {e}"));
    range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

async fn export_to(c: &Client, path: &Path) {
    type_into(c, "#data-export-path", &path.to_string_lossy()).await;
    click(c, "#data-export").await;
}

async fn import(c: &Client, file: &Path, summary: &str) -> String {
    type_into(c, "#data-import-path", &file.to_string_lossy()).await;
    click(c, "#data-import-preview").await;
    wait_for_text(c, "#data-import-summary", |t| t.contains(summary)).await
}

fn person(db: &Path, text: &str, surname: &str) -> serde_json::Value {
    let found = cli(db, PASSPHRASE, &[os("persons"), os("search"), os(text), os("--json")]);
    let page: serde_json::Value = serde_json::from_str(&found).expect("json");
    let id = page["items"]
        .as_array()
        .and_then(|items| items.iter().find(|p| p["name"].as_str().is_some_and(|n| n.contains(surname))))
        .and_then(|p| p["id"].as_str().map(str::to_owned))
        .unwrap_or_else(|| panic!("{text} {surname} not found: {page}"));
    let line = cli(db, PASSPHRASE, &[os("records"), os("get"), os("person"), os(&id)]);
    serde_json::from_str(&line).expect("json line")
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn data_goes_out_and_comes_in_from_the_window_and_the_audit_log_shows_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("central.db");
    init(&db, CENTRAL, "supervisor", &[]);
    cli(&db, PASSPHRASE, &[os("load"), workspace_root().join("docs/examples/records.jsonl").as_os_str()]);

    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    unlock(&c, PASSPHRASE).await;
    open_tab(&c, "tab-data").await;
    wait_for_text(&c, "#data-title", |t| t.starts_with("Datos")).await;

    // The anonymous workbook: a sheet per record type, headers and cells in words, no names.
    let book = dir.path().join("central.xlsx");
    export_to(&c, &book).await;
    wait_for_text(&c, "#data-export-done", |t| t.contains("registros")).await;
    let people = cells(&book, "Personas");
    assert_eq!(people[0][0], "Identificador");
    let all: Vec<&String> = people.iter().flatten().collect();
    assert!(all.iter().any(|c| *c == "Participante") && all.iter().any(|c| *c == "Familiar"), "{people:?}");
    assert!(all.iter().any(|c| *c == "Hombre") && all.iter().any(|c| *c == "Mujer"), "{people:?}");
    assert!(!all.iter().any(|c| *c == "participant" || *c == "Núñez"), "no codes, no names: {people:?}");
    let referrals: Vec<String> = cells(&book, "Referencias").into_iter().flatten().collect();
    assert!(!referrals.iter().any(|c| c == "accepted" || c == "referred" || c == "health"), "{referrals:?}");
    screenshot(&c, "data-01-export").await;

    // The personal archive: the password typed twice; a mismatch is refused and writes nothing.
    click(&c, "#data-personal").await;
    wait_for(&c, "#data-password").await;
    let archive = dir.path().join("personal.zip");
    type_into(&c, "#data-password", PASSWORD).await;
    type_into(&c, "#data-password-again", "piña colada 2027").await;
    export_to(&c, &archive).await;
    wait_for_text(&c, "#data-export-error", |t| t.contains("no coinciden")).await;
    assert!(!archive.exists(), "nothing written on a mismatch");
    type_into(&c, "#data-password-again", PASSWORD).await;
    click(&c, "#data-export").await;
    wait_for_text(&c, "#data-export-done", |t| t.contains("cifrado")).await;
    screenshot(&c, "data-02-protected").await;
    axe(&c, "data (personal export)").await;
    let bytes = std::fs::read(&archive).expect("the archive");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    assert!(zip.by_name_decrypt("persons.csv", b"otra clave cualquiera").is_err(), "not with another password");
    let mut persons = String::new();
    zip.by_name_decrypt("persons.csv", PASSWORD.as_bytes())
        .expect("opens with the password")
        .read_to_string(&mut persons)
        .expect("read");
    assert!(persons.contains("Núñez") && persons.contains("Participante"), "names and words: {persons}");

    // A LibreOffice workbook: three people to add, then added.
    import(&c, &fixture("personas-libreoffice.xlsx"), "se añadirán 3").await;
    wait_for_text(&c, "#data-import-row-2", |t| t.contains("José Ángel") && t.contains("Se añadirá")).await;
    screenshot(&c, "data-03-preview-xlsx").await;
    click(&c, "#data-import-apply").await;
    wait_for_text(&c, "#data-import-done", |t| t.contains("3 añadidas")).await;

    // A Windows-1252 CSV with semicolons: one new phone, one unchanged, one new person.
    let summary = import(&c, &fixture("cambios-windows1252-puntoycoma.csv"), "se añadirán 1").await;
    assert!(summary.contains("se actualizarán 1") && summary.contains("se omitirán 1"), "{summary}");
    wait_for_text(&c, "#data-import-row-2", |t| t.contains("Se actualizará: Teléfono")).await;
    wait_for_text(&c, "#data-import-row-3", |t| t.contains("no trae nada nuevo")).await;
    wait_for_text(&c, "#data-import-row-4", |t| t.contains("Begoña") && t.contains("Se añadirá")).await;
    screenshot(&c, "data-04-preview-csv").await;
    axe(&c, "data (preview)").await;
    click(&c, "#data-import-apply").await;
    wait_for_text(&c, "#data-import-done", |t| t.contains("1 añadidas, 1 actualizadas, 1 omitidas")).await;

    // Someone looks at Begoña's record (the command line audits it as a view of her), for the person filter below.
    let begona = person(&db, "Begoña Cañas", "Quiñónez");
    let begona_id = begona["id"].as_str().expect("id").to_owned();

    // The audit log: the two exports (the refused one is not there), filtered by action.
    open_tab(&c, "tab-audit").await;
    wait_for_text(&c, "#audit-chain", |t| t.contains("intacta")).await;
    wait_for(&c, "#audit-table").await;
    screenshot(&c, "audit-01-log").await;
    select(&c, "#audit-action", "export").await;
    click(&c, "#audit-apply").await;
    wait_for_text(&c, "#audit-range", |t| t.contains("de 2,") || t.contains("de 2 ")).await;
    let rows = c.find_all(Locator::Css("#audit-table tbody tr")).await.expect("rows");
    assert_eq!(rows.len(), 2);
    let table = wait_for_text(&c, "#audit-table tbody", |t| t.contains("Exportación")).await;
    assert!(table.contains("personal:") && table.contains(":protected") && table.contains("anonymous:"), "{table}");
    screenshot(&c, "audit-02-exports").await;
    // By person, found by name: only what names her.
    click(&c, "#audit-clear").await;
    type_into(&c, "#audit-person-search", "Begoña").await;
    click(&c, &format!("#audit-person-{begona_id}")).await;
    wait_for_text(&c, "#audit-person-chosen", |t| t.contains("Begoña")).await;
    click(&c, "#audit-apply").await;
    wait_for_text(&c, "#audit-range", |t| t.contains("de 1,")).await;
    wait_for_text(&c, "#audit-table tbody", |t| t.contains("Ficha consultada") && t.contains(&begona_id)).await;
    screenshot(&c, "audit-03-person").await;
    axe(&c, "audit").await;

    // The indicators as a workbook, from the progress screen.
    click(&c, "#nav-desk").await;
    wait_for_text(&c, "#desk-title", |t| t == "Avance del programa").await;
    select(&c, "#desk-workbook-by", "municipality").await;
    let indicators = dir.path().join("indicadores.xlsx");
    type_into(&c, "#desk-workbook-path", &indicators.to_string_lossy()).await;
    click(&c, "#desk-workbook").await;
    wait_for_text(&c, "#desk-workbook-done", |t| t.contains("indicadores.xlsx")).await;
    screenshot(&c, "desk-02-workbook").await;
    axe(&c, "desk (workbook)").await;
    let sheet = cells(&indicators, "Indicadores");
    assert_eq!(sheet[0][0], "Municipio");
    assert!(sheet[0].contains(&"Participantes con bono pagado".to_owned()), "{:?}", sheet[0]);
    assert!(sheet[1][0].starts_with("Todo el programa") && sheet.len() > 2, "{sheet:?}");
    c.close().await.expect("close");

    // The command line sees what the window imported.
    assert_eq!(begona["municipality"], "San Salvador Norte");
    assert_eq!(person(&db, "José Ángel Núñez", "Peña")["phone"], "7999-1111");
    let audit = cli(&db, PASSPHRASE, &[os("audit"), os("list"), os("--json")]);
    assert!(audit.contains("indicators:municipality"), "the workbook is audited too");
}
