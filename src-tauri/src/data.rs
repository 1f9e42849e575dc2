//! The «Datos» and audit screens: the central export (the workbook, or the personal archive behind a password),
//! the indicators workbook, a sheet of people previewed then imported, and the audit log. Each is one call to the
//! same functions the command line uses (`reintegra-spreadsheet`, the store); here only the window's own rules:
//! which file each export goes to, and the password typed twice.

use reintegra_core::wire::ApiError;
use reintegra_core::wire::args::{ApplyImportArgs, ExportDataArgs, ImportFileArgs, IndicatorsWorkbookArgs};
use reintegra_core::wire::data::{AuditPage, AuditQuery, ExportWritten, ImportCounts, ImportPreview};
use reintegra_spreadsheet::export::{Target, check_password, export, window_path};
use reintegra_store::{audit, indicators::By, load};

use crate::state::{AppState, today};

impl AppState {
    /// Without personal data, a workbook; with it, only the protected archive, the password typed the same twice.
    pub fn export_data(&self, args: &ExportDataArgs) -> Result<ExportWritten, ApiError> {
        let (target, password) = if args.personal {
            check_password(&args.password, Some(&args.password_again))?;
            (Target::Zip, Some(args.password.as_str()))
        } else {
            (Target::Xlsx, None)
        };
        let out = window_path(&args.path, if args.personal { "zip" } else { "xlsx" })?;
        self.with_store(|s| export(s, &out, target, args.lang, args.personal, password))
    }

    pub fn indicators_workbook(&self, args: &IndicatorsWorkbookArgs) -> Result<ExportWritten, ApiError> {
        let out = window_path(&args.path, "xlsx")?;
        let by = By::from(args.by);
        self.with_store(|s| reintegra_spreadsheet::indicators::export(s, &out, by, args.share, args.lang))
    }

    pub fn preview_import(&self, args: &ImportFileArgs) -> Result<ImportPreview, ApiError> {
        let rows = reintegra_spreadsheet::read::rows(std::path::Path::new(args.path.trim()))?;
        self.with_store(|s| load::preview_persons(s, &rows, today()))
    }

    /// What was applied: added, updated, skipped.
    pub fn apply_import(&self, args: &ApplyImportArgs) -> Result<ImportCounts, ApiError> {
        let rows = reintegra_spreadsheet::read::rows(std::path::Path::new(args.path.trim()))?;
        let r = self.with_store(|s| load::import_persons(s, &rows, today(), Some(args.expect)))?;
        Ok(ImportCounts { add: r.inserted, update: r.updated, skip: r.duplicates.len() })
    }

    pub fn audit_log(&self, query: &AuditQuery) -> Result<AuditPage, ApiError> {
        self.with_store(|s| audit::search(s, query))
    }
}

#[cfg(test)]
mod tests {
    use reintegra_core::i18n::Lang;
    use reintegra_core::wire::{DeviceRole, SetupRequest};

    use super::*;

    fn central(dir: &std::path::Path) -> AppState {
        let state = AppState::new(Some(dir.join("central.db")), 0);
        let req = SetupRequest {
            device_name: "central".into(),
            passphrase: "una frase larga".into(),
            role: DeviceRole::Supervisor,
            workers: Vec::new(),
        };
        state.setup(&req, today()).expect("setup");
        state
    }

    #[test]
    fn the_window_writes_the_workbook_or_the_protected_archive_and_refuses_the_rest_writing_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = central(dir.path());
        let at = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
        let args = |path: String, personal: bool, pass: &str, again: &str| ExportDataArgs {
            path,
            personal,
            password: pass.into(),
            password_again: again.into(),
            lang: Lang::Es,
        };
        let cases = [
            ("no path", args(String::new(), false, "", ""), "data.path_required"),
            ("a relative path", args("central.xlsx".into(), false, "", ""), "data.path_not_absolute"),
            (
                "personal data in a workbook",
                args(at("p.xlsx"), true, "piña colada", "piña colada"),
                "data.path_extension",
            ),
            ("the workbook as a zip", args(at("a.zip"), false, "", ""), "data.path_extension"),
            ("a folder that is not there", args(at("no/a.xlsx"), false, "", ""), "data.path_no_folder"),
            (
                "passwords that differ",
                args(at("p.zip"), true, "piña colada", "pina colada"),
                "error.export_password_mismatch",
            ),
            ("a short password", args(at("p.zip"), true, "corta", "corta"), "error.export_password_short"),
        ];
        for (name, a, code) in cases {
            assert_eq!(state.export_data(&a).expect_err(name).code, code, "{name}");
        }
        let written = |n: &str| dir.path().join(n).exists();
        assert!(!written("p.xlsx") && !written("a.zip") && !written("p.zip"), "nothing written");

        let book = state.export_data(&args(at("central.xlsx"), false, "", "")).expect("workbook");
        assert!(!book.personal && !book.protected && written("central.xlsx"));
        let zip = state.export_data(&args(at("p.zip"), true, "piña colada", "piña colada")).expect("archive");
        assert!(zip.personal && zip.protected && written("p.zip"));
        let exports = AuditQuery { action: Some("export".into()), ..Default::default() };
        let page = state.audit_log(&exports).expect("log");
        let subjects: Vec<&str> = page.entries.iter().map(|e| e.subject.as_str()).collect();
        assert_eq!(subjects, ["personal:0:protected", "anonymous:0"], "each export audited, the refused ones not");
    }

    #[test]
    fn a_sheet_is_previewed_then_imported_as_previewed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = central(dir.path());
        let sheet = dir.path().join("personas.csv");
        std::fs::write(&sheet, "Rol;Nombres;Primer apellido;Fecha de nacimiento;Municipio\r\nParticipante;Ana;Ramos;01/01/1990;San Salvador Sur\r\n")
            .expect("sheet");
        let path = sheet.to_string_lossy().into_owned();
        let preview = state.preview_import(&ImportFileArgs { path: path.clone() }).expect("preview");
        assert_eq!(preview.counts(), ImportCounts { add: 1, update: 0, skip: 0 });
        let stale = ApplyImportArgs { path: path.clone(), expect: ImportCounts { add: 2, update: 0, skip: 0 } };
        assert_eq!(state.apply_import(&stale).expect_err("stale").code, "error.import_changed");
        let done = state.apply_import(&ApplyImportArgs { path, expect: preview.counts() }).expect("import");
        assert_eq!(done, ImportCounts { add: 1, update: 0, skip: 0 });
        let missing = ImportFileArgs { path: dir.path().join("nada.ods").to_string_lossy().into_owned() };
        assert_eq!(state.preview_import(&missing).expect_err("missing").code, "error.sheet_unreadable");
    }
}
