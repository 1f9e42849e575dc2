//! A programme set up from nothing in the real window (issue #14, "What it must show"): three apps started on
//! stores that do not exist yet, sharing one sync folder. The central file and two field laptops are created from
//! the first-start screen; the laptops are paired with the central file through the folder (cards saved and read,
//! the six words compared on both screens, each laptop's caseload chosen on the central file); a user added on a
//! laptop unlocks it and registers a participant, who arrives at the central file; an exemption (voucher card) and an
//! appeal (payroll review list) change last month's payroll; a rules version from next month is previewed (the
//! participant whose outcome changes listed) and saved; a relative enrolled in parent training; a case plan with two
//! goals, one achieved; the anonymous workbook written; laptop 2 revoked and its next bundle refused, in Spanish.
//! The command line is called only at the end, to check what the stores hold.

use std::path::Path;

use fantoccini::{Client, Locator};
use reintegra_tests::*;
use serde_json::Value;

const CENTRAL: &str = "Central San Salvador";
const LAPTOP1: &str = "Portátil Ana";
const LAPTOP2: &str = "Portátil Mario";
const WORKER1: &str = "Ana Portillo";
const WORKER2: &str = "Mario Ayala";
const FIELD_USER: &str = "campo.ana";
const FIELD_PASS: &str = "frase de la promotora";

/// The first day of the month `n` months from this one, as the window writes dates (dd/mm/aaaa).
fn first_day(n: i32) -> String {
    let (y, m) = month(n);
    format!("01/{m:02}/{y:04}")
}

/// The first-start screen: what this computer is, its name, its workers (a laptop), the passphrase; the recovery
/// key shown once and acknowledged.
async fn first_start(c: &Client, role: &str, device: &str, workers: Option<&str>, shot: &str) {
    wait_for(c, "#setup-role").await;
    select(c, "#setup-role", role).await;
    if let Some(w) = workers {
        type_into(c, "#setup-workers", w).await;
    } else {
        wait_for_text(c, "#setup-title", |t| !t.is_empty()).await;
        assert!(c.find(Locator::Css("#setup-workers")).await.is_err(), "the central file names no workers");
    }
    type_into(c, "#setup-device", device).await;
    type_into(c, "#setup-passphrase", PASSPHRASE).await;
    type_into(c, "#setup-passphrase-again", PASSPHRASE).await;
    screenshot(c, shot).await;
    if role == "supervisor" {
        axe(c, "first start (central file)").await;
    }
    click(c, "#setup-submit").await;
    wait_for_text(c, "#recovery-key", |t| t.split('-').count() == 8).await;
    click(c, "#recovery-done").await;
    wait_for(c, "#home-title").await;
    let shown = c
        .execute("const d = document.querySelector('.topbar .device'); return d ? d.textContent.trim() : '';", vec![])
        .await
        .expect("device name");
    assert_eq!(shown.as_str(), Some(device), "the menu names this computer");
}

/// Saves this device's card (to the path offered: the sync folder) and returns (its path, its words).
async fn save_card(c: &Client) -> (String, String) {
    open_tab(c, "tab-devices").await;
    let path = value(c, "#device-card-path").await;
    click(c, "#device-card-save").await;
    wait_for(c, "#device-card-saved").await;
    (path, attr(c, "#device-me-words", "data-words").await)
}

/// Registers a participant from the people list (new person form).
async fn register_participant(c: &Client, given: &str, surname: &str, birth: &str) {
    click(c, "#nav-persons").await;
    click(c, "#new-person").await;
    type_into(c, "#f-given_names", given).await;
    type_into(c, "#f-first_surname", surname).await;
    type_into(c, "#f-birth_date", birth).await;
    select(c, "#f-municipality", "San Salvador Este").await;
    select(c, "#f-district", "Soyapango").await;
    click(c, "#save-person").await;
    type_into(c, "#search", given).await;
    wait_for_text(c, "#persons-table tbody", |t| t.contains(&format!("{given} {surname}"))).await;
}

/// Enrols the person whose page is open in the voucher component from `start`.
async fn enrol_voucher(c: &Client, start: &str) {
    select(c, "#enrol-component", "voucher").await;
    type_into(c, "#enrol-start", start).await;
    click(c, "#enrol-save").await;
    wait_for_text(c, "#enrolment-0", |t| t.contains(start)).await;
}

fn json(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn a_programme_is_set_up_from_nothing_in_the_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (central, laptop1, laptop2) =
        (dir.path().join("central.db"), dir.path().join("laptop1.db"), dir.path().join("laptop2.db"));
    let folder = dir.path().join("carpeta-compartida");
    std::fs::create_dir(&folder).expect("folder");
    let out = dir.path().join("informes");
    std::fs::create_dir(&out).expect("folder");
    for db in [&central, &laptop1, &laptop2] {
        assert!(!db.exists(), "no store before the first start");
    }

    let env = [("REINTEGRA_AUTOSYNC_SECONDS", "0")];
    let (dc, d1, d2) =
        (Driver::start(&central, 0, &env), Driver::start(&laptop1, 0, &env), Driver::start(&laptop2, 0, &env));
    let (c, f1, f2) = (dc.session(Lang::Es).await, d1.session(Lang::Es).await, d2.session(Lang::Es).await);

    // 1-2. What each computer is, chosen on its first start.
    first_start(&c, "supervisor", CENTRAL, None, "programme-from-nothing-01-first-start-central").await;
    first_start(&f1, "field", LAPTOP1, Some(WORKER1), "programme-from-nothing-02-first-start-laptop").await;
    first_start(&f2, "field", LAPTOP2, Some(WORKER2), "programme-from-nothing-02b-first-start-laptop2").await;
    for app in [&c, &f1, &f2] {
        set_sync_folder(app, &folder).await;
    }
    screenshot(&f1, "programme-from-nothing-03-sync-folder").await;

    // Cards exchanged through the shared folder, the words compared on both screens, the caseloads chosen.
    let (central_card, central_words) = save_card(&c).await;
    assert!(Path::new(&central_card).starts_with(&folder), "the card offered in the sync folder: {central_card}");
    for (f, name, worker) in [(&f1, LAPTOP1, WORKER1), (&f2, LAPTOP2, WORKER2)] {
        let (card, words) = save_card(f).await;
        assert!(Path::new(&card).starts_with(&folder), "{card}");
        assert_eq!(words.split(' ').count(), 6, "{words}");
        open_tab(&c, "tab-devices").await;
        let read = read_card(&c, Path::new(&card)).await;
        assert_eq!(read, words, "the words read aloud are the same on both screens");
        wait_for_text(&c, "#device-add-name", |t| t.contains(name)).await;
        type_into(&c, "#device-add-workers", worker).await;
        if name == LAPTOP1 {
            screenshot(&c, "programme-from-nothing-04-central-compares-words").await;
        }
        click(&c, "#device-add-confirm").await;
        wait_for(&c, "#device-add-done").await;
        wait_for(&c, &format!("#devices-list tr[data-name='{name}'][data-state='waiting']")).await;

        open_tab(f, "tab-devices").await;
        let read = read_card(f, Path::new(&central_card)).await;
        assert_eq!(read, central_words, "the central file's words, the same on the laptop");
        if name == LAPTOP1 {
            screenshot(f, "programme-from-nothing-05-laptop-compares-words").await;
        }
        click(f, "#device-add-confirm").await;
        wait_for(f, &format!("#devices-list tr[data-name='{CENTRAL}']")).await;
    }
    // The first bundles complete the pairing.
    sync_now(&f1).await;
    sync_now(&f2).await;
    sync_now(&c).await;
    open_tab(&c, "tab-devices").await;
    for name in [LAPTOP1, LAPTOP2] {
        wait_for(&c, &format!("#devices-list tr[data-name='{name}'][data-state='paired']")).await;
    }
    screenshot(&c, "programme-from-nothing-06-central-devices-paired").await;
    axe(&c, "devices (central file)").await;

    // 3. A user added on laptop 1, who then unlocks it.
    open_tab(&f1, "tab-users").await;
    type_into(&f1, "#user-login", FIELD_USER).await;
    type_into(&f1, "#user-name", WORKER1).await;
    select(&f1, "#user-role", "field").await;
    type_into(&f1, "#user-worker", WORKER1).await;
    type_into(&f1, "#user-passphrase", FIELD_PASS).await;
    type_into(&f1, "#user-passphrase-again", FIELD_PASS).await;
    type_into(&f1, "#user-my-passphrase", PASSPHRASE).await;
    click(&f1, "#user-add").await;
    wait_for(&f1, &format!("#user-{}", FIELD_USER.replace('.', "\\."))).await;
    screenshot(&f1, "programme-from-nothing-07-laptop-users").await;
    click(&f1, "#lock-now").await;
    type_into(&f1, "#unlock-user", FIELD_USER).await;
    type_into(&f1, "#unlock-passphrase", FIELD_PASS).await;
    screenshot(&f1, "programme-from-nothing-08-unlock-as-user").await;
    click(&f1, "#unlock-submit").await;
    wait_for(&f1, "#lock-now").await;

    // 4. A participant registered on laptop 1 by that user, in Ana's caseload; synced to the central file.
    register_participant(&f1, "Beatriz", "Alvarado", "12/03/1991").await;
    open_person(&f1, "beatriz alvarado", "Beatriz Alvarado").await;
    select(&f1, "#status-value", "active").await;
    type_into(&f1, "#status-worker", WORKER1).await;
    click(&f1, "#status-save").await;
    wait_for(&f1, "#status-saved").await;
    wait_for_text(&f1, "#person-profile", |t| t.contains(WORKER1)).await;
    screenshot(&f1, "programme-from-nothing-09-laptop-participant").await;
    sync_now(&f1).await;
    sync_now(&c).await;
    open_person(&c, "beatriz alvarado", "Beatriz Alvarado").await;
    wait_for_text(&c, "#person-profile", |t| t.contains(WORKER1)).await;
    screenshot(&c, "programme-from-nothing-10-central-finds-participant").await;

    // 5. Both in the voucher component since two months ago, with no contact since: last month (their second
    // non-compliant month) withheld. Beatriz exempted from her card; Carlos (registered here) granted on appeal.
    let (start, last) = (first_day(-2), iso_month(-1));
    enrol_voucher(&c, &start).await;
    register_participant(&c, "Carlos", "Mendoza", "05/07/1988").await;
    open_person(&c, "carlos mendoza", "Carlos Mendoza").await;
    enrol_voucher(&c, &start).await;

    open_person(&c, "beatriz alvarado", "Beatriz Alvarado").await;
    wait_for_text(&c, "#voucher-month-2", |t| t.contains("Retenido")).await;
    click(&c, "#voucher-month-2").await;
    click(&c, "#voucher-exempt").await;
    type_into(&c, "#exemption-reason", "Hospitalizada dos semanas").await;
    screenshot(&c, "programme-from-nothing-11-exemption").await;
    click(&c, "#exemption-save").await;
    wait_for_text(&c, "#voucher-decision-done", |t| t.starts_with("Dispensa guardada")).await;
    wait_for_text(&c, "#voucher-month-2", |t| t.contains("Elegible")).await;

    click(&c, "#nav-payroll").await;
    wait_for_text(&c, "#payroll-table tbody", |t| t.contains("Beatriz")).await;
    wait_for_text(&c, "#payroll-review", |t| t.contains("Carlos")).await;
    let appeal = attr(&c, "#payroll-review [id^='review-appeal-']", "id").await;
    let carlos = appeal.trim_start_matches("review-appeal-").to_owned();
    click(&c, &format!("#{appeal}")).await;
    wait_for_text(&c, "#appeal-title", |t| t.contains("Carlos")).await;
    select(&c, "#appeal-outcome", "eligible").await;
    // The panel fills in the user who unlocked once the app answers: typed over after that, not before.
    wait_for_prop(&c, "#appeal-decided-by", "value", |v| !v.is_empty()).await;
    type_into(&c, "#appeal-decided-by", "Comité de apelación").await;
    type_into(&c, "#appeal-reason", "Presentó constancia de trabajo").await;
    screenshot(&c, "programme-from-nothing-12-appeal").await;
    click(&c, "#appeal-save").await;
    wait_for_text(&c, "#payroll-decision-done", |t| t.starts_with("Apelación guardada")).await;
    wait_for_text(&c, "#payroll-table tbody", |t| t.contains("Beatriz") && t.contains("Carlos")).await;
    wait_for_text(&c, "#payroll-total", |t| t == "200").await;
    screenshot(&c, "programme-from-nothing-13-payroll").await;
    axe(&c, "payroll").await;

    // 6. Rules from next month: the second month in a row without contact suspends. Beatriz's next month (her
    // second non-compliant one after the exempted month) goes from withheld to suspended.
    open_tab(&c, "tab-rules").await;
    let (ny, nm) = month(1);
    let next = format!("{nm:02}/{ny:04}");
    assert_eq!(value(&c, "#rules-effective-from").await, next);
    select(&c, "#rules-ladder-2", "suspended").await;
    type_into(&c, "#rules-reason", "Suspender desde el segundo mes sin cumplir").await;
    click(&c, "#rules-preview").await;
    let row = format!(
        "#rules-preview-table tr[data-month='{}'][data-before='withheld'][data-after='suspended']",
        iso_month(1)
    );
    wait_for_text(&c, &row, |t| t.contains("Beatriz")).await;
    let beatriz = attr(&c, &row, "data-id").await;
    scroll_to(&c, "rules-preview-summary").await;
    screenshot(&c, "programme-from-nothing-14-rules-preview").await;
    click(&c, "#rules-save").await;
    wait_for_text(&c, "#rules-saved", |t| t.starts_with("Versión 2 guardada")).await;
    wait_for_text(&c, "#rules-version-2", |t| t.contains(&format!("desde {next}"))).await;
    scroll_to(&c, "rules-title").await;
    screenshot(&c, "programme-from-nothing-15-rules-saved").await;

    // 7. Beatriz's mother registered from her page and enrolled in parent training; a case plan, one goal achieved.
    open_person(&c, "beatriz alvarado", "Beatriz Alvarado").await;
    click(&c, "#person-new-relative").await;
    wait_for_text(&c, "#register-title", |t| t == "Registrar familiar").await;
    type_into(&c, "#f-given_names", "Rosa").await;
    type_into(&c, "#f-first_surname", "Alvarado").await;
    type_into(&c, "#f-birth_date", "14/03/1966").await;
    select(&c, "#f-municipality", "San Salvador Este").await;
    select(&c, "#f-district", "Soyapango").await;
    select(&c, "#f-relationship", "mother").await;
    click(&c, "#save-person").await;
    wait_for_text(&c, "#person-name", |t| t.starts_with("Beatriz Alvarado")).await;
    wait_for_text(&c, "#family-0", |t| t.contains("Rosa Alvarado")).await;
    click(&c, "#family-0 .link-name").await;
    wait_for_text(&c, "#person-name", |t| t.starts_with("Rosa Alvarado")).await;
    select(&c, "#enrol-component", "parent_training").await;
    type_into(&c, "#enrol-start", &first_day(0)).await;
    click(&c, "#enrol-save").await;
    wait_for_text(&c, "#enrolment-0", |t| t.contains("Formación a familias")).await;
    let training = attr(&c, "#enrolment-0", "data-id").await;
    screenshot(&c, "programme-from-nothing-16-relative-parent-training").await;

    click(&c, "#family-0 .link-name").await;
    wait_for_text(&c, "#person-name", |t| t.starts_with("Beatriz Alvarado")).await;
    type_into(&c, "#plan-new-goals", &lines(&["Obtener el DUI", "Buscar empleo"])).await;
    click(&c, "#plan-new-save").await;
    wait_for_text(&c, "#plan-0-goals", |t| t.contains("Obtener el DUI") && t.contains("Buscar empleo")).await;
    click(&c, "#plan-0-goal-0-achieved").await;
    wait_for(&c, "#plan-0-goal-0[data-status='achieved']").await;
    let plan = attr(&c, "#plan-0", "data-id").await;
    scroll_to(&c, "plan-title").await;
    screenshot(&c, "programme-from-nothing-17-case-plan").await;

    // 8. The anonymous workbook for the donor, written from the Data tab.
    let book = out.join("reintegra-anonimo.xlsx");
    open_tab(&c, "tab-data").await;
    type_into(&c, "#data-export-path", &book.to_string_lossy()).await;
    click(&c, "#data-export").await;
    wait_for_text(&c, "#data-export-done", |t| t.contains("registros")).await;
    screenshot(&c, "programme-from-nothing-18-export").await;
    {
        use calamine::{Reader, Xlsx, open_workbook};
        let mut wb: Xlsx<_> = open_workbook(&book).expect("the export is a workbook");
        let sheets = wb.sheet_names().to_vec();
        assert!(!sheets.is_empty(), "{sheets:?}");
        let all: String = sheets
            .iter()
            .filter_map(|s| wb.worksheet_range(s).ok())
            .flat_map(|r| r.rows().flat_map(|row| row.iter().map(|c| c.to_string())).collect::<Vec<_>>())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(!all.contains("Beatriz") && !all.contains("Alvarado"), "no names in the anonymous export");
    }

    // 9. Laptop 2 revoked, saying what it means; its next bundle is refused, in Spanish.
    open_tab(&c, "tab-devices").await;
    let row2 = format!("#devices-list tr[data-name='{LAPTOP2}']");
    let id2 = attr(&c, &row2, "id").await;
    click(&c, &format!("#{}", id2.replace("device-", "device-revoke-"))).await;
    wait_for_text(&c, "#device-revoke-panel", |t| t.contains("Sus paquetes se rechazarán desde ahora")).await;
    screenshot(&c, "programme-from-nothing-19-revoke").await;
    click(&c, "#device-revoke-confirm").await;
    wait_for(&c, &format!("{row2}[data-state='revoked']")).await;
    register_participant(&f2, "Daniel", "Ramos", "20/10/1993").await;
    sync_now(&f2).await;
    sync_now(&c).await;
    wait_for_text(&c, "#sync-refused", |t| t.contains("el equipo emisor fue revocado")).await;
    screenshot(&c, "programme-from-nothing-20-refused").await;

    // 10. The command line checks what the stores hold, the apps closed.
    let _ = (c.close().await, f1.close().await, f2.close().await);
    drop((dc, d1, d2));
    let devices = json(&cli(&central, PASSPHRASE, &[os("devices"), os("list"), os("--json")]));
    let list = devices["devices"].as_array().cloned().unwrap_or_default();
    let find = |name: &str| list.iter().find(|d| d["name"] == name).cloned().unwrap_or_else(|| panic!("{devices}"));
    let (l1, l2) = (find(LAPTOP1), find(LAPTOP2));
    assert_eq!(l1["workers"][0].as_str(), Some(WORKER1), "{l1}");
    assert!(l1["revoked_at_ms"].is_null(), "{l1}");
    assert_eq!(l2["workers"][0].as_str(), Some(WORKER2), "{l2}");
    assert!(l2["revoked_at_ms"].is_i64(), "{l2}");

    assert_eq!(evaluated(&central, &last, &beatriz).0, "eligible", "exempted");
    assert_eq!(evaluated(&central, &last, &carlos).0, "eligible", "granted on appeal");
    assert_eq!(evaluated(&central, &iso_month(1), &beatriz), ("suspended".to_owned(), 2), "the new rules");

    let p = record(&central, "person", &beatriz);
    assert_eq!(p["assigned_worker"].as_str(), Some(WORKER1), "{p}");
    let e = record(&central, "enrolment", &training);
    assert_eq!(e["component"].as_str(), Some("parent_training"), "{e}");
    let pl = record(&central, "case_plan", &plan);
    assert_eq!(
        pl["goals"],
        serde_json::json!([{"text": "Obtener el DUI", "status": "achieved"}, {"text": "Buscar empleo", "status": "open"}])
    );
    let users = json(&cli(&laptop1, PASSPHRASE, &[os("users"), os("list"), os("--json")]));
    let added = users.as_array().and_then(|u| u.iter().find(|u| u["login"] == FIELD_USER)).expect("the user");
    assert_eq!((added["role"].as_str(), added["worker"].as_str()), (Some("field"), Some(WORKER1)), "{added}");
}
