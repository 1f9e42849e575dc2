//! The only place that talks to the backend: one typed function per Tauri command. Errors come back as
//! [`ApiError`] (a translation key), never as a panic.

use reintegra_core::person::PersonForm;
use reintegra_core::reference::Catalogue;
use reintegra_core::wire::{ApiError, AppStatus, PersonPage, PersonQuery, RegisterOutcome, SetupRequest};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], catch)]
    async fn invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
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

pub async fn unlock(passphrase: String) -> Result<AppStatus, ApiError> {
    #[derive(Serialize)]
    struct Args {
        passphrase: String,
    }
    call("unlock", &Args { passphrase }).await
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
