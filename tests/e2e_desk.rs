//! The supervisor's desk in the real window: the central file holds a referral both supervisors changed while
//! apart, so one conflict is open. The dashboard shows the targets; the conflict inbox shows both sides, one is kept,
//! and the inbox is empty.

use reintegra_tests::*;

const CENTRAL: &str = "Central San Salvador";
const OTHER: &str = "Coordinación Soyapango";
const P: &str = "0192a000-0000-7000-8000-0000000000d1";
const R: &str = "0192a000-0000-7000-8000-0000000000d9";

/// Whether a text holds a time as dd/mm/aaaa hh:mm.
fn dated(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(16).any(|w| {
        let digit = |i: usize| w[i].is_ascii_digit();
        [0, 1, 3, 4, 6, 7, 8, 9, 11, 12, 14, 15].into_iter().all(digit) && w[2] == '/' && w[5] == '/' && w[13] == ':'
    })
}

fn referral(status: &str) -> serde_json::Value {
    serde_json::json!({"type": "referral", "id": R, "person_id": P, "service": "health",
        "organisation": "Unidad de Salud", "date": "2026-01-05", "status": status})
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn the_desk_shows_the_targets_and_settles_a_conflict() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = dir.path().join("app.db");
    let other = dir.path().join("other.db");
    init(&app, CENTRAL, "supervisor", &[]);
    init(&other, OTHER, "supervisor", &[]);
    pair(&app, &other);
    let person = serde_json::json!({"type": "person", "id": P, "role": "participant", "given_names": "Colibrí",
        "first_surname": "Tablero", "birth_date": "1994-03-02", "municipality": "San Salvador Este",
        "assigned_worker": "Ana Portillo"});
    load(&app, &[person, referral("referred")]);
    send(&app, &other, OTHER);
    // Both change the referral's status while apart, then exchange bundles.
    load(&app, &[referral("accepted")]);
    load(&other, &[referral("rejected")]);
    send(&other, &app, CENTRAL);
    let open = cli(&app, PASSPHRASE, &[os("conflicts"), os("list"), os("--json")]);
    let open: serde_json::Value = serde_json::from_str(&open).expect("json");
    assert_eq!(open["conflicts"].as_array().map(Vec::len), Some(1), "{open}");

    let driver = Driver::start(&app, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    unlock(&c, PASSPHRASE).await;
    wait_for_text(&c, "#nav-desk", |t| t == "Avance").await;
    wait_for_text(&c, "#nav-conflicts", |t| t == "Conflictos (1)").await;

    // The dashboard: the targets with their figures in words, the referral counted, the municipality table.
    click(&c, "#nav-desk").await;
    wait_for_text(&c, "#desk-title", |t| t == "Avance del programa").await;
    wait_for_text(&c, "#desk-vouchers", |t| t.contains("0 de 300")).await;
    wait_for_text(&c, "#desk-trained", |t| t.contains("0 de 600")).await;
    wait_for_text(&c, "#desk-visited", |t| t.contains("0 de 300")).await;
    // The referral counts once, under whichever status is shown while the conflict is open.
    wait_for_text(&c, "#desk-activity", |t| t.contains("Referencias") && t.contains(": 1")).await;
    wait_for_text(&c, "#desk-by-municipality tbody", |t| t.contains("San Salvador Este")).await;
    // The share is editable: out of range says so in Spanish, a valid one re-queries.
    let share = wait_for(&c, "#desk-share").await;
    share.clear().await.expect("clear");
    share.send_keys("150").await.expect("type");
    wait_for_text(&c, "#desk-share-hint", |t| t.contains("entre 1 y 100")).await;
    share.clear().await.expect("clear");
    share.send_keys("50").await.expect("type");
    wait_for_text(&c, "#desk-share-hint", |t| t.starts_with("Entre 1 y 100")).await;
    wait_for_text(&c, "#desk-vouchers", |t| t.contains("0 de 300")).await;
    let dashboard = screenshot(&c, "desk-01-dashboard").await;

    // The inbox: the referral's status, both sides with their device and time; the first side is kept.
    click(&c, "#nav-conflicts").await;
    wait_for_text(&c, "#conflicts-title", |t| t == "Conflictos por resolver").await;
    let title = wait_for_text(&c, "#conflicts-list h3", |t| t.starts_with("Referencia")).await;
    assert!(title.contains("campo «Estado»"), "the field in words: {title}");
    let first = wait_for_text(&c, "#conflict-0-side-0", |t| t.contains("Conservar este valor")).await;
    let second = wait_for_text(&c, "#conflict-0-side-1", |t| t.contains("Conservar este valor")).await;
    let both = format!("{first}\n{second}");
    assert!(both.contains("Aceptada") && both.contains("Rechazada"), "the values in words: {both}");
    assert!(both.contains(CENTRAL) && both.contains(OTHER), "{both}");
    assert!(dated(&first) && dated(&second), "time as dd/mm/aaaa hh:mm: {both}");
    // A new value for a coded field is chosen among the field's options, in words, not typed as a code.
    let options = wait_for_text(&c, "select#conflict-0-value", |t| t.contains("Atendida")).await;
    assert!(options.contains("No se presentó") && !options.contains("no_show"), "{options}");
    select(&c, "#conflict-0-value", "attended").await;
    screenshot(&c, "desk-02-conflict").await;
    click(&c, "#conflict-0-side-0-keep").await;
    wait_for_text(&c, "#conflicts-empty", |t| t == "No hay conflictos abiertos.").await;
    wait_for_text(&c, "#conflicts-done", |t| t == "Conflicto resuelto.").await;
    wait_for_text(&c, "#nav-conflicts", |t| t == "Conflictos (0)").await;
    let empty = screenshot(&c, "desk-03-inbox-empty").await;
    c.close().await.expect("close the app");
    drop(driver);

    // The decision is in the store: no conflict left, the kept value is the referral's status.
    let open = cli(&app, PASSPHRASE, &[os("conflicts"), os("list"), os("--json")]);
    let open: serde_json::Value = serde_json::from_str(&open).expect("json");
    assert_eq!(open["conflicts"].as_array().map(Vec::len), Some(0), "{open}");
    assert!(dashboard.is_file() && empty.is_file());
}
