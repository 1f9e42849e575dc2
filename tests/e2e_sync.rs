//! The sync screen in the real window: a bundle from the central file waits in the sync folder; the app takes it in
//! when the person presses "Sincronizar ahora", shows what came in and what it wrote back, and the person it
//! carried is found on the people page. The central file then takes in the answer.

use std::path::Path;

use reintegra_tests::*;

const CENTRAL: &str = "Central San Salvador";
const LAPTOP: &str = "Laptop Ana";

fn bundles(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rgb"))
        .collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn sync_now_takes_in_a_bundle_from_the_central_file_and_answers_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let central = dir.path().join("central.db");
    let app = dir.path().join("app.db");
    let folder = dir.path().join("memoria-usb");
    std::fs::create_dir(&folder).expect("folder");

    // The central file and the app's laptop (carrying Ana Portillo's caseload) trust each other.
    init(&central, CENTRAL, "supervisor", &[]);
    init(&app, LAPTOP, "field", &["Ana Portillo"]);
    pair(&central, &app);
    // The central file holds a participant of Ana's and leaves a bundle for the laptop in the folder.
    let person = serde_json::json!({"type": "person", "id": "0192a000-0000-7000-8000-0000000000e2",
        "role": "participant", "given_names": "Gorrión", "first_surname": "Sincronizado", "birth_date": "1992-05-06",
        "municipality": "San Salvador Este", "assigned_worker": "Ana Portillo"});
    load(&central, &[person]);
    export_bundle(&central, LAPTOP, &folder.join("central-a-laptop-ana.rgb"));

    // The watcher is off here so that the button does the work (the watcher has its own unit tests).
    let driver = Driver::start(&app, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    unlock(&c, PASSPHRASE).await;
    wait_for_text(&c, "#nav-persons", |t| t == "Personas").await;
    let current = wait_for(&c, "#nav-home").await.attr("aria-current").await.expect("attr");
    assert_eq!(current.as_deref(), Some("page"));

    // The sync screen: no folder yet; the folder is entered and saved; the central file is a trusted device.
    click(&c, "#nav-sync").await;
    wait_for_text(&c, "#sync-title", |t| t == "Sincronización").await;
    let current = wait_for(&c, "#nav-sync").await.attr("aria-current").await.expect("attr");
    assert_eq!(current.as_deref(), Some("page"));
    wait_for_text(&c, "#sync-folder-status", |t| t.starts_with("Todavía no se eligió")).await;
    wait_for_text(&c, "#sync-devices tbody", |t| t.contains(CENTRAL) && t.contains("nunca")).await;
    type_into(&c, "#sync-folder", &folder.to_string_lossy()).await;
    click(&c, "#sync-folder-save").await;
    wait_for_text(&c, "#sync-folder-status", |t| t.starts_with("La carpeta está disponible")).await;

    // Sync now: the bundle comes in (one new record), and a bundle goes back to the central file.
    // The progress bar may come and go faster than anyone can look: it is recorded as it appears, and checked once
    // the outcome is on screen.
    record_appearances(&c, "#sync-progress", "aria-label").await;
    click(&c, "#sync-now").await;
    let received = wait_for_text(&c, "#sync-received tbody", |t| t.contains(CENTRAL)).await;
    assert!(received.contains("central-a-laptop-ana.rgb"), "{received}");
    // The row's cells read at once in the page: the screen reads the overview again when the shell says the run
    // ended, and cells found one by one could be drawn again between two reads.
    wait_for(&c, "#sync-received tbody tr").await;
    let cells = c
        .execute(
            "return [...document.querySelectorAll('#sync-received tbody tr:first-child td')].map(td => td.innerText.trim());",
            vec![],
        )
        .await
        .expect("cells");
    let cells: Vec<String> = serde_json::from_value(cells).expect("the cells' texts");
    assert_eq!(cells[2], "1", "one new record: {cells:?}");
    wait_for_text(&c, "#sync-written tbody", |t| t.contains(CENTRAL)).await;
    wait_for_text(&c, "#sync-result h3", |t| t.starts_with("Última sincronización: ")).await;
    // The devices table now has the times, as dd/mm/aaaa hh:mm.
    let devices = wait_for_text(&c, "#sync-devices tbody", |t| !t.contains("nunca")).await;
    let chars: Vec<char> = devices.chars().collect();
    let dated = chars.windows(16).any(|w| {
        let digit = |i: usize| w[i].is_ascii_digit();
        [0, 1, 3, 4, 6, 7, 8, 9, 11, 12, 14, 15].into_iter().all(digit) && w[2] == '/' && w[5] == '/' && w[13] == ':'
    });
    assert!(dated, "last sync times as dd/mm/aaaa hh:mm: {devices}");
    wait_for_text(&c, "#sync-conflicts", |t| t == "No hay conflictos.").await;
    let progress = appeared(&c).await;
    assert!(
        progress.iter().any(|label| label == "Progreso de la sincronización"),
        "the progress bar was shown, labelled in Spanish: {progress:?}"
    );
    let shot = screenshot(&c, "sync-01-received").await;

    let files = bundles(&folder);
    let answer: Vec<&String> = files.iter().filter(|n| n.starts_with("laptop-ana-a-central")).collect();
    assert_eq!(answer.len(), 1, "one bundle for the central file: {files:?}");

    // The person the bundle carried is on the people page.
    click(&c, "#nav-persons").await;
    type_into(&c, "#search", "gorrion sincronizado").await;
    wait_for_text(&c, "#persons-table tbody", |t| t.contains("Gorrión Sincronizado")).await;
    wait_for_text(&c, "#persons-count", |t| t == "1 persona").await;
    screenshot(&c, "sync-02-person-arrived").await;
    c.close().await.expect("close the app");

    // The central file takes in the laptop's answer.
    let report = cli(&central, PASSPHRASE, &[os("sync"), os("--folder"), folder.as_os_str(), os("--json")]);
    let report: serde_json::Value = serde_json::from_str(&report).expect("json");
    assert_eq!(report["imported"].as_array().map(Vec::len), Some(1), "{report}");
    assert!(shot.is_file());
}
