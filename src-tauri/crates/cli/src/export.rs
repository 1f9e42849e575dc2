//! `reintegra export --out FILE.xlsx|DIR [--personal]`: the central export for reporting, one sheet (or one CSV
//! file) per record type with Spanish headers. Personal data only with `--personal`; every export is audited.

use std::path::Path;

use reintegra_core::i18n::{Lang, t, tr};
use reintegra_core::wire::ApiError;
use reintegra_store::audit::{self, Action};
use reintegra_store::export::{Table, tables};
use reintegra_store::sync::write_atomically;
use serde_json::json;

use crate::{Cli, emit, open};

fn io(detail: impl ToString) -> ApiError {
    ApiError::new("error.io").with("detail", detail.to_string())
}

fn headers(lang: Lang, table: &Table) -> Vec<String> {
    table.columns.iter().map(|c| t(lang, &format!("column.{c}"))).collect()
}

fn xlsx(lang: Lang, tables: &[Table]) -> Result<Vec<u8>, ApiError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(t(lang, &format!("records.{}", table.kind.name()))).map_err(io)?;
        for (c, h) in headers(lang, table).iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, h, &bold).map_err(io)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                sheet.write_string(r as u32 + 1, c as u16, v).map_err(io)?;
            }
        }
    }
    book.save_to_buffer().map_err(io)
}

fn csv_file(lang: Lang, table: &Table) -> Result<Vec<u8>, ApiError> {
    // A byte-order mark, so spreadsheets open the accents right.
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(headers(lang, table)).map_err(io)?;
        for row in &table.rows {
            w.write_record(row).map_err(io)?;
        }
        w.flush().map_err(io)?;
    }
    Ok(out)
}

pub fn run(cli: &Cli, lang: Lang, out: &Path, personal: bool) -> Result<(), ApiError> {
    let is_xlsx = out.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx && out.extension().is_some() && !out.is_dir() {
        return Err(ApiError::new("error.export_target"));
    }
    let mut store = open(cli, lang)?;
    let tables = tables(&mut store, personal).map_err(|e| e.to_api())?;
    let records: usize = tables.iter().map(|t| t.rows.len()).sum();
    if is_xlsx {
        write_atomically(out, &xlsx(lang, &tables)?).map_err(|e| e.to_api())?;
    } else {
        std::fs::create_dir_all(out).map_err(io)?;
        for table in &tables {
            let file = out.join(format!("{}.csv", table.kind.table()));
            write_atomically(&file, &csv_file(lang, table)?).map_err(|e| e.to_api())?;
        }
    }
    let subject = format!("{}:{records}", if personal { "personal" } else { "anonymous" });
    audit::record(&mut store, Action::Export, &subject).map_err(|e| e.to_api())?;
    let key = if personal { "cli.export.done_personal" } else { "cli.export.done" };
    emit(
        cli,
        json!({"out": out, "records": records, "tables": tables.len(), "personal": personal}),
        tr(lang, key, &[("records", &records.to_string()), ("path", &out.display().to_string())]),
    );
    Ok(())
}
