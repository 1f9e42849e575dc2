//! A field laptop's store with a damaged page (#18): the unlock screen says, in Spanish, that the file is damaged and
//! what to do (a new store, re-provisioned from the central file), instead of a database error or a wrong passphrase.
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
async fn a_damaged_store_is_said_at_unlock_with_the_way_forward() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("field.db");
    init(&db, "Laptop 1", "field", &["Ana Portillo"]);
    load(&db, &[marta()]);
    damage(&db, 2);

    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    type_into(&c, "#unlock-passphrase", PASSPHRASE).await;
    click(&c, "#unlock-submit").await;
    let text = wait_for_text(&c, "#unlock-error", |t| !t.is_empty()).await;
    assert!(text.contains("está dañado"), "{text}");
    assert!(text.contains("archivo central"), "the way forward: {text}");
    assert!(!text.to_lowercase().contains("locked") && !text.contains("frase"), "{text}");
    screenshot(&c, "faults-01-damaged-store").await;
    c.close().await.expect("close the app");
}
