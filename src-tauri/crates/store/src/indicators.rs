//! Progress against the targets, for the whole programme and by municipality or by month, from counters kept up to
//! date with the records ([`aggregates`]). By month, people count in the month they were first reached
//! (first payment, training completed, first home visit), so the months add up to the total.

pub(crate) mod aggregates;
pub mod assessments;

use std::collections::{BTreeMap, BTreeSet};

use reintegra_core::indicators::{Indicators, is_trained};
use reintegra_core::records::MODULES;
use serde::Serialize;

use crate::{Result, Store};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    Total,
    Municipality,
    Month,
}

/// The breakdown the window asks for.
impl From<reintegra_core::wire::desk::ReportBy> for By {
    fn from(by: reintegra_core::wire::desk::ReportBy) -> By {
        use reintegra_core::wire::desk::ReportBy;
        match by {
            ReportBy::Total => By::Total,
            ReportBy::Municipality => By::Municipality,
            ReportBy::Month => By::Month,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub trained_share_percent: u32,
    pub total: Indicators,
    /// By municipality or by month (`YYYY-MM`), as asked; empty for the total only.
    pub groups: BTreeMap<String, Indicators>,
}

/// The progress figures: read from the counters kept up to date with the records ([`aggregates`]), a few hundred
/// rows whatever the size of the programme. A field user's connection counts what their views show (their
/// caseload), source by source, as the counters would.
pub fn indicators(store: &mut Store, by: By, trained_share_percent: u32) -> Result<Report> {
    let scoped = store.scope.is_some();
    let counts = store.read(|tx| if scoped { aggregates::recount(tx) } else { aggregates::stored(tx) })?;
    Ok(report(&counts, by, trained_share_percent))
}

/// The number of modules a relative must have covered to count as trained at a share of the curriculum (the
/// core's rule, asked once per number), if any number is enough.
fn modules_needed(share_percent: u32) -> Option<usize> {
    (1..=MODULES.len()).find(|k| {
        let covered: BTreeSet<String> = MODULES[..*k].iter().map(|m| (*m).to_owned()).collect();
        is_trained(&covered, share_percent)
    })
}

/// The report from the counts by figure, municipality and month.
fn report(counts: &aggregates::Counts, by: By, trained_share_percent: u32) -> Report {
    let trained = modules_needed(trained_share_percent).map(|k| format!("{}{k}", aggregates::TRAINED));
    let mut report = Report { trained_share_percent, total: Indicators::with_targets(), groups: BTreeMap::new() };
    for ((figure, municipality, month), amount) in counts {
        let amount = (*amount).max(0) as u64;
        let f: Box<dyn Fn(&mut Indicators)> = match figure.as_str() {
            aggregates::PAYMENTS => Box::new(move |i| i.payments += amount),
            aggregates::PAID_USD => Box::new(move |i| i.paid_usd += amount),
            aggregates::PARTICIPANTS_PAID => Box::new(move |i| i.participants_paid.value += amount),
            aggregates::VISITED => Box::new(move |i| i.relatives_visited.value += amount),
            aggregates::INITIATIVES => Box::new(move |i| i.initiatives += amount),
            aggregates::INITIATIVE_PARTICIPANTS => Box::new(move |i| i.initiative_participants += amount),
            f if trained.as_deref() == Some(f) => Box::new(move |i| i.relatives_trained.value += amount),
            f => {
                if let Some(kind) = f.strip_prefix(aggregates::SESSIONS) {
                    let kind = kind.to_owned();
                    Box::new(move |i| *i.sessions.entry(kind.clone()).or_default() += amount)
                } else if let Some(status) = f.strip_prefix(aggregates::REFERRALS) {
                    let status = status.to_owned();
                    Box::new(move |i| *i.referrals.entry(status.clone()).or_default() += amount)
                } else {
                    // Another share of the curriculum than the one asked for.
                    continue;
                }
            }
        };
        f(&mut report.total);
        let key = match by {
            By::Total => continue,
            By::Municipality => municipality,
            By::Month => month,
        };
        f(report.groups.entry(key.clone()).or_default());
    }
    report
}

#[cfg(test)]
mod tests;
