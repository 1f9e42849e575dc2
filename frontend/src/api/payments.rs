//! Payment delivery (#17): a payroll's batches, the cash list taken back, a provider's results file, the
//! reconciliation for the donor, and a participant's delivery method.

use reintegra_core::month::Month;
use reintegra_core::sheets::PdfDone;
use reintegra_core::wire::ApiError;
use reintegra_core::wire::args::{IdArgs, MonthArgs};
use reintegra_core::wire::payments::{
    BatchWritten, CashResults, Delivery, DeliveryArgs, PaymentRow, PaymentsMonth, ReconArgs, ReconPdfArgs,
    Reconciliation, ResultsDone, ResultsFileArgs, ResultsImport, StatusChange, WriteBatchArgs,
};
use reintegra_core::wire::vouchers::SavedRecord;
use uuid::Uuid;

use super::call;

pub async fn payments_month(month: Month) -> Result<PaymentsMonth, ApiError> {
    call("payments_month", &MonthArgs { month }).await
}

pub async fn write_batch(args: WriteBatchArgs) -> Result<BatchWritten, ApiError> {
    call("write_batch", &args).await
}

pub async fn record_cash(args: CashResults) -> Result<ResultsDone, ApiError> {
    call("record_cash", &args).await
}

pub async fn import_payment_results(path: String) -> Result<ResultsImport, ApiError> {
    call("import_payment_results", &ResultsFileArgs { path }).await
}

pub async fn reconciliation(args: ReconArgs) -> Result<Reconciliation, ApiError> {
    call("reconciliation", &args).await
}

pub async fn write_reconciliation_pdf(args: ReconPdfArgs) -> Result<PdfDone, ApiError> {
    call("write_reconciliation_pdf", &args).await
}

pub async fn person_delivery(id: Uuid) -> Result<Option<Delivery>, ApiError> {
    call("person_delivery", &IdArgs { id }).await
}

pub async fn set_delivery(args: DeliveryArgs) -> Result<SavedRecord, ApiError> {
    call("set_delivery", &args).await
}

/// All of a person's payments (by month, then as made), each with its status history.
pub async fn person_payments(id: Uuid) -> Result<Vec<(PaymentRow, Vec<StatusChange>)>, ApiError> {
    call("person_payments", &IdArgs { id }).await
}
