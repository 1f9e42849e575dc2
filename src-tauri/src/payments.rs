//! Payment delivery from the payroll screen's «Lotes» and «Conciliación» tabs and the person page (#17). Each
//! command calls the store (or the file crates built on it) exactly as the command line does: a batch written marks
//! its payments sent, the cash list taken back and a provider's results file change their statuses, the
//! reconciliation and its PDF for the donor, a participant's delivery method.

use std::path::Path;

use chrono::NaiveDate;
use reintegra_core::i18n::Lang;
use reintegra_core::month::Month;
use reintegra_core::sheets::PdfDone;
use reintegra_core::wire::ApiError;
use reintegra_core::wire::payments::{
    BatchWritten, CashResults, Delivery, DeliveryArgs, PaymentRow, PaymentsMonth, ReconBy, ReconPdfArgs,
    Reconciliation, ResultsDone, ResultsImport, StatusChange, WriteBatchArgs,
};
use reintegra_core::wire::vouchers::SavedRecord;
use reintegra_store::audit::{self, Action};
use reintegra_store::{Store, payments};
use uuid::Uuid;

use crate::state::AppState;

/// A path to write as typed: absolute, with the extension asked for, in an existing folder, not over a file.
fn new_file(path: &str, ext: &str) -> Result<std::path::PathBuf, ApiError> {
    let out = Path::new(path.trim());
    if out.as_os_str().is_empty() {
        return Err(ApiError::new("payroll.export_path_required"));
    }
    if !out.is_absolute() {
        return Err(ApiError::new("payroll.export_not_absolute"));
    }
    if !out.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case(ext)) {
        return Err(ApiError::new("recon.pdf_format"));
    }
    if !out.parent().is_some_and(Path::is_dir) {
        return Err(ApiError::new("payroll.export_no_folder"));
    }
    if out.exists() {
        return Err(ApiError::new("payroll.export_exists"));
    }
    Ok(out.to_path_buf())
}

/// The reconciliation as a PDF at `path` (the export is audited: no names, only what and how).
pub fn write_reconciliation_pdf(
    store: &mut Store,
    by: ReconBy,
    path: &str,
    lang: Lang,
    today: NaiveDate,
) -> Result<PdfDone, ApiError> {
    let out = new_file(path, "pdf")?;
    let r = payments::reconciliation(store, by)?;
    let doc = reintegra_pdf::reconciliation(lang, &r, today);
    reintegra_store::sync::write_atomically(&out, &doc.bytes)?;
    audit::record(store, Action::Export, "pdf_reconciliation")?;
    Ok(PdfDone { path: out.to_string_lossy().into_owned(), pages: doc.pages })
}

impl AppState {
    pub fn payments_month(&self, month: Month) -> Result<PaymentsMonth, ApiError> {
        self.with_store(|s| payments::month_view(s, month))
    }

    pub fn write_batch(&self, a: &WriteBatchArgs, today: NaiveDate) -> Result<BatchWritten, ApiError> {
        self.with_store(|s| reintegra_payroll::batch::write_batch(s, a, today))
    }

    pub fn record_cash(&self, a: &CashResults, today: NaiveDate) -> Result<ResultsDone, ApiError> {
        self.with_store(|s| payments::record_cash(s, a, today))
    }

    pub fn import_payment_results(&self, path: &str, today: NaiveDate) -> Result<ResultsImport, ApiError> {
        let file = Path::new(path.trim());
        if !file.is_file() {
            return Err(ApiError::new("results.no_file"));
        }
        self.with_store(|s| reintegra_payroll::batch::import_results(s, file, today))
    }

    pub fn reconciliation(&self, by: ReconBy) -> Result<Reconciliation, ApiError> {
        self.with_store(|s| payments::reconciliation(s, by))
    }

    pub fn write_reconciliation_pdf(&self, a: &ReconPdfArgs, today: NaiveDate) -> Result<PdfDone, ApiError> {
        self.with_store(|s| write_reconciliation_pdf(s, a.by, &a.path, a.lang, today))
    }

    pub fn person_delivery(&self, person_id: Uuid) -> Result<Option<Delivery>, ApiError> {
        self.with_store(|s| payments::delivery(s, person_id))
    }

    pub fn set_delivery(&self, a: &DeliveryArgs, today: NaiveDate) -> Result<SavedRecord, ApiError> {
        self.with_store(|s| payments::set_delivery(s, a, today).map(|id| SavedRecord { id }))
    }

    pub fn person_payments(&self, person_id: Uuid) -> Result<Vec<(PaymentRow, Vec<StatusChange>)>, ApiError> {
        self.with_store(|s| payments::person_payments(s, person_id))
    }
}
