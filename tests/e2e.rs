//! The real app window, driven like a person would: under Xvfb, through tauri-driver and WebDriver.
//! Run by `.ci/test.sh` (which builds the app and provides the display); `cargo test -- --include-ignored` too.

use reintegra_tests::*;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver and a display: run .ci/test.sh"]
async fn register_a_participant_find_them_restart_and_find_them_again() {
    // Screenshots of an earlier failed run would mislead whoever looks at this one.
    for old in std::fs::read_dir(screenshot_dir()).into_iter().flatten().flatten() {
        if old.file_name().to_string_lossy().starts_with("failed-") {
            let _ = std::fs::remove_file(old.path());
        }
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("e2e.db");
    let driver = Driver::start(&db, 20, &[]);

    // First start: the app asks for a passphrase and creates the encrypted store with demo data.
    let c = driver.session(Lang::Es).await;
    type_into(&c, "#setup-passphrase", PASSPHRASE).await;
    type_into(&c, "#setup-passphrase-again", PASSPHRASE).await;
    click(&c, "#setup-submit").await;
    // The recovery key is shown once, before anything else: 32 characters in groups of four.
    let key = wait_for_text(&c, "#recovery-key", |t| t.split('-').count() == 8).await;
    assert!(key.split('-').all(|g| g.len() == 4), "{}", key.len());
    screenshot(&c, "00-recovery-key").await;
    click(&c, "#recovery-done").await;
    // The home screen comes first; the people list is one click away.
    wait_for(&c, "#home-title").await;
    click(&c, "#nav-persons").await;
    wait_for_text(&c, "#persons-count", |t| t.ends_with("personas")).await;
    assert!(db.is_file(), "the store was created");

    // The form refuses what is invalid, field by field, in Spanish.
    click(&c, "#new-person").await;
    type_into(&c, "#f-given_names", "Canario Ángel").await;
    type_into(&c, "#f-first_surname", "Núñez").await;
    type_into(&c, "#f-birth_date", "30/02/1990").await;
    type_into(&c, "#f-dui", "00016297-4").await;
    click(&c, "#save-person").await;
    wait_for_text(&c, "#form-errors", |t| t == "Revise los campos marcados.").await;
    wait_for_text(&c, "#f-birth_date-error", |t| t == "Fecha no válida: use dd/mm/aaaa.").await;
    wait_for_text(&c, "#f-dui-error", |t| t.starts_with("DUI no válido")).await;
    wait_for_text(&c, "#f-municipality-error", |t| t == "Este campo es obligatorio.").await;
    screenshot(&c, "01-form-errors").await;

    // Corrected, it is stored, and the list finds it without accents.
    type_into(&c, "#f-birth_date", "14/02/1990").await;
    type_into(&c, "#f-dui", "00016297-5").await;
    select(&c, "#f-municipality", "San Salvador Este").await;
    select(&c, "#f-district", "Soyapango").await;
    click(&c, "#save-person").await;
    type_into(&c, "#search", "canario nunez").await;
    wait_for_text(&c, "#persons-table tbody", |t| t.contains("Canario Ángel Núñez") && t.contains("00016297-5")).await;
    wait_for_text(&c, "#persons-count", |t| t == "1 persona").await;
    let shot = screenshot(&c, "02-registered-and-found").await;
    c.close().await.expect("close the app");

    // Started again: the passphrase is asked for, a wrong one opens nothing, the right one finds the person.
    let c = driver.session(Lang::Es).await;
    type_into(&c, "#unlock-passphrase", "no es la frase").await;
    click(&c, "#unlock-submit").await;
    wait_for_text(&c, "main .error", |t| t.starts_with("Frase de acceso incorrecta")).await;
    unlock(&c, PASSPHRASE).await;
    click(&c, "#nav-persons").await;
    type_into(&c, "#search", "00016297-5").await;
    wait_for_text(&c, "#persons-count", |t| t == "1 persona").await;
    wait_for_text(&c, "#persons-table tbody", |t| t.contains("Canario Ángel Núñez")).await;
    screenshot(&c, "03-found-after-restart").await;
    c.close().await.expect("close the app");
    assert!(shot.is_file());
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver and a display: run .ci/test.sh"]
async fn first_start_makes_this_computer_the_central_file_or_a_laptop_with_its_workers() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (role, device, workers) in [
        ("supervisor", "Central San Salvador", None),
        ("field", "Portátil Soyapango 2", Some("Ana Portillo, Mario Ayala")),
    ] {
        let db = dir.path().join(format!("{role}.db"));
        let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
        let c = driver.session(Lang::Es).await;
        // A field laptop is offered first, with the workers whose caseload it carries.
        wait_for(&c, "#setup-workers").await;
        select(&c, "#setup-role", role).await;
        match workers {
            Some(w) => type_into(&c, "#setup-workers", w).await,
            None => {
                // The central file carries every caseload: nobody to name.
                wait_for_text(&c, "#setup-title", |t| !t.is_empty()).await;
                assert!(
                    c.find(fantoccini::Locator::Css("#setup-workers")).await.is_err(),
                    "no workers for the central file"
                );
            }
        }
        type_into(&c, "#setup-device", device).await;
        type_into(&c, "#setup-passphrase", PASSPHRASE).await;
        type_into(&c, "#setup-passphrase-again", PASSPHRASE).await;
        screenshot(&c, &format!("00-first-start-{role}")).await;
        click(&c, "#setup-submit").await;
        wait_for_text(&c, "#recovery-key", |t| t.split('-').count() == 8).await;
        click(&c, "#recovery-done").await;
        wait_for(&c, "#home-title").await;
        wait_for_text(&c, ".topbar .device", |t| t == device).await;
        c.close().await.expect("close the app");
        drop(driver);

        // What the store says of itself, read with the command line once the app is closed.
        let card: serde_json::Value =
            serde_json::from_str(&cli(&db, PASSPHRASE, &[os("keys"), os("public"), os("--json")])).expect("json");
        assert_eq!(card["role"], role, "{card}");
        assert_eq!(card["name"], device, "{card}");
        let carried: Vec<&str> = card["workers"].as_array().into_iter().flatten().filter_map(|w| w.as_str()).collect();
        let expected: Vec<&str> = workers.map(|w| w.split(", ").collect()).unwrap_or_default();
        assert_eq!(carried, expected, "{card}");
    }
}
