//! The app's commands are declared here so that Tauri generates an `allow-<command>` permission for each and allows
//! none of them by default: the webview may call only those `capabilities/default.json` grants. A command added to
//! `invoke_handler` in src/lib.rs must be added here and granted there (`tests/capabilities.rs` checks all three
//! agree with what `frontend/src/api.rs` calls).

const COMMANDS: &[&str] = &[
    "app_status",
    "setup_store",
    "unlock",
    "lock",
    "activity",
    "reference_data",
    "search_persons",
    "register_person",
    "update_person",
    "set_unsaved",
    "close_window",
    "person_view",
    "payroll_view",
    "payroll_default_path",
    "export_payroll",
    "approve_payroll",
    "pdf_folder",
    "write_pdf",
    "sync_overview",
    "set_sync_folder",
    "sync_now",
    "home_view",
    "save_home_visit",
    "groups",
    "roster",
    "save_session",
    "save_referral",
    "save_initiative",
    "register_relative",
    "set_referral_status",
    "person_referrals",
    "get_draft",
    "save_draft",
    "delete_draft",
    "desk_report",
    "conflict_inbox",
    "resolve_conflict",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
