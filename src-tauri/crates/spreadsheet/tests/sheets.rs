//! Spreadsheets as people have them, through the files LibreOffice wrote (tests/data/README.md): each format gives
//! the same rows, the import previews then applies them, and what the export writes opens with words in its cells.

use std::path::{Path, PathBuf};

use calamine::{Reader, Xlsx, open_workbook};
use reintegra_core::i18n::Lang;
use reintegra_core::wire::DeviceRole;
use reintegra_spreadsheet::export::{Target, export};
use reintegra_spreadsheet::read::rows;
use reintegra_store::load::{import_persons, preview_persons};
use reintegra_store::testing::{self, today};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

fn cells(path: &Path) -> Vec<Vec<String>> {
    rows(path).expect("reads").into_iter().map(|r| r.cells).collect()
}

#[test]
fn the_same_list_reads_the_same_from_each_format() {
    let want: Vec<Vec<String>> = [
        "Rol|Nombres|Primer apellido|Segundo apellido|Fecha de nacimiento|Sexo|DUI|Municipio|Distrito|Teléfono",
        "Participante|José Ángel|Núñez|Peña|14/02/1995|Hombre||San Salvador Sur|Panchimalco|7012-3456",
        "Familiar|María Inés|Castañeda|López|03/07/1968|Mujer||San Salvador Sur|Panchimalco|",
        "Participante|Óscar Iván|Muñoz|Ibáñez|21/11/2000|Hombre||San Salvador Norte|Aguilares|6123-0000",
    ]
    .iter()
    .map(|l| l.split('|').map(str::to_owned).collect())
    .collect();
    for file in ["personas-libreoffice.xlsx", "personas-libreoffice.ods", "personas-utf8-bom-comas.csv"] {
        assert_eq!(cells(&data(file)), want, "{file}");
    }
    let changes = cells(&data("cambios-windows1252-puntoycoma.csv"));
    assert_eq!(changes[0][9], "Teléfono", "Windows-1252 accents");
    assert_eq!(changes[3][1..4], ["Begoña", "Cañas", "Quiñónez"], "ñ and ó from Windows-1252");
    assert_eq!(changes[1][4], "14/02/95", "the date as Calc shows it");
}

#[test]
fn a_sheet_is_previewed_then_imported_and_a_second_one_adds_updates_and_skips() {
    let (_dir, mut store) = testing::store(DeviceRole::Supervisor);
    let first = rows(&data("personas-libreoffice.xlsx")).expect("rows");
    let preview = preview_persons(&mut store, &first, today()).expect("preview");
    assert_eq!((preview.add.len(), preview.update.len(), preview.skip.len()), (3, 0, 0), "{preview:?}");
    assert!(preview.invalid.is_empty(), "{:?}", preview.invalid);
    assert_eq!(preview.add[0].line, 2);
    assert_eq!(testing::count(&mut store, "SELECT COUNT(*) FROM persons"), 0, "a preview writes nothing");
    let report = import_persons(&mut store, &first, today(), Some(preview.counts())).expect("import");
    assert_eq!(report.inserted, 3);

    let second = rows(&data("cambios-windows1252-puntoycoma.csv")).expect("rows");
    let preview = preview_persons(&mut store, &second, today()).expect("preview");
    let lines = |r: &[reintegra_core::wire::data::ImportRow]| r.iter().map(|r| r.line).collect::<Vec<_>>();
    assert_eq!(lines(&preview.update), [2], "a new phone");
    assert_eq!(preview.update[0].fields, ["phone"]);
    assert_eq!(lines(&preview.skip), [3], "nothing new");
    assert_eq!(preview.skip[0].reason.as_deref(), Some("import.skip.unchanged"));
    assert_eq!(lines(&preview.add), [4], "a new person, born in 1975 (a two-digit year)");
    let stale = reintegra_core::wire::data::ImportCounts { add: 2, update: 1, skip: 0 };
    let err = import_persons(&mut store, &second, today(), Some(stale)).expect_err("not what was previewed");
    assert!(matches!(err, reintegra_store::Error::Refused("error.import_changed")), "{err:?}");
    let report = import_persons(&mut store, &second, today(), Some(preview.counts())).expect("import");
    assert_eq!((report.inserted, report.updated, report.duplicates.clone()), (1, 1, vec![3]));
    assert_eq!(testing::count(&mut store, "SELECT COUNT(*) FROM persons"), 4);
    let again = preview_persons(&mut store, &second, today()).expect("preview");
    assert_eq!((again.add.len(), again.update.len(), again.skip.len()), (0, 0, 3), "imported once");
}

#[test]
fn wrong_rows_are_listed_with_their_line_and_refuse_the_import() {
    let (_dir, mut store) = testing::store(DeviceRole::Supervisor);
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("mal.csv");
    std::fs::write(
        &file,
        "rol;nombres;primer_apellido;fecha_nacimiento;municipio\nparticipante;Ana;Ramos;01/01/1990;San Salvador Sur\n\
         vecino;Luis;Ramos;01/01/1970;San Salvador Sur\nfamiliar;Eva;Ramos;31/02/1970;San Salvador Sur\n",
    )
    .expect("write");
    let sheet = rows(&file).expect("rows");
    let preview = preview_persons(&mut store, &sheet, today()).expect("preview");
    let wrong: Vec<(usize, String)> = preview
        .invalid
        .iter()
        .map(|p| (p.line, p.error.fields.as_ref().map(|f| f.0[0].field.clone()).unwrap_or_default()))
        .collect();
    assert_eq!(wrong, [(3, "role".to_owned()), (4, "birth_date".to_owned())]);
    assert_eq!(preview.add.len(), 1);
    let err = import_persons(&mut store, &sheet, today(), None).expect_err("refused");
    assert!(matches!(err, reintegra_store::Error::Line { line: 3, .. }), "{err:?}");
    assert_eq!(testing::count(&mut store, "SELECT COUNT(*) FROM persons"), 0, "nothing written");
}

#[test]
fn the_export_says_words_not_codes() {
    let (dir, mut store) = testing::store(DeviceRole::Supervisor);
    let sheet = rows(&data("personas-utf8-bom-comas.csv")).expect("rows");
    import_persons(&mut store, &sheet, today(), None).expect("import");
    for (lang, sheet_name, words) in [
        (Lang::Es, "Personas", ["Participante", "Hombre", "Familiar", "Mujer"]),
        (Lang::En, "People", ["Participant", "Man", "Relative", "Woman"]),
    ] {
        let out = dir.path().join(format!("central-{lang:?}.xlsx"));
        let done = export(&mut store, &out, Target::Xlsx, lang, false, None).expect("export");
        assert_eq!(done.records, 3);
        let mut book: Xlsx<_> = open_workbook(&out).expect("opens");
        let range = book.worksheet_range(sheet_name).expect("people sheet");
        let all: Vec<String> = range.rows().flat_map(|r| r.iter().map(|c| c.to_string())).collect();
        for w in words {
            assert!(all.contains(&w.to_owned()), "{lang:?}: {w} in {all:?}");
        }
        assert!(!all.iter().any(|c| c == "participant" || c == "male"), "no codes: {all:?}");
        assert!(!all.iter().any(|c| c == "Núñez"), "no names without personal data");
    }
}

#[test]
fn the_indicators_workbook_has_a_row_per_group_and_words_in_its_headers() {
    use reintegra_store::indicators::By;
    let (dir, mut store) = testing::store(DeviceRole::Supervisor);
    let sheet = rows(&data("personas-libreoffice.ods")).expect("rows");
    import_persons(&mut store, &sheet, today(), None).expect("import");
    let out = dir.path().join("indicadores.xlsx");
    let done = reintegra_spreadsheet::indicators::export(&mut store, &out, By::Total, 60, Lang::Es).expect("write");
    assert_eq!(done.records, 1);
    let mut book: Xlsx<_> = open_workbook(&out).expect("opens");
    let range = book.worksheet_range("Indicadores").expect("sheet");
    let header: Vec<String> = range.rows().next().expect("header").iter().map(|c| c.to_string()).collect();
    assert!(header.contains(&"Participantes con bono pagado".to_owned()), "{header:?}");
    assert!(header.contains(&"Meta de participantes con bono".to_owned()), "{header:?}");
    let total: Vec<String> = range.rows().nth(1).expect("total").iter().map(|c| c.to_string()).collect();
    assert!(total[0].starts_with("Todo el programa"), "{total:?}");
    assert_eq!(total[2], "300", "the target as a number");
    let err = reintegra_spreadsheet::indicators::export(&mut store, &out, By::Month, 0, Lang::Es).expect_err("share");
    assert_eq!(err.code, "error.share_range");
    let audit = reintegra_store::audit::recent(&mut store, 5).expect("audit");
    assert!(audit.iter().any(|e| e.action == "export" && e.subject == "indicators:total:1"), "audited");
}
