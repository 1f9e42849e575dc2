//! The contract between the app's shell and its Yew interface (and the command line's `--json`): the types that
//! cross, the commands' arguments ([`args`]) and the events' names ([`events`]), declared once so both sides agree
//! by construction. No Tauri here: the interface compiles this crate to wasm32.

pub mod admin;
pub mod args;
pub mod assessments;
pub mod data;
pub mod desk;
pub mod events;
pub mod payments;
pub mod programme;
pub mod sync;
pub mod vouchers;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldErrors;
use crate::i18n::{Lang, tr};
use crate::person::PersonRole;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceRole {
    #[default]
    Field,
    Supervisor,
}

impl DeviceRole {
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceRole::Field => "field",
            DeviceRole::Supervisor => "supervisor",
        }
    }
}

/// What the app shows before anything else: create a store, unlock it, or go on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppStatus {
    pub store_exists: bool,
    pub unlocked: bool,
    pub device_name: Option<String>,
    pub role: Option<DeviceRole>,
    /// The user who unlocked; while locked, the login the unlock screen offers (the last one that unlocked).
    #[serde(default)]
    pub user: Option<String>,
    /// While unlocked: seconds without input after which the interface locks itself.
    #[serde(default)]
    pub idle_lock_seconds: Option<u64>,
    /// While unlocked: the person is an administrator of this store (adds and disables users).
    #[serde(default)]
    pub admin: bool,
    /// Only in the answer to the first set-up: the recovery key, shown once and never stored in clear.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_key: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupRequest {
    pub device_name: String,
    pub passphrase: String,
    /// What this computer is: a field laptop or the programme's central file.
    #[serde(default)]
    pub role: DeviceRole,
    /// On a field laptop, the workers whose caseload it carries (none: every record it is given).
    #[serde(default)]
    pub workers: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonSummary {
    pub id: Uuid,
    pub role: PersonRole,
    pub name: String,
    pub dui: Option<String>,
    pub birth_date: NaiveDate,
    pub municipality: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonQuery {
    pub text: String,
    pub offset: u32,
    pub limit: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonPage {
    pub items: Vec<PersonSummary>,
    pub total: u32,
    pub offset: u32,
    pub limit: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum RegisterOutcome {
    Created {
        id: Uuid,
    },
    /// Nothing was stored: these people look like the one being registered. Registering again with
    /// `confirm_new` stores the new person anyway.
    Duplicates {
        candidates: Vec<PersonSummary>,
    },
    /// An existing person was saved with the changes (only the fields that changed are recorded).
    Updated {
        id: Uuid,
    },
}

/// An error as the person sees it: a translation key with its arguments, and field errors for forms. Never carries
/// personal data (names, DUI), so it can be shown, logged or printed safely.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: String,
    #[serde(default)]
    pub args: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<FieldErrors>,
    /// What went wrong underneath (e.g. the error of one line of a file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<Box<ApiError>>,
}

impl ApiError {
    pub fn new(code: &str) -> Self {
        ApiError { code: code.to_owned(), args: Vec::new(), fields: None, cause: None }
    }
    pub fn with(mut self, name: &str, value: impl Into<String>) -> Self {
        self.args.push((name.to_owned(), value.into()));
        self
    }
    pub fn invalid(fields: FieldErrors) -> Self {
        ApiError { code: "form.has_errors".to_owned(), args: Vec::new(), fields: Some(fields), cause: None }
    }
    /// Something that should not happen (a poisoned lock, a window that would not close): the detail is for a
    /// report, never personal data.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        ApiError::new("error.internal").with("detail", detail.to_string())
    }
    pub fn caused_by(mut self, cause: ApiError) -> Self {
        self.cause = Some(Box::new(cause));
        self
    }
    /// The one-line message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let args: Vec<(&str, &str)> = self.args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let mut msg = tr(lang, &self.code, &args);
        if let Some(fields) = &self.fields {
            let detail: Vec<String> =
                fields.0.iter().map(|e| format!("{}: {}", e.field, tr(lang, &e.code, &[]))).collect();
            if !detail.is_empty() {
                msg = format!("{msg} {}", detail.join("; "));
            }
        }
        if let Some(cause) = &self.cause {
            msg = format!("{msg}: {}", cause.message(lang));
        }
        msg
    }
}

/// A form that does not pass its checks: the field errors travel with it.
impl From<FieldErrors> for ApiError {
    fn from(fields: FieldErrors) -> Self {
        ApiError::invalid(fields)
    }
}

/// A file that could not be read or written. The OS's message names no file, so no path leaks through it.
impl From<std::io::Error> for ApiError {
    fn from(e: std::io::Error) -> Self {
        ApiError::new("error.io").with("detail", e.to_string())
    }
}
