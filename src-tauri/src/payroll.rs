//! The payroll screen's two deliberate acts: writing the month's payroll file, and approving it, which records one
//! `approved` payment per line in one transaction through the validated write path (so every payment passes the
//! voucher guard: all are recorded, or none). Delivering them is the «Lotes» tab's ([`crate::payments`]).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use reintegra_core::i18n::Lang;
use reintegra_core::month::Month;
use reintegra_core::views::{ApprovalDone, ExportDone, PayrollApproval};
use reintegra_core::wire::ApiError;
use reintegra_store::vouchers::payroll;
use reintegra_store::{Error, Store};

/// Where the export is offered by default: the Documents folder (else home), `planilla-2024-10-2026-11-24.xlsx`.
pub fn default_export_path(month: Month, today: NaiveDate) -> String {
    let dir = dirs::document_dir().filter(|d| d.is_dir()).or_else(dirs::home_dir).unwrap_or_else(|| PathBuf::from("."));
    dir.join(format!("planilla-{month}-{today}.xlsx")).to_string_lossy().into_owned()
}

/// Writes the month's payroll (payable, unpaid participants) to `path`: absolute, `.csv` or `.xlsx`, in an existing
/// folder, and never over an existing file.
pub fn export(store: &mut Store, month: Month, path: &str, lang: Lang) -> Result<ExportDone, ApiError> {
    let out = Path::new(path.trim());
    if out.as_os_str().is_empty() {
        return Err(ApiError::new("payroll.export_path_required"));
    }
    if !out.is_absolute() {
        return Err(ApiError::new("payroll.export_not_absolute"));
    }
    let ext = out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    if ext != "csv" && ext != "xlsx" {
        return Err(ApiError::new("error.payroll_format"));
    }
    if !out.parent().is_some_and(Path::is_dir) {
        return Err(ApiError::new("payroll.export_no_folder"));
    }
    if out.exists() {
        return Err(ApiError::new("payroll.export_exists"));
    }
    let p = payroll(store, month)?;
    if p.lines.is_empty() {
        return Err(ApiError::new("payroll.nothing"));
    }
    reintegra_payroll::write(&p, out, lang).map_err(|detail| ApiError::new("error.io").with("detail", detail))?;
    // A file of names and DUIs left the encrypted store: that is recorded.
    reintegra_store::audit::record(store, reintegra_store::audit::Action::PayrollExport, &month.to_string())?;
    Ok(ExportDone { path: out.to_string_lossy().into_owned(), count: p.lines.len(), total_usd: p.total_usd })
}

/// Approves the month's payroll (arrears included): one `approved` payment per line, in one transaction, through
/// the store's validated write path. The money reaches people later, batch by batch («Lotes»). Refused, with
/// nothing written, when the payroll is no longer what the supervisor confirmed, or when the guard refuses any one
/// payment (the reason and the line are given).
pub fn approve(store: &mut Store, a: &PayrollApproval, today: NaiveDate) -> Result<ApprovalDone, ApiError> {
    match reintegra_store::payments::approve_payroll(store, a, today) {
        Ok(done) => Ok(done),
        Err(Error::Line { line, source }) => {
            Err(ApiError::new("payroll.refused_line").with("line", line.to_string()).caused_by((*source).into()))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reintegra_core::wire::DeviceRole;
    use reintegra_store::views::payroll_view;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).expect("date")
    }

    fn october() -> Month {
        Month { year: 2024, month: 10 }
    }

    fn demo(dir: &Path) -> Store {
        let mut store =
            Store::create(&dir.join("p.db"), "una frase larga", "central", DeviceRole::Supervisor).expect("store");
        let options = reintegra_demo::Options { participants: 20, seed: 1, months: 12, ..Default::default() };
        reintegra_demo::generate(&mut store, options, today()).expect("demo");
        store
    }

    fn approval(count: usize, total: u64) -> PayrollApproval {
        PayrollApproval {
            month: october(),
            paid_on: "05/11/2024".into(),
            reference: String::new(),
            expected_count: count,
            expected_total_usd: total,
        }
    }

    #[test]
    fn approving_records_every_line_once_as_approved_or_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = demo(dir.path());
        let view = payroll_view(&mut store, october()).expect("view");
        let (n, total) = (view.lines.len(), view.total_usd);
        assert!(n > 0, "the demo leaves October unpaid");
        assert_eq!(total, n as u64 * 100);

        // What the supervisor confirmed no longer matches: nothing written.
        let err = approve(&mut store, &approval(n + 1, total + 100), today()).expect_err("changed");
        assert_eq!(err.code, "payroll.changed");
        assert_eq!(payroll_view(&mut store, october()).expect("view").lines.len(), n);

        let done = approve(&mut store, &approval(n, total), today()).expect("approve");
        assert_eq!((done.count, done.total_usd, done.reference.as_str()), (n, total, "PLANILLA-2024-10"));
        let after = payroll_view(&mut store, october()).expect("view");
        assert!(after.lines.is_empty(), "an approved payment holds its month");
        let person = view.lines[0].person_id;
        let payments = reintegra_store::payments::person_payments(&mut store, person).expect("payments");
        let (oct, history) = payments.iter().find(|(p, _)| p.month == october()).expect("october approved");
        assert_eq!(oct.status, reintegra_core::wire::payments::PaymentStatus::Approved, "approved, not paid");
        assert!(oct.reference.starts_with("PLANILLA-2024-10-"), "{}", oct.reference);
        assert_eq!(history.len(), 1);

        // A second approval finds nothing to pay: never paid twice.
        assert_eq!(approve(&mut store, &approval(n, total), today()).expect_err("again").code, "payroll.nothing");
    }

    #[test]
    fn export_writes_the_payroll_file_where_asked_and_never_over_a_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = demo(dir.path());
        let out = dir.path().join("planilla.csv");
        let path = out.to_string_lossy().into_owned();
        let done = export(&mut store, october(), &path, Lang::Es).expect("export");
        assert!(done.count > 0 && done.total_usd == done.count as u64 * 100);
        let text = std::fs::read_to_string(&out).expect("file");
        assert!(text.starts_with("N.º,Nombre completo,DUI"), "Spanish headers");
        assert!(text.contains(&format!("Total ({})", done.count)));
        assert_eq!(export(&mut store, october(), &path, Lang::Es).expect_err("exists").code, "payroll.export_exists");
        assert_eq!(
            export(&mut store, october(), "planilla.csv", Lang::Es).expect_err("relative").code,
            "payroll.export_not_absolute"
        );
        let pdf = dir.path().join("p.pdf").to_string_lossy().into_owned();
        assert_eq!(export(&mut store, october(), &pdf, Lang::Es).expect_err("pdf").code, "error.payroll_format");
        let xlsx = dir.path().join("planilla.xlsx").to_string_lossy().into_owned();
        export(&mut store, october(), &xlsx, Lang::Es).expect("xlsx");
        assert!(default_export_path(october(), today()).ends_with("planilla-2024-10-2026-11-24.xlsx"));
    }
}
