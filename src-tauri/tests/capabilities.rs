//! The webview may call only what the interface uses: every command registered in `invoke_handler` is declared in
//! build.rs (so Tauri allows none by default) and granted in the main window's capability, and nothing else is; and
//! every command `frontend/src/api.rs` (with `api/*.rs`) calls is among them, with `args` exactly when the command
//! takes it. A source scan: the lists must not drift apart.

use std::collections::BTreeSet;

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect(path)
}

/// The names between `start` and the next `end`, each a word of lowercase letters and underscores.
fn names(text: &str, start: &str, end: char) -> BTreeSet<String> {
    let from = text.find(start).expect(start) + start.len();
    let block = &text[from..from + text[from..].find(end).expect("end of list")];
    block.split(|c: char| !(c.is_ascii_lowercase() || c == '_')).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

#[test]
fn the_webview_is_granted_exactly_the_commands_the_app_registers_and_the_interface_calls() {
    let registered = names(&read("src/lib.rs"), "generate_handler![", ']');
    assert!(registered.len() > 10, "{registered:?}");
    let declared = names(&read("build.rs"), "const COMMANDS: &[&str] = &[", ']');
    assert_eq!(declared, registered, "build.rs COMMANDS and invoke_handler in src/lib.rs differ");

    let capability: serde_json::Value = serde_json::from_str(&read("capabilities/default.json")).expect("json");
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(|p| p.as_str())
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    assert_eq!(granted, registered, "capabilities/default.json grants other commands than the app registers");
    let others: Vec<&str> = capability["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| !p.starts_with("allow-"))
        .collect();
    assert_eq!(others, ["core:event:default"], "no plugin or core API beyond events");

    // api.rs and its submodules (api/*.rs).
    let mut api = read("../frontend/src/api.rs");
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/src/api");
    let mut parts: Vec<_> =
        std::fs::read_dir(folder).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    parts.sort();
    for part in parts {
        api.push_str(&std::fs::read_to_string(&part).unwrap_or_else(|e| panic!("{}: {e}", part.display())));
    }
    let calls = |call: &str| -> BTreeSet<String> {
        api.match_indices(&format!("{call}(\""))
            .map(|(i, m)| {
                let rest = &api[i + m.len()..];
                rest[..rest.find('"').expect("closing quote")].to_owned()
            })
            .collect()
    };
    let (with_args, without_args) = (calls("call"), calls("call_no_args"));
    let called: BTreeSet<String> = with_args.union(&without_args).cloned().collect();
    let missing: Vec<&String> = called.difference(&registered).collect();
    assert!(missing.is_empty(), "the interface calls commands the app does not grant: {missing:?}");
    let unused: Vec<&String> = registered.difference(&called).collect();
    assert!(unused.is_empty(), "commands granted that the interface never calls: {unused:?}");

    // The shell's commands with input take one parameter, `args`; the interface must send it to exactly those.
    let lib = read("src/lib.rs");
    let takes_args: BTreeSet<String> = registered
        .iter()
        .filter(|name| {
            let from = lib.find(&format!("async fn {name}(")).unwrap_or_else(|| panic!("no command fn {name}"));
            let params = &lib[from..from + lib[from..].find(')').expect("parameters")];
            params.contains(" args: ")
        })
        .cloned()
        .collect();
    assert!(!takes_args.is_empty() && takes_args.len() < registered.len(), "{takes_args:?}");
    assert_eq!(with_args, takes_args, "api.rs sends `args` to other commands than those that take it");
}

#[test]
fn the_content_security_policy_is_strict() {
    let conf: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")).expect("json");
    let csp = conf["app"]["security"]["csp"].as_str().expect("a CSP string");
    let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
    for required in
        ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'none'"]
    {
        assert!(directives.contains(&required), "{required} missing from {csp}");
    }
    for loose in ["'unsafe-eval'", "'unsafe-inline'", "*", "http:", "https:"] {
        assert!(!csp.split_whitespace().any(|t| t == loose), "{loose} in {csp}");
    }
}
