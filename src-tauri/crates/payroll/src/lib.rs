//! Writing the month's payroll for the cashier: CSV or Excel, Spanish headers, a totals line, a column to sign.
//! The file holds personal data on purpose (the cashier needs names and DUIs): it is written only where the person
//! running the command said, through a temporary file renamed into place, so a crash leaves no half payroll.

use std::path::Path;

pub mod batch;

use reintegra_core::i18n::{Lang, t};
use reintegra_store::vouchers::Payroll;

fn headers(lang: Lang) -> Vec<String> {
    ["no", "name", "dui", "municipality", "district", "phone", "month", "month_index", "outcome", "amount", "signature"]
        .iter()
        .map(|k| t(lang, &format!("payroll.col.{k}")))
        .collect()
}

fn rows(p: &Payroll, lang: Lang) -> Vec<Vec<String>> {
    p.lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![
                (i + 1).to_string(),
                l.name.clone(),
                l.dui.clone().unwrap_or_default(),
                l.municipality.clone(),
                l.district.clone().unwrap_or_default(),
                l.phone.clone().unwrap_or_default(),
                l.month.to_string(),
                l.month_index.to_string(),
                t(lang, &format!("outcome.{}", l.outcome.code())),
                l.amount_usd.to_string(),
                String::new(),
            ]
        })
        .collect()
}

pub fn write(p: &Payroll, out: &Path, lang: Lang) -> Result<(), String> {
    let ext = out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let dir = out.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".{}.tmp", out.file_name().and_then(|n| n.to_str()).unwrap_or("payroll")));
    let total_label = t(lang, "payroll.total");
    let count = p.lines.len().to_string();
    match ext.as_str() {
        "csv" => {
            let mut w = csv::Writer::from_path(&tmp).map_err(|e| e.to_string())?;
            w.write_record(headers(lang)).map_err(|e| e.to_string())?;
            for r in rows(p, lang) {
                w.write_record(r).map_err(|e| e.to_string())?;
            }
            let mut total = vec![String::new(); 11];
            total[1] = format!("{total_label} ({count})");
            total[9] = p.total_usd.to_string();
            w.write_record(total).map_err(|e| e.to_string())?;
            w.flush().map_err(|e| e.to_string())?;
        }
        "xlsx" => {
            use rust_xlsxwriter::{Format, Workbook};
            let mut book = Workbook::new();
            let sheet = book.add_worksheet();
            sheet.set_name(t(lang, "payroll.sheet")).map_err(|e| e.to_string())?;
            let bold = Format::new().set_bold();
            let title = format!("{} {}", t(lang, "payroll.title"), p.month);
            sheet.write_string_with_format(0, 0, &title, &bold).map_err(|e| e.to_string())?;
            for (c, h) in headers(lang).iter().enumerate() {
                sheet.write_string_with_format(2, c as u16, h, &bold).map_err(|e| e.to_string())?;
            }
            for (r, row) in rows(p, lang).iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    let (r, c) = (r as u32 + 3, c as u16);
                    if c == 0 || c == 7 || c == 9 {
                        sheet.write_number(r, c, v.parse::<f64>().unwrap_or(0.0)).map_err(|e| e.to_string())?;
                    } else {
                        sheet.write_string(r, c, v).map_err(|e| e.to_string())?;
                    }
                }
            }
            let last = p.lines.len() as u32 + 3;
            sheet
                .write_string_with_format(last, 1, format!("{total_label} ({count})"), &bold)
                .map_err(|e| e.to_string())?;
            sheet.write_number_with_format(last, 9, p.total_usd as f64, &bold).map_err(|e| e.to_string())?;
            sheet.set_column_width(1, 36).map_err(|e| e.to_string())?;
            sheet.set_column_width(10, 24).map_err(|e| e.to_string())?;
            book.save(&tmp).map_err(|e| e.to_string())?;
        }
        _ => return Err(t(lang, "error.payroll_format")),
    }
    // Opened for writing: Windows flushes a file only through a handle that may write (else "Access denied").
    std::fs::OpenOptions::new().write(true).open(&tmp).and_then(|f| f.sync_all()).map_err(|e| e.to_string())?;
    std::fs::rename(&tmp, out).map_err(|e| e.to_string())
}
