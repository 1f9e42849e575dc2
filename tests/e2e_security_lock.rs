//! Locking the real window: Ctrl+L anywhere and the «Bloquear» button close the store at once, with the form being
//! typed kept as a draft that the same form offers after unlocking; the unlock screen offers the last login and
//! answers wrong passphrases and the back-off wait in Spanish (for that login only); with no input for the idle
//! limit the app locks by itself. Every lock is in the audit log.

use std::path::Path;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use reintegra_tests::*;

const FIELD_PASSPHRASE: &str = "otra frase de campo";

/// A store made by the CLI (its first user is `admin`) with Marta, a participant.
fn store(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("lock.db");
    init(&db, "Laptop Soyapango 1", "field", &[]);
    load(&db, &[marta()]);
    db
}

/// The audit log's actions as "user action subject" lines (read with the CLI as `login` once the app is closed).
fn audit(db: &Path, login: &str, passphrase: &str) -> Vec<String> {
    cli(db, passphrase, &[os("--user"), os(login), os("audit"), os("list")])
        .lines()
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            cols[2..].join(" ").trim_end().to_owned()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn ctrl_l_locks_at_once_and_the_form_comes_back_as_a_draft() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = store(dir.path());
    const TYPED: &str = "Observación escrita justo antes de bloquear";
    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    // The login of the last unlock (the CLI's, the store's first user) is offered.
    assert_eq!(value(&c, "#unlock-user").await, "admin");
    unlock(&c, PASSPHRASE).await;

    // A home visit being typed; Ctrl+L in the text area locks at once, before the two-second draft timer.
    open_found(&c, "#home-search", "#home-search-results", "marta", "Marta Elena").await;
    click(&c, "#person-new-visit").await;
    type_into(&c, "#v-purpose", "Visita de seguimiento").await;
    let notes = wait_for(&c, "#v-observations").await;
    notes.send_keys(TYPED).await.expect("type");
    notes.send_keys(&format!("{}l{}", char::from(Key::Control), char::from(Key::Null))).await.expect("ctrl+l");
    wait_for_text(&c, "#unlock-locked", |t| t.contains("quedó guardado como borrador")).await;
    assert!(c.find(Locator::Css("#visit-form")).await.is_err(), "the form is gone with the store");
    assert!(c.find(Locator::Css("#lock-now")).await.is_err(), "no navigation while locked");
    assert_eq!(value(&c, "#unlock-user").await, "admin");
    screenshot(&c, "security-01-locked").await;

    // Unlocking returns to the form being typed, which offers its draft.
    unlock_into_form(&c).await;
    wait_for_text(&c, "#draft-offer", |t| t.contains("borrador sin guardar")).await;
    click(&c, "#draft-restore").await;
    wait_gone(&c, "#draft-offer").await;
    assert_eq!(value(&c, "#v-observations").await, TYPED);
    assert_eq!(value(&c, "#v-purpose").await, "Visita de seguimiento");
    screenshot(&c, "security-02-draft-after-unlock").await;

    // The «Bloquear» button, by keyboard: it is in the top bar with its hint, and locks the same way.
    let button = wait_for(&c, "#lock-now").await;
    assert_eq!(button.text().await.expect("text"), "Bloquear");
    assert_eq!(button.attr("title").await.expect("title").as_deref(), Some("Bloquear ahora (Ctrl+L)"));
    c.execute("document.getElementById('lock-now').focus()", vec![]).await.expect("focus");
    button.send_keys(&Key::Enter.to_string()).await.expect("enter");
    wait_for(&c, "#unlock-locked").await;
    unlock_into_form(&c).await;
    wait_for_text(&c, "#draft-offer", |t| t.contains("borrador sin guardar")).await;
    c.close().await.expect("close the app");
    drop(driver);

    let log = audit(&db, "admin", PASSPHRASE);
    let locks = log.iter().filter(|l| *l == "admin lock").count();
    assert_eq!(locks, 2, "Ctrl+L and the button: {log:?}");
}

/// Unlocks when the form, not the home screen, comes back.
async fn unlock_into_form(c: &Client) {
    type_into(c, "#unlock-passphrase", PASSPHRASE).await;
    click(c, "#unlock-submit").await;
    wait_for(c, "#visit-form").await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn with_no_input_the_app_locks_by_itself_and_offers_the_last_user() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = store(dir.path());
    let mut add = std::process::Command::new(cli_binary());
    add.args(["users", "add", "--login", "campo-07", "--role", "supervisor", "--db"])
        .arg(&db)
        .env("REINTEGRA_PASSPHRASE", PASSPHRASE)
        .env("REINTEGRA_NEW_PASSPHRASE", FIELD_PASSPHRASE);
    assert!(add.status().expect("users add").success());

    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0"), ("REINTEGRA_IDLE_LOCK_SECONDS", "3")]);
    let c = driver.session(Lang::Es).await;
    assert_eq!(value(&c, "#unlock-user").await, "admin");
    // Wrong passphrases are answered in Spanish; after three the wait is enforced even for the right one.
    for _ in 0..3 {
        type_into(&c, "#unlock-passphrase", "no es la frase").await;
        click(&c, "#unlock-submit").await;
        // The field is emptied with each answer (and only then).
        wait_for_text(&c, "#unlock-error", |t| t.starts_with("Frase de acceso incorrecta")).await;
        while !value(&c, "#unlock-passphrase").await.is_empty() {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
    type_into(&c, "#unlock-passphrase", PASSPHRASE).await;
    click(&c, "#unlock-submit").await;
    let wait = wait_for_text(&c, "#unlock-error", |t| t.starts_with("Demasiados intentos fallidos. Espere")).await;
    assert!(wait.contains(" segundos"), "{wait}");
    screenshot(&c, "security-03-backoff").await;

    // The wait holds back that login only: a colleague unlocks under their own, then leaves the laptop alone.
    type_into(&c, "#unlock-user", "campo-07").await;
    unlock(&c, FIELD_PASSPHRASE).await;
    wait_for_text(&c, "#unlock-locked", |t| t.starts_with("La aplicación se bloqueó")).await;
    assert!(c.find(Locator::Css("#home-title")).await.is_err());
    assert_eq!(value(&c, "#unlock-user").await, "campo-07", "the last login is offered");
    screenshot(&c, "security-04-idle-locked").await;
    c.close().await.expect("close the app");
    drop(driver);

    // Read as the colleague: the administrator must still wait.
    let log = audit(&db, "campo-07", FIELD_PASSPHRASE);
    assert!(log.iter().any(|l| l == "campo-07 lock idle"), "{log:?}");
    assert!(log.iter().any(|l| l == "admin login_failed 3"), "the failures, in the name they were tried: {log:?}");
}
