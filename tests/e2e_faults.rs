//! A field laptop's store with a damaged page (#18): the unlock screen says, in Spanish, that the file is damaged and
//! what to do, and offers to set the file aside (renamed beside it with the date, never deleted) and start again;
//! the new store is then re-provisioned from the central file (the worker's caseload comes back in one bundle).
//! Also the window test that runs on the interface optimised by wasm-opt (.ci/build-frontend.sh).

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use reintegra_tests::*;

/// Flips bytes in the middle of page `page` of a closed store: what a bad sector leaves.
fn damage(db: &Path, page: u64) {
    let mut f = std::fs::OpenOptions::new().read(true).write(true).open(db).expect("open file");
    let at = page * 4096 + 1000;
    let mut bytes = [0u8; 16];
    f.seek(SeekFrom::Start(at)).expect("seek");
    f.read_exact(&mut bytes).expect("read");
    for b in &mut bytes {
        *b ^= 0x5a;
    }
    f.seek(SeekFrom::Start(at)).expect("seek");
    f.write_all(&bytes).expect("write");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn a_damaged_store_is_said_at_unlock_set_aside_and_the_laptop_re_provisioned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("field.db");
    let central = dir.path().join("central.db");
    init(&central, "Central", "supervisor", &[]);
    init(&db, "Laptop 1", "field", &["Ana Portillo"]);
    pair(&central, &db);
    let mut m = marta();
    m["assigned_worker"] = serde_json::json!("Ana Portillo");
    load(&central, &[m]);
    send(&central, &db, "Laptop 1");
    damage(&db, 2);
    let (damaged_bytes, key_bytes) = (std::fs::read(&db).expect("read"), std::fs::read(keys_of(&db)).expect("keys"));

    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    type_into(&c, "#unlock-passphrase", PASSPHRASE).await;
    click(&c, "#unlock-submit").await;
    let text = wait_for_text(&c, "#unlock-error", |t| !t.is_empty()).await;
    assert!(text.contains("está dañado"), "{text}");
    assert!(text.contains("archivo central"), "the way forward: {text}");
    assert!(!text.to_lowercase().contains("locked") && !text.contains("frase"), "{text}");
    screenshot(&c, "faults-01-damaged-store").await;

    // The way forward, from the window: asked once more, then the file is set aside and the setup follows.
    click(&c, "#unlock-set-aside").await;
    let explain = wait_for_text(&c, "#set-aside-explain", |t| !t.is_empty()).await;
    assert!(explain.contains("no se borra nada"), "{explain}");
    screenshot(&c, "faults-02-set-aside-asked").await;
    click(&c, "#set-aside-confirm").await;
    wait_for(&c, "#setup-role").await;
    screenshot(&c, "faults-03-setup-after-set-aside").await;
    assert!(!db.exists() && !keys_of(&db).exists(), "the damaged pair no longer under its name");
    let aside: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("field-dañado-") && n.ends_with(".db"))
        .collect();
    assert_eq!(aside.len(), 1, "one set-aside store: {aside:?}");
    let aside = dir.path().join(&aside[0]);
    assert_eq!(std::fs::read(&aside).expect("set aside"), damaged_bytes, "the damaged file kept as it was");
    assert_eq!(std::fs::read(keys_of(&aside)).expect("its keys"), key_bytes, "its key file beside it");

    // A new store as the same worker's laptop, paired again, and the central file's bundle brings Marta back.
    select(&c, "#setup-role", "field").await;
    type_into(&c, "#setup-workers", "Ana Portillo").await;
    type_into(&c, "#setup-device", "Laptop 1 nuevo").await;
    type_into(&c, "#setup-passphrase", PASSPHRASE).await;
    type_into(&c, "#setup-passphrase-again", PASSPHRASE).await;
    click(&c, "#setup-submit").await;
    wait_for_text(&c, "#recovery-key", |t| t.split('-').count() == 8).await;
    click(&c, "#recovery-done").await;
    wait_for(&c, "#home-title").await;
    pair(&central, &db);
    send(&central, &db, "Laptop 1 nuevo");
    open_person(&c, "Marta", "Marta Elena Núñez").await;
    screenshot(&c, "faults-04-caseload-back").await;
    c.close().await.expect("close the app");
}

/// The key file beside a store (`reintegra_store::keys::key_path`).
fn keys_of(db: &Path) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push(".keys");
    name.into()
}
