//! Running a programme's devices and people from the window, in two real apps side by side: a field laptop and the
//! central file exchange their device cards through a shared folder (each saves its own, the other reads it, the
//! words are the same on both screens, the central file chooses the laptop's caseload), the first bundle completes
//! the pairing; a user added on the laptop unlocks it, changes their passphrase, makes a recovery key and resets a
//! forgotten passphrase with it; the central file revokes the laptop and its next bundle is refused, in Spanish.
//! The command line only checks the result at the end.

use std::path::Path;

use fantoccini::{Client, Locator};
use reintegra_tests::*;

const CENTRAL: &str = "Central San Salvador";
const LAPTOP: &str = "Portátil Ana";
const WORKER: &str = "Ana Portillo";
const FIELD_USER: &str = "campo.ana";
const FIELD_PASS: &str = "frase de la promotora";
const FIELD_NEW: &str = "otra frase de la promotora";
const FIELD_RESET: &str = "frase puesta con la clave";

async fn lock_and_unlock(c: &Client, login: &str, passphrase: &str) {
    click(c, "#lock-now").await;
    type_into(c, "#unlock-user", login).await;
    type_into(c, "#unlock-passphrase", passphrase).await;
    click(c, "#unlock-submit").await;
    // Unlocked: back on the screen it was locked on (or home, if this user may not see that one).
    wait_for(c, "#lock-now").await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn pairing_users_passphrases_and_revoking_in_the_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (central, laptop) = (dir.path().join("central.db"), dir.path().join("laptop.db"));
    let folder = dir.path().join("carpeta-compartida");
    std::fs::create_dir(&folder).expect("folder");
    init(&central, CENTRAL, "supervisor", &[]);
    init(&laptop, LAPTOP, "field", &[WORKER]);
    // Something the laptop registered: its first bundle carries it.
    load(
        &laptop,
        &[serde_json::json!({"type": "person", "id": MARTA, "role": "participant",
        "given_names": "Marta Elena", "first_surname": "Núñez", "birth_date": "1994-06-02",
        "municipality": "San Salvador Este", "assigned_worker": WORKER})],
    );

    let env = [("REINTEGRA_AUTOSYNC_SECONDS", "0")];
    let (dc, df) = (Driver::start(&central, 0, &env), Driver::start(&laptop, 0, &env));
    let (c, f) = (dc.session(Lang::Es).await, df.session(Lang::Es).await);
    unlock(&c, PASSPHRASE).await;
    unlock(&f, PASSPHRASE).await;
    set_sync_folder(&c, &folder).await;
    set_sync_folder(&f, &folder).await;

    // The laptop saves its card to the sync folder (the path offered), and shows its words.
    open_tab(&f, "tab-devices").await;
    let offered = value(&f, "#device-card-path").await;
    assert_eq!(Path::new(&offered), folder.join("tarjeta-portatil-ana.json"), "the sync folder and the device's name");
    click(&f, "#device-card-save").await;
    wait_for(&f, "#device-card-saved").await;
    let laptop_words = attr(&f, "#device-me-words", "data-words").await;
    assert_eq!(laptop_words.split(' ').count(), 6, "{laptop_words}");
    screenshot(&f, "admin-01-field-devices").await;

    // The central file reads it: the same words; its caseload chosen; trusted.
    open_tab(&c, "tab-devices").await;
    let read = read_card(&c, &folder.join("tarjeta-portatil-ana.json")).await;
    assert_eq!(read, laptop_words, "the words read aloud are the same on both screens");
    wait_for_text(&c, "#device-add-name", |t| t.contains(LAPTOP) && t.contains(WORKER)).await;
    assert_eq!(value(&c, "#device-add-workers").await, WORKER, "the card's caseload offered");
    screenshot(&c, "admin-02-central-compare").await;
    click(&c, "#device-add-confirm").await;
    wait_for(&c, "#device-add-done").await;
    let row = format!("#devices-list tr[data-name='{LAPTOP}']");
    wait_for_text(&c, &row, |t| t.contains("Esperando el primer paquete")).await;
    click(&c, "#device-card-save").await;
    wait_for(&c, "#device-card-saved").await;
    let central_words = attr(&c, "#device-me-words", "data-words").await;

    // The laptop adds the central file's card.
    let read = read_card(&f, &folder.join("tarjeta-central-san-salvador.json")).await;
    assert_eq!(read, central_words);
    assert!(f.find(Locator::Css("#device-add-workers")).await.is_err(), "a laptop chooses no caseload");
    click(&f, "#device-add-confirm").await;
    wait_for_text(&f, &format!("#devices-list tr[data-name='{CENTRAL}']"), |t| t.contains("Esperando")).await;
    // Its own card again is refused, saying why.
    type_into(&f, "#device-add-path", &folder.join("tarjeta-portatil-ana.json").to_string_lossy()).await;
    click(&f, "#device-add-read").await;
    wait_for_text(&f, "#device-add-error", |t| t.contains("este mismo equipo")).await;

    // The first bundle from the laptop completes the pairing.
    sync_now(&f).await;
    sync_now(&c).await;
    open_tab(&c, "tab-devices").await;
    wait_for_text(&c, &row, |t| t.contains("Emparejado")).await;
    screenshot(&c, "admin-03-central-devices").await;

    // A user added on the laptop unlocks it.
    open_tab(&f, "tab-users").await;
    type_into(&f, "#user-login", FIELD_USER).await;
    type_into(&f, "#user-name", WORKER).await;
    select(&f, "#user-role", "field").await;
    type_into(&f, "#user-worker", WORKER).await;
    type_into(&f, "#user-passphrase", FIELD_PASS).await;
    type_into(&f, "#user-passphrase-again", FIELD_PASS).await;
    type_into(&f, "#user-my-passphrase", PASSPHRASE).await;
    click(&f, "#user-add").await;
    wait_for(&f, &format!("#user-{}", FIELD_USER.replace('.', "\\."))).await;
    screenshot(&f, "admin-04-users").await;
    lock_and_unlock(&f, FIELD_USER, FIELD_PASS).await;

    // The field user changes their passphrase, and unlocks with the new one.
    click(&f, "#nav-admin").await;
    wait_for(&f, "#tab-account").await;
    assert!(f.find(Locator::Css("#tab-users")).await.is_err(), "users are an administrator's screen");
    click(&f, "#tab-account").await;
    type_into(&f, "#account-current", FIELD_PASS).await;
    type_into(&f, "#account-new", FIELD_NEW).await;
    type_into(&f, "#account-new-again", FIELD_NEW).await;
    click(&f, "#account-change").await;
    wait_for(&f, "#account-changed").await;
    type_into(&f, "#account-recovery-passphrase", FIELD_NEW).await;
    click(&f, "#account-recovery-make").await;
    let recovery = wait_for_text(&f, "#account-recovery-key", |t| t.len() > 10).await;
    screenshot(&f, "admin-05-account").await;
    lock_and_unlock(&f, FIELD_USER, FIELD_NEW).await;

    // Forgotten: the recovery key sets a new one and unlocks.
    click(&f, "#lock-now").await;
    click(&f, "#unlock-forgot").await;
    type_into(&f, "#reset-user", FIELD_USER).await;
    type_into(&f, "#reset-recovery", "no es la clave").await;
    type_into(&f, "#reset-passphrase", FIELD_RESET).await;
    type_into(&f, "#reset-passphrase-again", FIELD_RESET).await;
    click(&f, "#reset-submit").await;
    wait_for_text(&f, "#reset-error", |t| t.contains("recuperación")).await;
    type_into(&f, "#reset-recovery", &recovery).await;
    screenshot(&f, "admin-06-reset").await;
    click(&f, "#reset-submit").await;
    wait_for(&f, "#lock-now").await;
    lock_and_unlock(&f, FIELD_USER, FIELD_RESET).await;

    // The laptop takes in the central file's bundle and answers; the central file revokes it before reading that.
    sync_now(&f).await;
    open_tab(&c, "tab-devices").await;
    let id = attr(&c, &row, "id").await;
    click(&c, &format!("#{}", id.replace("device-", "device-revoke-"))).await;
    wait_for_text(&c, "#device-revoke-panel", |t| t.contains("Sus paquetes se rechazarán desde ahora")).await;
    // The panel moves the focus to its confirm button once drawn (a moment after its text shows).
    let started = std::time::Instant::now();
    let focused = loop {
        let focused = c.execute("return document.activeElement && document.activeElement.id;", vec![]).await;
        let focused = focused.ok().and_then(|v| v.as_str().map(str::to_owned));
        if focused.as_deref() == Some("device-revoke-confirm") || started.elapsed() > TIMEOUT {
            break focused;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(focused.as_deref(), Some("device-revoke-confirm"));
    screenshot(&c, "admin-07-revoke").await;
    click(&c, "#device-revoke-confirm").await;
    wait_for_text(&c, &row, |t| t.contains("Revocado")).await;
    sync_now(&c).await;
    wait_for_text(&c, "#sync-refused", |t| t.contains("el equipo emisor fue revocado")).await;
    screenshot(&c, "admin-08-refused").await;

    // The command line checks what the stores hold, the apps closed.
    let _ = (c.close().await, f.close().await);
    drop((dc, df));
    let devices: serde_json::Value =
        serde_json::from_str(&cli(&central, PASSPHRASE, &[os("devices"), os("list"), os("--json")])).expect("json");
    let d = &devices["devices"][0];
    assert_eq!((d["name"].as_str(), d["workers"][0].as_str()), (Some(LAPTOP), Some(WORKER)));
    assert!(d["revoked_at_ms"].is_i64(), "{d}");
    assert_eq!(d["words"].as_array().map(|w| w.len()), Some(6));
    let users: serde_json::Value =
        serde_json::from_str(&cli(&laptop, PASSPHRASE, &[os("users"), os("list"), os("--json")])).expect("json");
    let added = users.as_array().and_then(|u| u.iter().find(|u| u["login"] == FIELD_USER)).expect("the user");
    assert_eq!((added["role"].as_str(), added["name"].as_str()), (Some("field"), Some(WORKER)));
    for (name, cli_db) in [("central", &central), ("laptop", &laptop)] {
        let audit = cli(cli_db, PASSPHRASE, &[os("audit"), os("list"), os("--limit"), os("500"), os("--json")]);
        assert!(audit.contains("device_added"), "{name}: {audit}");
    }
}
