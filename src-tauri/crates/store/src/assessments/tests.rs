//! Assessments over real store files: saving, correcting, refusing, listing with change from baseline, alerts and
//! their follow-up, instruments as records, the agenda, the indicators, and two devices through real bundles.

use reintegra_core::records::Kind;
use reintegra_core::wire::DeviceRole;
use reintegra_core::wire::assessments::{AlertFollowupArgs, InstrumentOrigin, SaveAssessmentArgs};
use serde_json::{Value, json};

use super::*;
use crate::sync::{conflicts, set_workers};
use crate::testing::{self, Folder, add, count, person, today, trust};

fn phq(person: Uuid, date: &str, values: [Option<i64>; 9]) -> SaveAssessmentArgs {
    SaveAssessmentArgs {
        id: None,
        person_id: person,
        instrument: "phq9".into(),
        date: date.into(),
        answers: values.iter().enumerate().map(|(i, v)| ((i + 1).to_string(), *v)).collect(),
        ..Default::default()
    }
}

fn codes(e: Error) -> Vec<(String, String)> {
    match e {
        Error::Invalid(f) => f.0.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("not a field error: {other:?}"),
    }
}

#[test]
fn save_correct_list_and_change_from_baseline() {
    let (_f, mut store) = testing::store(DeviceRole::Field);
    let ana = person(&mut store, "participant", "Ana");
    // Baseline: 2+2+2+2+1+1+1+1 and item 9 "varios días" (1) = 13, moderate, self_harm.
    let base = save(
        &mut store,
        &phq(ana, "10/06/2026", [Some(2), Some(2), Some(2), Some(2), Some(1), Some(1), Some(1), Some(1), Some(1)]),
        today(),
    )
    .expect("baseline");
    assert_eq!((base.score, base.band.as_str(), base.baseline), (Some(13), "moderate", true));
    assert_eq!(base.alerts, ["self_harm"]);
    assert_eq!(base.open_alerts, ["self_harm"]);
    assert_eq!((base.change, base.improved), (None, None));
    // Three months later, 8 = a fall of 5: improved. Item 9 refused: no alert.
    let follow = save(
        &mut store,
        &phq(ana, "2026-09-10", [Some(1), Some(1), Some(1), Some(1), Some(1), Some(1), Some(1), Some(1), None]),
        today(),
    )
    .expect("follow-up");
    // 8 answers summing 8: 8 × 9 / 8 = 9 (completed), a fall of 4: not meaningful.
    assert_eq!((follow.score, follow.change, follow.improved), (Some(9), Some(-4), Some(false)));
    assert!(follow.alerts.is_empty());

    // A correction is a new version of the same record: answers replaced as a whole.
    let mut fix =
        phq(ana, "2026-09-10", [Some(1), Some(1), Some(1), Some(1), Some(1), Some(1), Some(1), Some(1), Some(0)]);
    fix.id = Some(follow.id);
    let fixed = save(&mut store, &fix, today()).expect("correction");
    assert_eq!(fixed.id, follow.id);
    assert_eq!((fixed.score, fixed.change, fixed.improved), (Some(8), Some(-5), Some(true)));
    assert_eq!(crate::records::history(&mut store, Kind::Assessment, follow.id).expect("history").len(), 2);

    let rows = list(&mut store, Some(ana)).expect("list");
    assert_eq!(rows.iter().map(|r| r.score).collect::<Vec<_>>(), [Some(13), Some(8)]);
    let pages = for_person(&mut store, ana).expect("page");
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].instrument, "phq9");
    assert_eq!(pages[0].rows.len(), 2);
    let detail = get(&mut store, base.id).expect("detail");
    assert_eq!(detail.answers.get("9"), Some(&Some(1)));
    // Reading answers is written to the audit log like opening the person's page (ids only).
    let views = count(
        &mut store,
        &format!("SELECT COUNT(*) FROM audit WHERE action = 'view_person' AND subject = 'assessments:{ana}'"),
    );
    assert_eq!(views, 2, "the list and the page");
    assert_eq!(
        count(
            &mut store,
            &format!("SELECT COUNT(*) FROM audit WHERE action = 'view_person' AND subject = 'assessment:{}'", base.id)
        ),
        1
    );

    // A deleted assessment is not listed and is never a baseline.
    store.with_tx(|w| crate::records::delete(w, Kind::Assessment, base.id)).expect("delete");
    let rows = list(&mut store, Some(ana)).expect("list");
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].baseline, rows[0].change), (true, None));
}

#[test]
fn bad_assessments_are_refused_and_change_nothing() {
    let (_f, mut store) = testing::store(DeviceRole::Field);
    let ana = person(&mut store, "participant", "Ana");
    let before = count(&mut store, "SELECT COUNT(*) FROM changes");
    let ok = phq(ana, "2026-06-10", [Some(0); 9]);
    let mut unknown_instrument = ok.clone();
    unknown_instrument.instrument = "bdi2".into();
    let mut unknown_item = ok.clone();
    unknown_item.answers.insert("10".into(), Some(1));
    let mut off_scale = ok.clone();
    off_scale.answers.insert("3".into(), Some(4));
    let mut future = ok.clone();
    future.date = "2026-12-01".into();
    let mut nobody = ok.clone();
    nobody.person_id = Uuid::now_v7();
    let mut bad_date = ok.clone();
    bad_date.date = "31/02/2026".into();
    let cases = [
        ("unknown instrument", unknown_instrument, "instrument", "error.assessment_instrument_unknown"),
        ("unknown item", unknown_item, "answers.10", "error.assessment_item_unknown"),
        ("value not an option", off_scale, "answers.3", "error.assessment_value_invalid"),
        ("date in the future", future, "date", "error.date_future"),
        ("person who does not exist", nobody, "person_id", "error.ref_unknown"),
        ("not a date", bad_date, "date", "error.date_invalid"),
    ];
    for (name, args, field, code) in cases {
        let e = save(&mut store, &args, today()).expect_err(name);
        assert!(codes(e).contains(&(field.to_owned(), code.to_owned())), "{name}");
    }
    assert_eq!(count(&mut store, "SELECT COUNT(*) FROM changes"), before, "nothing written");
}

#[test]
fn a_safety_alert_stays_open_until_its_follow_up_is_recorded() {
    let (_f, mut store) = testing::store(DeviceRole::Supervisor);
    let ana = person(&mut store, "participant", "Ana");
    let calm = save(&mut store, &phq(ana, "2026-06-01", [Some(0); 9]), today()).expect("no alert");
    let mut answers = [Some(0); 9];
    answers[8] = Some(1);
    let raised = save(&mut store, &phq(ana, "2026-06-10", answers), today()).expect("alert");
    let open = open_alerts(&mut store).expect("open");
    assert_eq!(open.len(), 1);
    assert_eq!((open[0].assessment_id, open[0].alert.as_str()), (raised.id, "self_harm"));
    assert_eq!(open[0].municipality, "San Salvador Norte");

    let follow = |id, alert: &str| AlertFollowupArgs {
        assessment_id: id,
        alert: alert.into(),
        date: "11/06/2026".into(),
        action: "referred_mental_health".into(),
        notes: "Derivada a la unidad de salud".into(),
    };
    let e = record_followup(&mut store, &follow(calm.id, "self_harm"), today()).expect_err("no alert there");
    assert!(codes(e).contains(&("alert".into(), "error.alert_unknown".into())));
    let mut bad = follow(raised.id, "self_harm");
    bad.action = "prayed".into();
    assert!(record_followup(&mut store, &bad, today()).is_err(), "an unknown action");
    assert_eq!(open_alerts(&mut store).expect("open").len(), 1, "still open");

    record_followup(&mut store, &follow(raised.id, "self_harm"), today()).expect("closed");
    assert!(open_alerts(&mut store).expect("open").is_empty());
    let row = list(&mut store, Some(ana)).expect("list").into_iter().find(|r| r.id == raised.id).expect("row");
    assert_eq!((row.alerts.len(), row.open_alerts.len()), (1, 0), "the alert stays in the record, closed");
    // The same follow-up again updates it, rather than adding a second one.
    record_followup(&mut store, &follow(raised.id, "self_harm"), today()).expect("again");
    assert_eq!(count(&mut store, "SELECT COUNT(*) FROM alert_followups"), 1);
}

fn definition(code: &str, version: u32) -> Value {
    let mut v: Value = serde_json::from_str(reintegra_core::assessments::shipped::WHO5).expect("json");
    v["code"] = json!(code);
    v["version"] = json!(version);
    v
}

#[test]
fn instruments_are_records_of_the_central_file() {
    let mut folder = Folder::new();
    let mut central = folder.store("Central", DeviceRole::Supervisor);
    let mut laptop = folder.store("Laptop", DeviceRole::Field);
    let shipped: Vec<String> =
        instruments(&mut central).expect("list").into_iter().map(|i| i.definition.code).collect();
    assert_eq!(shipped, ["phq9", "gad7", "who5"]);

    assert!(
        matches!(
            save_instrument(&mut laptop, &definition("bienestar", 1), today()),
            Err(Error::Refused("error.instrument_central_only"))
        ),
        "a laptop cannot define instruments"
    );
    let mut broken = definition("bienestar", 1);
    broken["bands"][1]["min"] = json!(20);
    let e = save_instrument(&mut central, &broken, today()).expect_err("overlapping bands");
    assert!(codes(e).contains(&("definition".into(), "error.instrument_bands_overlap".into())));
    assert_eq!(count(&mut central, "SELECT COUNT(*) FROM instruments"), 0, "nothing written");

    let own = save_instrument(&mut central, &definition("bienestar", 1), today()).expect("a programme's own");
    assert_eq!((own.origin, own.definition.code.as_str()), (InstrumentOrigin::Programme, "bienestar"));
    // A revision of a shipped instrument (a higher version) replaces it.
    let mut revised: Value = serde_json::from_str(reintegra_core::assessments::shipped::PHQ9).expect("json");
    revised["version"] = json!(2);
    revised["meaningful_change"]["points"] = json!(6);
    save_instrument(&mut central, &revised, today()).expect("revised");
    let now = instruments(&mut central).expect("list");
    let phq9 = now.iter().find(|i| i.definition.code == "phq9").expect("phq9");
    assert_eq!((phq9.definition.version, phq9.origin), (2, InstrumentOrigin::Programme));
    assert_eq!(now.len(), 4);
    // Loading the same definition again changes nothing.
    let before = count(&mut central, "SELECT COUNT(*) FROM changes");
    save_instrument(&mut central, &definition("bienestar", 1), today()).expect("again");
    assert_eq!(count(&mut central, "SELECT COUNT(*) FROM changes"), before);

    // It travels to the laptop, which can then assess with it.
    trust(&mut central, &mut laptop);
    folder.send(&mut central, &mut laptop);
    let ana = person(&mut laptop, "participant", "Ana");
    let args = SaveAssessmentArgs {
        person_id: ana,
        instrument: "bienestar".into(),
        date: "2026-06-01".into(),
        answers: (1..=5).map(|i| (i.to_string(), Some(3))).collect(),
        ..Default::default()
    };
    assert_eq!(save(&mut laptop, &args, today()).expect("scored").score, Some(60));
}

#[test]
fn due_assessments_come_on_the_home_agenda() {
    let (_f, mut store) = testing::store(DeviceRole::Field);
    let ana = person(&mut store, "participant", "Ana");
    let beto = person(&mut store, "participant", "Beto");
    add(
        &mut store,
        Kind::Enrolment,
        json!({"person_id": ana, "component": "psychosocial", "start_date": "2026-10-01"}),
    );
    add(&mut store, Kind::Enrolment, json!({"person_id": beto, "component": "voucher", "start_date": "2026-10-01"}));
    let home = crate::agenda::home(&mut store, today()).expect("home");
    // Baselines 30 days after enrolment (31/10/2026, overdue), one per scheduled instrument; Beto's component has none.
    assert_eq!(home.assessments_total, 3);
    assert!(home.assessments_due.iter().all(|d| d.person_id == ana && !d.follow_up));
    assert_eq!(home.assessments_due[0].due, NaiveDate::from_ymd_opt(2026, 10, 31).expect("date"));
    save(&mut store, &phq(ana, "2026-11-20", [Some(0); 9]), today()).expect("baseline");
    let home = crate::agenda::home(&mut store, today()).expect("home");
    let codes: Vec<&str> = home.assessments_due.iter().map(|d| d.instrument.as_str()).collect();
    assert_eq!(codes, ["gad7", "who5"], "the PHQ-9 follow-up is due in February");
}

#[test]
fn indicators_count_people_by_instrument_and_municipality() {
    let (_f, mut store) = testing::store(DeviceRole::Supervisor);
    let ana = person(&mut store, "participant", "Ana");
    let beto = person(&mut store, "participant", "Beto");
    let carla = add(
        &mut store,
        Kind::Person,
        json!({"role": "participant", "given_names": "Carla", "first_surname": "Prueba", "birth_date": "1990-01-01",
               "municipality": "San Salvador Este"}),
    );
    // Ana 15 → 9 (improved), Beto 12 → 10 (not), Carla baseline only; Carla's incomplete follow-up counts for nothing.
    let sum = |n: i64| {
        let mut v = [Some(0); 9];
        for (i, slot) in v.iter_mut().enumerate() {
            *slot = Some((n - 3 * i as i64).clamp(0, 3));
        }
        v
    };
    for (who, date, n) in [
        (ana, "2026-03-01", 15),
        (ana, "2026-06-01", 9),
        (beto, "2026-03-01", 12),
        (beto, "2026-06-01", 10),
        (carla, "2026-03-01", 7),
    ] {
        save(&mut store, &phq(who, date, sum(n)), today()).expect("saved");
    }
    save(&mut store, &phq(carla, "2026-06-01", [None; 9]), today()).expect("incomplete");
    let all = indicators::assessments::indicators(&mut store).expect("figures");
    let get =
        |m: Option<&str>| all.iter().find(|a| a.instrument == "phq9" && a.municipality.as_deref() == m).expect("row");
    let total = get(None);
    assert_eq!((total.with_baseline, total.with_follow_up, total.improved), (3, 2, 1));
    assert_eq!(total.improved_percent, Some(50.0));
    let norte = get(Some("San Salvador Norte"));
    assert_eq!((norte.with_baseline, norte.with_follow_up, norte.improved), (2, 2, 1));
    let este = get(Some("San Salvador Este"));
    assert_eq!((este.with_baseline, este.with_follow_up, este.improved_percent), (1, 0, None));
    assert!(all.iter().all(|a| a.instrument == "phq9"), "only instruments someone was assessed with");
}

use crate::indicators;

#[test]
fn two_devices_correcting_one_assessment_make_a_conflict() {
    let (mut net, mut central, mut laptop) = testing::paired();
    let ana = person(&mut laptop, "participant", "Ana");
    let first = save(&mut laptop, &phq(ana, "2026-06-01", [Some(1); 9]), today()).expect("saved");
    net.send(&mut laptop, &mut central);
    assert_eq!(list(&mut central, Some(ana)).expect("central").len(), 1, "the assessment and its alert travelled");
    assert_eq!(open_alerts(&mut central).expect("desk").len(), 1);

    let mut on_laptop = phq(ana, "2026-06-01", [Some(2); 9]);
    on_laptop.id = Some(first.id);
    save(&mut laptop, &on_laptop, today()).expect("laptop's correction");
    let mut on_central = phq(ana, "2026-06-01", [Some(0); 9]);
    on_central.id = Some(first.id);
    save(&mut central, &on_central, today()).expect("central's correction");
    let got = net.send(&mut laptop, &mut central);
    assert_eq!(got.conflicts, 1);
    net.send(&mut central, &mut laptop);
    let open = conflicts(&mut central).expect("conflicts");
    assert_eq!(open.len(), 1);
    assert_eq!((open[0].kind.as_str(), open[0].disputed.as_str()), ("assessment", "answers"));
    assert_eq!(central.digest().expect("d"), laptop.digest().expect("d"), "both hold both versions");
}

/// A participant in a worker's caseload.
fn with_worker(store: &mut Store, given: &str, worker: &str) -> Uuid {
    add(
        store,
        Kind::Person,
        json!({"role": "participant", "given_names": given, "first_surname": "Prueba", "birth_date": "1990-01-01",
               "municipality": "San Salvador Norte", "assigned_worker": worker}),
    )
}

#[test]
fn a_field_laptop_receives_only_its_caseloads_assessments() {
    let mut net = Folder::new();
    let mut central = net.store("Central", DeviceRole::Supervisor);
    let mut ana_laptop = net.store("Laptop Ana", DeviceRole::Field);
    set_workers(&mut ana_laptop, &["Ana Portillo".into()]).expect("workers");
    trust(&mut central, &mut ana_laptop);
    let hers = with_worker(&mut central, "Lucía", "Ana Portillo");
    let his = with_worker(&mut central, "José", "Mario Ayala");
    save(&mut central, &phq(hers, "2026-06-01", [Some(1); 9]), today()).expect("hers");
    save(&mut central, &phq(his, "2026-06-01", [Some(1); 9]), today()).expect("his");
    net.send(&mut central, &mut ana_laptop);
    let rows = list(&mut ana_laptop, None).expect("list");
    assert_eq!(rows.iter().map(|r| r.person_id).collect::<Vec<_>>(), [hers]);
}

#[test]
fn exports_carry_scores_and_answers_only_when_personal() {
    let (_f, mut store) = testing::store(DeviceRole::Supervisor);
    let ana = person(&mut store, "participant", "Ana");
    let mut answers = [Some(1); 9];
    answers[0] = Some(3);
    save(&mut store, &phq(ana, "2026-06-01", answers), today()).expect("saved");
    save_instrument(&mut store, &definition("bienestar", 1), today()).expect("instrument");
    let lang = reintegra_core::i18n::Lang::Es;
    for personal in [false, true] {
        let tables = crate::export::tables(&mut store, personal, lang).expect("tables");
        let t = tables.iter().find(|t| t.kind == Kind::Assessment).expect("assessments");
        let col = |name: &str| t.columns.iter().position(|c| *c == name);
        let row = &t.rows[0];
        assert_eq!(row[col("score").expect("score")], "11");
        assert_eq!(row[col("band").expect("band")], "Moderada");
        assert_eq!(row[col("alerts").expect("alerts")], "Riesgo de autolesión");
        assert_eq!(col("answers").is_some(), personal, "answers only in the personal export");
        let instruments = tables.iter().find(|t| t.kind == Kind::Instrument).expect("instruments");
        assert!(!instruments.columns.contains(&"definition"), "no document in a cell");
    }
}

#[test]
fn a_field_user_reads_and_assesses_only_their_caseload() {
    use crate::users::{self, NewUser, Role};
    let folder = Folder::new();
    let db = folder.path().join("s.db");
    let (mut admin, _) =
        Store::create_as(&db, "jefa", "frase del administrador", "central", DeviceRole::Supervisor).expect("create");
    let hers = with_worker(&mut admin, "Lucía", "Ana Pérez");
    let other = with_worker(&mut admin, "José", "Beto");
    let mut alert = [Some(0); 9];
    alert[8] = Some(2);
    save(&mut admin, &phq(hers, "2026-06-01", alert), today()).expect("hers");
    save(&mut admin, &phq(other, "2026-06-01", alert), today()).expect("other");
    users::add(
        &mut admin,
        "frase del administrador",
        &NewUser { login: "campo1", name: Some("Ana Pérez"), role: Role::Field, worker: Some("ana perez") },
        "frase de la promotora",
    )
    .expect("field user");
    drop(admin);

    let mut field = Store::open_as(&db, Some("campo1"), "frase de la promotora").expect("field user");
    assert_eq!(list(&mut field, None).expect("list").iter().map(|r| r.person_id).collect::<Vec<_>>(), [hers]);
    assert_eq!(open_alerts(&mut field).expect("alerts").len(), 1);
    assert!(matches!(for_person(&mut field, other), Err(Error::Refused("error.outside_caseload"))));
    assert!(matches!(list(&mut field, Some(other)), Err(Error::Refused("error.outside_caseload"))));
    let refused = save(&mut field, &phq(other, "2026-07-01", [Some(0); 9]), today());
    assert!(matches!(refused, Err(Error::Refused("error.outside_caseload"))), "{refused:?}");
    save(&mut field, &phq(hers, "2026-07-01", [Some(0); 9]), today()).expect("their own participant");
    let tables = crate::export::tables(&mut field, true, reintegra_core::i18n::Lang::Es).expect("export");
    assert_eq!(tables.iter().find(|t| t.kind == Kind::Assessment).expect("table").rows.len(), 2);
}
