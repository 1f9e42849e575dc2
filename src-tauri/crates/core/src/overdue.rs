//! When a field laptop is overdue: the supervisor expects every laptop to send its work at least weekly, so one that
//! has sent nothing for longer is named on the central sync screen.

/// Days a field laptop may go without sending a bundle before it is overdue.
pub const OVERDUE_AFTER_DAYS: i64 = 7;

const DAY_MS: i64 = 86_400_000;

/// Whether a device is overdue at `now_ms`: a field laptop from which nothing was taken in for more than
/// [`OVERDUE_AFTER_DAYS`] (counted from when it was added, if nothing came yet). Supervisors' stores are not
/// expected to send on a schedule. Times are milliseconds since the epoch.
pub fn is_overdue(device_role: &str, last_import_ms: Option<i64>, added_at_ms: i64, now_ms: i64) -> bool {
    device_role == "field" && now_ms - last_import_ms.unwrap_or(added_at_ms) > OVERDUE_AFTER_DAYS * DAY_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overdue_after_more_than_seven_days_without_a_bundle() {
        let now = 1_000 * DAY_MS;
        let days = |d: i64| now - d * DAY_MS;
        let cases = [
            ("sent today", "field", Some(now), days(30), false),
            ("sent exactly seven days ago", "field", Some(days(7)), days(30), false),
            ("sent seven days and a minute ago", "field", Some(days(7) - 60_000), days(30), true),
            ("sent a month ago", "field", Some(days(30)), days(60), true),
            ("never sent, added yesterday", "field", None, days(1), false),
            ("never sent, added ten days ago", "field", None, days(10), true),
            ("a supervisor silent for a month", "supervisor", Some(days(30)), days(60), false),
        ];
        for (name, role, last, added, expected) in cases {
            assert_eq!(is_overdue(role, last, added, now), expected, "{name}");
        }
    }
}
