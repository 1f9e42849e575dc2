//! Tables of hand-computed cases for every shipped instrument (ASSESSMENTS.md), a programme's instrument with a
//! reverse item, change from baseline, schedules, and a definition with each kind of error.

use chrono::NaiveDate;
use serde_json::json;
use uuid::Uuid;

use super::definition::{Direction, Instrument, MeaningfulChange, Schedule};
use super::schedule::{Due, next_due, on_agenda};
use super::scoring::{Answers, Point, Progress, over_time, score};
use super::validate::{DefinitionErrorKind as K, parse, validate};
use super::{check_answers, shipped};

/// Answers from a list: `Some(Some(v))` a value, `Some(None)` a refusal, `None` unanswered. Item codes "1"….
fn answers(values: &[Option<Option<i64>>]) -> Answers {
    values.iter().enumerate().filter_map(|(i, v)| v.map(|v| ((i + 1).to_string(), v))).collect()
}

fn all(v: i64, n: usize) -> Vec<Option<Option<i64>>> {
    vec![Some(Some(v)); n]
}

/// Values summing to `total` over `n` items of 0..=max, filled from the first item.
fn summing(total: i64, n: usize, max: i64) -> Vec<Option<Option<i64>>> {
    let mut left = total;
    (0..n)
        .map(|_| {
            let v = left.min(max);
            left -= v;
            Some(Some(v))
        })
        .collect()
}

fn with(mut v: Vec<Option<Option<i64>>>, item: usize, value: Option<Option<i64>>) -> Vec<Option<Option<i64>>> {
    v[item - 1] = value;
    v
}

type Case = (&'static str, Vec<Option<Option<i64>>>, Option<i64>, &'static str, &'static [&'static str]);

fn run(def: &Instrument, cases: Vec<Case>) {
    for (name, values, want_score, want_band, want_alerts) in cases {
        let a = answers(&values);
        assert!(check_answers(def, &a).is_ok(), "{}: {name}: answers refused", def.code);
        let s = score(def, &a);
        assert_eq!(s.score, want_score, "{}: {name}: score", def.code);
        assert_eq!(s.band, want_band, "{}: {name}: band", def.code);
        assert_eq!(s.alerts, want_alerts.iter().map(|a| a.to_string()).collect::<Vec<_>>(), "{}: {name}", def.code);
    }
}

#[test]
fn shipped_definitions_parse_and_validate() {
    for text in [shipped::PHQ9, shipped::GAD7, shipped::WHO5] {
        let v: serde_json::Value = serde_json::from_str(text).expect("json");
        let def = parse(&v).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(!def.source.is_empty() && !def.licence.is_empty());
    }
    let codes: Vec<String> = shipped::all().into_iter().map(|i| i.code).collect();
    assert_eq!(codes, ["phq9", "gad7", "who5"]);
    // Item codes "1"… in published order, as the contract says.
    for (code, n) in [("phq9", 9), ("gad7", 7), ("who5", 5)] {
        let def = shipped::get(code).expect(code);
        let items: Vec<String> = def.items.iter().map(|i| i.code.clone()).collect();
        assert_eq!(items, (1..=n).map(|i| i.to_string()).collect::<Vec<_>>(), "{code}");
    }
    // Which Spanish texts are the published versions' wording (see the definitions' source).
    assert!(shipped::get("phq9").expect("phq9").validated_es());
    assert!(!shipped::get("gad7").expect("gad7").validated_es());
    assert!(!shipped::get("who5").expect("who5").validated_es());
}

#[test]
fn phq9_scores() {
    let def = shipped::get("phq9").expect("phq9");
    let none = &[][..];
    let harm = &["self_harm"][..];
    run(
        &def,
        vec![
            ("all minimal", all(0, 9), Some(0), "minimal", none),
            ("all maximal", all(3, 9), Some(27), "severe", harm),
            ("4: top of minimal", summing(4, 9, 3), Some(4), "minimal", none),
            ("5: bottom of mild", summing(5, 9, 3), Some(5), "mild", none),
            ("9: top of mild", summing(9, 9, 3), Some(9), "mild", none),
            ("10: bottom of moderate", summing(10, 9, 3), Some(10), "moderate", none),
            ("14: top of moderate", summing(14, 9, 3), Some(14), "moderate", none),
            ("15: bottom of moderately severe", summing(15, 9, 3), Some(15), "moderately_severe", none),
            ("19: top of moderately severe", summing(19, 9, 3), Some(19), "moderately_severe", none),
            ("20: bottom of severe", summing(20, 9, 3), Some(20), "severe", none),
            ("24 without item 9", summing(24, 9, 3), Some(24), "severe", none),
            ("item 9 several days, the rest none", with(all(0, 9), 9, Some(Some(1))), Some(1), "minimal", harm),
            ("item 9 nearly every day", with(all(0, 9), 9, Some(Some(3))), Some(3), "minimal", harm),
            ("item 9 refused: no alert", with(all(0, 9), 9, Some(None)), Some(0), "minimal", none),
            // 8 answers summing 13: 13 × 9 / 8 = 14.625 → 15 (the contract's example).
            ("one unanswered, completed", with(summing(13, 9, 3), 9, None), Some(15), "moderately_severe", none),
            ("one refused, completed", with(summing(13, 9, 3), 9, Some(None)), Some(15), "moderately_severe", none),
            // 8 answers summing 4: 4 × 9 / 8 = 4.5 → 5, the half rounded up.
            ("half rounds up", with(summing(4, 9, 3), 9, None), Some(5), "mild", none),
            // 8 answers summing 3: 3.375 → 3.
            ("below the half rounds down", with(summing(3, 9, 3), 9, None), Some(3), "minimal", none),
            ("two missing: incomplete", with(with(all(1, 9), 1, None), 2, Some(None)), None, "incomplete", harm),
            ("two missing, item 9 at 0", with(with(all(0, 9), 1, None), 2, None), None, "incomplete", none),
            ("nothing answered", vec![None; 9], None, "incomplete", none),
            ("everything refused", vec![Some(None); 9], None, "incomplete", none),
        ],
    );
}

#[test]
fn gad7_scores() {
    let def = shipped::get("gad7").expect("gad7");
    let none = &[][..];
    run(
        &def,
        vec![
            ("all minimal", all(0, 7), Some(0), "minimal", none),
            ("all maximal: no safety rule", all(3, 7), Some(21), "severe", none),
            ("4", summing(4, 7, 3), Some(4), "minimal", none),
            ("5", summing(5, 7, 3), Some(5), "mild", none),
            ("9", summing(9, 7, 3), Some(9), "mild", none),
            ("10", summing(10, 7, 3), Some(10), "moderate", none),
            ("14", summing(14, 7, 3), Some(14), "moderate", none),
            ("15", summing(15, 7, 3), Some(15), "severe", none),
            // 6 answers summing 5: 5 × 7 / 6 = 5.83 → 6.
            ("one missing, completed", with(summing(5, 7, 3), 7, None), Some(6), "mild", none),
            // 6 answers summing 3: 3 × 7 / 6 = 3.5 → 4.
            ("half rounds up", with(summing(3, 7, 3), 7, Some(None)), Some(4), "minimal", none),
            ("two missing", with(with(all(3, 7), 1, None), 7, Some(None)), None, "incomplete", none),
        ],
    );
}

#[test]
fn who5_scores() {
    let def = shipped::get("who5").expect("who5");
    let none = &[][..];
    run(
        &def,
        vec![
            ("all at no time", all(0, 5), Some(0), "likely_depression", none),
            ("all of the time", all(5, 5), Some(100), "adequate", none),
            ("sum 7: 28, top of likely depression", summing(7, 5, 5), Some(28), "likely_depression", none),
            ("sum 8: 32, bottom of poor", summing(8, 5, 5), Some(32), "poor_wellbeing", none),
            ("sum 12: 48, top of poor", summing(12, 5, 5), Some(48), "poor_wellbeing", none),
            ("sum 13: 52, bottom of adequate", summing(13, 5, 5), Some(52), "adequate", none),
            ("one unanswered: none allowed", with(all(5, 5), 3, None), None, "incomplete", none),
            ("one refused: none allowed", with(all(5, 5), 3, Some(None)), None, "incomplete", none),
        ],
    );
}

/// A programme's own instrument: three items scored 1–5, the second reverse-scored, one may be missing.
fn programme_instrument() -> Instrument {
    let t = |s: &str| json!({"es": s, "en": s, "validated_es": false});
    serde_json::from_value(json!({
        "code": "apoyo_familiar", "version": 1, "name": t("Apoyo familiar"), "instructions": t("En el último mes"),
        "options": (1..=5).map(|v| json!({"value": v, "label": t(&v.to_string())})).collect::<Vec<_>>(),
        "items": [{"code": "a", "text": t("A")}, {"code": "b", "text": t("B"), "reverse": true}, {"code": "c", "text": t("C")}],
        "scoring": {"method": "sum", "max_missing": 1},
        "bands": [{"code": "low", "min": 3, "max": 8, "label": t("Bajo")}, {"code": "high", "min": 9, "max": 15, "label": t("Alto")}],
        "meaningful_change": {"points": 3, "direction": "up"},
        "source": "Programa", "licence": "Propio"
    }))
    .expect("definition")
}

#[test]
fn reverse_items_and_a_programme_instrument() {
    let def = programme_instrument();
    validate(&def).expect("valid");
    let a = |pairs: &[(&str, Option<i64>)]| -> Answers { pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect() };
    let cases: [(&str, Answers, Option<i64>, &str); 5] = [
        ("all lowest: the reverse item counts 5", a(&[("a", Some(1)), ("b", Some(1)), ("c", Some(1))]), Some(7), "low"),
        (
            "all highest: the reverse item counts 1",
            a(&[("a", Some(5)), ("b", Some(5)), ("c", Some(5))]),
            Some(11),
            "high",
        ),
        ("reverse at 3 stays 3", a(&[("a", Some(1)), ("b", Some(3)), ("c", Some(1))]), Some(5), "low"),
        // 5 + 4 = 9 over 2 answers: 9 × 3 / 2 = 13.5 → 14.
        ("reverse item missing, completed", a(&[("a", Some(5)), ("c", Some(4))]), Some(14), "high"),
        ("two missing", a(&[("a", Some(5)), ("b", None)]), None, "incomplete"),
    ];
    for (name, answers, want, band) in cases {
        let s = score(&def, &answers);
        assert_eq!((s.score, s.band.as_str()), (want, band), "{name}");
    }
}

#[test]
fn answers_off_the_definition_are_refused() {
    let def = shipped::get("phq9").expect("phq9");
    let cases: [(&str, Answers, &str, &str); 3] = [
        ("unknown item", [("10".to_owned(), Some(1))].into(), "answers.10", "error.assessment_item_unknown"),
        ("value above the options", [("1".to_owned(), Some(4))].into(), "answers.1", "error.assessment_value_invalid"),
        ("negative value", [("9".to_owned(), Some(-1))].into(), "answers.9", "error.assessment_value_invalid"),
    ];
    for (name, answers, field, code) in cases {
        let e = check_answers(&def, &answers).expect_err(name);
        assert_eq!(e.for_field(field).map(|e| e.code.as_str()), Some(code), "{name}");
    }
    let refusal: Answers = [("9".to_owned(), None)].into();
    assert!(check_answers(&def, &refusal).is_ok());
}

fn d(s: &str) -> NaiveDate {
    crate::date::parse_iso(s).expect("date")
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

#[test]
fn change_from_baseline() {
    let phq = MeaningfulChange { points: 5, direction: Direction::Down };
    let who = MeaningfulChange { points: 10, direction: Direction::Up };
    let p = |n, date, score| Point { id: id(n), date: d(date), score };
    let base = Progress { baseline: true, change: None, improved: None };
    let none = Progress::default();
    let ch = |c, i| Progress { baseline: false, change: Some(c), improved: Some(i) };
    let cases: Vec<(&str, MeaningfulChange, Vec<Point>, Vec<Progress>)> = vec![
        ("one assessment is its own baseline", phq, vec![p(1, "2026-01-10", Some(12))], vec![base]),
        (
            "a fall of exactly 5 improved",
            phq,
            vec![p(1, "2026-01-10", Some(12)), p(2, "2026-04-10", Some(7))],
            vec![base, ch(-5, true)],
        ),
        (
            "a fall of 4 did not",
            phq,
            vec![p(1, "2026-01-10", Some(12)), p(2, "2026-04-10", Some(8))],
            vec![base, ch(-4, false)],
        ),
        (
            "a rise is a change, not an improvement",
            phq,
            vec![p(1, "2026-01-10", Some(12)), p(2, "2026-04-10", Some(18))],
            vec![base, ch(6, false)],
        ),
        (
            "in any order: the earliest is the baseline",
            phq,
            vec![p(2, "2026-04-10", Some(3)), p(1, "2026-01-10", Some(12))],
            vec![ch(-9, true), base],
        ),
        (
            "same date: the lower id is the baseline",
            phq,
            vec![p(2, "2026-01-10", Some(10)), p(1, "2026-01-10", Some(12))],
            vec![ch(-2, false), base],
        ),
        (
            "an incomplete first one is never the baseline",
            phq,
            vec![p(1, "2026-01-10", None), p(2, "2026-02-10", Some(14)), p(3, "2026-05-10", Some(9))],
            vec![none, base, ch(-5, true)],
        ),
        (
            "an incomplete follow-up has no change",
            phq,
            vec![p(1, "2026-01-10", Some(14)), p(2, "2026-02-10", None)],
            vec![base, none],
        ),
        ("no score at all", phq, vec![p(1, "2026-01-10", None)], vec![none]),
        (
            "WHO-5 up by 12 improved",
            who,
            vec![p(1, "2026-01-10", Some(40)), p(2, "2026-04-10", Some(52))],
            vec![base, ch(12, true)],
        ),
        (
            "WHO-5 up by 8 did not",
            who,
            vec![p(1, "2026-01-10", Some(40)), p(2, "2026-04-10", Some(48))],
            vec![base, ch(8, false)],
        ),
        (
            "WHO-5 down is no improvement",
            who,
            vec![p(1, "2026-01-10", Some(40)), p(2, "2026-04-10", Some(20))],
            vec![base, ch(-20, false)],
        ),
    ];
    for (name, rule, points, want) in cases {
        assert_eq!(over_time(rule, &points), want, "{name}");
    }
}

#[test]
fn schedules() {
    let s = Schedule { components: vec!["psychosocial".into()], baseline_days: 30, every_months: 3 };
    let cases: [(&str, &[&str], Due); 4] = [
        ("no assessment: baseline 30 days after enrolment", &[], Due { date: d("2026-02-14"), follow_up: false }),
        ("one: follow-up three months later", &["2026-01-20"], Due { date: d("2026-04-20"), follow_up: true }),
        (
            "several, any order: after the latest",
            &["2026-04-25", "2026-01-20"],
            Due { date: d("2026-07-25"), follow_up: true },
        ),
        ("month end clamps", &["2025-11-30"], Due { date: d("2026-02-28"), follow_up: true }),
    ];
    for (name, dates, want) in cases {
        let dates: Vec<NaiveDate> = dates.iter().map(|s| d(s)).collect();
        assert_eq!(next_due(&s, d("2026-01-15"), &dates), want, "{name}");
    }
    assert!(on_agenda(d("2026-01-01"), d("2026-03-01"), 7), "overdue");
    assert!(on_agenda(d("2026-03-08"), d("2026-03-01"), 7), "within the week");
    assert!(!on_agenda(d("2026-03-09"), d("2026-03-01"), 7), "later");
}

#[test]
fn a_definition_with_each_kind_of_error_is_refused() {
    let phq: serde_json::Value = serde_json::from_str(shipped::PHQ9).expect("json");
    type Edit = fn(&mut serde_json::Value);
    let cases: Vec<(&str, Edit, K)> = vec![
        ("unknown field", |v| v["colour"] = json!("red"), K::Format),
        ("items not a list", |v| v["items"] = json!("x"), K::Format),
        ("code with capitals", |v| v["code"] = json!("PHQ 9"), K::Code),
        ("version 0", |v| v["version"] = json!(0), K::Version),
        ("empty English name", |v| v["name"]["en"] = json!(" "), K::EmptyText),
        ("empty item text", |v| v["items"][3]["text"]["es"] = json!(""), K::EmptyText),
        ("no licence", |v| v["licence"] = json!(""), K::Source),
        ("no items", |v| v["items"] = json!([]), K::NoItems),
        ("item code twice", |v| v["items"][1]["code"] = json!("1"), K::DuplicateItem),
        ("no options", |v| v["options"] = json!([]), K::NoOptions),
        ("an item with an empty list of its own", |v| v["items"][0]["options"] = json!([]), K::NoOptions),
        ("option value twice", |v| v["options"][1]["value"] = json!(0), K::DuplicateOption),
        ("negative value", |v| v["options"][0]["value"] = json!(-1), K::NegativeValue),
        ("multiplier 0", |v| v["scoring"]["multiplier"] = json!(0), K::Multiplier),
        ("every item may be missing", |v| v["scoring"]["max_missing"] = json!(9), K::MaxMissing),
        ("no bands", |v| v["bands"] = json!([]), K::NoBands),
        ("band named incomplete", |v| v["bands"][0]["code"] = json!("incomplete"), K::BandCode),
        ("band code twice", |v| v["bands"][1]["code"] = json!("minimal"), K::BandCode),
        ("band min above max", |v| v["bands"][1]["max"] = json!(4), K::BandRange),
        ("bands overlap", |v| v["bands"][1]["min"] = json!(4), K::BandsOverlap),
        ("a gap between bands", |v| v["bands"][1]["min"] = json!(6), K::ScoreWithoutBand),
        ("top scores in no band", |v| v["bands"][4]["max"] = json!(26), K::ScoreWithoutBand),
        ("safety rule on item 10", |v| v["safety"][0]["item"] = json!("10"), K::SafetyItem),
        ("safety rule no answer meets", |v| v["safety"][0]["min_value"] = json!(4), K::SafetyValue),
        ("meaningful change 0", |v| v["meaningful_change"]["points"] = json!(0), K::MeaningfulChange),
        ("meaningful change beyond the range", |v| v["meaningful_change"]["points"] = json!(28), K::MeaningfulChange),
        ("schedule of an unknown component", |v| v["schedule"]["components"] = json!(["yoga"]), K::Schedule),
        ("follow-ups every 0 months", |v| v["schedule"]["every_months"] = json!(0), K::Schedule),
    ];
    for (name, edit, kind) in cases {
        let mut v = phq.clone();
        edit(&mut v);
        let errors = parse(&v).expect_err(name);
        assert!(errors.iter().any(|e| e.kind == kind), "{name}: {errors:?}");
        assert!(errors.iter().all(|e| e.kind.key().starts_with("error.instrument_")), "{name}");
    }
}
