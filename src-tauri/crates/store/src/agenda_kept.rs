//! What the home agenda keeps from one read to the next ([`crate::agenda::home`]). Apart from the agenda so that the
//! store's root, which holds it, does not depend on the agenda's reads (CI's import-loop check).

use chrono::NaiveDate;
use reintegra_core::views::ReviewRow;

/// The agenda's two costly lists, the month's review (a month's voucher evaluation of every participant) and the
/// assessments due (every active enrolment against every instrument's schedule), about 30 and 25 ms at 10x, kept
/// from one read of the agenda to the next while the store has not changed (H15, #18). Changed means: another
/// day; a change committed by another connection (SQLite's `data_version`: the command line, another process); or
/// any row written by this connection (its `total_changes`, which counts every insert, update and delete, those of
/// triggers and of rolled-back transactions included) except the audit entries recorded in their own transaction
/// ([`crate::audit::record`]: seeing a person writes one; neither list reads the audit log). A form's save, an
/// import, a purge, a rebuild, a draft: all read both lists again.
#[derive(Default)]
pub(crate) struct Memo {
    /// The rows written by audit entries recorded in their own transaction, left out of `total_changes`.
    pub(crate) audit_changes: u64,
    pub(crate) kept: Option<Kept>,
    /// How many times the two lists were computed (the tests check when they are kept).
    pub(crate) computed: u64,
}

pub(crate) struct Kept {
    /// (`data_version`, this connection's writes other than audit entries, the day).
    pub(crate) key: (i64, u64, NaiveDate),
    pub(crate) review: Vec<ReviewRow>,
    pub(crate) review_total: usize,
    pub(crate) assessments: (Vec<reintegra_core::wire::assessments::AssessmentDue>, usize),
    /// The names of the instruments in the page of assessments due.
    pub(crate) names: Vec<(String, reintegra_core::assessments::definition::Text)>,
}
