//! The name a damaged store file is set aside under (#18): beside the original, dated, never overwriting anything.
//! The store's companions (its key file, `-wal` and `-shm`) take the same new name with their own suffix, so the
//! set-aside pair still opens together (`reintegra --db NEW_NAME`) for whoever tries to recover unsent work.

use chrono::NaiveDateTime;

/// What the new name says: that the file was found damaged (Spanish first, like every file the app names).
pub const MARK: &str = "dañado";

/// The name for `file_name` set aside at `at`: `reintegra.db` → `reintegra-dañado-2026-12-01-013455.db`. `attempt`
/// counts from 1; a later attempt (the first name is taken) adds `-2`, `-3`… before the extension. A name without an
/// extension, or whose only dot starts it (`.db`), gets the mark at its end.
pub fn set_aside_name(file_name: &str, at: NaiveDateTime, attempt: u32) -> String {
    let (stem, ext) = match file_name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() => (stem, Some(ext)),
        _ => (file_name, None),
    };
    let mut name = format!("{stem}-{MARK}-{}", at.format("%Y-%m-%d-%H%M%S"));
    if attempt > 1 {
        name.push_str(&format!("-{attempt}"));
    }
    if let Some(ext) = ext {
        name.push('.');
        name.push_str(ext);
    }
    name
}

/// The files that belong to a store named `file_name`, the store first: its key file and SQLite's write-ahead log
/// and shared-memory index. Setting a store aside moves each to the same suffix on the new name.
pub const COMPANIONS: [&str; 4] = ["", ".keys", "-wal", "-shm"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_aside_name_is_dated_beside_the_original_and_keeps_its_extension() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).and_then(|d| d.and_hms_opt(1, 34, 55)).expect("date");
        let cases = [
            ("the app's store", "reintegra.db", 1, "reintegra-dañado-2026-12-01-013455.db"),
            ("the same name taken: a second attempt", "reintegra.db", 2, "reintegra-dañado-2026-12-01-013455-2.db"),
            ("a tenth attempt", "reintegra.db", 10, "reintegra-dañado-2026-12-01-013455-10.db"),
            ("dots inside the name", "copia.marzo.db", 1, "copia.marzo-dañado-2026-12-01-013455.db"),
            ("no extension", "datos", 1, "datos-dañado-2026-12-01-013455"),
            ("only a leading dot", ".db", 1, ".db-dañado-2026-12-01-013455"),
            ("a trailing dot", "datos.", 1, "datos.-dañado-2026-12-01-013455"),
            ("accents and spaces kept", "Laptop Ana.db", 1, "Laptop Ana-dañado-2026-12-01-013455.db"),
        ];
        for (case, name, attempt, expected) in cases {
            assert_eq!(set_aside_name(name, at, attempt), expected, "{case}");
        }
    }

    #[test]
    fn attempt_zero_reads_as_the_first() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 1, 2).and_then(|d| d.and_hms_opt(3, 4, 5)).expect("date");
        assert_eq!(set_aside_name("reintegra.db", at, 0), set_aside_name("reintegra.db", at, 1));
    }
}
