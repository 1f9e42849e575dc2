//! The central export for reporting written to a file: one sheet (or one CSV file) per record type with the
//! headers in words; the personal export only as an AES-256 zip of CSV files, behind a password.

use std::path::Path;

use reintegra_core::i18n::{Lang, t};
use reintegra_core::wire::ApiError;
use reintegra_core::wire::data::ExportWritten;
use reintegra_store::Store;
use reintegra_store::audit::{self, Action};
use reintegra_store::export::{Table, tables};
use reintegra_store::sync::write_atomically;

use crate::io;

/// The shortest password an export archive may have (as a store's passphrase).
pub const MIN_PASSWORD: usize = 8;

/// Where an export goes, told by its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// One workbook, a sheet per record type.
    Xlsx,
    /// An AES-256 zip of CSV files (needs a password).
    Zip,
    /// A folder of CSV files.
    Folder,
}

impl Target {
    /// The target of `out`, refused when a password and a zip do not go together (a zip without one would be an
    /// export in clear under a reassuring name) or when the file is neither a workbook, a zip nor a folder.
    pub fn of(out: &Path, has_password: bool) -> Result<Target, ApiError> {
        let ext = out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let target = match ext.as_deref() {
            Some("xlsx") => Target::Xlsx,
            Some("zip") => Target::Zip,
            Some(_) if !out.is_dir() => {
                if has_password {
                    return Err(ApiError::new("error.export_password_zip"));
                }
                return Err(ApiError::new("error.export_target"));
            }
            _ => Target::Folder,
        };
        if has_password != (target == Target::Zip) {
            return Err(ApiError::new("error.export_password_zip"));
        }
        Ok(target)
    }
}

/// A password for an archive: long enough, and typed the same twice where it is typed twice.
pub fn check_password(password: &str, again: Option<&str>) -> Result<(), ApiError> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(ApiError::new("error.export_password_short"));
    }
    if again.is_some_and(|a| a != password) {
        return Err(ApiError::new("error.export_password_mismatch"));
    }
    Ok(())
}

fn headers(lang: Lang, table: &Table) -> Vec<String> {
    table.columns.iter().map(|c| t(lang, &format!("column.{c}"))).collect()
}

/// Every table as a workbook, a sheet per record type named in words.
pub fn xlsx(lang: Lang, tables: &[Table]) -> Result<Vec<u8>, ApiError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(t(lang, &format!("records.{}", table.name.unwrap_or(table.kind.name())))).map_err(io)?;
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

/// One table as a CSV file with a byte-order mark, so spreadsheets open the accents right.
pub fn csv_file(lang: Lang, table: &Table) -> Result<Vec<u8>, ApiError> {
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
pub fn encrypted_zip(lang: Lang, tables: &[Table], password: &str) -> Result<Vec<u8>, ApiError> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .with_aes_encryption(zip::AesMode::Aes256, password);
    for table in tables {
        zip.start_file(format!("{}.csv", table.name.unwrap_or(table.kind.table())), options).map_err(io)?;
        zip.write_all(&csv_file(lang, table)?).map_err(io)?;
    }
    Ok(zip.finish().map_err(io)?.into_inner())
}

/// Writes `tables` to `out` as `target` says: through a temporary file renamed into place (a crash leaves no half
/// export). A folder is created if missing, one CSV file per record type in it.
pub fn write(out: &Path, target: Target, lang: Lang, tables: &[Table], password: Option<&str>) -> Result<(), ApiError> {
    match (target, password) {
        (Target::Zip, Some(pass)) => write_atomically(out, &encrypted_zip(lang, tables, pass)?)?,
        (Target::Zip, None) => return Err(ApiError::new("error.export_password_zip")),
        (Target::Xlsx, _) => write_atomically(out, &xlsx(lang, tables)?)?,
        (Target::Folder, _) => {
            std::fs::create_dir_all(out).map_err(io)?;
            for table in tables {
                let name = table.name.unwrap_or(table.kind.table());
                write_atomically(&out.join(format!("{name}.csv")), &csv_file(lang, table)?)?;
            }
        }
    }
    Ok(())
}

/// The export use case, the same from the command line and the window: the store's tables (personal data only
/// when asked), written to `out` as `target` says, then the audit entry (what kind, how many, whether protected).
pub fn export(
    store: &mut Store,
    out: &Path,
    target: Target,
    lang: Lang,
    personal: bool,
    password: Option<&str>,
) -> Result<ExportWritten, ApiError> {
    let tables = tables(store, personal, lang)?;
    // Records: the record types' rows (the reconciliation's lines are figures, not records).
    let records: usize = tables.iter().filter(|t| t.name.is_none()).map(|t| t.rows.len()).sum();
    write(out, target, lang, &tables, password)?;
    audit::record(store, Action::Export, &audit_subject(personal, records, password.is_some()))?;
    Ok(ExportWritten {
        path: out.to_string_lossy().into_owned(),
        records,
        tables: tables.len(),
        personal,
        protected: password.is_some(),
    })
}

/// A file the window writes: a full path, in a folder that exists, ending in `.{ext}` (the save dialog gives
/// such a path; a typed one is checked). Replacing an existing file is the save dialog's question to ask.
pub fn window_path(path: &str, ext: &str) -> Result<std::path::PathBuf, ApiError> {
    let out = Path::new(path.trim());
    if out.as_os_str().is_empty() {
        return Err(ApiError::new("data.path_required"));
    }
    if !out.is_absolute() {
        return Err(ApiError::new("data.path_not_absolute"));
    }
    if !out.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case(ext)) {
        return Err(ApiError::new("data.path_extension").with("ext", format!(".{ext}")));
    }
    if !out.parent().is_some_and(Path::is_dir) {
        return Err(ApiError::new("data.path_no_folder"));
    }
    Ok(out.to_path_buf())
}

/// The audit subject of an export: what kind, how many records, whether protected (never who).
pub fn audit_subject(personal: bool, records: usize, protected: bool) -> String {
    let protection = if protected { ":protected" } else { "" };
    format!("{}:{records}{protection}", if personal { "personal" } else { "anonymous" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_says_where_the_export_goes() {
        let dir = std::env::temp_dir();
        let cases: [(&str, &Path, bool, Result<Target, &str>); 7] = [
            ("a workbook", Path::new("/x/a.xlsx"), false, Ok(Target::Xlsx)),
            ("a workbook in capitals", Path::new("/x/A.XLSX"), false, Ok(Target::Xlsx)),
            ("a protected zip", Path::new("/x/a.zip"), true, Ok(Target::Zip)),
            ("a zip without a password", Path::new("/x/a.zip"), false, Err("error.export_password_zip")),
            ("a password on a workbook", Path::new("/x/a.xlsx"), true, Err("error.export_password_zip")),
            ("a folder", dir.as_path(), false, Ok(Target::Folder)),
            ("a file of another kind", Path::new("/x/a.pdf"), false, Err("error.export_target")),
        ];
        for (name, path, password, want) in cases {
            assert_eq!(Target::of(path, password).map_err(|e| e.code), want.map_err(str::to_owned), "{name}");
        }
    }

    #[test]
    fn a_password_is_long_enough_and_typed_twice_the_same() {
        let cases = [
            ("long enough", "piña colada", Some("piña colada"), None),
            ("from a file: once", "piña colada", None, None),
            ("too short", "corta", Some("corta"), Some("error.export_password_short")),
            (
                "seven accented letters are seven, not fourteen bytes",
                "ñññññññ",
                None,
                Some("error.export_password_short"),
            ),
            ("typed differently", "piña colada", Some("pina colada"), Some("error.export_password_mismatch")),
        ];
        for (name, pass, again, want) in cases {
            assert_eq!(check_password(pass, again).err().map(|e| e.code), want.map(str::to_owned), "{name}");
        }
    }
}
