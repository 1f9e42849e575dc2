//! Helpers for the workspace tests: where the built binaries are, and a WebDriver session on the real app window
//! through `tauri-driver` (which drives WebKitWebDriver, which starts the app).

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

/// The app binary built by `cargo build -p reintegra-app` (the test command builds it right before the tests).
pub fn app_binary() -> PathBuf {
    let bin = target_dir().join("debug").join(if cfg!(windows) { "reintegra-app.exe" } else { "reintegra-app" });
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

pub fn screenshot_dir() -> PathBuf {
    let dir = target_dir().join("e2e-screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot directory");
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// A running `tauri-driver`; the app it starts uses the store at `db`.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    pub fn start(db: &Path, demo_participants: usize, extra_env: &[(&str, &str)]) -> Driver {
        let port = free_port();
        let native = free_port();
        let mut cmd = Command::new(tauri_driver());
        cmd.args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("REINTEGRA_DB", db)
            .env("REINTEGRA_DEMO_PARTICIPANTS", demo_participants.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("tauri-driver starts (installed by .ci/setup.sh)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "tauri-driver did not listen on port {port}");
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver { child, port }
    }

    /// Starts the app and opens a WebDriver session on its window.
    pub async fn session(&self) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert("tauri:options".into(), serde_json::json!({ "application": app_binary().to_string_lossy() }));
        let mut last = None;
        for _ in 0..5 {
            match ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{}", self.port))
                .await
            {
                Ok(c) => return c,
                Err(e) => {
                    last = Some(e.to_string());
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        }
        panic!("no WebDriver session: {}", last.unwrap_or_default());
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
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
    match c.screenshot().await {
        Ok(png) => {
            let path = screenshot_dir().join(format!("failed-{name}.png"));
            let _ = std::fs::write(&path, png);
            format!(" (screenshot: {})", path.display())
        }
        Err(_) => String::new(),
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

pub async fn click(c: &Client, css: &str) {
    wait_for(c, css).await.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
}

pub async fn select(c: &Client, css: &str, value: &str) {
    wait_for(c, css).await.select_by_value(value).await.unwrap_or_else(|e| panic!("select {value} in {css}: {e}"));
}

/// Saves a screenshot of the window as `name`.png and returns its path.
pub async fn screenshot(c: &Client, name: &str) -> PathBuf {
    let png = c.screenshot().await.expect("screenshot");
    let path = screenshot_dir().join(format!("{name}.png"));
    std::fs::write(&path, png).expect("write screenshot");
    path
}
