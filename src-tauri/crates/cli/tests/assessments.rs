//! `reintegra load` of assessments and `reintegra assessments list --json` as a script would use them
//! (`ASSESSMENTS.md`): real files and stores; every invalid line refuses the whole file and changes nothing; the
//! list's scores, bands, alerts, change and "improved" equal hand counts.

use std::path::PathBuf;
use std::process::Command;

use serde_json::{Value, json};

mod common;

use common::{fails, ok, on as reintegra};

const ANA: &str = "0192a000-0000-7000-8000-000000000001";
const BETO: &str = "0192a000-0000-7000-8000-000000000002";
const A1: &str = "0192a000-0000-7000-8000-0000000000a1";

struct Fixture {
    _dir: tempfile::TempDir,
    db: PathBuf,
    dir: PathBuf,
}

fn store(role: &str) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("s.db");
    ok(&mut reintegra(&db, &["init", "--device", "pruebas", "--role", role]));
    Fixture { dir: dir.path().to_owned(), _dir: dir, db }
}

impl Fixture {
    fn load(&self, lines: &[Value]) -> Command {
        let p = self.dir.join("in.jsonl");
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        std::fs::write(&p, text).expect("write");
        let mut cmd = reintegra(&self.db, &["load"]);
        cmd.arg(p);
        cmd
    }
    fn digest(&self) -> String {
        ok(&mut reintegra(&self.db, &["digest"]))
    }
    fn json(&self, args: &[&str]) -> Value {
        let mut cmd = reintegra(&self.db, args);
        cmd.arg("--json");
        serde_json::from_str(&ok(&mut cmd)).expect("one JSON document")
    }
}

fn people() -> Vec<Value> {
    vec![
        json!({"type": "person", "id": ANA, "role": "participant", "given_names": "Ana", "first_surname": "Ramos",
               "birth_date": "1990-01-01", "municipality": "San Salvador Este"}),
        json!({"type": "person", "id": BETO, "role": "participant", "given_names": "Beto", "first_surname": "Cruz",
               "birth_date": "1985-05-05", "municipality": "San Salvador Norte"}),
    ]
}

/// Answers "1".."n" from a list of values (`null`: refused).
fn answers(values: &[Value]) -> Value {
    Value::Object(values.iter().enumerate().map(|(i, v)| ((i + 1).to_string(), v.clone())).collect())
}

fn assessment(id: Option<&str>, person: &str, instrument: &str, date: &str, values: &[Value]) -> Value {
    let mut v = json!({"type": "assessment", "person_id": person, "instrument": instrument, "date": date,
                       "answers": answers(values)});
    if let Some(id) = id {
        v["id"] = json!(id);
    }
    v
}

fn n(v: &[i64]) -> Vec<Value> {
    v.iter().map(|x| json!(x)).collect()
}

#[test]
fn each_kind_of_invalid_line_refuses_the_whole_file() {
    let s = store("supervisor");
    let mut first = people();
    first.push(assessment(Some(A1), ANA, "phq9", "2026-06-01", &n(&[1, 1, 1, 1, 1, 1, 1, 1, 1])));
    ok(&mut s.load(&first));
    let before = s.digest();
    let good = assessment(None, ANA, "gad7", "2026-06-01", &n(&[0, 0, 0, 0, 0, 0, 0]));
    let mut overlapping: Value =
        serde_json::from_str(include_str!("../../core/instruments/who5.json")).expect("definition");
    overlapping["code"] = json!("bienestar");
    overlapping["bands"][1]["min"] = json!(20);
    let cases: Vec<(&str, Value, &str)> = vec![
        ("unknown instrument", assessment(None, ANA, "bdi2", "2026-06-01", &n(&[1])), "Instrumento desconocido"),
        (
            "unknown item code",
            assessment(None, ANA, "gad7", "2026-06-01", &n(&[0, 0, 0, 0, 0, 0, 0, 1])),
            "answers.8: Esa pregunta no es del instrumento",
        ),
        (
            "a value that is not an option",
            assessment(None, ANA, "who5", "2026-06-01", &n(&[5, 6, 5, 5, 5])),
            "answers.2: Esa respuesta no es una de las opciones",
        ),
        ("a date in the future", assessment(None, ANA, "gad7", "2099-01-01", &n(&[0])), "date:"),
        (
            "a person who does not exist",
            assessment(None, "0192a000-0000-7000-8000-000000000099", "gad7", "2026-06-01", &n(&[0])),
            "person_id:",
        ),
        ("answers that are not numbers", assessment(None, ANA, "gad7", "2026-06-01", &[json!("mucho")]), "answers:"),
        (
            "an invalid instrument definition",
            json!({"type": "instrument", "code": "bienestar", "version": 1, "definition": overlapping}),
            "definition:",
        ),
        (
            "a follow-up of an alert the assessment did not raise",
            json!({"type": "alert_followup", "person_id": ANA, "assessment_id": A1, "alert": "panic",
                   "date": "2026-06-02", "action": "safety_plan"}),
            "alert:",
        ),
    ];
    for (name, bad, reason) in cases {
        let err = fails(&mut s.load(&[good.clone(), bad]));
        assert!(err.contains("Línea 2") && err.contains(reason), "{name}: {err}");
        assert_eq!(s.digest(), before, "{name}: nothing changed");
    }
    // A laptop cannot define instruments: the central file does.
    let field = store("field");
    let own: Value = serde_json::from_str(include_str!("../../core/instruments/who5.json")).expect("definition");
    let err = fails(&mut field.load(&[json!({"type": "instrument", "code": "who5", "version": 1, "definition": own})]));
    assert!(err.contains("archivo central"), "{err}");
}

#[test]
fn the_list_matches_hand_counts() {
    let s = store("supervisor");
    let mut lines = people();
    lines.extend([
        // Ana, PHQ-9: 13 (moderate, item 9 at 1: self_harm) → 8 three months later: a fall of 5, improved.
        assessment(Some(A1), ANA, "phq9", "2026-03-01", &n(&[2, 2, 2, 2, 1, 1, 1, 1, 1])),
        assessment(None, ANA, "phq9", "2026-06-01", &n(&[1, 1, 1, 1, 1, 1, 1, 1, 0])),
        // Ana, GAD-7: 6 answers summing 5 with one refused: 5 × 7 / 6 = 5.83 → 6, mild; baseline.
        assessment(
            None,
            ANA,
            "gad7",
            "2026-03-01",
            &[json!(1), json!(1), json!(1), json!(1), json!(1), json!(0), Value::Null],
        ),
        // Beto, WHO-5: 40 (poor) → 52 (adequate): a rise of 12, improved; then one item missing: no score.
        assessment(None, BETO, "who5", "2026-02-01", &n(&[2, 2, 2, 2, 2])),
        assessment(None, BETO, "who5", "2026-05-01", &n(&[3, 3, 3, 2, 2])),
        assessment(None, BETO, "who5", "2026-08-01", &n(&[5, 5, 5, 5])),
        // Beto, PHQ-9: two items missing: incomplete, never the baseline; item 9 still raises the alert.
        assessment(None, BETO, "phq9", "2026-02-01", &n(&[3, 3, 3, 3, 3, 3, 3])),
        assessment(
            None,
            BETO,
            "phq9",
            "2026-02-02",
            &[json!(3), json!(3), json!(3), json!(3), json!(3), json!(3), json!(3), Value::Null, json!(2)],
        ),
    ]);
    ok(&mut s.load(&lines));
    let doc = s.json(&["assessments", "list"]);
    let rows = doc.as_array().or_else(|| doc["assessments"].as_array()).expect("an array");
    let got: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!([
                r["person_id"],
                r["instrument"],
                r["date"],
                r["score"],
                r["band"],
                r["alerts"],
                r["change"],
                r["improved"]
            ])
        })
        .collect();
    let want = vec![
        json!([ANA, "gad7", "2026-03-01", 6, "mild", [], null, null]),
        json!([ANA, "phq9", "2026-03-01", 13, "moderate", ["self_harm"], null, null]),
        json!([ANA, "phq9", "2026-06-01", 8, "mild", [], -5, true]),
        json!([BETO, "phq9", "2026-02-01", null, "incomplete", [], null, null]),
        // 8 answers summing 23: 23 × 9 / 8 = 25.875 → 26, severe; the first scored one: the baseline.
        json!([BETO, "phq9", "2026-02-02", 26, "severe", ["self_harm"], null, null]),
        json!([BETO, "who5", "2026-02-01", 40, "poor_wellbeing", [], null, null]),
        json!([BETO, "who5", "2026-05-01", 52, "adequate", [], 12, true]),
        json!([BETO, "who5", "2026-08-01", null, "incomplete", [], null, null]),
    ];
    assert_eq!(got, want);
    assert!(rows.iter().all(|r| r["id"].as_str().is_some()));

    let ana_only = s.json(&["assessments", "list", "--person", ANA]);
    assert_eq!(ana_only.as_array().map(Vec::len), Some(3));
    let human = ok(&mut reintegra(&s.db, &["assessments", "list", "--person", ANA]));
    assert_eq!(human.lines().count(), 3);
    assert!(!human.contains("Ana") && !human.contains("Ramos"), "the human list shows ids, not names");

    // `report indicators --json` carries the figures by instrument and municipality.
    let report = s.json(&["report", "indicators"]);
    let figures = report["assessments"].as_array().expect("assessments");
    let find = |instrument: &str, m: Value| {
        figures.iter().find(|f| f["instrument"] == instrument && f["municipality"] == m).cloned().expect("figure")
    };
    let phq = find("phq9", Value::Null);
    assert_eq!(
        (phq["with_baseline"].clone(), phq["with_follow_up"].clone(), phq["improved"].clone()),
        (json!(2), json!(1), json!(1))
    );
    let who = find("who5", json!("San Salvador Norte"));
    assert_eq!(
        (who["with_baseline"].clone(), who["with_follow_up"].clone(), who["improved_percent"].clone()),
        (json!(1), json!(1), json!(100.0))
    );

    // Loading the same file again changes nothing.
    let before = s.digest();
    ok(&mut s.load(&lines));
    assert_eq!(s.digest(), before);
}
