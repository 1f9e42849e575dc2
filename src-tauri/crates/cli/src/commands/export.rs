//! `reintegra export --out FILE.xlsx|DIR|FILE.zip [--personal] [--password-file F]`: the central export for
//! reporting, one sheet (or one CSV file) per record type with Spanish headers. Personal data only with
//! `--personal`; with a password, the CSV files in an AES-256 zip; every export is audited (protected or not).

use std::path::{Path, PathBuf};

use clap::Args;

use reintegra_core::i18n::{Lang, t, tr};
use reintegra_core::wire::ApiError;
use reintegra_store::audit::{self, Action};
use reintegra_store::export::{Table, tables};
use reintegra_store::sync::write_atomically;
use serde_json::json;

use crate::context::{Context, MIN_PASSPHRASE};

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

/// The export as an AES-256 encrypted zip (WinZip AE-2, what 7-Zip and the usual tools open): one CSV per record
/// type. The file names inside are not encrypted (zip's format); they name record types, never people.
fn encrypted_zip(lang: Lang, tables: &[Table], password: &str) -> Result<Vec<u8>, ApiError> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .with_aes_encryption(zip::AesMode::Aes256, password);
    for table in tables {
        zip.start_file(format!("{}.csv", table.kind.table()), options).map_err(io)?;
        zip.write_all(&csv_file(lang, table)?).map_err(io)?;
    }
    Ok(zip.finish().map_err(io)?.into_inner())
}

/// The password from `--password-file` (its first line) or `REINTEGRA_EXPORT_PASSWORD`.
fn password(file: Option<&Path>) -> Result<Option<zeroize::Zeroizing<String>>, ApiError> {
    let text = match file {
        Some(f) => zeroize::Zeroizing::new(std::fs::read_to_string(f).map_err(io)?),
        None => match std::env::var("REINTEGRA_EXPORT_PASSWORD") {
            Ok(v) => zeroize::Zeroizing::new(v),
            Err(_) => return Ok(None),
        },
    };
    let line = zeroize::Zeroizing::new(text.lines().next().unwrap_or("").to_owned());
    if line.chars().count() < MIN_PASSPHRASE {
        return Err(ApiError::new("error.export_password_short"));
    }
    Ok(Some(line))
}

#[derive(Args)]
pub struct Cmd {
    /// cli.arg.out_export
    #[arg(long, value_name = "FILE.xlsx|DIR")]
    out: PathBuf,
    /// cli.arg.personal
    #[arg(long)]
    personal: bool,
    /// cli.arg.password_file
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: &Cmd) -> Result<(), ApiError> {
    let (lang, out, personal) = (ctx.lang, args.out.as_path(), args.personal);
    let ext = out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let is_xlsx = ext.as_deref() == Some("xlsx");
    let is_zip = ext.as_deref() == Some("zip");
    let password = password(args.password_file.as_deref())?;
    if password.is_some() != is_zip {
        // A password protects a zip; a zip without one would be an export in clear under a reassuring name.
        return Err(ApiError::new("error.export_password_zip"));
    }
    if !is_xlsx && !is_zip && out.extension().is_some() && !out.is_dir() {
        return Err(ApiError::new("error.export_target"));
    }
    let mut store = ctx.open()?;
    let tables = tables(&mut store, personal)?;
    let records: usize = tables.iter().map(|t| t.rows.len()).sum();
    if let Some(pass) = &password {
        write_atomically(out, &encrypted_zip(lang, &tables, pass)?)?;
    } else if is_xlsx {
        write_atomically(out, &xlsx(lang, &tables)?)?;
    } else {
        std::fs::create_dir_all(out).map_err(io)?;
        for table in &tables {
            let file = out.join(format!("{}.csv", table.kind.table()));
            write_atomically(&file, &csv_file(lang, table)?)?;
        }
    }
    let protection = if password.is_some() { ":protected" } else { "" };
    let subject = format!("{}:{records}{protection}", if personal { "personal" } else { "anonymous" });
    audit::record(&mut store, Action::Export, &subject)?;
    let key = if personal { "cli.export.done_personal" } else { "cli.export.done" };
    ctx.emit(
        json!({"out": out, "records": records, "tables": tables.len(), "personal": personal,
               "protected": password.is_some()}),
        tr(lang, key, &[("records", &records.to_string()), ("path", &out.display().to_string())]),
    );
    Ok(())
}
