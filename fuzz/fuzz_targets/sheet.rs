//! The spreadsheet import (`reintegra import-csv`, the window's "Importar personas") on any bytes: as CSV text (any
//! encoding, any separator), and as a workbook file (xlsx/ods, through calamine). Must refuse, never panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn dir() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("tempdir"))
}

fuzz_target!(|data: &[u8]| {
    let _ = reintegra_spreadsheet::read::csv_rows(data);
    // Workbooks are zip files: only inputs that look like one go through the (slower) file path.
    if data.starts_with(b"PK") {
        for ext in ["xlsx", "ods"] {
            let path = dir().path().join(format!("input.{ext}"));
            if std::fs::write(&path, data).is_ok() {
                let _ = reintegra_spreadsheet::read::rows(&path);
            }
        }
    }
});
