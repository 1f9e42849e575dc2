//! Scoring: answers to a score, a band and alerts; a person's scores over time to their change from baseline. Pure
//! functions, the same in the window (the score shown as the worker answers) and in the store (lists, indicators).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::definition::{Direction, Instrument, MeaningfulChange};
use crate::FieldErrors;

/// Item code → value; `None` is "prefers not to answer". An item absent is unanswered.
pub type Answers = BTreeMap<String, Option<i64>>;

/// The band of a score that could not be computed (more items missing than allowed).
pub const INCOMPLETE: &str = "incomplete";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scored {
    /// Items answered with a value.
    pub answered: usize,
    /// Items unanswered or refused.
    pub missing: usize,
    pub score: Option<i64>,
    /// A band's code, or [`INCOMPLETE`].
    pub band: String,
    /// The alerts raised by safety rules, in the order of the rules, each once.
    pub alerts: Vec<String>,
}

/// `round(n / d)` with halves rounded up, for `n ≥ 0`, `d > 0`.
fn div_round_half_up(n: i64, d: i64) -> i64 {
    (2 * n + d) / (2 * d)
}

/// Scores answers already checked with [`check_answers`] (unknown items and values off the scale are ignored here).
pub fn score(def: &Instrument, answers: &Answers) -> Scored {
    let (mut sum, mut answered) = (0i64, 0usize);
    for item in &def.items {
        let options = def.options_of(item);
        let Some(Some(v)) = answers.get(&item.code) else { continue };
        if !options.iter().any(|o| o.value == *v) {
            continue;
        }
        let value = if item.reverse {
            let lo = options.iter().map(|o| o.value).min().unwrap_or(0);
            let hi = options.iter().map(|o| o.value).max().unwrap_or(0);
            lo + hi - v
        } else {
            *v
        };
        sum += value;
        answered += 1;
    }
    let items = def.items.len();
    let missing = items - answered;
    let score = (missing <= def.scoring.max_missing && answered > 0).then(|| {
        let completed = if missing == 0 { sum } else { div_round_half_up(sum * items as i64, answered as i64) };
        completed * def.scoring.multiplier
    });
    let band = score
        .and_then(|s| def.bands.iter().find(|b| b.min <= s && s <= b.max))
        .map_or_else(|| INCOMPLETE.to_owned(), |b| b.code.clone());
    let mut alerts: Vec<String> = Vec::new();
    for rule in &def.safety {
        if let Some(Some(v)) = answers.get(&rule.item)
            && *v >= rule.min_value
            && !alerts.contains(&rule.alert)
        {
            alerts.push(rule.alert.clone());
        }
    }
    Scored { answered, missing, score, band, alerts }
}

/// Answers as a record may carry them: every item known, every value one of the item's options (or `null`). Errors
/// name the item (`answers.9`).
pub fn check_answers(def: &Instrument, answers: &Answers) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::default();
    for (code, value) in answers {
        let field = format!("answers.{code}");
        match def.item(code) {
            None => errors.push(&field, "error.assessment_item_unknown"),
            Some(item) => {
                if let Some(v) = value
                    && !def.options_of(item).iter().any(|o| o.value == *v)
                {
                    errors.push(&field, "error.assessment_value_invalid");
                }
            }
        }
    }
    errors.into_result(())
}

/// The change of a score from the baseline's, and whether it is meaningful in the better direction.
pub fn change(rule: MeaningfulChange, baseline: i64, score: i64) -> (i64, bool) {
    let change = score - baseline;
    let improved = match rule.direction {
        Direction::Down => change <= -rule.points,
        Direction::Up => change >= rule.points,
    };
    (change, improved)
}

/// One of a person's assessments of one instrument, for [`over_time`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    pub id: Uuid,
    pub date: NaiveDate,
    pub score: Option<i64>,
}

/// What [`over_time`] says of each point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub baseline: bool,
    pub change: Option<i64>,
    pub improved: Option<bool>,
}

/// For one person and one instrument (points in any order, deleted ones left out): the baseline is the earliest
/// point (by date, then id) with a score; every later point with a score gets its change and whether it improved.
/// The baseline itself, points without a score and points before the baseline get none.
pub fn over_time(rule: MeaningfulChange, points: &[Point]) -> Vec<Progress> {
    let baseline = points.iter().filter(|p| p.score.is_some()).min_by_key(|p| (p.date, p.id));
    points
        .iter()
        .map(|p| match (baseline, p.score) {
            (Some(b), Some(_)) if b.id == p.id => Progress { baseline: true, change: None, improved: None },
            (Some(b), Some(s)) if (p.date, p.id) > (b.date, b.id) => {
                let (c, i) = change(rule, b.score.unwrap_or_default(), s);
                Progress { baseline: false, change: Some(c), improved: Some(i) }
            }
            _ => Progress::default(),
        })
        .collect()
}
