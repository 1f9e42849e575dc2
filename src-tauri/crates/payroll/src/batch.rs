//! A payroll's batches as files: the cash list to sign (PDF) and the provider's file (CSV or Excel, columns in
//! Spanish words, one line per payment with its reference, and empty `estado`, `fecha`, `motivo` columns the provider
//! fills in: the same file, filled, is a results file). Writing a batch marks its payments `sent` in the transaction
//! that writes the file ([`reintegra_store::payments::send_batch`]). And a provider's results file read and applied.
//! The files hold personal data on purpose (names, DUIs, accounts): written only where the person said, never over
//! another file, through a temporary file renamed into place; the export is audited.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use reintegra_core::wire::ApiError;
use reintegra_core::wire::payments::{
    BatchWritten, Delivery, DeliveryMethod, PaymentRow, ResultsImport, WriteBatchArgs,
};
use reintegra_store::audit::{self, Action};
use reintegra_store::{Error, Store, payments};
use uuid::Uuid;

/// The provider file's columns, in this order.
pub const COLUMNS: [&str; 14] = [
    "referencia",
    "nombre",
    "dui",
    "municipio",
    "mes",
    "monto",
    "forma",
    "banco",
    "cuenta",
    "titular",
    "proveedor",
    "telefono",
    "estado",
    "fecha",
];
/// The last column, apart so the provider sees where the reason of a failure goes.
pub const REASON: &str = "motivo";

fn row(p: &PaymentRow, d: Option<&Delivery>) -> Vec<String> {
    let get = |f: fn(&Delivery) -> &Option<String>| d.and_then(|d| f(d).clone()).unwrap_or_default();
    vec![
        p.reference.clone(),
        p.name.clone(),
        p.dui.clone().unwrap_or_default(),
        p.municipality.clone(),
        p.month.to_string(),
        p.amount_usd.to_string(),
        p.method.code().to_owned(),
        get(|d| &d.bank),
        get(|d| &d.account),
        get(|d| &d.holder),
        get(|d| &d.wallet_provider),
        get(|d| &d.phone),
        String::new(),
        String::new(),
        String::new(),
    ]
}

/// The provider's file (`csv` or `xlsx`) of `rows` into `tmp`.
fn provider_file(tmp: &Path, ext: &str, rows: &[PaymentRow], details: &BTreeMap<Uuid, Delivery>) -> Result<(), String> {
    let mut header: Vec<String> = COLUMNS.iter().map(|c| (*c).to_owned()).collect();
    header.push(REASON.to_owned());
    let lines: Vec<Vec<String>> = rows.iter().map(|p| row(p, details.get(&p.person_id))).collect();
    match ext {
        "csv" => {
            let mut w = csv::Writer::from_path(tmp).map_err(|e| e.to_string())?;
            w.write_record(&header).map_err(|e| e.to_string())?;
            for l in &lines {
                w.write_record(l).map_err(|e| e.to_string())?;
            }
            w.flush().map_err(|e| e.to_string())
        }
        _ => {
            use rust_xlsxwriter::{Format, Workbook};
            let mut book = Workbook::new();
            let sheet = book.add_worksheet();
            sheet.set_name("pagos").map_err(|e| e.to_string())?;
            let bold = Format::new().set_bold();
            for (c, h) in header.iter().enumerate() {
                sheet.write_string_with_format(0, c as u16, h, &bold).map_err(|e| e.to_string())?;
            }
            for (r, l) in lines.iter().enumerate() {
                for (c, v) in l.iter().enumerate() {
                    // Every cell as text: an account number or a DUI must keep its leading zeros.
                    sheet.write_string(r as u32 + 1, c as u16, v).map_err(|e| e.to_string())?;
                }
            }
            sheet.set_column_width(1, 34).map_err(|e| e.to_string())?;
            book.save(tmp).map_err(|e| e.to_string())
        }
    }
}

fn ext_of(out: &Path) -> String {
    out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default()
}

/// Writes the batch of `a.method` of the payroll of `a.month` to `a.path` and marks its payments `sent` (one
/// transaction: a file that cannot be written changes nothing). Cash: a `.pdf` list to sign; bank and wallet: the
/// provider's `.csv` or `.xlsx`. The path must be absolute, in an existing folder, and not an existing file.
pub fn write_batch(store: &mut Store, a: &WriteBatchArgs, today: NaiveDate) -> Result<BatchWritten, ApiError> {
    let out = Path::new(a.path.trim());
    if out.as_os_str().is_empty() {
        return Err(ApiError::new("payroll.export_path_required"));
    }
    if !out.is_absolute() {
        return Err(ApiError::new("payroll.export_not_absolute"));
    }
    let ext = ext_of(out);
    let fits = match a.method {
        DeliveryMethod::Cash => ext == "pdf",
        DeliveryMethod::Bank | DeliveryMethod::Wallet => ext == "csv" || ext == "xlsx",
    };
    if !fits {
        return Err(ApiError::new("payments.batch_format"));
    }
    if !out.parent().is_some_and(Path::is_dir) {
        return Err(ApiError::new("payroll.export_no_folder"));
    }
    if out.exists() {
        return Err(ApiError::new("payroll.export_exists"));
    }
    // The details the provider needs, read before the batch's transaction.
    let mut details = BTreeMap::new();
    if a.method != DeliveryMethod::Cash {
        for p in payments::month_view(store, a.month)?.payments {
            if let Some(d) = payments::delivery(store, p.person_id)? {
                details.insert(p.person_id, d);
            }
        }
    }
    let dir = out.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".{}.tmp", out.file_name().and_then(|n| n.to_str()).unwrap_or("lote")));
    let (lang, month, method) = (a.lang, a.month, a.method);
    let written = payments::send_batch(store, month, method, today, |batch_id, rows| {
        match method {
            DeliveryMethod::Cash => {
                let doc = reintegra_pdf::cash_list(lang, month, batch_id, rows, today);
                std::fs::write(&tmp, &doc.bytes).map_err(|e| e.to_string())?;
            }
            _ => provider_file(&tmp, &ext, rows, &details)?,
        }
        std::fs::OpenOptions::new().write(true).open(&tmp).and_then(|f| f.sync_all()).map_err(|e| e.to_string())?;
        std::fs::rename(&tmp, out).map_err(|e| e.to_string())
    });
    let (batch_id, rows) = match written {
        Ok(w) => w,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e.into());
        }
    };
    // A file of names, DUIs and accounts left the encrypted store: that is recorded.
    audit::record(store, Action::Export, &format!("payment_batch:{batch_id}"))?;
    Ok(BatchWritten {
        path: out.to_string_lossy().into_owned(),
        count: rows.len(),
        total_usd: rows.iter().map(|r| u64::from(r.amount_usd)).sum(),
    })
}

/// Reads a provider's results file (`.csv` or `.xlsx`, the first sheet) and applies it
/// ([`payments::apply_results`]). Lines are those of the file (the header is line 1).
pub fn import_results(store: &mut Store, path: &Path, today: NaiveDate) -> Result<ResultsImport, ApiError> {
    let ext = ext_of(path);
    if !["csv", "txt", "xlsx", "xls", "ods"].contains(&ext.as_str()) {
        return Err(ApiError::new("error.results_format"));
    }
    if !path.is_file() {
        return Err(ApiError::new("results.no_file"));
    }
    let sheet = reintegra_spreadsheet::read::rows(path)?;
    // The rows as the file has them, blank lines kept (empty), so a line number is the one the person sees.
    let first = sheet.first().map(|r| r.line).unwrap_or(1);
    let mut rows: Vec<Vec<String>> = Vec::new();
    for r in sheet {
        while first + rows.len() < r.line {
            rows.push(Vec::new());
        }
        rows.push(r.cells);
    }
    let offset = first - 1;
    match payments::apply_results(store, &rows, today) {
        Ok(mut done) => {
            for a in &mut done.applied {
                a.line += offset;
            }
            for m in &mut done.mismatches {
                m.line += offset;
            }
            for u in &mut done.unchanged {
                *u += offset;
            }
            Ok(done)
        }
        Err(Error::Line { line, source }) => Err(Error::Line { line: line + offset, source }.into()),
        Err(e) => Err(e.into()),
    }
}
