//! The printable documents through the real binary: each PDF is read back with `pdftotext` (poppler-utils) for the
//! names, totals and dd/mm/aaaa dates it must show, and rendered with `pdftoppm` into `target/pdf-previews/` for a
//! person to look at.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::{fails, ok};

const SESSION: &str = "0192a000-0000-7000-8000-000000000020";
const PARTICIPANT: &str = "0192a000-0000-7000-8000-000000000001";

fn previews() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../target"));
    let dir = target.join("pdf-previews");
    std::fs::create_dir_all(&dir).expect("previews folder");
    dir
}

/// The text of `pages` (first, last) of a PDF, laid out as on the page.
fn text(pdf: &Path, pages: Option<(u32, u32)>) -> String {
    let mut cmd = Command::new("pdftotext");
    cmd.arg("-layout");
    if let Some((f, l)) = pages {
        cmd.args(["-f", &f.to_string(), "-l", &l.to_string()]);
    }
    let out = cmd.arg(pdf).arg("-").output().expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 text")
}

fn pages(pdf: &Path) -> u32 {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo (poppler-utils) is installed");
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count: {info}"))
}

/// Renders every page at 80 dpi into `target/pdf-previews/{name}-N.png`.
fn preview(pdf: &Path, name: &str) {
    let prefix = previews().join(name);
    let out = Command::new("pdftoppm")
        .args(["-png", "-r", "80"])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .expect("pdftoppm (poppler-utils) is installed");
    assert!(out.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&out.stderr));
}

/// Collapses the runs of spaces `-layout` puts between columns, so a row reads as one line of words.
fn squeeze(s: &str) -> String {
    s.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\n")
}

#[test]
fn the_attendance_sheet_shows_the_session_and_its_roster_to_sign() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = common::example_store(dir.path());
    let pdf = dir.path().join("asistencia.pdf");
    let said = ok(run(&["pdf", "attendance", "--session", SESSION]).arg("--out").arg(&pdf));
    assert!(said.contains("datos personales") && said.contains("1 página"), "{said}");
    preview(&pdf, "attendance");
    let t = squeeze(&text(&pdf, None));
    for expected in [
        "Hoja de asistencia",
        "Grupo de apoyo Soyapango 1",
        "Fecha 31/03/2024",
        "Lic. Mario Ayala",
        "San Salvador Este",
        "Manejo de emociones, Perdón",
        "Presencial",
        "1 José Ángel Núñez Hernández 00016297-5 Participante Presente",
        "Firma o huella",
        "Firma del facilitador o facilitadora",
        "Página 1 de 1",
    ] {
        assert!(t.contains(expected), "missing {expected:?} in:\n{t}");
    }
    let audit = ok(&mut run(&["audit", "list"]));
    assert!(audit.contains(&format!("pdf_attendance:{SESSION}")), "{audit}");
    assert!(!audit.contains("Núñez"), "no names in the audit log");
}

#[test]
fn a_roster_of_forty_continues_on_a_second_page_with_the_header_repeated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = common::example_store(dir.path());
    let group = "0192a000-0000-7000-8000-000000000010";
    let session = "0192a000-0000-7000-8000-0000000000f0";
    let mut lines = vec![format!(
        r#"{{"type":"session","id":"{session}","kind":"group_training","date":"2024-05-09","group_id":"{group}","modality":"in_person","modules":["positive_parenting","protective_family","life_skills"]}}"#
    )];
    for i in 1..=40 {
        let id = format!("0192a000-0000-7000-8000-0000000101{i:02}");
        lines.push(format!(
            r#"{{"type":"person","id":"{id}","role":"relative","given_names":"María José {i:02}","first_surname":"Peña","second_surname":"Ávalos","birth_date":"1970-01-{d:02}","municipality":"San Salvador Este","consent_date":"2024-01-10"}}"#,
            d = i % 28 + 1
        ));
        lines.push(format!(
            r#"{{"type":"attendance","session_id":"{session}","person_id":"{id}","status":"{}"}}"#,
            if i % 7 == 0 { "justified" } else { "present" }
        ));
    }
    let file = dir.path().join("forty.jsonl");
    std::fs::write(&file, lines.join("\n")).expect("write records");
    ok(run(&["load"]).arg(&file));

    let pdf = dir.path().join("cuarenta.pdf");
    let said = ok(run(&["pdf", "attendance", "--session", session]).arg("--out").arg(&pdf));
    assert!(said.contains("2 páginas"), "{said}");
    preview(&pdf, "attendance-40");
    assert_eq!(pages(&pdf), 2);
    let first = squeeze(&text(&pdf, Some((1, 1))));
    let second = squeeze(&text(&pdf, Some((2, 2))));
    assert!(first.contains("1 María José 01 Peña Ávalos") && !first.contains("María José 40"), "{first}");
    assert!(first.contains("Formación grupal") && first.contains("09/05/2024"), "{first}");
    for expected in [
        "Hoja de asistencia · Grupo de apoyo Soyapango 1 · 09/05/2024 (continuación)",
        "N.º Nombre completo DUI Rol Asistencia Firma o huella",
        "40 María José 40 Peña Ávalos Familiar Presente",
        "35 María José 35 Peña Ávalos Familiar Justificada",
        "40 personas en la lista.",
        "Página 2 de 2",
    ] {
        assert!(second.contains(expected), "missing {expected:?} on page 2:\n{second}");
    }
}

#[test]
fn the_payroll_lists_the_payable_people_with_the_total_and_the_lines_to_sign() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = common::example_store(dir.path());
    let pdf = dir.path().join("planilla.pdf");
    let said = ok(run(&["pdf", "payroll", "--month", "2024-01"]).arg("--out").arg(&pdf));
    assert!(said.contains("datos personales"), "{said}");
    preview(&pdf, "payroll");
    let t = squeeze(&text(&pdf, None));
    for expected in [
        "Planilla del bono condicionado: enero de 2024",
        "1 José Ángel Núñez Hernández 00016297-5 San Salvador Este / 3 100",
        "Soyapango",
        "Total a pagar: 1 persona, 100 USD",
        "Elaborado por Revisado por Aprobado por",
        "Nombre:",
    ] {
        assert!(t.contains(expected), "missing {expected:?} in:\n{t}");
    }
    // The same people and total as the cashier's file.
    let csv = dir.path().join("planilla.csv");
    let json = ok(run(&["vouchers", "payroll", "--month", "2024-01", "--json"]).arg("--out").arg(&csv));
    let doc: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(doc["participants"], 1);
    assert_eq!(doc["total_usd"], 100);
    let audit = ok(&mut run(&["audit", "list"]));
    assert!(audit.contains("pdf_payroll:2024-01"), "{audit}");
}

#[test]
fn the_case_summary_shows_profile_family_voucher_months_and_activity() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = common::example_store(dir.path());
    let pdf = dir.path().join("caso.pdf");
    let said = ok(run(&["pdf", "case", "--person", PARTICIPANT]).arg("--out").arg(&pdf));
    assert!(said.contains("datos personales"), "{said}");
    preview(&pdf, "case");
    let t = squeeze(&text(&pdf, None));
    for expected in [
        "Resumen de caso",
        "José Ángel Núñez Hernández",
        "DUI 00016297-5",
        "Fecha de nacimiento 14/02/1995",
        "Colonia Las Margaritas",
        "Lcda. Ana Portillo",
        "María Dolores Hernández Peña Madre Familiar",
        "Bono condicionado 15/11/2023",
        "Pagado: 100 USD el 05/12/2023",
        "12/03/2024 Visita domiciliaria",
        "31/03/2024 Grupo de apoyo presente",
    ] {
        assert!(t.contains(expected), "missing {expected:?} in:\n{t}");
    }
    let audit = ok(&mut run(&["audit", "list"]));
    assert!(audit.contains(&format!("pdf_case:{PARTICIPANT}")), "{audit}");
}

#[test]
fn a_wrong_target_or_an_unknown_record_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = common::example_store(dir.path());
    let txt = dir.path().join("asistencia.txt");
    let why = fails(run(&["pdf", "attendance", "--session", SESSION]).arg("--out").arg(&txt));
    assert!(why.contains(".pdf"), "{why}");
    assert!(!txt.exists());
    let pdf = dir.path().join("nadie.pdf");
    fails(run(&["pdf", "case", "--person", "0192a000-0000-7000-8000-0000000000ff"]).arg("--out").arg(&pdf));
    fails(run(&["pdf", "payroll", "--month", "2024-13"]).arg("--out").arg(&pdf));
    fails(run(&["pdf", "attendance", "--session", "no-es-un-id"]).arg("--out").arg(&pdf));
    assert!(!pdf.exists());
    let audit = ok(&mut run(&["audit", "list"]));
    assert!(!audit.contains("pdf_"), "nothing written, nothing audited: {audit}");
}
