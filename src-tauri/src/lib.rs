//! The desktop shell: window, state, and one-line command adapters. Everything a command does lives in
//! [`state::AppState`], plain Rust testable without a window; what the commands take and answer, and the events'
//! names, are in `reintegra_core::wire`, shared with the interface.

pub mod admin;
pub mod assessments;
pub mod autosync;
pub mod damaged;
pub mod data;
pub mod desk;
pub mod dialogs;
pub mod field;
pub mod memory;
pub mod payments;
pub mod payroll;
pub mod printing;
pub mod programme;
pub mod state;
pub mod vouchers_admin;
pub mod window;

use reintegra_core::forms::{
    Draft, GroupItem, HomeView, HomeVisitForm, InitiativeForm, ReferralForm, ReferralItem, RosterEntry, SessionForm,
};
use reintegra_core::reference::Catalogue;
use reintegra_core::sheets::PdfDone;
use reintegra_core::views::{ApprovalDone, ExportDone, PayrollApproval, PayrollView, PersonView};
use reintegra_core::wire::admin::{CardPreview, DevicesView, UsersView};
use reintegra_core::wire::args::PickPathArgs;
use reintegra_core::wire::args::{
    AddDeviceArgs, AddUserArgs, CardFileArgs, ChangePassphraseArgs, DeviceArgs, DeviceWorkersArgs, IdleLockArgs,
    LoginArgs, RecoveryKeyArgs, ResetPassphraseArgs,
};
use reintegra_core::wire::args::{AlertFollowupArgs, InstrumentFileArgs, SaveAssessmentArgs};
use reintegra_core::wire::args::{ApplyImportArgs, AuditArgs, ExportDataArgs, ImportFileArgs, IndicatorsWorkbookArgs};
use reintegra_core::wire::args::{
    DeskReportArgs, DraftKeyArgs, ExportPayrollArgs, FolderArgs, GroupArgs, IdArgs, LockArgs, MonthArgs,
    ReferralStatusArgs, RegisterPersonArgs, RegisterRelativeArgs, ResolveConflictArgs, SaveDraftArgs, UnlockArgs,
    UnsavedArgs, UpdatePersonArgs, WritePdfArgs,
};
use reintegra_core::wire::assessments::{
    AssessmentIndicator, AssessmentRow, InstrumentHistory, InstrumentInfo, OpenAlert,
};
use reintegra_core::wire::data::{AuditPage, ExportWritten, ImportCounts, ImportPreview};
use reintegra_core::wire::desk::{ConflictItem, DeskReport};
use reintegra_core::wire::payments::{
    BatchWritten, CashResults, Delivery, DeliveryArgs, PaymentRow, PaymentsMonth, ReconArgs, ReconPdfArgs,
    Reconciliation, ResultsDone, ResultsFileArgs, ResultsImport, StatusChange, WriteBatchArgs,
};
use reintegra_core::wire::programme::{
    AddGoalArgs, CasePlanArgs, CloseEnrolmentArgs, EndRelationshipArgs, EnrolArgs, GoalStatusArgs, GroupForm, GroupRow,
    MunicipalityArgs, PersonProgramme, ProgrammeStatusArgs, RelationshipKindArgs,
};
use reintegra_core::wire::sync::{SyncOverview, SyncRun};
use reintegra_core::wire::vouchers::{ExemptionArgs, OverrideArgs, RulesArgs, RulesPreview, RulesScreen, SavedRecord};
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

/// The unlock screen's way forward for a damaged store: set it aside (renamed, never deleted), then the setup.
#[tauri::command]
async fn set_aside_damaged_store(state: State<'_, AppState>, args: UnlockArgs) -> Cmd<AppStatus> {
    state.set_aside_damaged(&args)
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

/// Payment delivery (#17, `payments.rs`): the payroll's batches, the cash list taken back, a provider's results,
/// the reconciliation, a participant's delivery method and payments.
#[tauri::command]
async fn payments_month(state: State<'_, AppState>, args: MonthArgs) -> Cmd<PaymentsMonth> {
    state.payments_month(args.month)
}

#[tauri::command]
async fn write_batch(state: State<'_, AppState>, args: WriteBatchArgs) -> Cmd<BatchWritten> {
    state.write_batch(&args, today())
}

#[tauri::command]
async fn record_cash(state: State<'_, AppState>, args: CashResults) -> Cmd<ResultsDone> {
    state.record_cash(&args, today())
}

#[tauri::command]
async fn import_payment_results(state: State<'_, AppState>, args: ResultsFileArgs) -> Cmd<ResultsImport> {
    state.import_payment_results(&args.path, today())
}

#[tauri::command]
async fn reconciliation(state: State<'_, AppState>, args: ReconArgs) -> Cmd<Reconciliation> {
    state.reconciliation(args.by)
}

#[tauri::command]
async fn write_reconciliation_pdf(state: State<'_, AppState>, args: ReconPdfArgs) -> Cmd<PdfDone> {
    state.write_reconciliation_pdf(&args, today())
}

#[tauri::command]
async fn person_delivery(state: State<'_, AppState>, args: IdArgs) -> Cmd<Option<Delivery>> {
    state.person_delivery(args.id)
}

#[tauri::command]
async fn set_delivery(state: State<'_, AppState>, args: DeliveryArgs) -> Cmd<SavedRecord> {
    state.set_delivery(&args, today())
}

#[tauri::command]
async fn person_payments(state: State<'_, AppState>, args: IdArgs) -> Cmd<Vec<(PaymentRow, Vec<StatusChange>)>> {
    state.person_payments(args.id)
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

#[tauri::command]
async fn pick_path(app: AppHandle, args: PickPathArgs) -> Cmd<Option<String>> {
    dialogs::pick_path(&app, args)
}

#[tauri::command]
async fn export_data(state: State<'_, AppState>, args: ExportDataArgs) -> Cmd<ExportWritten> {
    state.export_data(&args)
}

#[tauri::command]
async fn indicators_workbook(state: State<'_, AppState>, args: IndicatorsWorkbookArgs) -> Cmd<ExportWritten> {
    state.indicators_workbook(&args)
}

#[tauri::command]
async fn preview_import(state: State<'_, AppState>, args: ImportFileArgs) -> Cmd<ImportPreview> {
    state.preview_import(&args)
}

#[tauri::command]
async fn apply_import(state: State<'_, AppState>, args: ApplyImportArgs) -> Cmd<ImportCounts> {
    state.apply_import(&args)
}

#[tauri::command]
async fn audit_log(state: State<'_, AppState>, args: AuditArgs) -> Cmd<AuditPage> {
    state.audit_log(&args.query)
}

/// Voucher administration on the central file (`vouchers_admin.rs`).
#[tauri::command]
async fn record_exemption(state: State<'_, AppState>, args: ExemptionArgs) -> Cmd<SavedRecord> {
    state.record_exemption(&args, today())
}

#[tauri::command]
async fn record_override(state: State<'_, AppState>, args: OverrideArgs) -> Cmd<SavedRecord> {
    state.record_override(&args, today())
}

#[tauri::command]
async fn rules_screen(state: State<'_, AppState>) -> Cmd<RulesScreen> {
    state.rules_screen(today())
}

#[tauri::command]
async fn preview_rules(state: State<'_, AppState>, args: RulesArgs) -> Cmd<RulesPreview> {
    state.preview_rules(&args, today())
}

#[tauri::command]
async fn save_rules(state: State<'_, AppState>, args: RulesArgs) -> Cmd<SavedRecord> {
    state.save_rules(&args, today())
}

/// Psychosocial assessments (#16, `assessments.rs`).
#[tauri::command]
async fn instruments(state: State<'_, AppState>) -> Cmd<Vec<InstrumentInfo>> {
    state.instruments()
}

#[tauri::command]
async fn save_assessment(state: State<'_, AppState>, args: SaveAssessmentArgs) -> Cmd<AssessmentRow> {
    state.save_assessment(&args, today())
}

#[tauri::command]
async fn person_assessments(state: State<'_, AppState>, args: IdArgs) -> Cmd<Vec<InstrumentHistory>> {
    state.person_assessments(args.id)
}

#[tauri::command]
async fn open_alerts(state: State<'_, AppState>) -> Cmd<Vec<OpenAlert>> {
    state.open_alerts()
}

#[tauri::command]
async fn record_alert_followup(state: State<'_, AppState>, args: AlertFollowupArgs) -> Cmd<Uuid> {
    state.record_alert_followup(&args, today())
}

#[tauri::command]
async fn load_instrument(state: State<'_, AppState>, args: InstrumentFileArgs) -> Cmd<InstrumentInfo> {
    state.load_instrument(&args.path, today())
}

#[tauri::command]
async fn assessment_indicators(state: State<'_, AppState>) -> Cmd<Vec<AssessmentIndicator>> {
    state.assessment_indicators()
}

/// The programme's records of a person's page, and the groups and municipalities screens (`programme.rs`).
#[tauri::command]
async fn person_programme(state: State<'_, AppState>, args: IdArgs) -> Cmd<PersonProgramme> {
    state.person_programme(args.id)
}

#[tauri::command]
async fn enrol(state: State<'_, AppState>, args: EnrolArgs) -> Cmd<Uuid> {
    state.enrol(args.person, &args.component, &args.start_date, today())
}

#[tauri::command]
async fn close_enrolment(state: State<'_, AppState>, args: CloseEnrolmentArgs) -> Cmd<()> {
    state.close_enrolment(args.id, &args.end_date, &args.status, today())
}

#[tauri::command]
async fn add_case_plan(state: State<'_, AppState>, args: CasePlanArgs) -> Cmd<Uuid> {
    state.add_case_plan(args.person, &args.goals, today())
}

#[tauri::command]
async fn add_goal(state: State<'_, AppState>, args: AddGoalArgs) -> Cmd<()> {
    state.add_goal(args.plan, &args.text, today())
}

#[tauri::command]
async fn set_goal_status(state: State<'_, AppState>, args: GoalStatusArgs) -> Cmd<()> {
    state.set_goal_status(args.plan, args.index, &args.status, today())
}

#[tauri::command]
async fn set_relationship_kind(state: State<'_, AppState>, args: RelationshipKindArgs) -> Cmd<()> {
    state.set_relationship_kind(args.id, &args.kind, today())
}

#[tauri::command]
async fn end_relationship(state: State<'_, AppState>, args: EndRelationshipArgs) -> Cmd<()> {
    state.end_relationship(args.id, &args.end_date, today())
}

#[tauri::command]
async fn set_programme_status(state: State<'_, AppState>, args: ProgrammeStatusArgs) -> Cmd<()> {
    state.set_programme_status(args.person, &args.status, &args.worker, today())
}

#[tauri::command]
async fn group_list(state: State<'_, AppState>) -> Cmd<Vec<GroupRow>> {
    state.group_list()
}

#[tauri::command]
async fn save_group(state: State<'_, AppState>, args: GroupForm) -> Cmd<Uuid> {
    state.save_group(&args, today())
}

#[tauri::command]
async fn save_municipality(state: State<'_, AppState>, args: MunicipalityArgs) -> Cmd<Uuid> {
    state.save_municipality(&args.name, &args.districts, today())
}

/// Administration (`admin.rs`): devices and their cards, users, passphrases.
#[tauri::command]
async fn devices_view(state: State<'_, AppState>) -> Cmd<DevicesView> {
    state.devices_view()
}

#[tauri::command]
async fn save_device_card(state: State<'_, AppState>, args: CardFileArgs) -> Cmd<String> {
    state.save_device_card(&args.path)
}

#[tauri::command]
async fn read_device_card(state: State<'_, AppState>, args: CardFileArgs) -> Cmd<CardPreview> {
    state.read_device_card(&args.path)
}

#[tauri::command]
async fn add_device(state: State<'_, AppState>, args: AddDeviceArgs) -> Cmd<DevicesView> {
    state.add_device(&args.path, args.workers)
}

#[tauri::command]
async fn set_device_workers(state: State<'_, AppState>, args: DeviceWorkersArgs) -> Cmd<DevicesView> {
    state.set_device_workers(args.device, &args.workers)
}

#[tauri::command]
async fn revoke_device(state: State<'_, AppState>, args: DeviceArgs) -> Cmd<DevicesView> {
    state.revoke_device(args.device)
}

#[tauri::command]
async fn users_view(state: State<'_, AppState>) -> Cmd<UsersView> {
    state.users_view()
}

#[tauri::command]
async fn add_user(state: State<'_, AppState>, args: AddUserArgs) -> Cmd<UsersView> {
    state.add_user(&args)
}

#[tauri::command]
async fn disable_user(state: State<'_, AppState>, args: LoginArgs) -> Cmd<UsersView> {
    state.disable_user(&args.login)
}

#[tauri::command]
async fn set_idle_lock(state: State<'_, AppState>, args: IdleLockArgs) -> Cmd<UsersView> {
    state.set_idle_lock(args.minutes)
}

#[tauri::command]
async fn change_passphrase(state: State<'_, AppState>, args: ChangePassphraseArgs) -> Cmd<()> {
    state.change_passphrase(&args)
}

#[tauri::command]
async fn new_recovery_key(state: State<'_, AppState>, args: RecoveryKeyArgs) -> Cmd<String> {
    state.new_recovery_key(&args.passphrase)
}

#[tauri::command]
async fn reset_passphrase(state: State<'_, AppState>, args: ResetPassphraseArgs) -> Cmd<AppStatus> {
    state.reset_passphrase(&args)
}

pub fn run() {
    let result = tauri::Builder::default()
        .manage(AppState::from_env())
        .setup(|app| {
            window::spawn_idle_watch(app.handle().clone());
            memory::configure_web_views(app.handle());
            autosync::spawn(app.handle().clone())
        })
        .on_window_event(window::on_event)
        .invoke_handler(tauri::generate_handler![
            app_status,
            devices_view,
            save_device_card,
            read_device_card,
            add_device,
            set_device_workers,
            revoke_device,
            users_view,
            add_user,
            disable_user,
            set_idle_lock,
            change_passphrase,
            new_recovery_key,
            reset_passphrase,
            setup_store,
            unlock,
            set_aside_damaged_store,
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
            payments_month,
            write_batch,
            record_cash,
            import_payment_results,
            reconciliation,
            write_reconciliation_pdf,
            person_delivery,
            set_delivery,
            person_payments,
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
            instruments,
            save_assessment,
            person_assessments,
            open_alerts,
            record_alert_followup,
            load_instrument,
            assessment_indicators,
            person_programme,
            enrol,
            close_enrolment,
            add_case_plan,
            add_goal,
            set_goal_status,
            set_relationship_kind,
            end_relationship,
            set_programme_status,
            group_list,
            save_group,
            save_municipality,
            get_draft,
            save_draft,
            delete_draft,
            desk_report,
            conflict_inbox,
            resolve_conflict,
            pick_path,
            export_data,
            indicators_workbook,
            preview_import,
            apply_import,
            audit_log,
            record_exemption,
            record_override,
            rules_screen,
            preview_rules,
            save_rules
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        // Tauri's own start-up errors (no display, webview missing) carry no personal data.
        eprintln!("Reintegra: {e}");
        std::process::exit(1);
    }
}
