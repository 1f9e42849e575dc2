//! The assessments' progress figures (#16): by instrument, for the whole programme and by municipality, the people
//! with a baseline, with a follow-up, and of those with a follow-up how many improved meaningfully at their latest
//! one (`ASSESSMENTS.md`: the baseline is the earliest scored assessment; "improved" is the instrument's own
//! threshold). Counted from the scored rows the lists show, so the figures and the person pages always agree.

use std::collections::BTreeMap;

use reintegra_core::wire::assessments::AssessmentIndicator;
use rusqlite::Transaction;
use uuid::Uuid;

use crate::{Result, Store};

#[derive(Default)]
struct Person {
    municipality: String,
    baseline: bool,
    /// The latest follow-up's date, id and whether it improved.
    latest: Option<(chrono::NaiveDate, Uuid, bool)>,
}

#[derive(Default)]
struct Counts {
    with_baseline: u64,
    with_follow_up: u64,
    improved: u64,
}

fn indicator(instrument: &str, municipality: Option<String>, c: &Counts) -> AssessmentIndicator {
    let percent =
        (c.with_follow_up > 0).then(|| ((c.improved * 1000 + c.with_follow_up / 2) / c.with_follow_up) as f64 / 10.0);
    AssessmentIndicator {
        instrument: instrument.to_owned(),
        municipality,
        with_baseline: c.with_baseline,
        with_follow_up: c.with_follow_up,
        improved: c.improved,
        improved_percent: percent,
    }
}

/// By instrument (in the order of the instruments in force), the whole programme first (`municipality: None`), then
/// each municipality with anyone assessed, by name. Only instruments someone was assessed with.
pub(crate) fn indicators_in(tx: &Transaction<'_>) -> Result<Vec<AssessmentIndicator>> {
    let mut people: BTreeMap<(String, Uuid), Person> = BTreeMap::new();
    for (row, municipality) in crate::assessments::scored_with_municipality(tx)? {
        let p = people.entry((row.instrument.clone(), row.person_id)).or_default();
        p.municipality = municipality;
        p.baseline |= row.baseline;
        if let Some(improved) = row.improved
            && p.latest.is_none_or(|(d, id, _)| (row.date, row.id) > (d, id))
        {
            p.latest = Some((row.date, row.id, improved));
        }
    }
    let mut out = Vec::new();
    for info in crate::assessments::instruments_in(tx)? {
        let code = info.definition.code;
        let mut total = Counts::default();
        let mut by_place: BTreeMap<String, Counts> = BTreeMap::new();
        let mut any = false;
        for ((_, _), p) in people.range((code.clone(), Uuid::nil())..=(code.clone(), Uuid::max())) {
            any = true;
            for c in [&mut total, by_place.entry(p.municipality.clone()).or_default()] {
                c.with_baseline += u64::from(p.baseline);
                c.with_follow_up += u64::from(p.latest.is_some());
                c.improved += u64::from(p.latest.is_some_and(|l| l.2));
            }
        }
        if !any {
            continue;
        }
        out.push(indicator(&code, None, &total));
        out.extend(by_place.iter().map(|(m, c)| indicator(&code, Some(m.clone()), c)));
    }
    Ok(out)
}

/// The figures for the progress screen and `reintegra report indicators --json` (its `assessments` field).
pub fn indicators(store: &mut Store) -> Result<Vec<AssessmentIndicator>> {
    store.read(indicators_in)
}
