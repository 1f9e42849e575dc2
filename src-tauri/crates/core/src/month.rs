//! Calendar months (`YYYY-MM`), the unit of the voucher.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn parse(s: &str) -> Option<Month> {
        let b = s.as_bytes();
        if b.len() != 7 || b[4] != b'-' || !s[..4].bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let year: i32 = s[..4].parse().ok()?;
        let month: u32 = s[5..].parse().ok().filter(|m| (1..=12).contains(m))?;
        if !s[5..].bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        Some(Month { year, month })
    }
    pub fn of(d: NaiveDate) -> Month {
        Month { year: d.year(), month: d.month() }
    }
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }
    /// The month `n` months later (or earlier, for negative `n`).
    pub fn plus(self, n: i32) -> Month {
        let idx = self.year * 12 + self.month as i32 - 1 + n;
        Month { year: idx.div_euclid(12), month: idx.rem_euclid(12) as u32 + 1 }
    }
    /// How many months `self` is after `other`.
    pub fn since(self, other: Month) -> i32 {
        (self.year * 12 + self.month as i32) - (other.year * 12 + other.month as i32)
    }
    pub fn last_day(self) -> NaiveDate {
        self.plus(1).first_day().pred_opt().unwrap_or_default()
    }
    pub fn contains(self, d: NaiveDate) -> bool {
        Month::of(d) == self
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let s = String::deserialize(d)?;
        Month::parse(&s).ok_or_else(|| serde::de::Error::custom("expected YYYY-MM"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_arithmetic() {
        assert_eq!(Month::parse("2024-03"), Some(Month { year: 2024, month: 3 }));
        for bad in ["2024-13", "2024-00", "2024-3", "24-03", "2024/03", "2024-03-01", "abcd-ef"] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
        let m = Month { year: 2024, month: 11 };
        assert_eq!(m.plus(2).to_string(), "2025-01");
        assert_eq!(m.plus(-11).to_string(), "2023-12");
        assert_eq!(m.plus(8).since(m), 8);
        assert_eq!(Month { year: 2024, month: 2 }.last_day().to_string(), "2024-02-29");
    }
}
