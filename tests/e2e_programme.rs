//! The programme's records run from the window of the central file, in Spanish: a relative enrolled in parent
//! training, a participant's voucher enrolment closed, a case plan with two goals (one achieved), a relationship's
//! kind changed and then ended, the programme status and worker changed, a group created and renamed, and a
//! district added to a municipality. Each result is checked with the command line (`records get`, `load`), and
//! each screen is photographed.

use fantoccini::Locator;
use reintegra_tests::*;
use serde_json::json;

const ROSA: &str = "0192a000-0000-7000-8000-00000000f002";
const LINK: &str = "0192a000-0000-7000-8000-00000000f003";
const VOUCHER: &str = "0192a000-0000-7000-8000-00000000f004";

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn the_programme_records_are_run_from_the_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("central.db");
    init(&db, "Central", "supervisor", &[]);
    load(
        &db,
        &[
            marta(),
            json!({"type": "person", "id": ROSA, "role": "relative", "given_names": "Rosa", "first_surname": "Núñez",
                "birth_date": "1968-03-14", "municipality": "San Salvador Este", "district": "Soyapango"}),
            json!({"type": "relationship", "id": LINK, "participant_id": MARTA, "relative_id": ROSA, "kind": "mother"}),
            json!({"type": "enrolment", "id": VOUCHER, "person_id": MARTA, "component": "voucher",
                "start_date": "2024-01-10"}),
        ],
    );
    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    unlock(&c, PASSPHRASE).await;

    // Rosa, a relative: enrolled in parent training (a date that does not exist is refused in words first).
    open_person(&c, "rosa nunez", "Rosa Núñez").await;
    wait_for(&c, "#enrol-component option[value='parent_training']").await;
    assert!(
        c.find(Locator::Css("#enrol-component option[value='voucher']")).await.is_err(),
        "the voucher is not offered to a relative"
    );
    select(&c, "#enrol-component", "parent_training").await;
    type_into(&c, "#enrol-start", "31/02/2024").await;
    click(&c, "#enrol-save").await;
    wait_for_text(&c, "#enrol-error", |t| t.contains("Fecha no válida")).await;
    type_into(&c, "#enrol-start", "01/03/2024").await;
    click(&c, "#enrol-save").await;
    wait_for_text(&c, "#enrolment-0", |t| t.contains("Formación a familias") && t.contains("01/03/2024")).await;
    let enrolment = attr(&c, "#enrolment-0", "data-id").await;
    // What she is to Marta: changed from mother to grandmother.
    select(&c, "#family-0-kind", "grandparent").await;
    click(&c, "#family-0-kind-save").await;
    wait_for_text(&c, "#family-0", |t| t.contains("Abuelo o abuela")).await;
    screenshot(&c, "programme-01-relative").await;

    // Marta: the voucher enrolment closed, a case plan with two goals (one achieved), the link with Rosa ended,
    // and her status and worker.
    click(&c, "#family-0 .link-name").await;
    wait_for_text(&c, "#person-name", |t| t.starts_with("Marta Elena")).await;
    type_into(&c, "#enrolment-0-end", "30/09/2024").await;
    select(&c, "#enrolment-0-status", "completed").await;
    click(&c, "#enrolment-0-close").await;
    wait_for(&c, "#enrolment-0[data-status='completed']").await;
    assert!(c.find(Locator::Css("#enrolment-0-close")).await.is_err(), "a closed enrolment has no closing form");

    type_into(&c, "#plan-new-goals", &lines(&["Obtener el DUI", "Buscar empleo"])).await;
    click(&c, "#plan-new-save").await;
    wait_for_text(&c, "#plan-0-goals", |t| t.contains("Obtener el DUI") && t.contains("Buscar empleo")).await;
    click(&c, "#plan-0-goal-0-achieved").await;
    wait_for(&c, "#plan-0-goal-0[data-status='achieved']").await;
    let plan = attr(&c, "#plan-0", "data-id").await;
    // The open goal still offers both outcomes; the achieved one only to be reopened.
    wait_for(&c, "#plan-0-goal-1-dropped").await;
    wait_for(&c, "#plan-0-goal-0-reopen").await;
    assert!(c.find(Locator::Css("#plan-0-goal-0-dropped")).await.is_err());
    c.execute("document.getElementById('plan-title').scrollIntoView()", vec![]).await.expect("scroll");
    screenshot(&c, "programme-02-case-plan").await;

    type_into(&c, "#family-0-end", "15/08/2024").await;
    click(&c, "#family-0-end-save").await;
    wait_for(&c, "#family-0[data-ended='true']").await;

    select(&c, "#status-value", "suspended").await;
    type_into(&c, "#status-worker", "Lucía Pérez").await;
    click(&c, "#status-save").await;
    wait_for(&c, "#status-saved").await;
    wait_for_text(&c, "#person-profile", |t| t.contains("Suspendido") && t.contains("Lucía Pérez")).await;
    // A suspended participant comes back or leaves; completing straight from a suspension is refused, in words.
    select(&c, "#status-value", "completed").await;
    click(&c, "#status-save").await;
    wait_for_text(&c, "#status-error", |t| t.contains("no es posible")).await;
    screenshot(&c, "programme-03-participant").await;

    // Groups: one created, then renamed with a facilitator.
    click(&c, "#nav-admin").await;
    click(&c, "#tab-groups").await;
    select(&c, "#group-kind", "parent_training").await;
    type_into(&c, "#group-name", "Cohorte Soyapango 1").await;
    select(&c, "#group-municipality", "San Salvador Este").await;
    click(&c, "#group-save").await;
    wait_for_text(&c, "#groups-table", |t| t.contains("Cohorte Soyapango 1")).await;
    click(&c, "#group-0-edit").await;
    type_into(&c, "#group-name", "Cohorte Soyapango A").await;
    type_into(&c, "#group-facilitator", "Lucía Pérez").await;
    click(&c, "#group-save").await;
    wait_for_text(&c, "#groups-table", |t| t.contains("Cohorte Soyapango A") && t.contains("Lucía Pérez")).await;
    let group = attr(&c, "#group-0", "data-id").await;
    screenshot(&c, "programme-04-groups").await;

    // A district added to San Salvador Oeste.
    click(&c, "#tab-municipalities").await;
    let oeste = "form[data-name='San Salvador Oeste']";
    type_into(&c, &format!("{oeste} textarea"), &lines(&["Apopa", "Nejapa", "Santa Tecla Norte"])).await;
    click(&c, &format!("{oeste} button[type='submit']")).await;
    wait_for(&c, &format!("{oeste} p[role='status']")).await;
    screenshot(&c, "programme-05-municipalities").await;

    // The command line reads what the window saved.
    let e = record(&db, "enrolment", &enrolment);
    assert_eq!((e["person_id"].as_str(), e["component"].as_str()), (Some(ROSA), Some("parent_training")));
    assert_eq!((e["start_date"].as_str(), e["status"].as_str()), (Some("2024-03-01"), Some("active")));
    let v = record(&db, "enrolment", VOUCHER);
    assert_eq!((v["end_date"].as_str(), v["status"].as_str()), (Some("2024-09-30"), Some("completed")));
    let p = record(&db, "case_plan", &plan);
    assert_eq!(
        p["goals"],
        json!([{"text": "Obtener el DUI", "status": "achieved"}, {"text": "Buscar empleo", "status": "open"}])
    );
    let l = record(&db, "relationship", LINK);
    assert_eq!((l["kind"].as_str(), l["end_date"].as_str()), (Some("grandparent"), Some("2024-08-15")));
    let m = record(&db, "person", MARTA);
    assert_eq!((m["status"].as_str(), m["assigned_worker"].as_str()), (Some("suspended"), Some("Lucía Pérez")));
    let g = record(&db, "group", &group);
    assert_eq!((g["name"].as_str(), g["facilitator"].as_str()), (Some("Cohorte Soyapango A"), Some("Lucía Pérez")));
    assert_eq!(g["kind"].as_str(), Some("parent_training"));
    // Someone may now be registered in the new district.
    load(
        &db,
        &[json!({"type": "person", "role": "relative", "given_names": "Eva", "first_surname": "Prueba",
            "birth_date": "1980-01-01", "municipality": "San Salvador Oeste", "district": "santa tecla norte"})],
    );
}
