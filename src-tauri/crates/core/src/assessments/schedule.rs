//! When an instrument is due for a person enrolled in one of its schedule's components: a baseline within
//! `baseline_days` of the enrolment's start, then a follow-up `every_months` after their latest assessment of it.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::definition::Schedule;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    pub date: NaiveDate,
    /// `false`: the baseline.
    pub follow_up: bool,
}

/// The next assessment due, given the start of the person's enrolment and the dates of their assessments of the
/// instrument (any order; deleted ones left out).
pub fn next_due(schedule: &Schedule, enrolled_on: NaiveDate, assessed: &[NaiveDate]) -> Due {
    match assessed.iter().max() {
        None => Due {
            date: enrolled_on.checked_add_days(Days::new(u64::from(schedule.baseline_days))).unwrap_or(enrolled_on),
            follow_up: false,
        },
        Some(last) => {
            Due { date: last.checked_add_months(Months::new(schedule.every_months)).unwrap_or(*last), follow_up: true }
        }
    }
}

/// Whether an assessment due on `due` belongs on today's agenda: overdue, or due within `ahead_days`.
pub fn on_agenda(due: NaiveDate, today: NaiveDate, ahead_days: u64) -> bool {
    today.checked_add_days(Days::new(ahead_days)).is_some_and(|limit| due <= limit)
}
