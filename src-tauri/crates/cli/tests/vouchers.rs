//! Voucher evaluation, payment guards and the payroll through the real binary, on records loaded as JSON Lines.

use std::path::PathBuf;
use std::process::Command;

mod common;

use common::{fails, ok, on as reintegra};

const P: &str = "0192a000-0000-7000-8000-000000000001";

struct S {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl S {
    fn new() -> S {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("s.db");
        ok(&mut reintegra(&db, &["init", "--device", "central", "--role", "supervisor"]));
        S { dir, db }
    }
    fn load(&self, lines: &[String]) -> Command {
        let f = self.dir.path().join("in.jsonl");
        std::fs::write(&f, lines.join("\n")).expect("write");
        let mut c = reintegra(&self.db, &["load"]);
        c.arg(f);
        c
    }
    fn evaluate(&self, month: &str) -> serde_json::Value {
        let out = ok(&mut reintegra(&self.db, &["vouchers", "evaluate", "--month", month, "--json"]));
        serde_json::from_str(&out).expect("json")
    }
    fn digest(&self) -> String {
        ok(&mut reintegra(&self.db, &["digest"]))
    }
}

/// A participant enrolled on 20 January 2024 (month 1 = January), a support group, and helpers to add sessions.
fn programme() -> Vec<String> {
    vec![
        format!(r#"{{"type":"person","id":"{P}","role":"participant","given_names":"Ana","first_surname":"Ramos","birth_date":"1990-01-01","municipality":"San Salvador Sur","dui":"00016297-5"}}"#),
        format!(r#"{{"type":"enrolment","person_id":"{P}","component":"voucher","start_date":"2024-01-20"}}"#),
        r#"{"type":"group","id":"0192a000-0000-7000-8000-000000000010","kind":"support_group","name":"Grupo","municipality":"San Salvador Sur"}"#.into(),
    ]
}

fn session(n: u32, kind: &str, date: &str, status: &str) -> Vec<String> {
    let id = format!("0192a000-0000-7000-8000-0000000001{n:02}");
    let group = if kind == "support_group" { r#","group_id":"0192a000-0000-7000-8000-000000000010""# } else { "" };
    vec![
        format!(r#"{{"type":"session","id":"{id}","kind":"{kind}","date":"{date}"{group}}}"#),
        format!(
            r#"{{"type":"attendance","id":"0192a000-0000-7000-8000-0000000002{n:02}","session_id":"{id}","person_id":"{P}","status":"{status}"}}"#
        ),
    ]
}

fn participant(report: &serde_json::Value) -> &serde_json::Value {
    &report["participants"][0]
}

#[test]
fn evaluation_explains_itself_with_evidence() {
    let s = S::new();
    let mut lines = programme();
    lines.extend(session(1, "case_management", "2024-03-31", "present"));
    for (n, status) in [(2, "present"), (3, "present"), (4, "justified"), (5, "absent")] {
        lines.extend(session(n, "support_group", &format!("2024-03-0{n}"), status));
    }
    ok(&mut s.load(&lines));

    let march = s.evaluate("2024-03");
    assert_eq!(march["month"], "2024-03");
    assert_eq!(march["rules_version"], 1);
    let p = participant(&march);
    assert_eq!(p["person_id"], P);
    assert_eq!(p["month_index"], 3);
    assert_eq!(p["outcome"], "eligible", "{p}");
    assert_eq!(p["payable"], true);
    assert_eq!(p["requirements"][0]["name"], "follow_up");
    assert_eq!(p["requirements"][0]["evidence"], serde_json::json!(["0192a000-0000-7000-8000-000000000201"]));
    assert_eq!(p["requirements"][1]["name"], "group_participation");
    assert_eq!(p["requirements"][1]["met"], true, "3 of 4, a justified absence counting");
    // The session on the last day of March is not April's; January and February had no contact.
    let april = s.evaluate("2024-04");
    assert_eq!(participant(&april)["outcome"], "warning");
    assert_eq!(participant(&s.evaluate("2024-02"))["outcome"], "withheld");
    assert_eq!(participant(&s.evaluate("2024-10"))["outcome"], "outside_window");
    assert_eq!(participant(&s.evaluate("2024-10"))["month_index"], serde_json::Value::Null);

    // Deleted records are evidence of nothing.
    ok(&mut s.load(&[r#"{"type":"attendance","id":"0192a000-0000-7000-8000-000000000201","deleted":true}"#.into()]));
    assert_eq!(participant(&s.evaluate("2024-03"))["outcome"], "suspended");
}

#[test]
fn a_new_rule_version_applies_from_its_month_only() {
    let s = S::new();
    let mut lines = programme();
    for (n, date, status) in [
        (1, "2024-02-10", "present"),
        (2, "2024-02-11", "absent"),
        (3, "2024-03-10", "present"),
        (4, "2024-03-11", "absent"),
    ] {
        lines.extend(session(n, "support_group", date, status));
    }
    lines.extend(session(5, "case_management", "2024-02-12", "present"));
    lines.extend(session(6, "case_management", "2024-03-12", "present"));
    lines.push(r#"{"type":"voucher_rules","version":2,"effective_from":"2024-03","min_group_share_percent":50,"reason":"Acuerdo del comité"}"#.into());
    ok(&mut s.load(&lines));
    let feb = s.evaluate("2024-02");
    assert_eq!((feb["rules_version"].as_u64(), participant(&feb)["outcome"].as_str()), (Some(1), Some("withheld")));
    let mar = s.evaluate("2024-03");
    assert_eq!((mar["rules_version"].as_u64(), participant(&mar)["outcome"].as_str()), (Some(2), Some("eligible")));
}

#[test]
fn payments_are_guarded_and_a_refused_file_changes_nothing() {
    let s = S::new();
    let mut lines = programme();
    lines.extend(session(1, "case_management", "2024-01-25", "present"));
    ok(&mut s.load(&lines));
    let pay = |month: &str, amount: u32| {
        format!(
            r#"{{"type":"payment","person_id":"{P}","month":"{month}","amount_usd":{amount},"paid_on":"2024-06-01"}}"#
        )
    };
    let digest = s.digest();
    let cases = [
        ("withheld month", pay("2024-03", 100), "el resultado del mes no da derecho"),
        ("outside the window", pay("2024-10", 100), "fuera de la ventana"),
        ("before the window", pay("2023-12", 100), "fuera de la ventana"),
        ("over the total", pay("2024-01", 901), "total máximo"),
    ];
    for (name, line, expect) in cases {
        let err = fails(&mut s.load(&[pay("2024-02", 100), line]));
        assert!(err.contains("Línea 2") && err.contains(expect), "{name}: {err}");
        assert_eq!(s.digest(), digest, "{name}: nothing written, not even line 1");
    }
    // January is eligible, February a warning (still paid).
    ok(&mut s.load(&[pay("2024-01", 100), pay("2024-02", 100)]));
    // A second payment for the same month, under another id, is refused.
    let second = format!(
        r#"{{"type":"payment","id":"0192a000-0000-7000-8000-0000000009ff","person_id":"{P}","month":"2024-01","amount_usd":100,"paid_on":"2024-06-02"}}"#
    );
    let err = fails(&mut s.load(&[second]));
    assert!(err.contains("ya fue pagado"), "{err}");
    let jan = s.evaluate("2024-01");
    assert!(participant(&jan)["paid"].is_string(), "{jan}");
}

#[test]
fn payroll_lists_exactly_the_payable_unpaid_participants() {
    let s = S::new();
    let q = "0192a000-0000-7000-8000-000000000003";
    let mut lines = programme();
    lines.push(format!(r#"{{"type":"person","id":"{q}","role":"participant","given_names":"Beto","first_surname":"Zelaya","birth_date":"1991-01-01","municipality":"San Salvador Norte"}}"#));
    lines.push(format!(r#"{{"type":"enrolment","person_id":"{q}","component":"voucher","start_date":"2023-11-05"}}"#));
    lines.extend(session(1, "case_management", "2024-01-25", "present"));
    ok(&mut s.load(&lines));
    // Ana: January eligible, unpaid. Beto: January is his third month without contact: suspended.
    let csv_path = s.dir.path().join("planilla.csv");
    let out =
        ok(reintegra(&s.db, &["vouchers", "payroll", "--month", "2024-01", "--json"]).arg("--out").arg(&csv_path));
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!((doc["participants"].as_u64(), doc["total_usd"].as_u64()), (Some(1), Some(100)));
    let text = std::fs::read_to_string(&csv_path).expect("csv");
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(
        rows[0],
        "N.º,Nombre completo,DUI,Municipio,Distrito,Teléfono,Mes,Mes del bono,Resultado,Monto (USD),Firma o huella"
    );
    assert_eq!(rows[1], "1,Ana Ramos,00016297-5,San Salvador Sur,,,2024-01,1,Elegible,100,");
    assert_eq!(rows[2], ",Total (1),,,,,,,,100,");
    assert_eq!(rows.len(), 3);

    // Once paid, she is no longer on it; the Excel file opens and says the same.
    ok(&mut s.load(&[format!(
        r#"{{"type":"payment","person_id":"{P}","month":"2024-01","amount_usd":100,"paid_on":"2024-02-03"}}"#
    )]));
    let xlsx = s.dir.path().join("planilla.xlsx");
    ok(reintegra(&s.db, &["vouchers", "payroll", "--month", "2024-01"]).arg("--out").arg(&xlsx));
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).expect("the xlsx opens");
    let sheet = book.worksheet_range("Planilla").expect("sheet");
    let cells: Vec<String> =
        sheet.rows().flat_map(|r| r.iter().map(|c| c.to_string())).filter(|c| !c.is_empty()).collect();
    assert!(cells.contains(&"Total (0)".to_string()), "{cells:?}");
    assert!(!cells.iter().any(|c| c.contains("Ana")), "{cells:?}");

    let err = fails(
        reintegra(&s.db, &["vouchers", "payroll", "--month", "2024-01"]).arg("--out").arg(s.dir.path().join("p.pdf")),
    );
    assert!(err.contains(".csv o .xlsx"), "{err}");
}
