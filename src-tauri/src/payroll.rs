//! The payroll screen's two deliberate acts: writing the month's payroll file, and approving it, which records one
//! payment per line in one transaction through the validated write path (so every payment passes the voucher
//! guard: all are recorded, or none).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use reintegra_core::date::parse_user;
use reintegra_core::i18n::Lang;
use reintegra_core::month::Month;
use reintegra_core::record_fields::{self, Payment};
use reintegra_core::records::Kind;
use reintegra_core::views::{ApprovalDone, ExportDone, PayrollApproval};
use reintegra_core::wire::ApiError;
use reintegra_store::vouchers::{evaluate_month_in, payroll, rule_versions};
use reintegra_store::{Error, Store, records};
use uuid::Uuid;

/// The reference written on a month's payments when the supervisor gives none.
pub fn default_reference(month: Month) -> String {
    format!("PLANILLA-{month}")
}

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

/// Records the payment of every payable, unpaid participant of the month, in one transaction. Refused, with
/// nothing written, when the payroll is no longer what the supervisor confirmed, when the date is not a valid past
/// date within or after the month, or when the guard refuses any one payment (the reason and the line are given).
pub fn approve(store: &mut Store, a: &PayrollApproval, today: NaiveDate) -> Result<ApprovalDone, ApiError> {
    let paid_on = parse_user(&a.paid_on).ok_or_else(|| ApiError::new("payroll.paid_on_invalid"))?;
    if paid_on > today {
        return Err(ApiError::new("payroll.paid_on_future"));
    }
    if paid_on < a.month.first_day() {
        return Err(ApiError::new("payroll.paid_on_before_month"));
    }
    let reference = match a.reference.trim() {
        "" => default_reference(a.month),
        r => r.to_owned(),
    };
    let result = store.with_tx(|w| {
        let report = evaluate_month_in(w.tx(), a.month)?;
        let amount = reintegra_core::vouchers::rules_for(&rule_versions(w.tx())?, a.month).amount_usd;
        let due: Vec<Uuid> = report
            .participants
            .iter()
            .filter(|p| p.evaluation.payable && p.evaluation.paid.is_none())
            .map(|p| p.person_id)
            .collect();
        let total = due.len() as u64 * u64::from(amount);
        if due.is_empty() {
            return Err(Error::Refused("payroll.nothing"));
        }
        if due.len() != a.expected_count || total != a.expected_total_usd {
            return Err(Error::Refused("payroll.changed"));
        }
        for (i, person) in due.iter().enumerate() {
            let payment = Payment {
                person_id: *person,
                month: a.month,
                amount_usd: amount,
                paid_on,
                reference: reference.clone(),
            };
            records::upsert(w, Kind::Payment, Some(Uuid::now_v7()), &record_fields::to_fields(&payment), today)
                .map_err(|e| Error::Line { line: i + 1, source: Box::new(e) })?;
        }
        Ok((due.len(), total))
    });
    match result {
        Ok((count, total_usd)) => Ok(ApprovalDone { month: a.month, count, total_usd, paid_on, reference }),
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
    use reintegra_store::views::{payroll_view, person_view};

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
    fn approving_records_every_line_once_or_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = demo(dir.path());
        let view = payroll_view(&mut store, october()).expect("view");
        let (n, total) = (view.lines.len(), view.total_usd);
        assert!(n > 0, "the demo leaves October unpaid");
        assert_eq!(total, n as u64 * 100);

        // What the supervisor confirmed no longer matches: nothing written.
        let err = approve(&mut store, &approval(n + 1, total + 100), today()).expect_err("changed");
        assert_eq!(err.code, "payroll.changed");
        for (bad, code) in [
            ("31/11/2024", "payroll.paid_on_invalid"),
            ("05/11/2099", "payroll.paid_on_future"),
            ("30/09/2024", "payroll.paid_on_before_month"),
        ] {
            let mut a = approval(n, total);
            a.paid_on = bad.into();
            assert_eq!(approve(&mut store, &a, today()).expect_err(bad).code, code);
        }
        assert_eq!(payroll_view(&mut store, october()).expect("view").lines.len(), n);

        let done = approve(&mut store, &approval(n, total), today()).expect("approve");
        assert_eq!((done.count, done.total_usd, done.reference.as_str()), (n, total, "PLANILLA-2024-10"));
        let after = payroll_view(&mut store, october()).expect("view");
        assert!(after.lines.is_empty());
        assert_eq!(after.paid, view.paid + n, "every line is now paid");
        let card = person_view(&mut store, view.lines[0].person_id).expect("page");
        let oct = card.voucher.iter().find(|m| m.evaluation.month == october()).expect("october on the card");
        let paid = oct.payment.as_ref().expect("paid");
        assert_eq!((paid.amount_cents, paid.paid_on.to_string()), (10_000, "2024-11-05".to_string()));
        assert_eq!(paid.reference.as_deref(), Some("PLANILLA-2024-10"));

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
