//! Calendar dates as people in El Salvador write them (dd/mm/aaaa) and as files carry them (aaaa-mm-dd).

use chrono::{Datelike, NaiveDate};

/// Parses `aaaa-mm-dd` strictly (the interchange format): zero-padded, a real calendar day.
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Parses what a person typed: `dd/mm/aaaa` (also `d/m/aaaa` and `dd-mm-aaaa`), or `aaaa-mm-dd`.
pub fn parse_user(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(d) = parse_iso(s) {
        return Some(d);
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    if d.is_empty() || m.is_empty() || d.len() > 2 || m.len() > 2 || y.len() != 4 {
        return None;
    }
    let all_digits = |p: &str| p.chars().all(|c| c.is_ascii_digit());
    if !(all_digits(d) && all_digits(m) && all_digits(y)) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// `dd/mm/aaaa`.
pub fn format_user(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// El Salvador's offset from UTC: six hours behind, with no daylight saving.
pub const UTC_OFFSET_HOURS: i64 = -6;

/// A moment (UTC milliseconds) as people in El Salvador write it: `dd/mm/aaaa hh:mm`.
pub fn format_user_time_ms(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms + UTC_OFFSET_HOURS * 3_600_000)
        .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_default()
}

/// Completed years between `birth` and `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

/// Age of majority in El Salvador, and the age from which a DUI is issued.
pub const ADULT_AGE: i32 = 18;

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn parse_user_cases() {
        let cases = [
            ("salvadoran format", "31/03/2024", Some(d(2024, 3, 31))),
            ("single digits", "1/3/2024", Some(d(2024, 3, 1))),
            ("hyphens", "01-03-2024", Some(d(2024, 3, 1))),
            ("iso", "2024-03-01", Some(d(2024, 3, 1))),
            ("february 30", "30/02/2024", None),
            ("leap day", "29/02/2024", Some(d(2024, 2, 29))),
            ("not a leap year", "29/02/2023", None),
            ("two-digit year", "01/03/24", None),
            ("month 13", "01/13/2024", None),
            ("words", "uno/marzo/2024", None),
            ("empty", "", None),
        ];
        for (name, input, want) in cases {
            assert_eq!(parse_user(input), want, "{name}: {input}");
        }
    }

    #[test]
    fn parse_iso_is_strict() {
        assert_eq!(parse_iso("2024-02-29"), Some(d(2024, 2, 29)));
        assert_eq!(parse_iso("2024-02-30"), None);
        assert_eq!(parse_iso("2024-2-3"), None);
        assert_eq!(parse_iso("03/02/2024"), None);
    }

    #[test]
    fn local_time() {
        // 2024-03-31 05:30 UTC is still 30 March in San Salvador.
        let ms = chrono::NaiveDate::from_ymd_opt(2024, 3, 31)
            .and_then(|d| d.and_hms_opt(5, 30, 0))
            .map(|t| t.and_utc().timestamp_millis())
            .expect("time");
        assert_eq!(format_user_time_ms(ms), "30/03/2024 23:30");
    }

    #[test]
    fn format_and_age() {
        assert_eq!(format_user(d(2024, 3, 1)), "01/03/2024");
        assert_eq!(age_on(d(2006, 11, 24), d(2024, 11, 23)), 17);
        assert_eq!(age_on(d(2006, 11, 24), d(2024, 11, 24)), 18);
    }
}
