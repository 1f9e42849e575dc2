//! Psychosocial assessments in the real window (#16). On a field laptop: Marta's home agenda shows the PHQ-9 due;
//! a home visit three months ago is saved with "save and assess", and a baseline PHQ-9 answered by keyboard and
//! mouse, item 9 "varios días", shows the safety protocol at once; its button saves the assessment and opens the
//! referral form with mental health chosen. A follow-up today (date typed) shows on her page with the change from
//! baseline and the meaningful improvement. The laptop's bundle takes the alert to the central file, whose desk lists
//! it until the coordinator records what was done; the progress screen counts the baseline, the follow-up and the
//! improvement. On the central file's "Instrumentos" tab a definition with an error is refused with the reason and
//! a valid one is saved. Checked with `reintegra assessments list --json` on the central file.

use std::path::Path;

use chrono::Months;
use reintegra_tests::*;
use serde_json::json;

const CENTRAL: &str = "Central San Salvador";
const LAPTOP: &str = "Laptop Ana";

fn user_date(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Answers item `code` of the open assessment with `value` ("refused" for "prefiere no responder").
async fn answer(c: &fantoccini::Client, code: &str, value: &str) {
    click(c, &format!("#a-item-{code}-{value}")).await;
    wait_for(c, &format!("#a-item-{code}[data-answer='{value}']")).await;
}

/// A programme's own instrument: two items, 0–2 each, a band for every score.
fn custom_instrument(code: &str, bands_overlap: bool) -> serde_json::Value {
    let text = |es: &str, en: &str| json!({"es": es, "en": en, "validated_es": false});
    let second_min = if bands_overlap { 2 } else { 3 };
    json!({
        "code": code, "version": 1, "name": text("Apoyo familiar percibido", "Perceived family support"),
        "instructions": text("En el último mes:", "In the last month:"),
        "options": [{"value": 0, "label": text("Nunca", "Never")}, {"value": 1, "label": text("A veces", "Sometimes")},
            {"value": 2, "label": text("Siempre", "Always")}],
        "items": [{"code": "1", "text": text("Mi familia me escucha", "My family listens to me")},
            {"code": "2", "text": text("Cuento con alguien en una crisis", "I have someone in a crisis")}],
        "scoring": {"method": "sum", "max_missing": 0},
        "bands": [{"code": "low", "min": 0, "max": 2, "label": text("Bajo", "Low")},
            {"code": "high", "min": second_min, "max": 4, "label": text("Alto", "High")}],
        "meaningful_change": {"points": 2, "direction": "up"},
        "source": "Programa Reintegra, instrumento propio (2026)", "licence": "Uso libre dentro del programa"
    })
}

fn write_json(path: &Path, value: &serde_json::Value) {
    std::fs::write(path, serde_json::to_string_pretty(value).expect("json")).expect("definition file");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn a_baseline_with_a_safety_alert_a_follow_up_and_the_alert_closed_on_the_central_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let central = dir.path().join("central.db");
    let laptop = dir.path().join("laptop.db");
    init(&central, CENTRAL, "supervisor", &[]);
    init(&laptop, LAPTOP, "field", &["Ana Portillo"]);
    pair(&central, &laptop);
    // Marta, in Ana's caseload, enrolled in psychosocial support 40 days ago (her baseline was due within 30); the
    // laptop receives her.
    let today = today();
    let baseline_day = today.checked_sub_months(Months::new(3)).expect("three months ago");
    let mut m = marta();
    m["assigned_worker"] = json!("Ana Portillo");
    let enrolled = (today - chrono::Duration::days(40)).to_string();
    load(
        &central,
        &[m, json!({"type": "enrolment", "person_id": MARTA, "component": "psychosocial", "start_date": enrolled})],
    );
    send(&central, &laptop, LAPTOP);

    let driver = Driver::start(&laptop, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    unlock(&c, PASSPHRASE).await;
    // The home agenda: her baseline PHQ-9 is due.
    wait_for_text(&c, "#home-assessments", |t| t.contains("Marta Elena Núñez") && t.contains("PHQ-9")).await;
    screenshot(&c, "assess-01-agenda").await;

    // A home visit three months ago, saved with "save and assess".
    open_person(&c, "marta", "Marta Elena").await;
    wait_for(&c, "#person-assessments-empty").await;
    click(&c, "#person-new-visit").await;
    type_into(&c, "#v-date", &user_date(baseline_day)).await;
    type_into(&c, "#v-purpose", "Seguimiento psicosocial").await;
    click(&c, "#save-visit-assess").await;
    wait_for_text(&c, "#assessment-title", |t| t.contains("Marta Elena Núñez")).await;
    wait_for_text(&c, "#assessment-context", |t| t.contains("visita domiciliaria")).await;

    // The baseline PHQ-9: the first item by keyboard (the arrow key moves to the next option), the rest by mouse;
    // one refused. Item 9 "varios días" shows the safety protocol at once.
    select(&c, "#a-instrument", "phq9").await;
    type_into(&c, "#a-date", &user_date(baseline_day)).await;
    wait_for(&c, "#a-item-1[data-answer='unanswered']").await;
    click(&c, "#a-item-1-1").await;
    wait_for(&c, "#a-item-1[data-answer='1']").await;
    wait_for(&c, "#a-item-1-1")
        .await
        .send_keys(&char::from(fantoccini::key::Key::Right).to_string())
        .await
        .expect("arrow");
    wait_for(&c, "#a-item-1[data-answer='2']").await;
    for (code, value) in [("2", "2"), ("3", "3"), ("4", "2"), ("5", "2"), ("6", "refused"), ("7", "2"), ("8", "1")] {
        answer(&c, code, value).await;
    }
    assert!(c.find(fantoccini::Locator::Css("#safety-protocol")).await.is_err(), "no protocol before item 9");
    // Seven answered: two missing, one more than PHQ-9 allows, so no score yet.
    wait_for_text(&c, "#a-answered", |t| t.starts_with("7 de 9 preguntas respondidas (1 sin respuesta")).await;
    wait_for(&c, "#a-incomplete").await;
    answer(&c, "9", "1").await;
    wait_for_text(&c, "#safety-protocol", |t| t.contains("Protocolo de seguridad") && t.contains("911")).await;
    // Eight answered, 15 points, completed as round(15 × 9 / 8) = round(16.875) = 17: "moderadamente grave".
    wait_for_text(&c, "#a-score", |t| t.starts_with("Puntuación: 17")).await;
    assert_eq!(attr(&c, "#a-result", "data-band").await, "moderately_severe");
    scroll_to(&c, "safety-protocol").await;
    screenshot(&c, "assess-02-safety-protocol").await;

    // The protocol's button saves the assessment and opens the referral with mental health chosen.
    click(&c, "#safety-referral").await;
    wait_for_text(&c, "#referral-title", |t| t.contains("Marta Elena Núñez")).await;
    assert_eq!(value(&c, "#r-service").await, "mental_health");
    type_into(&c, "#r-organisation", "Unidad de Salud Mental Soyapango").await;
    screenshot(&c, "assess-03-referral").await;
    click(&c, "#save-referral").await;
    wait_for_text(&c, "#person-referrals", |t| t.contains("Unidad de Salud Mental Soyapango")).await;
    wait_for_text(&c, "#assess-phq9-table tbody", |t| {
        t.contains(&user_date(baseline_day)) && t.contains("Línea de base")
    })
    .await;

    // A follow-up today from her page: lower scores, no risk; the change from baseline is meaningful.
    click(&c, "#person-new-assessment").await;
    wait_for(&c, "#assessment-form").await;
    select(&c, "#a-instrument", "phq9").await;
    type_into(&c, "#a-date", &user_date(today)).await;
    for (code, v) in
        [("1", "1"), ("2", "1"), ("3", "1"), ("4", "1"), ("5", "0"), ("6", "0"), ("7", "1"), ("8", "0"), ("9", "0")]
    {
        answer(&c, code, v).await;
    }
    wait_for_text(&c, "#a-score", |t| t.starts_with("Puntuación: 5")).await;
    assert!(c.find(fantoccini::Locator::Css("#safety-protocol")).await.is_err(), "no protocol without risk");
    scroll_to(&c, "a-result").await;
    screenshot(&c, "assess-04-follow-up").await;
    click(&c, "#save-assessment").await;
    wait_for_text(&c, "#assess-phq9-change", |t| t.contains("-12")).await;
    wait_for_text(&c, "#assess-phq9-table tbody", |t| t.contains(&user_date(today))).await;
    let rows = c.find_all(fantoccini::Locator::Css("#assess-phq9-table tbody tr")).await.expect("rows");
    assert_eq!(rows.len(), 2, "the baseline and the follow-up");
    assert_eq!(attr(&c, "#assess-phq9-table tbody tr:last-child", "data-improved").await, "true");
    wait_for(&c, "#assess-phq9-chart").await;
    scroll_to(&c, "person-assessments").await;
    screenshot(&c, "assess-05-person-history").await;
    c.close().await.expect("close the laptop's app");
    drop(driver);

    // The laptop's bundle reaches the central file; its desk shows the alert until what was done is recorded.
    send(&laptop, &central, CENTRAL);
    let driver = Driver::start(&central, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    unlock(&c, PASSPHRASE).await;
    click(&c, "#nav-desk").await;
    wait_for_text(&c, "#safety-alerts", |t| t.contains("Marta Elena Núñez") && t.contains("Riesgo de autolesión"))
        .await;
    wait_for_text(&c, "#desk-assessments", |t| t.contains("PHQ-9")).await;
    screenshot(&c, "assess-06-desk-alert").await;
    select(&c, "#alert-0-action", "referred_mental_health").await;
    type_into(&c, "#alert-0-notes", "Llamada a Marta; cita en la Unidad de Salud Mental confirmada.").await;
    click(&c, "#alert-0-close").await;
    wait_for(&c, "#alerts-closed").await;
    wait_for(&c, "#alerts-empty").await;
    let figures = attr(&c, "#desk-assessments tbody tr.total[data-instrument='phq9']", "data-figures").await;
    assert_eq!(figures, "1/1/1", "one with a baseline, one with a follow-up, one improved");
    scroll_to(&c, "desk-assess-title").await;
    screenshot(&c, "assess-07-desk-figures").await;

    // The central file's instruments: the three shipped, a definition with an error refused, a valid one saved.
    open_tab(&c, "tab-instruments").await;
    wait_for_text(&c, "#instruments-table tbody", |t| t.contains("phq9") && t.contains("gad7") && t.contains("who5"))
        .await;
    let bad = dir.path().join("apoyo-con-error.json");
    write_json(&bad, &custom_instrument("apoyo_familiar", true));
    type_into(&c, "#instrument-path", &bad.to_string_lossy()).await;
    click(&c, "#instrument-load").await;
    let refused = wait_for_text(&c, "#instrument-error", |t| !t.is_empty()).await;
    assert!(refused.starts_with("No se guardó la definición: "), "{refused}");
    scroll_to(&c, "instrument-error").await;
    screenshot(&c, "assess-08-instrument-refused").await;
    assert!(c.find(fantoccini::Locator::Css("#instrument-apoyo_familiar")).await.is_err(), "nothing saved: {refused}");
    let good = dir.path().join("apoyo.json");
    write_json(&good, &custom_instrument("apoyo_familiar", false));
    type_into(&c, "#instrument-path", &good.to_string_lossy()).await;
    click(&c, "#instrument-load").await;
    wait_for_text(&c, "#instrument-loaded", |t| t.contains("apoyo_familiar")).await;
    assert_eq!(attr(&c, "#instrument-apoyo_familiar", "data-origin").await, "programme");
    screenshot(&c, "assess-09-instruments").await;
    c.close().await.expect("close the central file's app");

    // The command line agrees: the baseline (alert, 17) and the follow-up (5, change -12, improved).
    let out = cli(&central, PASSPHRASE, &[os("assessments"), os("list"), os("--person"), os(MARTA), os("--json")]);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    let list = doc.as_array().or_else(|| doc["assessments"].as_array()).expect("a list").clone();
    assert_eq!(list.len(), 2, "{doc}");
    assert_eq!(list[0]["score"], 17, "{doc}");
    assert_eq!(list[0]["alerts"], json!(["self_harm"]), "{doc}");
    assert_eq!(list[1]["score"], 5, "{doc}");
    assert_eq!(list[1]["change"], -12, "{doc}");
    assert_eq!(list[1]["improved"], true, "{doc}");
}
