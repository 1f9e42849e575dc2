//! What the shell's commands take. A command with input has one parameter, `args`, whose type is one of these (or
//! a form or request declared with its domain: [`super::SetupRequest`], [`super::PersonQuery`], the field forms,
//! [`crate::views::PayrollApproval`]); the interface sends `{"args": …}` with the same struct. Tauri renames only
//! the parameter (`args`, the same in camelCase); inside it serde's names apply on both sides, so they agree by
//! construction. Commands without input take no parameter.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The assessments' commands (#16) take these, declared beside their views.
pub use super::assessments::{AlertFollowupArgs, InstrumentFileArgs, SaveAssessmentArgs};
use super::desk::ReportBy;
/// The programme's records' commands (`enrol`, `close_enrolment`, case plans, relationships, status, groups,
/// municipalities) take these, declared beside their views.
pub use super::programme::{
    AddGoalArgs, CasePlanArgs, CloseEnrolmentArgs, EndRelationshipArgs, EnrolArgs, GoalStatusArgs, GroupForm,
    MunicipalityArgs, ProgrammeStatusArgs, RelationshipKindArgs,
};
use crate::i18n::Lang;
use crate::month::Month;
use crate::person::PersonForm;
use crate::sheets::PdfRequest;

/// `unlock`: as `login` (`None`: the device's first user).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnlockArgs {
    pub login: Option<String>,
    pub passphrase: String,
}

/// `lock`: `idle` when it is the auto-lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockArgs {
    pub idle: bool,
}

/// `register_person`: with `confirm_new`, even when others look like the new person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterPersonArgs {
    pub form: PersonForm,
    pub confirm_new: bool,
}

/// `update_person`: with `confirm`, even when others look like the result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdatePersonArgs {
    pub id: Uuid,
    pub form: PersonForm,
    pub confirm: bool,
}

/// `register_relative`: a relative of `participant`, related as `kind`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRelativeArgs {
    pub participant: Uuid,
    pub kind: String,
    pub form: PersonForm,
    pub confirm_new: bool,
}

/// `set_unsaved`: whether a form holds input not yet saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsavedArgs {
    pub unsaved: bool,
}

/// One record by its id (`person_view`, `person_referrals`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdArgs {
    pub id: Uuid,
}

/// One voucher month (`payroll_view`, `payroll_default_path`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthArgs {
    pub month: Month,
}

/// `export_payroll`: the month's payroll to `path` (absolute, `.csv` or `.xlsx`), headers in `lang`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportPayrollArgs {
    pub month: Month,
    pub path: String,
    pub lang: Lang,
}

/// `write_pdf`: the document asked for, in `lang`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WritePdfArgs {
    pub request: PdfRequest,
    pub lang: Lang,
}

/// `set_sync_folder`: the folder as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderArgs {
    pub path: String,
}

/// `roster`: the group whose roster is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupArgs {
    pub group: Uuid,
}

/// `set_referral_status`: the referral's new status, and what came of it (empty: nothing said).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralStatusArgs {
    pub id: Uuid,
    pub status: String,
    pub outcome: String,
}

/// A form's draft by its key (`get_draft`, `delete_draft`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftKeyArgs {
    pub key: String,
}

/// `save_draft`: the form's state as the interface serialised it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveDraftArgs {
    pub key: String,
    pub data: String,
}

/// `desk_report`: grouped `by`, counting as trained who attended `share` percent of the sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskReportArgs {
    pub by: ReportBy,
    pub share: u32,
}

/// `resolve_conflict`: keep one side (its `keep` id) or, without one, the new `value` written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolveConflictArgs {
    pub id: String,
    pub keep: Option<String>,
    pub value: Option<String>,
}

/// `save_device_card`, `read_device_card`: a device card file (absolute path).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardFileArgs {
    pub path: String,
}

/// `add_device`: trust the card in `path`; on the central file, carrying `workers`' caseload (`None`: as the card
/// says).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddDeviceArgs {
    pub path: String,
    pub workers: Option<Vec<String>>,
}

/// `set_device_workers`: the workers whose caseload the laptop carries from now on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceWorkersArgs {
    pub device: Uuid,
    pub workers: Vec<String>,
}

/// `revoke_device`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceArgs {
    pub device: Uuid,
}

/// `add_user`: `role` is `field`, `supervisor` or `admin`; `worker` for a field user; the new user's passphrase
/// typed twice, and the administrator's own passphrase (it unwraps the key the new one wraps).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddUserArgs {
    pub login: String,
    pub name: String,
    pub role: String,
    pub worker: String,
    pub passphrase: String,
    pub again: String,
    pub my_passphrase: String,
}

/// `disable_user`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginArgs {
    pub login: String,
}

/// `set_idle_lock`: minutes without use before the app locks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdleLockArgs {
    pub minutes: u32,
}

/// `change_passphrase`: the current passphrase, and the new one typed twice.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePassphraseArgs {
    pub current: String,
    pub passphrase: String,
    pub again: String,
}

/// `new_recovery_key`: the person's current passphrase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryKeyArgs {
    pub passphrase: String,
}

/// `reset_passphrase`: as `login` (`None`: the device's first user), with the recovery key, the new passphrase
/// typed twice.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetPassphraseArgs {
    pub login: Option<String>,
    pub recovery: String,
    pub passphrase: String,
    pub again: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The interface and the shell exchange these as JSON: what one side writes the other reads back whole.
    #[test]
    fn arguments_survive_the_trip_through_json() {
        let unlock = UnlockArgs { login: Some("ana".into()), passphrase: "una frase".into() };
        let text = serde_json::to_string(&unlock).expect("json");
        assert_eq!(text, r#"{"login":"ana","passphrase":"una frase"}"#);
        assert_eq!(serde_json::from_str::<UnlockArgs>(&text).expect("back"), unlock);
        let register = RegisterPersonArgs { form: PersonForm::default(), confirm_new: true };
        let value = serde_json::to_value(&register).expect("json");
        assert_eq!(value["confirm_new"], true, "serde's names, not Tauri's camelCase, inside `args`");
        assert_eq!(serde_json::from_value::<RegisterPersonArgs>(value).expect("back"), register);
    }
}

/// What the system's file dialog is asked to choose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PickMode {
    /// A folder (the sync folder, a folder to write into).
    Folder,
    /// A file to read, of one of these extensions (without the dot; none: any file).
    Open { extensions: Vec<String> },
    /// A file to write, proposed under this name.
    Save { default_name: String, extensions: Vec<String> },
}

/// `pick_path`: the dialog's title and filter name in the person's language, where it opens (a path typed or chosen
/// before; empty: the system's choice).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickPathArgs {
    pub mode: PickMode,
    pub title: String,
    pub filter_name: String,
    pub start: String,
}

/// `export_data`: the central export to `path`. Without personal data, a workbook (`.xlsx`); with it, only a
/// password-protected archive (`.zip`), the password typed twice (never stored).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportDataArgs {
    pub path: String,
    pub personal: bool,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_again: String,
    pub lang: Lang,
}

/// `indicators_workbook`: the indicators (as `reintegra report indicators --by …`) written as a workbook.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorsWorkbookArgs {
    pub path: String,
    pub by: ReportBy,
    pub share: u32,
    pub lang: Lang,
}

/// `preview_import`: the spreadsheet of people to read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportFileArgs {
    pub path: String,
}

/// `apply_import`: the spreadsheet previewed, and what the preview counted (refused if it no longer holds).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyImportArgs {
    pub path: String,
    pub expect: super::data::ImportCounts,
}

/// `audit_log`: the filters and page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditArgs {
    pub query: super::data::AuditQuery,
}
