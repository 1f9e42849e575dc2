//! The «Datos» and audit screens: the central export (the workbook, or the personal archive behind a password),
//! the indicators workbook, a sheet of people previewed then imported, and the audit log. Each is one call to the
//! same functions the command line uses (`reintegra-spreadsheet`, the store); here only the window's own rules:
//! which file each export goes to, and the password typed twice.

use reintegra_core::wire::ApiError;
use reintegra_core::wire::args::{ApplyImportArgs, ExportDataArgs, ImportFileArgs, IndicatorsWorkbookArgs};
use reintegra_core::wire::data::{AuditPage, AuditQuery, ExportWritten, ImportCounts, ImportPreview};
use reintegra_core::wire::desk::ReportBy;
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
        let by = match args.by {
            ReportBy::Total => By::Total,
            ReportBy::Municipality => By::Municipality,
            ReportBy::Month => By::Month,
        };
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
