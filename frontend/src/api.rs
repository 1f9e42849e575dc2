//! The only place that talks to the backend: one typed function per Tauri command. Errors come back as
//! [`ApiError`] (a translation key), never as a panic.

use reintegra_core::forms::{
    Draft, GroupItem, HomeView, HomeVisitForm, InitiativeForm, ReferralForm, ReferralItem, RosterEntry, SessionForm,
};
use reintegra_core::i18n::Lang;
use reintegra_core::month::Month;
use reintegra_core::person::PersonForm;
use reintegra_core::reference::Catalogue;
use reintegra_core::sheets::{PdfDone, PdfRequest};
use reintegra_core::views::{ApprovalDone, ExportDone, PayrollApproval, PayrollView, PersonView};
use reintegra_core::wire::admin::{CardPreview, DevicesView, UsersView};
use reintegra_core::wire::args::PickPathArgs;
use reintegra_core::wire::args::{
    AddDeviceArgs, AddUserArgs, CardFileArgs, ChangePassphraseArgs, DeviceArgs, DeviceWorkersArgs, IdleLockArgs,
    LoginArgs, RecoveryKeyArgs, ResetPassphraseArgs,
};
use reintegra_core::wire::args::{
    DeskReportArgs, DraftKeyArgs, ExportPayrollArgs, FolderArgs, GroupArgs, IdArgs, LockArgs, MonthArgs,
    ReferralStatusArgs, RegisterPersonArgs, RegisterRelativeArgs, ResolveConflictArgs, SaveDraftArgs, UnlockArgs,
    UnsavedArgs, UpdatePersonArgs, WritePdfArgs,
};
use reintegra_core::wire::data::{AuditPage, AuditQuery, ExportWritten, ImportCounts, ImportPreview};
use reintegra_core::wire::desk::{ConflictItem, DeskReport, ReportBy};
use reintegra_core::wire::sync::{SyncOverview, SyncRun};
use reintegra_core::wire::vouchers::{
    ExemptionArgs, OverrideArgs, RulesArgs, RulesForm, RulesPreview, RulesScreen, SavedRecord,
};
use reintegra_core::wire::{ApiError, AppStatus, PersonPage, PersonQuery, RegisterOutcome, SetupRequest};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], catch)]
    async fn invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;

    /// Resolves to the function that stops listening.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
    async fn tauri_listen(event: &str, handler: &js_sys::Function) -> Result<JsValue, JsValue>;
}

/// What `invoke` is given: the shell's commands with input take one parameter, `args` (`reintegra_core::wire::args`).
#[derive(Serialize)]
struct Invoke<'a, A> {
    args: &'a A,
}

/// Calls a command that takes `args`.
async fn call<A: Serialize, R: DeserializeOwned>(cmd: &str, args: &A) -> Result<R, ApiError> {
    send(cmd, &Invoke { args }).await
}

/// Calls a command that takes nothing.
async fn call_no_args<R: DeserializeOwned>(cmd: &str) -> Result<R, ApiError> {
    send(cmd, &serde_json::Map::new()).await
}

async fn send<A: Serialize, R: DeserializeOwned>(cmd: &str, args: &A) -> Result<R, ApiError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = args.serialize(&serializer).map_err(ApiError::internal)?;
    match invoke(cmd, args).await {
        Ok(value) => serde_wasm_bindgen::from_value(value).map_err(ApiError::internal),
        Err(err) => Err(serde_wasm_bindgen::from_value::<ApiError>(err.clone())
            .unwrap_or_else(|_| ApiError::internal(err.as_string().unwrap_or_default()))),
    }
}

pub async fn app_status() -> Result<AppStatus, ApiError> {
    call_no_args("app_status").await
}

/// Administration: devices and their cards, users, passphrases (the shell's `admin.rs`).
pub async fn devices_view() -> Result<DevicesView, ApiError> {
    call_no_args("devices_view").await
}

/// Writes this device's card to `path`; answers the path written.
pub async fn save_device_card(path: String) -> Result<String, ApiError> {
    call("save_device_card", &CardFileArgs { path }).await
}

pub async fn read_device_card(path: String) -> Result<CardPreview, ApiError> {
    call("read_device_card", &CardFileArgs { path }).await
}

pub async fn add_device(path: String, workers: Option<Vec<String>>) -> Result<DevicesView, ApiError> {
    call("add_device", &AddDeviceArgs { path, workers }).await
}

pub async fn set_device_workers(device: uuid::Uuid, workers: Vec<String>) -> Result<DevicesView, ApiError> {
    call("set_device_workers", &DeviceWorkersArgs { device, workers }).await
}

pub async fn revoke_device(device: uuid::Uuid) -> Result<DevicesView, ApiError> {
    call("revoke_device", &DeviceArgs { device }).await
}

pub async fn users_view() -> Result<UsersView, ApiError> {
    call_no_args("users_view").await
}

pub async fn add_user(args: AddUserArgs) -> Result<UsersView, ApiError> {
    call("add_user", &args).await
}

pub async fn disable_user(login: String) -> Result<UsersView, ApiError> {
    call("disable_user", &LoginArgs { login }).await
}

pub async fn set_idle_lock(minutes: u32) -> Result<UsersView, ApiError> {
    call("set_idle_lock", &IdleLockArgs { minutes }).await
}

pub async fn change_passphrase(args: ChangePassphraseArgs) -> Result<(), ApiError> {
    call("change_passphrase", &args).await
}

/// A new recovery key, to be shown once.
pub async fn new_recovery_key(passphrase: String) -> Result<String, ApiError> {
    call("new_recovery_key", &RecoveryKeyArgs { passphrase }).await
}

pub async fn reset_passphrase(args: ResetPassphraseArgs) -> Result<AppStatus, ApiError> {
    call("reset_passphrase", &args).await
}

pub async fn setup_store(request: SetupRequest) -> Result<AppStatus, ApiError> {
    call("setup_store", &request).await
}

/// Opens the store as `login` (empty: the device's first user).
pub async fn unlock(login: String, passphrase: String) -> Result<AppStatus, ApiError> {
    let login = Some(login.trim().to_owned()).filter(|l| !l.is_empty());
    call("unlock", &UnlockArgs { login, passphrase }).await
}

/// Sets a store found damaged at unlock aside (renamed beside it, never deleted), with the login and passphrase that
/// found it damaged; the status that follows has no store, so the setup is shown.
pub async fn set_aside_damaged_store(login: String, passphrase: String) -> Result<AppStatus, ApiError> {
    let login = Some(login.trim().to_owned()).filter(|l| !l.is_empty());
    call("set_aside_damaged_store", &UnlockArgs { login, passphrase }).await
}

/// Locks the store (the open form's draft must be saved before); `idle` when it is the auto-lock.
pub async fn lock(idle: bool) -> Result<AppStatus, ApiError> {
    call("lock", &LockArgs { idle }).await
}

/// Tells the shell the person is still there (keys or pointer input since the last report).
pub async fn activity() -> Result<(), ApiError> {
    call_no_args("activity").await
}

pub async fn reference_data() -> Result<Catalogue, ApiError> {
    call_no_args("reference_data").await
}

pub async fn search_persons(query: PersonQuery) -> Result<PersonPage, ApiError> {
    call("search_persons", &query).await
}

pub async fn register_person(form: PersonForm, confirm_new: bool) -> Result<RegisterOutcome, ApiError> {
    call("register_person", &RegisterPersonArgs { form, confirm_new }).await
}

/// Saves the edited person `id`; with `confirm`, even when others look like the result.
pub async fn update_person(id: uuid::Uuid, form: PersonForm, confirm: bool) -> Result<RegisterOutcome, ApiError> {
    call("update_person", &UpdatePersonArgs { id, form, confirm }).await
}

/// Tells the shell whether a form holds unsaved input (closing the window then asks first).
pub async fn set_unsaved(unsaved: bool) -> Result<(), ApiError> {
    call("set_unsaved", &UnsavedArgs { unsaved }).await
}

/// Closes the window without asking again.
pub async fn close_window() -> Result<(), ApiError> {
    call_no_args("close_window").await
}

pub async fn person_view(id: uuid::Uuid) -> Result<PersonView, ApiError> {
    call("person_view", &IdArgs { id }).await
}

pub async fn payroll_view(month: Month) -> Result<PayrollView, ApiError> {
    call("payroll_view", &MonthArgs { month }).await
}

pub async fn payroll_default_path(month: Month) -> Result<String, ApiError> {
    call("payroll_default_path", &MonthArgs { month }).await
}

pub async fn export_payroll(month: Month, path: String, lang: Lang) -> Result<ExportDone, ApiError> {
    call("export_payroll", &ExportPayrollArgs { month, path, lang }).await
}

pub async fn pdf_folder() -> Result<String, ApiError> {
    call_no_args("pdf_folder").await
}

pub async fn write_pdf(request: PdfRequest, lang: Lang) -> Result<PdfDone, ApiError> {
    call("write_pdf", &WritePdfArgs { request, lang }).await
}

pub async fn approve_payroll(approval: PayrollApproval) -> Result<ApprovalDone, ApiError> {
    call("approve_payroll", &approval).await
}

pub async fn sync_overview() -> Result<SyncOverview, ApiError> {
    call_no_args("sync_overview").await
}

pub async fn set_sync_folder(path: String) -> Result<SyncOverview, ApiError> {
    call("set_sync_folder", &FolderArgs { path }).await
}

pub async fn sync_now() -> Result<SyncRun, ApiError> {
    call_no_args("sync_now").await
}

pub async fn desk_report(by: ReportBy, share: u32) -> Result<DeskReport, ApiError> {
    call("desk_report", &DeskReportArgs { by, share }).await
}

pub async fn conflict_inbox() -> Result<Vec<ConflictItem>, ApiError> {
    call_no_args("conflict_inbox").await
}

/// Keeps one side (its `keep` id) or, without one, the new value written.
pub async fn resolve_conflict(id: String, keep: Option<String>, value: Option<String>) -> Result<(), ApiError> {
    call("resolve_conflict", &ResolveConflictArgs { id, keep, value }).await
}

pub async fn home_view() -> Result<HomeView, ApiError> {
    call_no_args("home_view").await
}

pub async fn save_home_visit(form: HomeVisitForm) -> Result<uuid::Uuid, ApiError> {
    call("save_home_visit", &form).await
}

pub async fn groups() -> Result<Vec<GroupItem>, ApiError> {
    call_no_args("groups").await
}

pub async fn roster(group: uuid::Uuid) -> Result<Vec<RosterEntry>, ApiError> {
    call("roster", &GroupArgs { group }).await
}

pub async fn save_session(form: SessionForm) -> Result<uuid::Uuid, ApiError> {
    call("save_session", &form).await
}

pub async fn save_referral(form: ReferralForm) -> Result<uuid::Uuid, ApiError> {
    call("save_referral", &form).await
}

pub async fn save_initiative(form: InitiativeForm) -> Result<uuid::Uuid, ApiError> {
    call("save_initiative", &form).await
}

pub async fn register_relative(
    participant: uuid::Uuid,
    kind: String,
    form: PersonForm,
    confirm_new: bool,
) -> Result<RegisterOutcome, ApiError> {
    call("register_relative", &RegisterRelativeArgs { participant, kind, form, confirm_new }).await
}

pub async fn set_referral_status(id: uuid::Uuid, status: String, outcome: String) -> Result<(), ApiError> {
    call("set_referral_status", &ReferralStatusArgs { id, status, outcome }).await
}

pub async fn person_referrals(id: uuid::Uuid) -> Result<Vec<ReferralItem>, ApiError> {
    call("person_referrals", &IdArgs { id }).await
}

/// The programme's records of a person, and the groups and municipalities screens.
pub mod assessments;
pub mod payments;
pub mod programme;

pub async fn get_draft(key: String) -> Result<Option<Draft>, ApiError> {
    call("get_draft", &DraftKeyArgs { key }).await
}

pub async fn save_draft(key: String, data: String) -> Result<(), ApiError> {
    call("save_draft", &SaveDraftArgs { key, data }).await
}

pub async fn delete_draft(key: String) -> Result<(), ApiError> {
    call("delete_draft", &DraftKeyArgs { key }).await
}

/// Listening to one of the shell's events; dropping it stops listening.
pub struct Subscription {
    unlisten: js_sys::Function,
    _handler: Closure<dyn FnMut(JsValue)>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let _ = self.unlisten.call0(&JsValue::NULL);
    }
}

/// Calls `f` with the payload of every `event` the shell emits (payloads that do not parse are skipped).
pub async fn listen<T: DeserializeOwned + 'static>(
    event: &str,
    mut f: impl FnMut(T) + 'static,
) -> Result<Subscription, ApiError> {
    let handler = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
        let payload = js_sys::Reflect::get(&ev, &JsValue::from_str("payload")).unwrap_or(JsValue::UNDEFINED);
        if let Ok(value) = serde_wasm_bindgen::from_value(payload) {
            f(value);
        }
    });
    let unlisten = tauri_listen(event, handler.as_ref().unchecked_ref())
        .await
        .map_err(|e| ApiError::internal(e.as_string().unwrap_or_default()))?;
    let unlisten = unlisten.dyn_into::<js_sys::Function>().map_err(|_| ApiError::internal("unlisten"))?;
    Ok(Subscription { unlisten, _handler: handler })
}

/// Opens the system's file or folder dialog; `None` when the person closed it without choosing.
pub async fn pick_path(args: PickPathArgs) -> Result<Option<String>, ApiError> {
    call("pick_path", &args).await
}

/// The «Datos» screen: exports, the indicators workbook, a sheet of people previewed then imported; the audit log.
pub async fn export_data(args: reintegra_core::wire::args::ExportDataArgs) -> Result<ExportWritten, ApiError> {
    call("export_data", &args).await
}

pub async fn indicators_workbook(
    args: reintegra_core::wire::args::IndicatorsWorkbookArgs,
) -> Result<ExportWritten, ApiError> {
    call("indicators_workbook", &args).await
}

pub async fn preview_import(path: String) -> Result<ImportPreview, ApiError> {
    call("preview_import", &reintegra_core::wire::args::ImportFileArgs { path }).await
}

pub async fn apply_import(path: String, expect: ImportCounts) -> Result<ImportCounts, ApiError> {
    call("apply_import", &reintegra_core::wire::args::ApplyImportArgs { path, expect }).await
}

pub async fn audit_log(query: AuditQuery) -> Result<AuditPage, ApiError> {
    call("audit_log", &reintegra_core::wire::args::AuditArgs { query }).await
}

/// Voucher administration on the central file.
pub async fn record_exemption(args: ExemptionArgs) -> Result<SavedRecord, ApiError> {
    call("record_exemption", &args).await
}

pub async fn record_override(args: OverrideArgs) -> Result<SavedRecord, ApiError> {
    call("record_override", &args).await
}

pub async fn rules_screen() -> Result<RulesScreen, ApiError> {
    call_no_args("rules_screen").await
}

pub async fn preview_rules(form: RulesForm) -> Result<RulesPreview, ApiError> {
    call("preview_rules", &RulesArgs { form }).await
}

pub async fn save_rules(form: RulesForm) -> Result<SavedRecord, ApiError> {
    call("save_rules", &RulesArgs { form }).await
}
