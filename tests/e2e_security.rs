//! User text is shown as text, never run as HTML, in the real window: a person whose names are markup (an image
//! with an error handler, a script element) is found by search and opened, the literal text is on screen, and no
//! element was injected and no script ran.

use fantoccini::{Client, Locator};
use reintegra_tests::*;

const PERSON: &str = "0192a000-0000-7000-8000-00000000e5c1";
const GIVEN: &str = r#"<img src=x onerror="document.title='pwned'">"#;
const SURNAME: &str = "<script>document.title='pwned2'</script>Pérez";
const ADDRESS: &str = r#"<b id="injected">Colonia</b> <iframe src="javascript:alert(1)"></iframe>"#;

/// Nothing the names could have injected is in the page, and no script they carry ran.
async fn nothing_injected(c: &Client, title: &str) {
    for css in ["img[src='x']", "img[onerror]", "#injected", "iframe", "main script"] {
        assert!(c.find(Locator::Css(css)).await.is_err(), "{css} was injected into the page");
    }
    assert_eq!(c.title().await.expect("title"), title, "a script in a name ran");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn markup_in_a_name_is_shown_as_text_in_search_and_on_the_persons_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("field.db");
    init(&db, "Laptop 1", "field", &[]);
    let line = serde_json::json!({"type": "person", "id": PERSON, "role": "participant", "given_names": GIVEN,
        "first_surname": SURNAME, "birth_date": "1990-01-02", "municipality": "San Salvador Este",
        "address": ADDRESS});
    load(&db, &[line]);

    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    let title = c.title().await.expect("title");
    unlock(&c, PASSPHRASE).await;

    click(&c, "#nav-persons").await;
    type_into(&c, "#search", "perez").await;
    wait_for_text(&c, "#persons-table tbody", |t| t.contains(GIVEN) && t.contains(SURNAME)).await;
    nothing_injected(&c, &title).await;

    open_first(&c, "#persons-table tbody", GIVEN).await;
    wait_for_text(&c, "#person-name", |t| t.starts_with(GIVEN) && t.contains(SURNAME)).await;
    nothing_injected(&c, &title).await;
    screenshot(&c, "security-02-script-as-text").await;
    c.close().await.expect("close the app");
}
