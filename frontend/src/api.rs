//! The only place that talks to the backend: one typed function per Tauri command. Errors come back as
//! [`ApiError`] (a translation key), never as a panic.

use reintegra_core::forms::{
    Draft, GroupItem, HomeView, HomeVisitForm, InitiativeForm, ReferralForm, ReferralItem, RosterEntry, SessionForm,
};
use reintegra_core::i18n::Lang;
use reintegra_core::month::Month;
use reintegra_core::person::PersonForm;
use reintegra_core::reference::Catalogue;
use reintegra_core::views::{ApprovalDone, ExportDone, PayrollApproval, PayrollView, PersonView};
use reintegra_core::wire::{ApiError, AppStatus, PersonPage, PersonQuery, RegisterOutcome, SetupRequest};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use crate::desk_wire::{ConflictItem, DeskReport, ReportBy};
use crate::sync_wire::{SyncOverview, SyncRun};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], catch)]
    async fn invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;

    /// Resolves to the function that stops listening.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
    async fn tauri_listen(event: &str, handler: &js_sys::Function) -> Result<JsValue, JsValue>;
}

fn internal(detail: impl std::fmt::Display) -> ApiError {
    ApiError::new("error.internal").with("detail", detail.to_string())
}

async fn call<A: Serialize, R: DeserializeOwned>(cmd: &str, args: &A) -> Result<R, ApiError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = args.serialize(&serializer).map_err(internal)?;
    match invoke(cmd, args).await {
        Ok(value) => serde_wasm_bindgen::from_value(value).map_err(internal),
        Err(err) => Err(serde_wasm_bindgen::from_value::<ApiError>(err.clone())
            .unwrap_or_else(|_| internal(err.as_string().unwrap_or_default()))),
    }
}

#[derive(Serialize)]
struct NoArgs {}

pub async fn app_status() -> Result<AppStatus, ApiError> {
    call("app_status", &NoArgs {}).await
}

pub async fn setup_store(request: SetupRequest) -> Result<AppStatus, ApiError> {
    #[derive(Serialize)]
    struct Args {
        request: SetupRequest,
    }
    call("setup_store", &Args { request }).await
}

/// Opens the store as `login` (empty: the device's first user).
pub async fn unlock(login: String, passphrase: String) -> Result<AppStatus, ApiError> {
    #[derive(Serialize)]
    struct Args {
        login: Option<String>,
        passphrase: String,
    }
    let login = Some(login.trim().to_owned()).filter(|l| !l.is_empty());
    call("unlock", &Args { login, passphrase }).await
}

/// Locks the store (the open form's draft must be saved before); `idle` when it is the auto-lock.
pub async fn lock(idle: bool) -> Result<AppStatus, ApiError> {
    #[derive(Serialize)]
    struct Args {
        idle: bool,
    }
    call("lock", &Args { idle }).await
}

/// Tells the shell the person is still there (keys or pointer input since the last report).
pub async fn activity() -> Result<(), ApiError> {
    call("activity", &NoArgs {}).await
}

pub async fn reference_data() -> Result<Catalogue, ApiError> {
    call("reference_data", &NoArgs {}).await
}

pub async fn search_persons(query: PersonQuery) -> Result<PersonPage, ApiError> {
    #[derive(Serialize)]
    struct Args {
        query: PersonQuery,
    }
    call("search_persons", &Args { query }).await
}

pub async fn register_person(form: PersonForm, confirm_new: bool) -> Result<RegisterOutcome, ApiError> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Args {
        form: PersonForm,
        confirm_new: bool,
    }
    call("register_person", &Args { form, confirm_new }).await
}

/// Saves the edited person `id`; with `confirm`, even when others look like the result.
pub async fn update_person(id: uuid::Uuid, form: PersonForm, confirm: bool) -> Result<RegisterOutcome, ApiError> {
    #[derive(Serialize)]
    struct Args {
        id: uuid::Uuid,
        form: PersonForm,
        confirm: bool,
    }
    call("update_person", &Args { id, form, confirm }).await
}

/// Tells the shell whether a form holds unsaved input (closing the window then asks first).
pub async fn set_unsaved(unsaved: bool) -> Result<(), ApiError> {
    #[derive(Serialize)]
    struct Args {
        unsaved: bool,
    }
    call("set_unsaved", &Args { unsaved }).await
}

/// Closes the window without asking again.
pub async fn close_window() -> Result<(), ApiError> {
    call("close_window", &NoArgs {}).await
}

pub async fn person_view(id: uuid::Uuid) -> Result<PersonView, ApiError> {
    #[derive(Serialize)]
    struct Args {
        id: uuid::Uuid,
    }
    call("person_view", &Args { id }).await
}

#[derive(Serialize)]
struct MonthArgs {
    month: Month,
}

pub async fn payroll_view(month: Month) -> Result<PayrollView, ApiError> {
    call("payroll_view", &MonthArgs { month }).await
}

pub async fn payroll_default_path(month: Month) -> Result<String, ApiError> {
    call("payroll_default_path", &MonthArgs { month }).await
}

pub async fn export_payroll(month: Month, path: String, lang: Lang) -> Result<ExportDone, ApiError> {
    #[derive(Serialize)]
    struct Args {
        month: Month,
        path: String,
        lang: Lang,
    }
    call("export_payroll", &Args { month, path, lang }).await
}

pub async fn pdf_folder() -> Result<String, ApiError> {
    call("pdf_folder", &NoArgs {}).await
}

pub async fn write_pdf(
    request: reintegra_core::sheets::PdfRequest,
    lang: Lang,
) -> Result<reintegra_core::sheets::PdfDone, ApiError> {
    #[derive(Serialize)]
    struct Args {
        request: reintegra_core::sheets::PdfRequest,
        lang: Lang,
    }
    call("write_pdf", &Args { request, lang }).await
}

pub async fn approve_payroll(approval: PayrollApproval) -> Result<ApprovalDone, ApiError> {
    #[derive(Serialize)]
    struct Args {
        approval: PayrollApproval,
    }
    call("approve_payroll", &Args { approval }).await
}

pub async fn sync_overview() -> Result<SyncOverview, ApiError> {
    call("sync_overview", &NoArgs {}).await
}

pub async fn set_sync_folder(path: String) -> Result<SyncOverview, ApiError> {
    #[derive(Serialize)]
    struct Args {
        path: String,
    }
    call("set_sync_folder", &Args { path }).await
}

pub async fn sync_now() -> Result<SyncRun, ApiError> {
    call("sync_now", &NoArgs {}).await
}

pub async fn desk_report(by: ReportBy, share: u32) -> Result<DeskReport, ApiError> {
    #[derive(Serialize)]
    struct Args {
        by: ReportBy,
        share: u32,
    }
    call("desk_report", &Args { by, share }).await
}

pub async fn conflict_inbox() -> Result<Vec<ConflictItem>, ApiError> {
    call("conflict_inbox", &NoArgs {}).await
}

/// Keeps one side (its `keep` id) or, without one, the new value written.
pub async fn resolve_conflict(id: String, keep: Option<String>, value: Option<String>) -> Result<(), ApiError> {
    #[derive(Serialize)]
    struct Args {
        id: String,
        keep: Option<String>,
        value: Option<String>,
    }
    call("resolve_conflict", &Args { id, keep, value }).await
}

pub async fn home_view() -> Result<HomeView, ApiError> {
    call("home_view", &NoArgs {}).await
}

pub async fn save_home_visit(form: HomeVisitForm) -> Result<uuid::Uuid, ApiError> {
    #[derive(Serialize)]
    struct Args {
        form: HomeVisitForm,
    }
    call("save_home_visit", &Args { form }).await
}

pub async fn groups() -> Result<Vec<GroupItem>, ApiError> {
    call("groups", &NoArgs {}).await
}

pub async fn roster(group: uuid::Uuid) -> Result<Vec<RosterEntry>, ApiError> {
    #[derive(Serialize)]
    struct Args {
        group: uuid::Uuid,
    }
    call("roster", &Args { group }).await
}

pub async fn save_session(form: SessionForm) -> Result<uuid::Uuid, ApiError> {
    #[derive(Serialize)]
    struct Args {
        form: SessionForm,
    }
    call("save_session", &Args { form }).await
}

pub async fn save_referral(form: ReferralForm) -> Result<uuid::Uuid, ApiError> {
    #[derive(Serialize)]
    struct Args {
        form: ReferralForm,
    }
    call("save_referral", &Args { form }).await
}

pub async fn save_initiative(form: InitiativeForm) -> Result<uuid::Uuid, ApiError> {
    #[derive(Serialize)]
    struct Args {
        form: InitiativeForm,
    }
    call("save_initiative", &Args { form }).await
}

pub async fn register_relative(
    participant: uuid::Uuid,
    kind: String,
    form: PersonForm,
    confirm_new: bool,
) -> Result<RegisterOutcome, ApiError> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Args {
        participant: uuid::Uuid,
        kind: String,
        form: PersonForm,
        confirm_new: bool,
    }
    call("register_relative", &Args { participant, kind, form, confirm_new }).await
}

pub async fn set_referral_status(id: uuid::Uuid, status: String, outcome: String) -> Result<(), ApiError> {
    #[derive(Serialize)]
    struct Args {
        id: uuid::Uuid,
        status: String,
        outcome: String,
    }
    call("set_referral_status", &Args { id, status, outcome }).await
}

pub async fn person_referrals(id: uuid::Uuid) -> Result<Vec<ReferralItem>, ApiError> {
    #[derive(Serialize)]
    struct Args {
        id: uuid::Uuid,
    }
    call("person_referrals", &Args { id }).await
}

#[derive(Serialize)]
struct KeyArgs {
    key: String,
}

pub async fn get_draft(key: String) -> Result<Option<Draft>, ApiError> {
    call("get_draft", &KeyArgs { key }).await
}

pub async fn save_draft(key: String, data: String) -> Result<(), ApiError> {
    #[derive(Serialize)]
    struct Args {
        key: String,
        data: String,
    }
    call("save_draft", &Args { key, data }).await
}

pub async fn delete_draft(key: String) -> Result<(), ApiError> {
    call("delete_draft", &KeyArgs { key }).await
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
        .map_err(|e| internal(e.as_string().unwrap_or_default()))?;
    let unlisten = unlisten.dyn_into::<js_sys::Function>().map_err(|_| internal("unlisten"))?;
    Ok(Subscription { unlisten, _handler: handler })
}
