//! The desktop shell: window, state, and one-line command adapters. Everything a command does lives in
//! [`state::AppState`], plain Rust testable without a window; what the commands take and answer, and the events'
//! names, are in `reintegra_core::wire`, shared with the interface.

pub mod autosync;
pub mod desk;
pub mod field;
pub mod payroll;
pub mod printing;
pub mod state;
pub mod window;

use reintegra_core::forms::{
    Draft, GroupItem, HomeView, HomeVisitForm, InitiativeForm, ReferralForm, ReferralItem, RosterEntry, SessionForm,
};
use reintegra_core::reference::Catalogue;
use reintegra_core::sheets::PdfDone;
use reintegra_core::views::{ApprovalDone, ExportDone, PayrollApproval, PayrollView, PersonView};
use reintegra_core::wire::args::{
    DeskReportArgs, DraftKeyArgs, ExportPayrollArgs, FolderArgs, GroupArgs, IdArgs, LockArgs, MonthArgs,
    ReferralStatusArgs, RegisterPersonArgs, RegisterRelativeArgs, ResolveConflictArgs, SaveDraftArgs, UnlockArgs,
    UnsavedArgs, UpdatePersonArgs, WritePdfArgs,
};
use reintegra_core::wire::desk::{ConflictItem, DeskReport};
use reintegra_core::wire::sync::{SyncOverview, SyncRun};
use reintegra_core::wire::{ApiError, AppStatus, PersonPage, PersonQuery, RegisterOutcome, SetupRequest};
use state::{AppState, today};
use tauri::{AppHandle, State};
use uuid::Uuid;

type Cmd<T> = Result<T, ApiError>;

#[tauri::command]
async fn app_status(state: State<'_, AppState>) -> Cmd<AppStatus> {
    state.status()
}

#[tauri::command]
async fn setup_store(state: State<'_, AppState>, args: SetupRequest) -> Cmd<AppStatus> {
    state.setup(&args, today())
}

#[tauri::command]
async fn unlock(state: State<'_, AppState>, args: UnlockArgs) -> Cmd<AppStatus> {
    state.unlock(args.login.as_deref(), &args.passphrase)
}

/// Quick lock (Ctrl+L, the «Bloquear» button) or the interface's idle lock; the draft was saved first.
#[tauri::command]
async fn lock(state: State<'_, AppState>, args: LockArgs) -> Cmd<AppStatus> {
    state.lock(args.idle)
}

/// The interface saw keys or pointer input (reported now and then): the idle backstop starts again.
#[tauri::command]
async fn activity(state: State<'_, AppState>) -> Cmd<()> {
    state.activity();
    Ok(())
}

#[tauri::command]
async fn reference_data(state: State<'_, AppState>) -> Cmd<Catalogue> {
    state.reference_data()
}

#[tauri::command]
async fn search_persons(state: State<'_, AppState>, args: PersonQuery) -> Cmd<PersonPage> {
    state.search_persons(&args)
}

#[tauri::command]
async fn register_person(state: State<'_, AppState>, args: RegisterPersonArgs) -> Cmd<RegisterOutcome> {
    state.register_person(&args.form, args.confirm_new, today())
}

#[tauri::command]
async fn update_person(state: State<'_, AppState>, args: UpdatePersonArgs) -> Cmd<RegisterOutcome> {
    state.update_person(args.id, &args.form, args.confirm, today())
}

#[tauri::command]
async fn set_unsaved(state: State<'_, AppState>, args: UnsavedArgs) -> Cmd<()> {
    state.set_unsaved(args.unsaved);
    Ok(())
}

/// Closes the window without asking again (the interface asked, or had nothing unsaved).
#[tauri::command]
async fn close_window(window: tauri::Window) -> Cmd<()> {
    window.destroy().map_err(ApiError::internal)
}

#[tauri::command]
async fn person_view(state: State<'_, AppState>, args: IdArgs) -> Cmd<PersonView> {
    state.person_view(args.id)
}

#[tauri::command]
async fn payroll_view(state: State<'_, AppState>, args: MonthArgs) -> Cmd<PayrollView> {
    state.payroll_view(args.month)
}

#[tauri::command]
async fn payroll_default_path(state: State<'_, AppState>, args: MonthArgs) -> Cmd<String> {
    Ok(state.payroll_default_path(args.month, today()))
}

#[tauri::command]
async fn export_payroll(state: State<'_, AppState>, args: ExportPayrollArgs) -> Cmd<ExportDone> {
    state.export_payroll(args.month, &args.path, args.lang)
}

#[tauri::command]
async fn pdf_folder(state: State<'_, AppState>) -> Cmd<String> {
    Ok(state.pdf_folder())
}

#[tauri::command]
async fn write_pdf(state: State<'_, AppState>, args: WritePdfArgs) -> Cmd<PdfDone> {
    state.write_pdf(args.request, args.lang, today())
}

#[tauri::command]
async fn approve_payroll(state: State<'_, AppState>, args: PayrollApproval) -> Cmd<ApprovalDone> {
    state.approve_payroll(&args, today())
}

#[tauri::command]
async fn sync_overview(state: State<'_, AppState>) -> Cmd<SyncOverview> {
    state.sync_overview()
}

#[tauri::command]
async fn set_sync_folder(state: State<'_, AppState>, args: FolderArgs) -> Cmd<SyncOverview> {
    state.set_sync_folder(&args.path)
}

/// The sync button: emits the progress and completion events as it goes.
#[tauri::command]
async fn sync_now(app: AppHandle, state: State<'_, AppState>) -> Cmd<SyncRun> {
    autosync::sync_now(&app, &state)
}

#[tauri::command]
async fn home_view(state: State<'_, AppState>) -> Cmd<HomeView> {
    state.home_view(today())
}

#[tauri::command]
async fn save_home_visit(state: State<'_, AppState>, args: HomeVisitForm) -> Cmd<Uuid> {
    state.save_home_visit(&args, today())
}

#[tauri::command]
async fn groups(state: State<'_, AppState>) -> Cmd<Vec<GroupItem>> {
    state.groups()
}

#[tauri::command]
async fn roster(state: State<'_, AppState>, args: GroupArgs) -> Cmd<Vec<RosterEntry>> {
    state.roster(args.group, today())
}

#[tauri::command]
async fn save_session(state: State<'_, AppState>, args: SessionForm) -> Cmd<Uuid> {
    state.save_session(&args, today())
}

#[tauri::command]
async fn save_referral(state: State<'_, AppState>, args: ReferralForm) -> Cmd<Uuid> {
    state.save_referral(&args, today())
}

#[tauri::command]
async fn save_initiative(state: State<'_, AppState>, args: InitiativeForm) -> Cmd<Uuid> {
    state.save_initiative(&args, today())
}

#[tauri::command]
async fn register_relative(state: State<'_, AppState>, args: RegisterRelativeArgs) -> Cmd<RegisterOutcome> {
    state.register_relative(args.participant, &args.kind, &args.form, args.confirm_new, today())
}

#[tauri::command]
async fn set_referral_status(state: State<'_, AppState>, args: ReferralStatusArgs) -> Cmd<()> {
    state.set_referral_status(args.id, &args.status, &args.outcome, today())
}

#[tauri::command]
async fn person_referrals(state: State<'_, AppState>, args: IdArgs) -> Cmd<Vec<ReferralItem>> {
    state.person_referrals(args.id)
}

#[tauri::command]
async fn get_draft(state: State<'_, AppState>, args: DraftKeyArgs) -> Cmd<Option<Draft>> {
    state.get_draft(&args.key)
}

#[tauri::command]
async fn save_draft(state: State<'_, AppState>, args: SaveDraftArgs) -> Cmd<()> {
    state.save_draft(&args.key, &args.data)
}

#[tauri::command]
async fn delete_draft(state: State<'_, AppState>, args: DraftKeyArgs) -> Cmd<()> {
    state.delete_draft(&args.key)
}

#[tauri::command]
async fn desk_report(state: State<'_, AppState>, args: DeskReportArgs) -> Cmd<DeskReport> {
    state.desk_report(args.by, args.share)
}

#[tauri::command]
async fn conflict_inbox(state: State<'_, AppState>) -> Cmd<Vec<ConflictItem>> {
    state.conflict_inbox()
}

#[tauri::command]
async fn resolve_conflict(state: State<'_, AppState>, args: ResolveConflictArgs) -> Cmd<()> {
    state.resolve_conflict(&args.id, args.keep, args.value)
}

pub fn run() {
    let result = tauri::Builder::default()
        .manage(AppState::from_env())
        .setup(|app| {
            window::spawn_idle_watch(app.handle().clone());
            autosync::spawn(app.handle().clone())
        })
        .on_window_event(window::on_event)
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
