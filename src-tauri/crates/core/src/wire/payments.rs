//! Payment delivery as it crosses between the shell and the interface (#17): a payroll's payments grouped in a
//! batch per delivery method, the cash list taken back, a provider's results file imported, the reconciliation for
//! the donor, and a participant's delivery method. The rules themselves (which status may follow which, what holds a
//! month) are in the domain; these are only the shapes that travel.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::i18n::Lang;
use crate::month::Month;

pub use crate::vouchers::delivery::{DeliveryMethod, PaymentStatus};

/// A participant's delivery method with the details it needs (personal data): a bank's name, the account number
/// and its holder; a wallet's provider and the phone it is tied to. Cash needs none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub method: DeliveryMethod,
    #[serde(default)]
    pub bank: Option<String>,
    #[serde(default)]
    pub account: Option<String>,
    #[serde(default)]
    pub holder: Option<String>,
    #[serde(default)]
    pub wallet_provider: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

/// `set_delivery`: the participant's delivery method as typed on their page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryArgs {
    pub person_id: Uuid,
    pub delivery: Delivery,
}

/// One change of a payment's status, in the order they happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: PaymentStatus,
    /// The day it happened (the payment's `paid_on` for `paid`).
    pub date: NaiveDate,
    #[serde(default)]
    pub reason: Option<String>,
}

/// One payment of a payroll, as the batches part lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRow {
    pub id: Uuid,
    pub person_id: Uuid,
    pub name: String,
    pub dui: Option<String>,
    pub municipality: String,
    /// The month the voucher is for (earlier than the payroll's for an arrear).
    pub month: Month,
    pub amount_usd: u32,
    pub reference: String,
    pub method: DeliveryMethod,
    pub status: PaymentStatus,
    #[serde(default)]
    pub paid_on: Option<NaiveDate>,
    #[serde(default)]
    pub reason: Option<String>,
}

/// The payments of one delivery method on a payroll, with how many stand in each status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchView {
    pub method: DeliveryMethod,
    pub count: usize,
    pub total_usd: u64,
    /// (status, how many) for the statuses present.
    pub statuses: Vec<(PaymentStatus, usize)>,
    /// When the batch was written (its payments became `sent`), if it was.
    #[serde(default)]
    pub sent_on: Option<NaiveDate>,
}

/// The payments made by the payroll of `month` (arrears included) and their batches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentsMonth {
    pub month: Month,
    pub batches: Vec<BatchView>,
    pub payments: Vec<PaymentRow>,
}

/// `write_batch`: the payroll's payments of one method to `path` (cash: a `.pdf` list to sign; bank and wallet:
/// the provider's `.csv` or `.xlsx`), in `lang`. Writing marks them `sent`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WriteBatchArgs {
    pub month: Month,
    pub method: DeliveryMethod,
    pub path: String,
    pub lang: Lang,
}

/// A batch written: where, how many payments and how much.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchWritten {
    pub path: String,
    pub count: usize,
    pub total_usd: u64,
}

/// A person absent from the cash handout, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Absent {
    pub payment_id: Uuid,
    pub reason: String,
}

/// `record_cash`: the cash list taken back: who collected (on `date`, `dd/mm/aaaa`) and who did not, with why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashResults {
    pub month: Month,
    pub date: String,
    pub collected: Vec<Uuid>,
    pub absent: Vec<Absent>,
}

/// How many payments an act marked paid and failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsDone {
    pub paid: usize,
    pub failed: usize,
}

/// `import_results`: a provider's results file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsFileArgs {
    pub path: String,
}

/// A line of a results file that was applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedLine {
    pub line: usize,
    pub reference: String,
    pub status: PaymentStatus,
}

/// A line of a results file that changed nothing, and why (a code: `unknown_reference`, `duplicate`,
/// `amount_differs`, `not_sent`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mismatch {
    pub line: usize,
    pub reference: String,
    pub why: String,
}

/// What an import did. Importing the same file again applies nothing: its lines are then `unchanged`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsImport {
    pub applied: Vec<AppliedLine>,
    pub mismatches: Vec<Mismatch>,
    /// Lines (numbers, the header is 1) that say what their payment already says.
    #[serde(default)]
    pub unchanged: Vec<usize>,
}

/// How the reconciliation is grouped besides the total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReconBy {
    #[default]
    Month,
    Municipality,
}

/// `reconciliation`, and its PDF.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconArgs {
    pub by: ReconBy,
}

/// A count and its amount.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub count: usize,
    pub usd: u64,
}

/// One line of the reconciliation: a group (a month `aaaa-mm`, a municipality, or the total).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconLine {
    pub group: String,
    pub approved: Tally,
    pub sent: Tally,
    pub paid: Tally,
    pub failed: Tally,
    pub cancelled: Tally,
    /// Approved or sent: not known to have reached the person yet.
    pub pending: Tally,
    /// Failed or cancelled months not paid again yet.
    pub arrears: Tally,
}

/// The reconciliation for the donor.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    pub by: ReconBy,
    pub lines: Vec<ReconLine>,
    pub total: ReconLine,
    pub budget_usd: u64,
    /// Paid so far (what counts against the budget).
    pub spent_usd: u64,
}

/// `write_reconciliation_pdf`: the reconciliation as a PDF at `path`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconPdfArgs {
    pub by: ReconBy,
    pub path: String,
    pub lang: Lang,
}
