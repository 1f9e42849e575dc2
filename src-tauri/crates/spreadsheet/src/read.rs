//! A sheet of people read from the file a person has: an Excel or LibreOffice workbook (`.xlsx`, `.xls`, `.ods`:
//! its first sheet), or CSV as spreadsheets write it on a Spanish-language Windows: UTF-8 or Windows-1252, with or
//! without a byte-order mark (UTF-16 too, Excel's «Unicode text»), separated by commas, semicolons or tabs (told by
//! the header line). The rows keep the line the person sees in their spreadsheet, for the import to name.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use reintegra_core::date;
use reintegra_core::wire::ApiError;
use reintegra_store::load::SheetRow;

/// The rows of the file at `path`, the header first; blank rows left out.
pub fn rows(path: &Path) -> Result<Vec<SheetRow>, ApiError> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => workbook(path),
        "csv" | "txt" => csv_rows(&std::fs::read(path)?),
        _ => Err(ApiError::new("error.sheet_format")),
    }
}

fn unreadable(detail: impl ToString) -> ApiError {
    ApiError::new("error.sheet_unreadable").with("detail", detail.to_string())
}

fn workbook(path: &Path) -> Result<Vec<SheetRow>, ApiError> {
    let mut book = open_workbook_auto(path).map_err(unreadable)?;
    let range = book.worksheet_range_at(0).ok_or_else(|| ApiError::new("error.sheet_empty"))?.map_err(unreadable)?;
    let first = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let out: Vec<SheetRow> = range
        .rows()
        .enumerate()
        .map(|(i, cells)| SheetRow { line: first + i + 1, cells: cells.iter().map(cell).collect() })
        .filter(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
        .collect();
    if out.is_empty() {
        return Err(ApiError::new("error.sheet_empty"));
    }
    Ok(out)
}

/// A cell as text: a date as dd/mm/aaaa, a whole number without decimals (a phone typed as a number).
fn cell(data: &Data) -> String {
    match data {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_datetime().map(|t| date::format_user(t.date())).unwrap_or_default(),
        Data::DateTimeIso(s) => {
            s.get(..10).and_then(date::parse_iso).map(date::format_user).unwrap_or_else(|| s.clone())
        }
        Data::DurationIso(s) => s.clone(),
    }
}

/// The text of a CSV file: its byte-order mark says UTF-8 or UTF-16; without one, UTF-8 if it is valid UTF-8,
/// else Windows-1252 (what Excel writes as «CSV (delimitado por comas)» on a Spanish Windows).
pub fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// The separator of the header line: the one of `;`, `,` and tab it uses most outside quotes (a comma on a tie).
pub fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let (mut quoted, mut counts) = (false, [0usize; 3]);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = [(counts[0], b','), (counts[1], b';'), (counts[2], b'\t')]
        .into_iter()
        .fold((0, b','), |best, c| if c.0 > best.0 { c } else { best });
    best.1
}

/// The line a record starts on: the reader's position counts from before the blank lines it skipped.
fn line_of(bytes: &[u8], p: &csv::Position) -> usize {
    let mut line = p.line() as usize;
    for b in bytes.iter().skip(p.byte() as usize) {
        match b {
            b'\n' => line += 1,
            b'\r' => {}
            _ => break,
        }
    }
    line
}

/// The rows of a CSV file's bytes (rows of any length: the import checks them against the header).
pub fn csv_rows(bytes: &[u8]) -> Result<Vec<SheetRow>, ApiError> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator(&text))
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
            ApiError::new("error.at_line").with("line", line.to_string()).caused_by(ApiError::new("error.csv_invalid"))
        })?;
        let line = record.position().map(|p| line_of(text.as_bytes(), p)).unwrap_or(out.len() + 1);
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if cells.iter().any(|c| !c.trim().is_empty()) {
            out.push(SheetRow { line, cells });
        }
    }
    if out.is_empty() {
        return Err(ApiError::new("error.sheet_empty"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(bytes: &[u8]) -> Vec<Vec<String>> {
        csv_rows(bytes).expect("rows").into_iter().map(|r| r.cells).collect()
    }

    #[test]
    fn csv_as_spreadsheets_write_it_reads_the_same() {
        let want =
            vec![vec!["nombres".to_owned(), "primer_apellido".into()], vec!["María José".into(), "Núñez".into()]];
        let utf8 = "nombres,primer_apellido\r\nMaría José,Núñez\r\n";
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend(utf8.as_bytes());
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode("nombres;primer_apellido\r\nMaría José;Núñez\r\n");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("nombres\tprimer_apellido\r\nMaría José\tNúñez\r\n".encode_utf16().flat_map(u16::to_le_bytes));
        let cases: [(&str, Vec<u8>); 5] = [
            ("UTF-8, commas", utf8.as_bytes().to_vec()),
            ("UTF-8 with a byte-order mark", with_bom),
            ("Windows-1252, semicolons", cp1252.into_owned()),
            ("UTF-16 with tabs (Excel's Unicode text)", utf16),
            ("a blank line in between", "nombres,primer_apellido\n,\nMaría José,Núñez\n".as_bytes().to_vec()),
        ];
        for (name, bytes) in cases {
            assert_eq!(cells(&bytes), want, "{name}");
        }
    }

    #[test]
    fn the_separator_is_the_header_lines() {
        let cases = [
            ("commas", "a,b,c", b','),
            ("semicolons", "a;b;c", b';'),
            ("tabs", "a\tb\tc", b'\t'),
            ("a comma inside quotes", "\"Apellido, nombre\";b;c", b';'),
            ("one column", "nombres", b','),
        ];
        for (name, text, want) in cases {
            assert_eq!(separator(text) as char, want as char, "{name}");
        }
    }

    #[test]
    fn rows_keep_the_line_the_person_sees() {
        let rows = csv_rows(b"a;b\n\n1;2\n\"x\ny\";3\n4;5\n").expect("rows");
        let lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 3, 4, 6]);
    }
}
