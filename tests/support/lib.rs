//! Helpers for the workspace tests: where the built binaries are, and a WebDriver session on the real app window
//! through `tauri-driver` (which drives WebKitWebDriver, which starts the app).

use std::ffi::OsStr;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target"))
}

/// The app binary built by `cargo build -p reintegra-app` (the test command builds it right before the tests);
/// `REINTEGRA_APP_PROFILE=release` takes the release build instead (the performance figures, tests/e2e_perf.rs).
pub fn app_binary() -> PathBuf {
    let profile = std::env::var("REINTEGRA_APP_PROFILE").unwrap_or_else(|_| String::from("debug"));
    let bin = target_dir().join(profile).join(if cfg!(windows) { "reintegra-app.exe" } else { "reintegra-app" });
    assert!(
        bin.is_file(),
        "{} is missing: build it with `cargo build -p reintegra-app` (or run .ci/test.sh)",
        bin.display()
    );
    bin
}

/// The command line built by `cargo build -p reintegra-cli` (the test command builds it before the tests).
pub fn cli_binary() -> PathBuf {
    let bin = target_dir().join("debug").join(if cfg!(windows) { "reintegra.exe" } else { "reintegra" });
    assert!(bin.is_file(), "{} is missing: build it with `cargo build -p reintegra-cli`", bin.display());
    bin
}

/// Runs the command line on the store `db` with `passphrase`; panics with its message if it fails.
pub fn cli(db: &Path, passphrase: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(cli_binary())
        .args(args)
        .arg("--db")
        .arg(db)
        .env("REINTEGRA_PASSPHRASE", passphrase)
        .env("REINTEGRA_LANG", "en")
        .output()
        .expect("the CLI runs");
    assert!(out.status.success(), "reintegra {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The passphrase of every store the tests make.
pub const PASSPHRASE: &str = "frase de prueba segura";

pub fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

/// Marta Elena Núñez, a participant in Soyapango, as a record; the fixtures' usual first person.
pub const MARTA: &str = "0192a000-0000-7000-8000-00000000f001";

pub fn marta() -> serde_json::Value {
    serde_json::json!({"type": "person", "id": MARTA, "role": "participant", "given_names": "Marta Elena",
        "first_surname": "Núñez", "birth_date": "1994-06-02", "municipality": "San Salvador Este",
        "district": "Soyapango", "release_date": "2023-10-02", "consent_date": "2023-11-10"})
}

/// Creates the store `db` with `reintegra init` (its first user is `admin`): a field laptop, with the workers whose
/// caseload it carries, or the central file (`role` "supervisor").
pub fn init(db: &Path, device: &str, role: &str, workers: &[&str]) {
    let mut args = vec![os("init"), os("--device"), os(device), os("--role"), os(role)];
    for w in workers {
        args.extend([os("--worker"), os(w)]);
    }
    cli(db, PASSPHRASE, &args);
}

/// Applies `records` (JSON Lines records) to `db` with `reintegra load`, through a file beside the store.
pub fn load(db: &Path, records: &[serde_json::Value]) {
    let text: String = records.iter().map(|r| format!("{r}\n")).collect();
    let file = db.with_extension("records.jsonl");
    std::fs::write(&file, text).expect("records file");
    cli(db, PASSPHRASE, &[os("load"), file.as_os_str()]);
    let _ignored = std::fs::remove_file(&file);
}

/// The two stores trust each other: each adds the other's device card.
pub fn pair(a: &Path, b: &Path) {
    for (from, to) in [(a, b), (b, a)] {
        let card = to.with_extension("card.json");
        std::fs::write(&card, cli(from, PASSPHRASE, &[os("keys"), os("public"), os("--json")])).expect("card");
        cli(to, PASSPHRASE, &[os("devices"), os("add"), card.as_os_str()]);
        let _ignored = std::fs::remove_file(&card);
    }
}

/// Writes the bundle from `from` to the device named `to` into `out`.
pub fn export_bundle(from: &Path, to: &str, out: &Path) {
    cli(from, PASSPHRASE, &[os("bundle"), os("export"), os("--to"), os(to), os("--out"), out.as_os_str()]);
}

/// A bundle from `from` to the store `to` (whose device is named `to_name`), taken in there.
pub fn send(from: &Path, to: &Path, to_name: &str) {
    let bundle = from.with_extension("outgoing.rgb");
    export_bundle(from, to_name, &bundle);
    cli(to, PASSPHRASE, &[os("bundle"), os("import"), bundle.as_os_str()]);
    let _ignored = std::fs::remove_file(&bundle);
}

/// Types `passphrase` on the unlock screen (the login offered as it is) and waits for the home screen.
pub async fn unlock(c: &Client, passphrase: &str) {
    type_into(c, "#unlock-passphrase", passphrase).await;
    click(c, "#unlock-submit").await;
    wait_for(c, "#home-title").await;
}

/// The current value of the form field matching `css` (looked up again if the interface re-rendered it).
pub async fn value(c: &Client, css: &str) -> String {
    wait_for_prop(c, css, "value", |_| true).await
}

pub fn screenshot_dir() -> PathBuf {
    let dir = target_dir().join("e2e-screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot directory");
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// The language a window test expects the interface in. Every test says it: the language is remembered in the
/// web view's storage, and a test must not depend on what an earlier run (or a person) left there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Es,
    En,
}

impl Lang {
    fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }
}

/// A running `tauri-driver`; the app it starts uses the store at `db` and a profile of its own.
///
/// Hermetic: the app's web-view profile (local storage, cache) and every folder it could write to (`HOME`, the
/// XDG data, config and cache folders) are in a temporary folder of this driver, never the person's own. The
/// driver runs in a process group of its own, and the whole group (tauri-driver, the WebKitWebDriver it starts and
/// the app that one starts) is killed when the driver is dropped, so a run leaves no process behind.
pub struct Driver {
    child: Child,
    port: u16,
    profile: tempfile::TempDir,
}

impl Driver {
    pub fn start(db: &Path, demo_participants: usize, extra_env: &[(&str, &str)]) -> Driver {
        let profile = tempfile::Builder::new().prefix("reintegra-profile-").tempdir().expect("a profile folder");
        let port = free_port();
        let native = free_port();
        let mut cmd = Command::new(tauri_driver());
        cmd.args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("REINTEGRA_DB", db)
            .env("REINTEGRA_DEMO_PARTICIPANTS", demo_participants.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (var, sub) in
            [("HOME", "home"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")]
        {
            let dir = profile.path().join(sub);
            std::fs::create_dir_all(&dir).expect("profile folder");
            cmd.env(var, dir);
        }
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        let child = cmd.spawn().expect("tauri-driver starts (installed by .ci/setup.sh)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "tauri-driver did not listen on port {port}");
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver { child, port, profile }
    }

    /// The driver's home folder (what the app sees as `HOME`: where it offers to write documents).
    pub fn home(&self) -> PathBuf {
        self.profile.path().join("home")
    }

    /// Starts the app and opens a WebDriver session on its window, with the interface in `lang`.
    pub async fn session(&self, lang: Lang) -> Client {
        let c = self.session_as_it_starts().await;
        set_lang(&c, lang).await;
        c
    }

    /// The process group of the driver, the WebKitWebDriver it starts and the app (Linux).
    pub fn process_group(&self) -> u32 {
        self.child.id()
    }

    /// Starts the app and opens a WebDriver session on its window, in whatever language the app starts in.
    pub async fn session_as_it_starts(&self) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert("tauri:options".into(), serde_json::json!({ "application": app_binary().to_string_lossy() }));
        let mut last = None;
        for _ in 0..5 {
            // An app that dies before its window connects leaves the driver waiting for ever: bounded.
            let (mut builder, url) = (ClientBuilder::native(), format!("http://127.0.0.1:{}", self.port));
            let connect = builder.capabilities(caps.clone()).connect(&url);
            match tokio::time::timeout(TIMEOUT * 2, connect).await {
                Ok(Ok(c)) => return c,
                Ok(Err(e)) => {
                    last = Some(e.to_string());
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Err(_) => last = Some(format!("the app's window did not connect within {:?}", TIMEOUT * 2)),
            }
        }
        panic!("no WebDriver session: {}", last.unwrap_or_default());
    }
}

/// The language the interface shows now (the document's `lang`, set by the interface once it has started).
pub async fn current_lang(c: &Client) -> Option<Lang> {
    let v = c.execute("return document.documentElement.lang || null;", vec![]).await.ok()?;
    match v.as_str()? {
        "es" => Some(Lang::Es),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// The processes of the process group `group` still running (Linux: read from /proc).
pub fn processes_in_group(group: u32) -> Vec<String> {
    std::fs::read_dir("/proc")
        .map(|d| {
            d.flatten()
                .filter_map(|e| {
                    e.file_name().to_str()?.parse::<u32>().ok()?;
                    let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
                    let (name, rest) = stat.rsplit_once(") ")?;
                    // After the name: state, parent, process group.
                    let pgrp: u32 = rest.split_whitespace().nth(2)?.parse().ok()?;
                    let zombie = rest.starts_with('Z');
                    (pgrp == group && !zombie).then(|| name.rsplit('(').next().unwrap_or_default().to_owned())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Starts recording, in the page, the `attr` of every element matching `css` that appears, however briefly (a
/// progress bar a fast machine removes at once). Read with [`appeared`] once the outcome is there.
pub async fn record_appearances(c: &Client, css: &str, attr: &str) {
    let script = r#"
        const [css, attr] = arguments;
        const seen = (window.__reintegraSeen = []);
        const note = (n) => {
            if (n.nodeType !== 1) return;
            const all = n.matches(css) ? [n] : [];
            all.push(...n.querySelectorAll(css));
            for (const e of all) seen.push(e.getAttribute(attr) || '');
        };
        document.querySelectorAll(css).forEach((e) => seen.push(e.getAttribute(attr) || ''));
        new MutationObserver((records) => {
            for (const r of records) {
                if (r.type === 'childList') r.addedNodes.forEach(note);
                else if (r.target.matches && r.target.matches(css)) seen.push(r.target.getAttribute(attr) || '');
            }
        }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['id', attr] });
    "#;
    c.execute(script, vec![css.into(), attr.into()]).await.expect("record appearances");
}

/// What [`record_appearances`] saw.
pub async fn appeared(c: &Client) -> Vec<String> {
    let v = c.execute("return window.__reintegraSeen || [];", vec![]).await.expect("read appearances");
    serde_json::from_value(v).unwrap_or_default()
}

/// Puts the interface in `lang` with its own switch, as a person would, and waits until it shows it.
pub async fn set_lang(c: &Client, lang: Lang) {
    let started = Instant::now();
    let mut now = None;
    while started.elapsed() < TIMEOUT {
        now = current_lang(c).await;
        if now.is_some() && c.find(Locator::Css("#switch-lang")).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    match now {
        Some(l) if l == lang => {}
        Some(_) => {
            click(c, "#switch-lang").await;
            let started = Instant::now();
            while current_lang(c).await != Some(lang) {
                assert!(started.elapsed() < TIMEOUT, "the interface did not switch to {}", lang.code());
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        None => panic!("the interface never said its language{}", failure_screenshot(c, "lang").await),
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The whole group: tauri-driver does not stop the WebKitWebDriver it started, nor that one the app.
        #[cfg(unix)]
        {
            let group = format!("-{}", self.child.id());
            for signal in ["-TERM", "-KILL"] {
                let _ = Command::new("kill").args([signal, "--", &group]).stderr(Stdio::null()).status();
                if signal == "-TERM" {
                    std::thread::sleep(Duration::from_millis(200));
                }
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn tauri_driver() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
    let local = home.join(".cargo/bin/tauri-driver");
    if local.is_file() { local } else { PathBuf::from("tauri-driver") }
}

pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Saves what the window shows when a step fails, so a failed run can be looked at.
async fn failure_screenshot(c: &Client, what: &str) -> String {
    let name: String = what.chars().map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '_' }).collect();
    // A window that no longer answers must not hang the test: its failure is the message, with or without a picture.
    match tokio::time::timeout(Duration::from_secs(10), c.screenshot()).await {
        Ok(Ok(png)) => {
            let path = screenshot_dir().join(format!("failed-{name}.png"));
            let _ = std::fs::write(&path, png);
            format!(" (screenshot: {})", path.display())
        }
        _ => String::new(),
    }
}

/// Waits for an element matching `css`.
pub async fn wait_for(c: &Client, css: &str) -> fantoccini::elements::Element {
    match c.wait().at_most(TIMEOUT).for_element(Locator::Css(css)).await {
        Ok(el) => el,
        Err(e) => panic!("waiting for {css}: {e}{}", failure_screenshot(c, css).await),
    }
}

/// Waits until the text of the element matching `css` satisfies `ok`, and returns it.
pub async fn wait_for_text(c: &Client, css: &str, ok: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    let mut last = String::new();
    while started.elapsed() < TIMEOUT {
        if let Ok(el) = c.find(Locator::Css(css)).await
            && let Ok(text) = el.text().await
        {
            if ok(&text) {
                return text;
            }
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("text of {css} never matched; last seen: {last:?}{}", failure_screenshot(c, css).await);
}

/// Waits until the DOM property `prop` of the element matching `css` satisfies `ok`, and returns it. The element
/// is looked up again on every try, so a list the interface re-renders meanwhile does not fail the test.
pub async fn wait_for_prop(c: &Client, css: &str, prop: &str, ok: impl Fn(&str) -> bool) -> String {
    wait_for_read(c, css, Read::Prop(prop), ok).await
}

/// Waits until the attribute `name` of the element matching `css` (empty when it has none) satisfies `ok`, and
/// returns it; looked up again on every try, like `wait_for_prop`.
pub async fn wait_for_attr(c: &Client, css: &str, name: &str, ok: impl Fn(&str) -> bool) -> String {
    wait_for_read(c, css, Read::Attr(name), ok).await
}

enum Read<'a> {
    Prop(&'a str),
    Attr(&'a str),
}

async fn wait_for_read(c: &Client, css: &str, what: Read<'_>, ok: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    let mut last = String::new();
    while started.elapsed() < TIMEOUT {
        if let Ok(el) = c.find(Locator::Css(css)).await {
            let value = match what {
                Read::Prop(p) => el.prop(p).await,
                Read::Attr(a) => el.attr(a).await,
            };
            if let Ok(value) = value {
                let value = value.unwrap_or_default();
                if ok(&value) {
                    return value;
                }
                last = value;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let name = match what {
        Read::Prop(p) | Read::Attr(p) => p,
    };
    panic!("{name} of {css} never matched; last seen: {last:?}{}", failure_screenshot(c, css).await);
}

/// Replaces the text of the field matching `css` as a person would: select all, delete, type. (WebDriver's own
/// `clear` fires no input event, so the interface would never hear of it.)
pub async fn type_into(c: &Client, css: &str, text: &str) {
    use fantoccini::key::Key;
    let el = wait_for(c, css).await;
    let select_all_delete =
        format!("{}a{}{}", char::from(Key::Control), char::from(Key::Null), char::from(Key::Backspace));
    el.send_keys(&select_all_delete).await.unwrap_or_else(|e| panic!("clear {css}: {e}"));
    el.send_keys(text).await.unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

/// Types `text` into the search field `field`, waits until the first person listed in `list` is `name`, and opens
/// their page. The list is replaced as later answers arrive while the keys are typed, so the first name shown may be
/// an earlier query's, and an element found can be gone by the time it is clicked: both are tried again.
pub async fn open_found(c: &Client, field: &str, list: &str, text: &str, name: &str) {
    type_into(c, field, text).await;
    open_first(c, list, name).await;
}

/// Opens the page of the first person listed in `list` once that person is `name` (a search typed before: see
/// [`open_found`], for a test that checks the list between the answer and the click).
pub async fn open_first(c: &Client, list: &str, name: &str) {
    let first = format!("{list} .link-name");
    let started = Instant::now();
    loop {
        if let Ok(el) = c.find(Locator::Css(&first)).await
            && el.text().await.is_ok_and(|t| t.starts_with(name))
            && el.click().await.is_ok()
        {
            break;
        }
        if started.elapsed() > TIMEOUT {
            panic!("{name} never came first in {list}{}", failure_screenshot(c, list).await);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    wait_for_text(c, "#person-name", |t| t.starts_with(name)).await;
}

/// Clicks the element matching `css`. An element the interface re-rendered between finding and clicking it (a list
/// reloaded after a save) was not clicked at all: it is looked up again and clicked.
pub async fn click(c: &Client, css: &str) {
    let started = Instant::now();
    loop {
        match wait_for(c, css).await.click().await {
            Ok(()) => return,
            Err(e) if e.is_stale_element_reference() && started.elapsed() < TIMEOUT => {
                tokio::time::sleep(Duration::from_millis(100)).await
            }
            Err(e) => panic!("click {css}: {e}{}", failure_screenshot(c, css).await),
        }
    }
}

/// Chooses `value` in the select matching `css`, once that option is there (a select whose options come from the
/// store is shown before they arrive); a select re-rendered meanwhile is looked up again.
pub async fn select(c: &Client, css: &str, value: &str) {
    let started = Instant::now();
    loop {
        let outcome = match c.find(Locator::Css(css)).await {
            Ok(el) => el.select_by_value(value).await,
            Err(e) => Err(e),
        };
        match outcome {
            Ok(()) => return,
            Err(e) if started.elapsed() < TIMEOUT && (e.is_stale_element_reference() || e.is_no_such_element()) => {
                tokio::time::sleep(Duration::from_millis(100)).await
            }
            Err(e) => panic!("select {value} in {css}: {e}{}", failure_screenshot(c, css).await),
        }
    }
}

/// Waits until nothing matches `css` (a message or an offer the action removes).
pub async fn wait_gone(c: &Client, css: &str) {
    let started = Instant::now();
    while c.find(Locator::Css(css)).await.is_ok() {
        if started.elapsed() > TIMEOUT {
            panic!("{css} never went away{}", failure_screenshot(c, css).await);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The draft the store keeps for the form `key` (the form's state as JSON), asked of the app itself with the command
/// the interface uses: the outcome of the periodic draft save, which the window does not show.
pub async fn stored_draft(c: &Client, key: &str) -> Option<String> {
    let script = "const [key, done] = [arguments[0], arguments[arguments.length - 1]];
        window.__TAURI__.core.invoke('get_draft', { args: { key } })
            .then((d) => done({ data: d ? d.data : null }), (e) => done({ error: String(e && e.code || e) }));";
    let answer = c.execute_async(script, vec![key.into()]).await.expect("ask for the draft");
    assert!(answer.get("error").is_none(), "get_draft {key}: {answer}");
    answer["data"].as_str().map(str::to_owned)
}

/// Waits until the store keeps a draft for the form `key` that satisfies `ok`, and returns it.
pub async fn wait_for_draft(c: &Client, key: &str, ok: impl Fn(Option<&str>) -> bool) -> Option<String> {
    let started = Instant::now();
    loop {
        let draft = stored_draft(c, key).await;
        if ok(draft.as_deref()) {
            return draft;
        }
        if started.elapsed() > TIMEOUT {
            panic!("the draft {key} never became what was expected (is there one: {})", draft.is_some());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Saves a screenshot of the window as `name`.png and returns its path.
pub async fn screenshot(c: &Client, name: &str) -> PathBuf {
    // The page is painted first: a screenshot right after the DOM changed can otherwise show the frame before.
    let painted = "const done = arguments[arguments.length - 1]; setTimeout(done, 1000); \
                   requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
    c.execute_async(painted, vec![]).await.expect("wait for a frame");
    let png = c.screenshot().await.expect("screenshot");
    let path = screenshot_dir().join(format!("{name}.png"));
    std::fs::write(&path, png).expect("write screenshot");
    path
}

/// axe-core's source, as `npm ci` in tests/a11y installed it (the setup script does; the lock file pins its hash).
fn axe_source() -> String {
    let path = workspace_root().join("tests/a11y/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} is missing ({e}): run .ci/setup.sh (npm ci in tests/a11y)", path.display()))
}

/// The WCAG rules axe checks: levels A and AA of WCAG 2.0, 2.1 and 2.2.
pub const WCAG_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// Runs axe-core in the window as it is now, on the WCAG 2.2 A/AA rules, and fails the test with every violation
/// (rule, impact, the elements and why) if there is one. Returns how many rules passed, for the report. The source is
/// sent with the script itself: the app's content security policy forbids injecting scripts into the page.
pub async fn axe(c: &Client, screen: &str) -> usize {
    let run = format!(
        "const done = arguments[arguments.length - 1];\n{}\n\
         axe.run(document, {{ runOnly: {{ type: 'tag', values: {tags:?} }}, resultTypes: ['violations'] }})\
           .then(r => done(JSON.stringify({{ passes: r.passes.length, violations: r.violations.map(v => ({{\
              id: v.id, impact: v.impact, help: v.help,\
              nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary) }})) }})))\
           .catch(e => done(JSON.stringify({{ error: String(e) }})));",
        axe_source(),
        tags = WCAG_TAGS,
    );
    let answer = c.execute_async(&run, vec![]).await.unwrap_or_else(|e| panic!("axe on {screen}: {e}"));
    let report: serde_json::Value =
        serde_json::from_str(answer.as_str().unwrap_or("{}")).unwrap_or_else(|e| panic!("axe on {screen}: {e}"));
    if let Some(error) = report.get("error") {
        panic!("axe could not run on {screen}: {error}");
    }
    let violations = report["violations"].as_array().cloned().unwrap_or_default();
    assert!(
        violations.is_empty(),
        "{screen}: {} accessibility violation(s):\n{}",
        violations.len(),
        serde_json::to_string_pretty(&violations).unwrap_or_default()
    );
    report["passes"].as_u64().unwrap_or(0) as usize
}

/// Today as the app sees it (the machine's local date: what its `state::today` reads).
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The month `n` months from this one, as (year, month).
pub fn month(n: i32) -> (i32, u32) {
    use chrono::Datelike;
    let t = today();
    let i = t.year() * 12 + t.month0() as i32 + n;
    (i.div_euclid(12), i.rem_euclid(12) as u32 + 1)
}

/// The month `n` months from this one as the records write it, `YYYY-MM`.
pub fn iso_month(n: i32) -> String {
    let (y, m) = month(n);
    format!("{y:04}-{m:02}")
}

// Steps every window test takes the same way.

/// An attribute of the element `css` (waited for, and looked up again if the interface re-rendered it), empty when it
/// has none.
pub async fn attr(c: &Client, css: &str, name: &str) -> String {
    wait_for_attr(c, css, name, |_| true).await
}

/// Scrolls the element with this id into view (before a screenshot).
pub async fn scroll_to(c: &Client, id: &str) {
    c.execute(&format!("document.getElementById('{id}').scrollIntoView()"), vec![]).await.expect("scroll");
}

/// Lines typed into a text area as a person does: Enter between them (a plain "\n" is not a key press).
pub fn lines(items: &[&str]) -> String {
    items.join(&char::from(fantoccini::key::Key::Enter).to_string())
}

/// Opens an administration tab (`tab-devices`, `tab-users`, …).
pub async fn open_tab(c: &Client, tab: &str) {
    click(c, "#nav-admin").await;
    click(c, &format!("#{tab}")).await;
}

/// Opens the page of the person the people list finds for `text`, whose name starts with `name`. The list shows the
/// previous answer (often the same person, from the search before) until the latest arrives: the first row is clicked
/// once it is `name`, and again if it was replaced meanwhile ([`open_found`]).
pub async fn open_person(c: &Client, text: &str, name: &str) {
    click(c, "#nav-persons").await;
    open_found(c, "#search", "#persons-table tbody", text, name).await;
}

/// Chooses the sync folder on the sync screen, typed into the folder field as the dialog would fill it.
pub async fn set_sync_folder(c: &Client, folder: &Path) {
    click(c, "#nav-sync").await;
    type_into(c, "#sync-folder", &folder.to_string_lossy()).await;
    click(c, "#sync-folder-save").await;
    wait_for_text(c, "#sync-folder-status", |t| t.contains("guardada") || t.contains("accesible")).await;
}

/// Syncs now from the sync screen and waits for this run's report (it replaces the last one).
pub async fn sync_now(c: &Client) {
    click(c, "#nav-sync").await;
    // The report names its run by when it finished (to the millisecond; the text shows only the minute, so two
    // runs alike in one minute read the same).
    let before = attr(c, "#sync-result", "data-finished-ms").await;
    click(c, "#sync-now").await;
    wait_for_attr(c, "#sync-result", "data-finished-ms", |v| v != before && !v.is_empty()).await;
}

/// Reads the device card at `card` on the devices screen (open) and returns the words it shows.
pub async fn read_card(c: &Client, card: &Path) -> String {
    type_into(c, "#device-add-path", &card.to_string_lossy()).await;
    click(c, "#device-add-read").await;
    attr(c, "#device-add-words", "data-words").await
}

/// The record `kind`/`id` as the command line prints it (its JSON Lines line).
pub fn record(db: &Path, kind: &str, id: &str) -> serde_json::Value {
    serde_json::from_str(&cli(db, PASSPHRASE, &[os("records"), os("get"), os(kind), os(id)])).expect("a JSON line")
}

/// The outcome of `person` in the command line's evaluation of `month`, and the rule version that judged it.
pub fn evaluated(db: &Path, month: &str, person: &str) -> (String, u64) {
    let out = cli(db, PASSPHRASE, &[os("vouchers"), os("evaluate"), os("--month"), os(month), os("--json")]);
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    let p = report["participants"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["person_id"] == person))
        .unwrap_or_else(|| panic!("{person} evaluated in {month}: {report}"));
    (p["outcome"].as_str().unwrap_or_default().to_owned(), p["rules_version"].as_u64().unwrap_or_default())
}

// The app's processes and their memory, from /proc (Linux): the memory figures of e2e_field and e2e_perf.

/// The app process started for the store `db` (found by its binary and its `REINTEGRA_DB`).
pub fn app_pid(db: &Path) -> Option<u32> {
    let exe = app_binary().canonicalize().ok()?;
    let needle = format!("REINTEGRA_DB={}", db.display());
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid: u32 = e.file_name().to_str()?.parse().ok()?;
        let this = std::fs::read_link(e.path().join("exe")).ok()?;
        let env = std::fs::read(e.path().join("environ")).ok()?;
        let has = env.split(|b| *b == 0).any(|v| v == needle.as_bytes());
        (this == exe && has).then_some(pid)
    })
}

/// Resident memory of a process, from /proc (kB).
pub fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// The process and all its descendants (the app's WebKit web and network processes).
pub fn with_descendants(root: u32) -> Vec<(u32, String)> {
    let procs: Vec<(u32, u32, String)> = std::fs::read_dir("/proc")
        .map(|d| {
            d.flatten()
                .filter_map(|e| {
                    let pid: u32 = e.file_name().to_str()?.parse().ok()?;
                    let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
                    let (name, rest) = stat.split_once(") ")?;
                    let ppid = rest.split_whitespace().nth(1)?.parse().ok()?;
                    Some((pid, ppid, name.rsplit('(').next()?.to_owned()))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut out = vec![(root, String::from("app"))];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i].0;
        out.extend(procs.iter().filter(|p| p.1 == parent).map(|p| (p.0, p.2.clone())));
        i += 1;
    }
    out
}
