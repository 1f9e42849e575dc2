//! Voucher administration on the central file, in the real window: an exemption recorded from a participant's
//! voucher card and an appeal from the payroll's review list change the month's payroll; a new version of the rules
//! from next month is previewed (the participant whose outcome changes is listed, from what to what and why), saved,
//! and listed. The result is checked with the command line; axe-core checks the three screens with their panels open.

use fantoccini::Locator;
use reintegra_tests::*;
use serde_json::{Value, json};

const CARLA: &str = "0192a000-0000-7000-8000-00000000c001";
const DIEGO: &str = "0192a000-0000-7000-8000-00000000c002";
const ELENA: &str = "0192a000-0000-7000-8000-00000000c003";

fn person(id: &str, given: &str) -> Value {
    json!({"type": "person", "id": id, "role": "participant", "given_names": given, "first_surname": "Prueba",
           "birth_date": "1990-05-01", "municipality": "San Salvador Este"})
}

/// Carla enrolled this month (attended today); Diego and Elena three months ago (attended then, nothing since:
/// last month is their second non-compliant month in a row, withheld).
fn programme() -> Vec<Value> {
    let today = today().to_string();
    let back3 = format!("{}-05", iso_month(-3));
    let mut r = vec![person(CARLA, "Carla"), person(DIEGO, "Diego"), person(ELENA, "Elena")];
    for (id, start) in [
        (CARLA, format!("{}-01", iso_month(0))),
        (DIEGO, format!("{}-01", iso_month(-3))),
        (ELENA, format!("{}-01", iso_month(-3))),
    ] {
        r.push(json!({"type": "enrolment", "person_id": id, "component": "voucher", "start_date": start}));
    }
    let (s1, s2) = ("0192a000-0000-7000-8000-00000000c101", "0192a000-0000-7000-8000-00000000c102");
    r.push(json!({"type": "session", "id": s1, "kind": "case_management", "date": back3}));
    r.push(json!({"type": "session", "id": s2, "kind": "case_management", "date": today}));
    for (s, p) in [(s1, DIEGO), (s1, ELENA), (s2, CARLA)] {
        r.push(json!({"type": "attendance", "session_id": s, "person_id": p, "status": "present"}));
    }
    r
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn exemption_appeal_and_a_new_rule_version_from_the_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("central.db");
    init(&db, "Central San Salvador", "supervisor", &[]);
    load(&db, &programme());
    let last = iso_month(-1);
    assert_eq!(evaluated(&db, &last, DIEGO).0, "withheld");
    assert_eq!(evaluated(&db, &last, ELENA).0, "withheld");

    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    unlock(&c, PASSPHRASE).await;

    // Diego's card: last month (his third) withheld; an exemption makes it eligible at once.
    open_person(&c, "Diego", "Diego").await;
    let cell = wait_for_text(&c, "#voucher-month-3", |t| t.contains("Retenido")).await;
    assert!(cell.contains("Sin pago"), "{cell}");
    click(&c, "#voucher-month-3").await;
    click(&c, "#voucher-exempt").await;
    type_into(&c, "#exemption-reason", "Hospitalizado dos semanas").await;
    screenshot(&c, "voucher-admin-01-exemption-form").await;
    axe(&c, "voucher card with the exemption panel").await;
    click(&c, "#exemption-save").await;
    wait_for_text(&c, "#voucher-decision-done", |t| t.starts_with("Dispensa guardada")).await;
    wait_for_text(&c, "#voucher-month-3", |t| t.contains("Elegible") && t.contains("Pendiente de pago")).await;
    wait_for_text(&c, "#voucher-detail", |t| t.contains("Mes exento")).await;
    screenshot(&c, "voucher-admin-02-card-exempted").await;

    // Last month's payroll: Diego is on it now; Elena is on the review list, and an appeal puts her on it too.
    click(&c, "#nav-payroll").await;
    wait_for_text(&c, "#payroll-table tbody", |t| t.contains("Diego")).await;
    wait_for_text(&c, "#payroll-review", |t| t.contains("Elena")).await;
    assert!(!wait_for_text(&c, "#payroll-table tbody", |_| true).await.contains("Elena"));
    click(&c, &format!("#review-appeal-{ELENA}")).await;
    wait_for_text(&c, "#appeal-title", |t| t.contains("Elena")).await;
    // Filled in when the panel has asked the app who is unlocked, a moment after it opens.
    let by = wait_for_prop(&c, "#appeal-decided-by", "value", |v| !v.is_empty()).await;
    assert_eq!(by, "admin", "the user who unlocked decides by default");
    // A reason is required: the store refuses, by field, and nothing changes.
    click(&c, "#appeal-save").await;
    wait_for_text(&c, "#appeal-reason-error", |t| t == "Este campo es obligatorio.").await;
    select(&c, "#appeal-outcome", "eligible").await;
    type_into(&c, "#appeal-decided-by", "Comité de apelación").await;
    type_into(&c, "#appeal-reason", "Presentó constancia de trabajo").await;
    screenshot(&c, "voucher-admin-03-appeal-form").await;
    axe(&c, "payroll with the appeal panel").await;
    click(&c, "#appeal-save").await;
    wait_for_text(&c, "#payroll-decision-done", |t| t.starts_with("Apelación guardada")).await;
    wait_for_text(&c, "#payroll-table tbody", |t| t.contains("Elena") && t.contains("Diego")).await;
    wait_for_text(&c, "#payroll-total", |t| t == "200").await;
    screenshot(&c, "voucher-admin-04-payroll").await;

    // The rules: the default listed; a version from next month, previewed: Carla's second month, a warning today,
    // would be withheld.
    click(&c, "#nav-admin").await;
    click(&c, "#tab-rules").await;
    wait_for_text(&c, "#rules-versions", |t| t.contains("Siempre (predeterminada)")).await;
    let (ny, nm) = month(1);
    let next = format!("{nm:02}/{ny:04}");
    assert_eq!(value(&c, "#rules-effective-from").await, next);
    assert_eq!(value(&c, "#rules-version").await, "2");
    select(&c, "#rules-ladder-1", "withheld").await;
    type_into(&c, "#rules-reason", "Retener desde el primer mes sin cumplir").await;
    click(&c, "#rules-preview").await;
    let row = format!("#rules-preview-table tr[data-id='{CARLA}']");
    let text = wait_for_text(&c, &row, |t| t.contains("Carla")).await;
    assert!(text.contains("Advertencia") && text.contains("Retenido") && text.contains("escala"), "{text}");
    let el = wait_for(&c, &row).await;
    assert_eq!(el.attr("data-before").await.expect("attr").as_deref(), Some("warning"));
    assert_eq!(el.attr("data-after").await.expect("attr").as_deref(), Some("withheld"));
    assert_eq!(evaluated(&db, &iso_month(1), CARLA), ("warning".to_owned(), 1), "a preview saves nothing");
    scroll_to(&c, "rules-preview-summary").await;
    screenshot(&c, "voucher-admin-05-rules-preview").await;
    axe(&c, "rules with a preview").await;
    click(&c, "#rules-save").await;
    wait_for_text(&c, "#rules-saved", |t| t.starts_with("Versión 2 guardada")).await;
    wait_for_text(&c, "#rules-version-2", |t| t.contains(&format!("desde {next}"))).await;
    assert!(c.find(Locator::Css("#rules-preview-table")).await.is_err(), "the preview goes with the save");
    assert_eq!(value(&c, "#rules-version").await, "3", "the form offers the next number");
    let (ay, am) = month(2);
    assert_eq!(value(&c, "#rules-effective-from").await, format!("{am:02}/{ay:04}"), "and the month after");
    scroll_to(&c, "rules-title").await;
    screenshot(&c, "voucher-admin-06-rules-saved").await;
    c.close().await.expect("close the app");

    // The command line agrees.
    assert_eq!(evaluated(&db, &last, DIEGO).0, "eligible");
    assert_eq!(evaluated(&db, &last, ELENA).0, "eligible");
    assert_eq!(evaluated(&db, &iso_month(1), CARLA), ("withheld".to_owned(), 2));
    assert_eq!(evaluated(&db, &iso_month(0), CARLA), ("eligible".to_owned(), 1), "this month keeps its rules");
}
