//! The window tests are hermetic: each app a test starts has a web-view profile and folders of its own. A run that
//! switched the app to English leaves the next app in Spanish; nothing is written to the person's own app folder;
//! and once a driver is dropped, none of the processes it started (tauri-driver, WebKitWebDriver, the app) is left.

use std::path::PathBuf;

use reintegra_tests::*;

/// The person's own app folder (local storage, the default store), as the app would find it without a profile.
fn own_app_folder() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from)?;
    let data = std::env::var_os("XDG_DATA_HOME").map(PathBuf::from).unwrap_or_else(|| home.join(".local/share"));
    Some(data.join("org.reintegra.app"))
}

/// Every file below `dir` with its size and modification time (empty when the folder does not exist).
fn listing(dir: &std::path::Path) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let Ok(meta) = e.metadata() else { continue };
            if meta.is_dir() {
                stack.push(e.path());
            } else {
                out.push((e.path(), meta.len(), meta.modified().ok()));
            }
        }
    }
    out.sort();
    out
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn english_in_one_app_leaves_the_next_in_spanish_and_no_process_behind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("field.db");
    init(&db, "Laptop 1", "field", &[]);
    let own = own_app_folder().expect("HOME is set");
    let own_before = listing(&own);

    // A first app, switched to English by its own button (remembered in its web view's storage).
    let group = {
        let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
        let c = driver.session(Lang::En).await;
        wait_for_text(&c, "#switch-lang", |t| t == "Español").await;
        unlock(&c, PASSPHRASE).await;
        wait_for_text(&c, "#nav-home", |t| t == "Home").await;
        c.close().await.expect("close the app");
        driver.process_group()
    };
    // Dropped: nothing of the group is left running.
    let mut left = processes_in_group(group);
    for _ in 0..50 {
        if left.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        left = processes_in_group(group);
    }
    assert!(left.is_empty(), "processes left behind by the driver: {left:?}");

    // The next app starts in Spanish, as on a new machine: it does not inherit the first one's language.
    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session_as_it_starts().await;
    wait_for_text(&c, "#unlock-submit", |t| !t.is_empty()).await;
    assert_eq!(current_lang(&c).await, Some(Lang::Es), "a fresh profile starts in Spanish");
    unlock(&c, PASSPHRASE).await;
    wait_for_text(&c, "#nav-home", |t| t == "Inicio").await;
    c.close().await.expect("close the app");
    drop(driver);

    assert_eq!(listing(&own), own_before, "the tests wrote into the person's own app folder {}", own.display());
}
