//! A day of field work in the real window, offline and in Spanish: the home agenda; a home visit recorded from the
//! agenda with the family network, validated as the person types; a referral followed from the agenda and one
//! recorded and updated on the person's page; a group session with attendance for a roster of 12 marked by keyboard;
//! a draft recovered after the app was killed with a form half filled; and a person's details edited (with a draft
//! kept when leaving the form) and found again by the new phone.

use std::path::Path;
use std::time::Duration;

use fantoccini::{Client, Locator};
use reintegra_tests::*;

const ROSA: &str = "0192a000-0000-7000-8000-00000000f002";

/// A store with Marta (participant) and her mother Rosa, a home visit whose next one was due long ago and a referral
/// whose follow-up date has come, plus what `extra` adds.
fn store_with(dir: &Path, extra: &[serde_json::Value]) -> std::path::PathBuf {
    use serde_json::json;
    let db = dir.join("field.db");
    init(&db, "Laptop Soyapango 1", "field", &[]);
    let mut records = vec![
        marta(),
        json!({"type": "person", "id": ROSA, "role": "relative", "given_names": "Rosa", "first_surname": "Núñez",
            "birth_date": "1968-03-14", "municipality": "San Salvador Este", "district": "Soyapango"}),
        json!({"type": "relationship", "participant_id": MARTA, "relative_id": ROSA, "kind": "mother"}),
        json!({"type": "home_visit", "date": "2024-01-10", "person_ids": [MARTA, ROSA], "next_visit": "2024-02-10"}),
        json!({"type": "referral", "person_id": MARTA, "service": "health",
            "organisation": "Unidad de Salud Soyapango", "date": "2024-03-01", "status": "referred",
            "follow_up": "2024-03-15"}),
    ];
    records.extend_from_slice(extra);
    load(&db, &records);
    db
}

/// Today's date as the form prefills it (dd/mm/aaaa), and the same day a year later.
fn next_year(today: &str) -> String {
    let (dm, y) = today.split_at(6);
    format!("{dm}{}", y.parse::<u32>().expect("year") + 1)
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn home_agenda_home_visit_and_referrals_in_the_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = store_with(dir.path(), &[]);
    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    unlock(&c, PASSPHRASE).await;

    // The home screen: the visit due (Marta and her mother) and the referral whose follow-up came.
    let current = wait_for(&c, "#nav-home").await.attr("aria-current").await.expect("attr");
    assert_eq!(current.as_deref(), Some("page"));
    wait_for_text(&c, "#home-visits", |t| t.contains("Marta Elena Núñez, Rosa Núñez") && t.contains("10/02/2024"))
        .await;
    wait_for_text(&c, "#home-referrals", |t| t.contains("Marta Elena Núñez") && t.contains("15/03/2024")).await;
    // The search without accents finds her.
    type_into(&c, "#home-search", "marta nunez").await;
    wait_for_text(&c, "#home-search-results", |t| t.contains("Marta Elena Núñez")).await;
    screenshot(&c, "field-01-home").await;

    // A home visit from the agenda: the form checks as the person types.
    click(&c, "#home-visits .link-name").await;
    wait_for_text(&c, "#visit-title", |t| t.contains("Marta Elena Núñez")).await;
    let today = value(&c, "#v-date").await;
    assert_eq!(today.len(), 10, "the date is prefilled as dd/mm/aaaa: {today}");
    type_into(&c, "#v-date", "31/02/2024").await;
    wait_for_text(&c, "#v-date-error", |t| t == "Fecha no válida: use dd/mm/aaaa.").await;
    type_into(&c, "#v-date", &today).await;
    type_into(&c, "#v-next_visit", "01/01/2020").await;
    wait_for_text(&c, "#v-next_visit-error", |t| t.starts_with("Esta fecha no puede ser anterior")).await;
    type_into(&c, "#v-next_visit", &next_year(&today)).await;
    click(&c, &format!("#v-people-{ROSA}")).await;
    type_into(&c, "#v-purpose", "Seguimiento familiar").await;
    click(&c, "#v-modules-self_esteem").await;
    click(&c, "#v-modules-positive_parenting").await;
    type_into(&c, "#v-observations", "La familia recibe bien la visita; Marta busca empleo.").await;
    click(&c, "#v-risks-housing").await;
    assert!(c.find(Locator::Css("#v-date-error")).await.is_err(), "no error left");
    screenshot(&c, "field-02-visit-form").await;
    click(&c, "#save-visit").await;
    wait_for_text(&c, "#person-name", |t| t.starts_with("Marta Elena Núñez")).await;
    wait_for_text(&c, "#person-timeline", |t| t.contains(&today) && t.contains("Visita domiciliaria")).await;

    // A referral recorded on her page, then moved on.
    click(&c, "#person-new-referral").await;
    wait_for_text(&c, "#referral-title", |t| t.contains("Marta Elena Núñez")).await;
    click(&c, "#save-referral").await;
    wait_for_text(&c, "#r-service-error", |t| t == "Este campo es obligatorio.").await;
    select(&c, "#r-service", "documents").await;
    type_into(&c, "#r-organisation", "Registro Nacional de las Personas Naturales").await;
    type_into(&c, "#r-follow_up", &next_year(&today)).await;
    click(&c, "#save-referral").await;
    wait_for_text(&c, "#person-referrals", |t| t.contains("documentos · Registro Nacional")).await;
    let row = "#person-referrals li:first-child";
    select(&c, &format!("{row} .ref-status"), "accepted").await;
    // Chosen: the row has something to save (a choice lost to a re-render would leave its button disabled, and the
    // wait below would pass on the status as it was).
    wait_for_prop(&c, &format!("{row} .ref-save"), "disabled", |d| d == "false").await;
    click(&c, &format!("{row} .ref-save")).await;
    // Saved: the row comes back from the store with its new status, so its button has nothing left to save.
    wait_for_prop(&c, &format!("{row} .ref-save"), "disabled", |d| d == "true").await;
    let status = wait_for_prop(&c, &format!("{row} .ref-status"), "value", |_| true).await;
    assert_eq!(status, "accepted");
    c.execute("document.getElementById('person-referrals').scrollIntoView()", vec![]).await.expect("scroll");
    screenshot(&c, "field-03-person-referrals").await;

    // Back home: the visit is no longer due; the old referral is followed up from the agenda and leaves it.
    click(&c, "#nav-home").await;
    wait_for_text(&c, "#home-visits-title", |t| t.contains("(0)")).await;
    select(&c, "#home-referrals .ref-status", "closed").await;
    wait_for_prop(&c, "#home-referrals .ref-save", "disabled", |d| d == "false").await;
    click(&c, "#home-referrals .ref-save").await;
    wait_for_text(&c, "#home-referrals-title", |t| t.contains("(0)")).await;
    screenshot(&c, "field-04-home-after").await;
    c.close().await.expect("close the app");
}

const SURNAMES: [&str; 12] = [
    "Alvarado",
    "Benítez",
    "Castro",
    "Díaz",
    "Escobar",
    "Flores",
    "García",
    "Hernández",
    "Jiménez",
    "López",
    "Martínez",
    "Navarro",
];

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn group_session_with_attendance_for_a_roster_of_12() {
    let dir = tempfile::tempdir().expect("tempdir");
    let group = "0192a000-0000-7000-8000-00000000a100";
    let earlier = "0192a000-0000-7000-8000-00000000a200";
    let mut extra = vec![
        serde_json::json!({"type": "group", "id": group, "kind": "support_group",
            "name": "Grupo de apoyo Soyapango 3", "municipality": "San Salvador Este"}),
        serde_json::json!({"type": "session", "id": earlier, "kind": "support_group", "date": "2024-05-04",
            "group_id": group}),
    ];
    for (i, surname) in SURNAMES.iter().enumerate() {
        let id = format!("0192a000-0000-7000-8000-00000000b{i:03}");
        extra.push(serde_json::json!({"type": "person", "id": id, "role": "participant", "given_names": "Persona",
            "first_surname": surname, "birth_date": format!("1990-01-{:02}", i + 1),
            "municipality": "San Salvador Este"}));
        extra.push(serde_json::json!({"type": "attendance", "session_id": earlier, "person_id": id,
            "status": "present"}));
    }
    let db = store_with(dir.path(), &extra);
    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    unlock(&c, PASSPHRASE).await;

    click(&c, "#nav-session").await;
    wait_for(&c, &format!("#s-group option[value='{group}']")).await;
    select(&c, "#s-group", group).await;
    wait_for_text(&c, "#roster-count", |t| t.starts_with("12 personas en la lista · 0 marcadas")).await;
    let rows = c.find_all(Locator::Css("#roster tbody tr")).await.expect("rows");
    assert_eq!(rows.len(), 12);
    // Saving with nobody marked is refused, in Spanish.
    click(&c, "#save-session").await;
    wait_for_text(&c, "#s-attendance-error", |t| t == "Marque la asistencia de cada persona de la lista.").await;
    click(&c, "#s-modules-forgiveness").await;
    click(&c, "#s-modules-conflict_resolution").await;
    // Everyone present with one button; then by keyboard: the arrow key moves Castro from present to absent.
    click(&c, "#all-present").await;
    wait_for_text(&c, "#roster-count", |t| t.contains("12 marcadas · 12 presentes")).await;
    let present = wait_for(&c, "#att-2-present").await;
    present.send_keys(&char::from(fantoccini::key::Key::Right).to_string()).await.expect("arrow key");
    wait_for_text(&c, "#roster-count", |t| t.contains("11 presentes")).await;
    let absent = wait_for_prop(&c, "#att-2-absent", "checked", |_| true).await;
    assert_eq!(absent, "true", "the arrow key chose «ausente»");
    click(&c, "#att-4-justified").await;
    wait_for_text(&c, "#roster-count", |t| t.contains("10 presentes")).await;
    screenshot(&c, "field-05-session-roster").await;
    click(&c, "#save-session").await;
    wait_for_text(&c, "#session-saved", |t| t == "Sesión guardada con la asistencia de 12 personas.").await;
    screenshot(&c, "field-06-session-saved").await;

    // Castro's page shows the session as missed.
    click(&c, "#nav-home").await;
    open_found(&c, "#home-search", "#home-search-results", "persona castro", "Persona Castro").await;
    wait_for_text(&c, "#person-timeline", |t| t.contains("ausente")).await;
    c.close().await.expect("close the app");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn a_draft_survives_the_app_being_killed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = store_with(dir.path(), &[]);
    const TYPED: &str = "Borrador escrito antes del corte de luz";
    {
        let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
        let c = driver.session(Lang::Es).await;
        unlock(&c, PASSPHRASE).await;
        open_found(&c, "#home-search", "#home-search-results", "marta", "Marta Elena").await;
        click(&c, "#person-new-visit").await;
        type_into(&c, "#v-purpose", "Visita interrumpida").await;
        type_into(&c, "#v-observations", TYPED).await;
        // Drafts are saved every two seconds: once the store has this one, kill the app without warning.
        wait_for_draft(&c, &format!("home_visit:{MARTA}"), |d| {
            d.is_some_and(|d| d.contains(TYPED) && d.contains("Visita interrumpida"))
        })
        .await;
        let pid = app_pid(&db).expect("the app's process");
        let killed = std::process::Command::new("kill").args(["-9", &pid.to_string()]).status().expect("kill");
        assert!(killed.success());
        gone(&db).await;
        drop(c);
    }
    // The draft is in the encrypted file only: the words typed are nowhere in it in clear.
    let bytes = std::fs::read(&db).expect("db");
    assert!(!bytes.windows(TYPED.len()).any(|w| w == TYPED.as_bytes()), "the draft is not in clear text");

    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    unlock(&c, PASSPHRASE).await;
    open_found(&c, "#home-search", "#home-search-results", "marta", "Marta Elena").await;
    click(&c, "#person-new-visit").await;
    wait_for_text(&c, "#draft-offer", |t| t.contains("borrador sin guardar")).await;
    screenshot(&c, "field-07-draft-offer").await;
    click(&c, "#draft-restore").await;
    wait_gone(&c, "#draft-offer").await;
    assert_eq!(value(&c, "#v-observations").await, TYPED);
    assert_eq!(value(&c, "#v-purpose").await, "Visita interrumpida");
    assert!(c.find(Locator::Css("#draft-offer")).await.is_err());
    screenshot(&c, "field-08-draft-restored").await;
    click(&c, "#save-visit").await;
    wait_for_text(&c, "#person-timeline", |t| t.contains("Visita domiciliaria")).await;
    // Saved: the draft is gone from the store, and the form opens without offering one.
    no_draft_then_open(&c, &format!("home_visit:{MARTA}"), "#person-new-visit", "#visit-form").await;
    c.close().await.expect("close the app");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn register_a_participant_and_two_relatives_linked_as_family() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = store_with(dir.path(), &[]);
    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    unlock(&c, PASSPHRASE).await;

    click(&c, "#nav-persons").await;
    click(&c, "#new-person").await;
    type_into(&c, "#f-given_names", "Josué Antonio").await;
    type_into(&c, "#f-first_surname", "Quintanilla").await;
    type_into(&c, "#f-second_surname", "Ayala").await;
    type_into(&c, "#f-birth_date", "03/09/1991").await;
    select(&c, "#f-municipality", "San Salvador Este").await;
    select(&c, "#f-district", "Ilopango").await;
    click(&c, "#save-person").await;
    open_found(&c, "#search", "#persons-table tbody", "josue quintanilla", "Josué Antonio Quintanilla Ayala").await;
    wait_for_text(&c, "#person-name", |t| t.starts_with("Josué Antonio Quintanilla Ayala")).await;
    wait_for(&c, "#person-family-empty").await;

    // Two relatives from his page: the role is set, the relationship is asked for, and both are saved together.
    for (given, second, birth, kind) in
        [("Dolores", "Ayala", "21/04/1966", "mother"), ("Kevin Josué", "Mejía", "12/12/2012", "child")]
    {
        click(&c, "#person-new-relative").await;
        wait_for_text(&c, "#register-title", |t| t == "Registrar familiar").await;
        assert_eq!(value(&c, "#f-role").await, "relative");
        type_into(&c, "#f-given_names", given).await;
        type_into(&c, "#f-first_surname", "Quintanilla").await;
        type_into(&c, "#f-second_surname", second).await;
        type_into(&c, "#f-birth_date", birth).await;
        select(&c, "#f-municipality", "San Salvador Este").await;
        select(&c, "#f-district", "Ilopango").await;
        if kind == "mother" {
            click(&c, "#save-person").await;
            wait_for_text(&c, "#f-relationship-error", |t| t == "Este campo es obligatorio.").await;
            screenshot(&c, "field-09-relative-form").await;
        }
        select(&c, "#f-relationship", kind).await;
        click(&c, "#save-person").await;
        wait_for_text(&c, "#person-name", |t| t.starts_with("Josué Antonio Quintanilla Ayala")).await;
    }
    wait_for_text(&c, "#person-family", |t| {
        t.contains("Dolores Quintanilla Ayala · Madre") && t.contains("Kevin Josué Quintanilla Mejía · Hijo o hija")
    })
    .await;
    screenshot(&c, "field-10-participant-with-family").await;
    // The mother's page links back to him.
    click(&c, "#person-family li:first-child .link-name").await;
    wait_for_text(&c, "#person-family", |t| t.contains("Josué Antonio Quintanilla Ayala")).await;
    c.close().await.expect("close the app");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn switch_to_english_and_back_dates_stay_dd_mm_aaaa() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = store_with(dir.path(), &[]);
    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    unlock(&c, PASSPHRASE).await;
    wait_for_text(&c, "#nav-home", |t| t == "Inicio").await;
    wait_for_text(&c, "#home-visits", |t| t.contains("10/02/2024")).await;
    let title_es = wait_for(&c, "#home-title").await.text().await.expect("title");

    click(&c, "#switch-lang").await;
    wait_for_text(&c, "#nav-home", |t| t == "Home").await;
    wait_for_text(&c, "#switch-lang", |t| t == "Español").await;
    let title_en = wait_for(&c, "#home-title").await.text().await.expect("title");
    assert_ne!(title_en, title_es, "the heading is translated");
    wait_for_text(&c, "#home-visits", |t| t.contains("10/02/2024")).await;
    wait_for_text(&c, "#home-referrals", |t| t.contains("15/03/2024")).await;
    screenshot(&c, "field-11-english").await;

    click(&c, "#switch-lang").await;
    wait_for_text(&c, "#nav-home", |t| t == "Inicio").await;
    wait_for_text(&c, "#home-title", |t| t == title_es).await;
    wait_for_text(&c, "#home-visits", |t| t.contains("10/02/2024")).await;
    screenshot(&c, "field-12-back-in-spanish").await;
    c.close().await.expect("close the app");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn record_a_community_initiative_and_who_took_part() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = store_with(dir.path(), &[]);
    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    unlock(&c, PASSPHRASE).await;

    click(&c, "#nav-initiative").await;
    wait_for_text(&c, "#initiative-title", |t| t == "Iniciativa comunitaria").await;
    let today = value(&c, "#i-date").await;
    assert_eq!(today.len(), 10, "the date is prefilled as dd/mm/aaaa: {today}");
    click(&c, "#save-initiative").await;
    wait_for_text(&c, "#i-kind-error", |t| t == "Este campo es obligatorio.").await;
    wait_for_text(&c, "#i-name-error", |t| t == "Este campo es obligatorio.").await;
    wait_for_text(&c, "#i-municipality-error", |t| t == "Este campo es obligatorio.").await;
    type_into(&c, "#i-date", "32/01/2026").await;
    wait_for_text(&c, "#i-date-error", |t| t == "Fecha no válida: use dd/mm/aaaa.").await;
    type_into(&c, "#i-date", &today).await;

    select(&c, "#i-kind", "sports").await;
    type_into(&c, "#i-name", "Torneo de fútbol por la convivencia").await;
    select(&c, "#i-municipality", "San Salvador Este").await;
    type_into(&c, "#i-place", "Cancha de la colonia Las Margaritas").await;
    // People added by the same search as the home screen, without accents.
    type_into(&c, "#i-search", "marta nunez").await;
    wait_for_text(&c, "#i-search-results", |t| t.contains("Marta Elena Núñez")).await;
    click(&c, "#i-search-results .i-add").await;
    type_into(&c, "#i-search", "rosa").await;
    wait_for_text(&c, "#i-search-results", |t| t.contains("Rosa Núñez")).await;
    click(&c, "#i-search-results .i-add").await;
    wait_for_text(&c, "#i-chosen", |t| t.contains("Marta Elena Núñez") && t.contains("Rosa Núñez")).await;
    type_into(&c, "#i-headcount", "1").await;
    wait_for_text(&c, "#i-headcount-error", |t| t.starts_with("El total no puede ser menor")).await;
    type_into(&c, "#i-headcount", "45").await;
    assert!(c.find(Locator::Css("#i-headcount-error")).await.is_err(), "no error left");
    screenshot(&c, "field-13-initiative-form").await;
    click(&c, "#save-initiative").await;
    wait_for_text(&c, "#initiative-saved", |t| t == "Iniciativa «Torneo de fútbol por la convivencia» guardada.").await;
    assert_eq!(value(&c, "#i-name").await, "", "a fresh form after the save");
    screenshot(&c, "field-14-initiative-saved").await;

    // Marta's page shows the initiative she took part in on her timeline.
    click(&c, "#nav-home").await;
    open_found(&c, "#home-search", "#home-search-results", "marta", "Marta Elena").await;
    wait_for_text(&c, "#person-timeline li:first-child", |t| {
        t.starts_with(&today)
            && t.contains("Iniciativa comunitaria")
            && t.contains("Torneo de fútbol por la convivencia")
            && t.ends_with("deportiva")
    })
    .await;
    c.execute("document.getElementById('person-timeline').scrollIntoView()", vec![]).await.expect("scroll");
    screenshot(&c, "field-16-timeline-initiative").await;
    c.close().await.expect("close the app");
}

/// The alert the app raised (a confirm), its text; waits a little for it to show.
async fn alert_text(c: &Client) -> String {
    for _ in 0..50 {
        if let Ok(t) = c.get_alert_text().await {
            return t;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no confirm shown");
}

/// Waits until the app started for `db` has ended (killed, or closed its window).
async fn gone(db: &Path) {
    for _ in 0..100 {
        if app_pid(db).is_none() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the app did not end");
}

/// After a form was saved: waits until its draft `key` is gone from the store (the interface deletes it once the
/// save succeeded, in the background), then opens the form again with `button` and checks that no draft is offered.
/// The form asks the store for a draft when it opens, and the store holds none from before that: the answer cannot
/// bring an offer later, so there is nothing left to wait for (a fixed pause did this before).
async fn no_draft_then_open(c: &Client, key: &str, button: &str, form: &str) {
    wait_for_draft(c, key, |d| d.is_none()).await;
    click(c, button).await;
    wait_for(c, form).await;
    assert!(c.find(Locator::Css("#draft-offer")).await.is_err(), "no draft after saving");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn edit_a_person_with_a_draft_and_find_them_by_the_new_phone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = store_with(dir.path(), &[]);
    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    unlock(&c, PASSPHRASE).await;
    open_found(&c, "#home-search", "#home-search-results", "marta", "Marta Elena").await;
    wait_for_text(&c, "#person-profile", |t| t.contains("San Salvador Este / Soyapango")).await;

    // The form opens with what is stored; the role is shown but stays as registered.
    click(&c, "#person-edit").await;
    wait_for_text(&c, "#register-title", |t| t == "Editar datos de Marta Elena Núñez").await;
    assert_eq!(value(&c, "#f-given_names").await, "Marta Elena");
    assert_eq!(value(&c, "#f-birth_date").await, "02/06/1994");
    assert_eq!(value(&c, "#f-district").await, "Soyapango");
    assert_eq!(value(&c, "#f-release_date").await, "02/10/2023");
    let disabled = wait_for(&c, "#f-role").await.prop("disabled").await.expect("prop");
    assert_eq!(disabled.as_deref(), Some("true"));
    // Checked as typed.
    type_into(&c, "#f-phone", "siete mil").await;
    wait_for_text(&c, "#f-phone-error", |t| t.starts_with("Teléfono no válido")).await;
    type_into(&c, "#f-phone", "7012-3456").await;
    select(&c, "#f-district", "Ilopango").await;
    assert!(c.find(Locator::Css("#f-phone-error")).await.is_err(), "no error left");

    // Leaving with unsaved changes asks first; staying keeps the form, leaving keeps the draft (saved by then).
    wait_for_draft(&c, &format!("person:{MARTA}"), |d| {
        d.is_some_and(|d| d.contains("7012-3456") && d.contains("Ilopango"))
    })
    .await;
    click(&c, "#nav-home").await;
    assert!(alert_text(&c).await.starts_with("Este formulario tiene cambios sin guardar"));
    c.dismiss_alert().await.expect("stay");
    assert_eq!(value(&c, "#f-phone").await, "7012-3456", "still on the form");
    click(&c, "#nav-home").await;
    alert_text(&c).await;
    c.accept_alert().await.expect("leave");
    wait_for(&c, "#home-title").await;
    open_found(&c, "#home-search", "#home-search-results", "marta", "Marta Elena").await;
    click(&c, "#person-edit").await;
    wait_for_text(&c, "#draft-offer", |t| t.contains("borrador sin guardar")).await;
    assert_eq!(value(&c, "#f-phone").await, "", "the stored person until the draft is restored");
    click(&c, "#draft-restore").await;
    wait_gone(&c, "#draft-offer").await;
    assert_eq!(value(&c, "#f-phone").await, "7012-3456");
    assert_eq!(value(&c, "#f-district").await, "Ilopango");
    screenshot(&c, "field-15a-person-edit-form").await;

    click(&c, "#save-person").await;
    wait_for_text(&c, "#person-profile", |t| t.contains("San Salvador Este / Ilopango") && t.contains("7012-3456"))
        .await;
    wait_for_text(&c, "#person-name", |t| t.starts_with("Marta Elena Núñez")).await;
    screenshot(&c, "field-15-person-edited").await;

    // Saved: no draft is offered again, and the home search finds her by the new phone, as typed or as digits.
    no_draft_then_open(&c, &format!("person:{MARTA}"), "#person-edit", "#person-form").await;
    click(&c, "#cancel-person").await;
    click(&c, "#nav-home").await;
    for phone in ["70123456", "7012-3456"] {
        type_into(&c, "#home-search", phone).await;
        wait_for_text(&c, "#home-search-results", |t| t.contains("Marta Elena Núñez")).await;
    }
    c.close().await.expect("close the app");
}

/// The app at 10× the programme's data, for docs/performance.md (prints figures, asserts none). Runs only with
/// `REINTEGRA_BENCH_DB` naming a store made by `reintegra init` + `reintegra demo --participants 3000 --months 12`
/// with the passphrase of these tests.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a 10x store in REINTEGRA_BENCH_DB, the built app, tauri-driver and a display"]
async fn the_app_at_10x_cold_start_search_and_memory() {
    let Some(db) = std::env::var_os("REINTEGRA_BENCH_DB").map(std::path::PathBuf::from) else {
        eprintln!("REINTEGRA_BENCH_DB not set: nothing measured");
        return;
    };
    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let started = std::time::Instant::now();
    let c = driver.session(Lang::Es).await;
    wait_for(&c, "#unlock-passphrase").await;
    let to_unlock_screen = started.elapsed();
    type_into(&c, "#unlock-passphrase", PASSPHRASE).await;
    let unlock_at = std::time::Instant::now();
    click(&c, "#unlock-submit").await;
    wait_for(&c, "#home-visits-title").await;
    let unlock_to_home = unlock_at.elapsed();
    println!(
        "cold start: window with the unlock screen {} ms; unlock (key derivation, open) to the rendered home agenda {} ms",
        to_unlock_screen.as_millis(),
        unlock_to_home.as_millis()
    );

    let mut times = Vec::new();
    for query in ["maria", "hernandez", "nunez lopez", "7", "jose antonio", "garcia", "flores", "rosa"] {
        let clear = format!(
            "{}a{}{}",
            char::from(fantoccini::key::Key::Control),
            char::from(fantoccini::key::Key::Null),
            char::from(fantoccini::key::Key::Backspace)
        );
        wait_for(&c, "#home-search").await.send_keys(&clear).await.expect("clear");
        while c.find(Locator::Css("#home-search-count")).await.is_ok()
            || c.find(Locator::Css("#home-search-empty")).await.is_ok()
        {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let el = wait_for(&c, "#home-search").await;
        let t0 = std::time::Instant::now();
        el.send_keys(query).await.expect("type");
        while c.find(Locator::Css("#home-search-count")).await.is_err()
            && c.find(Locator::Css("#home-search-empty")).await.is_err()
        {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let ms = t0.elapsed().as_millis();
        let shown = c.find(Locator::Css("#home-search-count")).await;
        let count = match shown {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::from("0"),
        };
        println!("search while typing {:>2} characters: results shown after {ms} ms ({count})", query.len());
        times.push(ms);
    }
    times.sort_unstable();
    println!("search: median {} ms, worst {} ms", times[times.len() / 2], times[times.len() - 1]);

    // Memory once the home screen and a few searches were shown, and after the people list was paged.
    let pid = app_pid(&db).expect("the app's process");
    let report = |when: &str| {
        let procs = with_descendants(pid);
        let total: u64 = procs.iter().map(|(p, _)| rss_kb(*p)).sum();
        let parts: Vec<String> = procs.iter().map(|(p, n)| format!("{n} {} MB", rss_kb(*p) / 1024)).collect();
        println!("memory {when}: {} MB resident in all ({})", total / 1024, parts.join(", "));
    };
    report("after the home screen and 8 searches");
    click(&c, "#nav-persons").await;
    wait_for(&c, "#persons-table").await;
    for _ in 0..5 {
        click(&c, "#page-next").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    report("after paging the people list");
    c.close().await.expect("close the app");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn closing_the_window_with_a_half_filled_registration_asks_and_keeps_a_draft() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = store_with(dir.path(), &[]);
    {
        let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
        let c = driver.session(Lang::Es).await;
        unlock(&c, PASSPHRASE).await;
        click(&c, "#nav-persons").await;
        click(&c, "#new-person").await;
        type_into(&c, "#f-given_names", "Cecilia").await;
        type_into(&c, "#f-first_surname", "Portillo").await;
        type_into(&c, "#f-phone", "7123-4567").await;
        // What the shell sends when the window is asked to close while a form has unsaved input (the window
        // manager's close button cannot be pressed through WebDriver, whose own close skips the request).
        let close = "window.__TAURI__.event.emit('close-requested', null)";
        c.execute(close, vec![]).await.expect("emit");
        assert!(alert_text(&c).await.starts_with("Este formulario tiene cambios sin guardar; ya se guardaron"));
        c.dismiss_alert().await.expect("stay");
        assert_eq!(value(&c, "#f-first_surname").await, "Portillo", "still on the form");
        c.execute(close, vec![]).await.expect("emit");
        alert_text(&c).await;
        c.accept_alert().await.expect("close");
        // The app closes its window and ends.
        gone(&db).await;
        drop(c);
    }
    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    unlock(&c, PASSPHRASE).await;
    click(&c, "#nav-persons").await;
    click(&c, "#new-person").await;
    wait_for_text(&c, "#draft-offer", |t| t.contains("borrador sin guardar")).await;
    click(&c, "#draft-restore").await;
    wait_gone(&c, "#draft-offer").await;
    assert_eq!(value(&c, "#f-given_names").await, "Cecilia");
    assert_eq!(value(&c, "#f-phone").await, "7123-4567");
    click(&c, "#save-person").await;
    wait_for_text(&c, "#f-birth_date-error", |t| t == "Este campo es obligatorio.").await;
    screenshot(&c, "field-17-register-draft-restored").await;
    type_into(&c, "#f-birth_date", "05/05/1985").await;
    select(&c, "#f-municipality", "San Salvador Este").await;
    click(&c, "#save-person").await;
    type_into(&c, "#search", "7123-4567").await;
    wait_for_text(&c, "#persons-table tbody", |t| t.contains("Cecilia Portillo")).await;
    no_draft_then_open(&c, "register:new", "#new-person", "#person-form").await;
    c.close().await.expect("close the app");
}
