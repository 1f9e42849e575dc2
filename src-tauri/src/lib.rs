//! The desktop shell: window, state, and one-line command adapters. Everything a command does lives in
//! [`state::AppState`], plain Rust testable without a window.

pub mod autosync;
pub mod desk;
pub mod desk_wire;
pub mod field;
pub mod payroll;
pub mod printing;
pub mod state;
pub mod sync_wire;

use desk_wire::{ConflictItem, DeskReport, ReportBy};
use reintegra_core::forms::{
    Draft, GroupItem, HomeView, HomeVisitForm, InitiativeForm, ReferralForm, ReferralItem, RosterEntry, SessionForm,
};
use reintegra_core::i18n::Lang;
use reintegra_core::month::Month;
use reintegra_core::person::PersonForm;
use reintegra_core::reference::Catalogue;
use reintegra_core::views::{ApprovalDone, ExportDone, PayrollApproval, PayrollView, PersonView};
use reintegra_core::wire::{ApiError, AppStatus, PersonPage, PersonQuery, RegisterOutcome, SetupRequest};
use state::AppState;
use sync_wire::{SyncOverview, SyncRun};
use tauri::{AppHandle, Emitter, Manager, State};

type Cmd<T> = Result<T, ApiError>;

#[tauri::command]
async fn app_status(state: State<'_, AppState>) -> Cmd<AppStatus> {
    state.status()
}

#[tauri::command]
async fn setup_store(state: State<'_, AppState>, request: SetupRequest) -> Cmd<AppStatus> {
    state.setup(&request, state::today())
}

#[tauri::command]
async fn unlock(state: State<'_, AppState>, login: Option<String>, passphrase: String) -> Cmd<AppStatus> {
    state.unlock(login.as_deref(), &passphrase)
}

/// Quick lock (Ctrl+L, the «Bloquear» button) or the interface's idle lock; the draft was saved first.
#[tauri::command]
async fn lock(state: State<'_, AppState>, idle: bool) -> Cmd<AppStatus> {
    state.lock(idle)
}

/// The interface saw keys or pointer input (reported now and then): the idle backstop starts again.
#[tauri::command]
async fn activity(state: State<'_, AppState>) -> Cmd<()> {
    state.activity();
    Ok(())
}

/// What the interface is told when the shell locked by itself (no input reported past the idle limit).
pub const LOCKED_EVENT: &str = "locked";

/// The auto-lock backstop: the shell locks if the interface, which locks itself at the idle limit, did not.
fn spawn_idle_watch(app: AppHandle) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
            if app.state::<AppState>().lock_if_idle() {
                let _ = app.emit(LOCKED_EVENT, ());
            }
        }
    });
}

#[tauri::command]
async fn reference_data(state: State<'_, AppState>) -> Cmd<Catalogue> {
    state.reference_data()
}

#[tauri::command]
async fn search_persons(state: State<'_, AppState>, query: PersonQuery) -> Cmd<PersonPage> {
    state.search_persons(&query)
}

#[tauri::command]
async fn register_person(state: State<'_, AppState>, form: PersonForm, confirm_new: bool) -> Cmd<RegisterOutcome> {
    state.register_person(&form, confirm_new, state::today())
}

#[tauri::command]
async fn update_person(
    state: State<'_, AppState>,
    id: uuid::Uuid,
    form: PersonForm,
    confirm: bool,
) -> Cmd<RegisterOutcome> {
    state.update_person(id, &form, confirm, state::today())
}

#[tauri::command]
async fn set_unsaved(state: State<'_, AppState>, unsaved: bool) -> Cmd<()> {
    state.set_unsaved(unsaved);
    Ok(())
}

/// Closes the window without asking again (the interface asked, or had nothing unsaved).
#[tauri::command]
async fn close_window(window: tauri::Window) -> Cmd<()> {
    window.destroy().map_err(|e| ApiError::new("error.internal").with("detail", e.to_string()))
}

/// What the interface is told when the window is asked to close while a form has unsaved input.
pub const CLOSE_REQUESTED_EVENT: &str = "close-requested";

#[tauri::command]
async fn person_view(state: State<'_, AppState>, id: uuid::Uuid) -> Cmd<PersonView> {
    state.person_view(id)
}

#[tauri::command]
async fn payroll_view(state: State<'_, AppState>, month: Month) -> Cmd<PayrollView> {
    state.payroll_view(month)
}

#[tauri::command]
async fn payroll_default_path(state: State<'_, AppState>, month: Month) -> Cmd<String> {
    Ok(state.payroll_default_path(month, state::today()))
}

#[tauri::command]
async fn export_payroll(state: State<'_, AppState>, month: Month, path: String, lang: Lang) -> Cmd<ExportDone> {
    state.export_payroll(month, &path, lang)
}

/// The folder printable documents are written into.
#[tauri::command]
async fn pdf_folder() -> Cmd<String> {
    Ok(printing::folder().to_string_lossy().into_owned())
}

/// Writes a printable document (it holds personal data: the screen asked first) and says where.
#[tauri::command]
async fn write_pdf(
    state: State<'_, AppState>,
    request: reintegra_core::sheets::PdfRequest,
    lang: Lang,
) -> Cmd<reintegra_core::sheets::PdfDone> {
    state.with_store(|s| printing::write(s, request, lang, state::today(), &printing::folder()))
}

#[tauri::command]
async fn approve_payroll(state: State<'_, AppState>, approval: PayrollApproval) -> Cmd<ApprovalDone> {
    state.approve_payroll(&approval, state::today())
}

#[tauri::command]
async fn sync_overview(state: State<'_, AppState>) -> Cmd<SyncOverview> {
    state.sync_overview()
}

#[tauri::command]
async fn set_sync_folder(state: State<'_, AppState>, path: String) -> Cmd<SyncOverview> {
    state.set_sync_folder(&path)
}

#[tauri::command]
async fn sync_now(app: AppHandle, state: State<'_, AppState>) -> Cmd<SyncRun> {
    autosync::sync_now(&app, &state)
}

#[tauri::command]
async fn home_view(state: State<'_, AppState>) -> Cmd<HomeView> {
    state.home_view(state::today())
}

#[tauri::command]
async fn save_home_visit(state: State<'_, AppState>, form: HomeVisitForm) -> Cmd<uuid::Uuid> {
    state.save_home_visit(&form, state::today())
}

#[tauri::command]
async fn groups(state: State<'_, AppState>) -> Cmd<Vec<GroupItem>> {
    state.groups()
}

#[tauri::command]
async fn roster(state: State<'_, AppState>, group: uuid::Uuid) -> Cmd<Vec<RosterEntry>> {
    state.roster(group, state::today())
}

#[tauri::command]
async fn save_session(state: State<'_, AppState>, form: SessionForm) -> Cmd<uuid::Uuid> {
    state.save_session(&form, state::today())
}

#[tauri::command]
async fn save_referral(state: State<'_, AppState>, form: ReferralForm) -> Cmd<uuid::Uuid> {
    state.save_referral(&form, state::today())
}

#[tauri::command]
async fn save_initiative(state: State<'_, AppState>, form: InitiativeForm) -> Cmd<uuid::Uuid> {
    state.save_initiative(&form, state::today())
}

#[tauri::command]
async fn register_relative(
    state: State<'_, AppState>,
    participant: uuid::Uuid,
    kind: String,
    form: reintegra_core::person::PersonForm,
    confirm_new: bool,
) -> Cmd<reintegra_core::wire::RegisterOutcome> {
    state.register_relative(participant, &kind, &form, confirm_new, state::today())
}

#[tauri::command]
async fn set_referral_status(state: State<'_, AppState>, id: uuid::Uuid, status: String, outcome: String) -> Cmd<()> {
    state.set_referral_status(id, &status, &outcome, state::today())
}

#[tauri::command]
async fn person_referrals(state: State<'_, AppState>, id: uuid::Uuid) -> Cmd<Vec<ReferralItem>> {
    state.person_referrals(id)
}

#[tauri::command]
async fn get_draft(state: State<'_, AppState>, key: String) -> Cmd<Option<Draft>> {
    state.get_draft(&key)
}

#[tauri::command]
async fn save_draft(state: State<'_, AppState>, key: String, data: String) -> Cmd<()> {
    state.save_draft(&key, &data)
}

#[tauri::command]
async fn delete_draft(state: State<'_, AppState>, key: String) -> Cmd<()> {
    state.delete_draft(&key)
}

#[tauri::command]
async fn desk_report(state: State<'_, AppState>, by: ReportBy, share: u32) -> Cmd<DeskReport> {
    state.desk_report(by, share)
}

#[tauri::command]
async fn conflict_inbox(state: State<'_, AppState>) -> Cmd<Vec<ConflictItem>> {
    state.conflict_inbox()
}

#[tauri::command]
async fn resolve_conflict(
    state: State<'_, AppState>,
    id: String,
    keep: Option<String>,
    value: Option<String>,
) -> Cmd<()> {
    state.resolve_conflict(&id, keep, value)
}

pub fn run() {
    let state = AppState::from_env();
    let result = tauri::Builder::default()
        .manage(state)
        .setup(|app| {
            spawn_idle_watch(app.handle().clone());
            autosync::spawn(app.handle().clone())
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event
                && window.state::<AppState>().close_must_ask()
            {
                // The interface saves the draft, asks, and closes with `close_window` if the person says so.
                api.prevent_close();
                if window.emit(CLOSE_REQUESTED_EVENT, ()).is_err() {
                    let _ = window.destroy();
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            app_status,
            setup_store,
            unlock,
            lock,
            activity,
            reference_data,
            search_persons,
            register_person,
            update_person,
            set_unsaved,
            close_window,
            person_view,
            payroll_view,
            payroll_default_path,
            export_payroll,
            approve_payroll,
            pdf_folder,
            write_pdf,
            sync_overview,
            set_sync_folder,
            sync_now,
            home_view,
            save_home_visit,
            groups,
            roster,
            save_session,
            save_referral,
            save_initiative,
            register_relative,
            set_referral_status,
            person_referrals,
            get_draft,
            save_draft,
            delete_draft,
            desk_report,
            conflict_inbox,
            resolve_conflict
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        // Tauri's own start-up errors (no display, webview missing) carry no personal data.
        eprintln!("Reintegra: {e}");
        std::process::exit(1);
    }
}
