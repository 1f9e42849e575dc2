//! Checks an instrument definition before it can score anyone: one error kind per way a definition can be wrong,
//! each naming where (an item, a band, a rule) so a coordinator can fix the file.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::definition::{Instrument, Text};
use super::scoring::INCOMPLETE;
use crate::programme::COMPONENTS;

/// What is wrong with a definition. The key is a translation key (`error.instrument_*`), `detail` says where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefinitionError {
    pub kind: DefinitionErrorKind,
    pub detail: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefinitionErrorKind {
    /// Not a JSON document of the definition's shape (a field missing, unknown or of the wrong type).
    Format,
    /// The code is not 1–32 lowercase letters, digits or `_`.
    Code,
    /// The version is 0.
    Version,
    /// A text shown to people is empty in one of the languages.
    EmptyText,
    /// No source or no licence cited.
    Source,
    NoItems,
    DuplicateItem,
    /// An item (or the instrument) has no response options.
    NoOptions,
    DuplicateOption,
    /// A negative option value (scores are sums of values from 0 up).
    NegativeValue,
    /// The multiplier is below 1.
    Multiplier,
    /// As many items may be missing as there are items.
    MaxMissing,
    NoBands,
    /// A band's code is empty, repeated or `incomplete` (reserved).
    BandCode,
    /// A band whose minimum is above its maximum.
    BandRange,
    /// A score two bands both contain.
    BandsOverlap,
    /// A score the instrument can give that no band contains.
    ScoreWithoutBand,
    /// A safety rule on an item the instrument does not have.
    SafetyItem,
    /// A safety rule no answer can meet.
    SafetyValue,
    /// A meaningful change of 0 points or more than the whole range.
    MeaningfulChange,
    /// A schedule naming an unknown component, or with follow-ups every 0 months.
    Schedule,
}

impl DefinitionErrorKind {
    pub fn key(self) -> &'static str {
        match self {
            Self::Format => "error.instrument_format",
            Self::Code => "error.instrument_code",
            Self::Version => "error.instrument_version",
            Self::EmptyText => "error.instrument_empty_text",
            Self::Source => "error.instrument_source",
            Self::NoItems => "error.instrument_no_items",
            Self::DuplicateItem => "error.instrument_duplicate_item",
            Self::NoOptions => "error.instrument_no_options",
            Self::DuplicateOption => "error.instrument_duplicate_option",
            Self::NegativeValue => "error.instrument_negative_value",
            Self::Multiplier => "error.instrument_multiplier",
            Self::MaxMissing => "error.instrument_max_missing",
            Self::NoBands => "error.instrument_no_bands",
            Self::BandCode => "error.instrument_band_code",
            Self::BandRange => "error.instrument_band_range",
            Self::BandsOverlap => "error.instrument_bands_overlap",
            Self::ScoreWithoutBand => "error.instrument_score_without_band",
            Self::SafetyItem => "error.instrument_safety_item",
            Self::SafetyValue => "error.instrument_safety_value",
            Self::MeaningfulChange => "error.instrument_meaningful_change",
            Self::Schedule => "error.instrument_schedule",
        }
    }
}

impl std::fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.kind.key(), self.detail)
    }
}

/// Parses and checks a definition document.
pub fn parse(value: &serde_json::Value) -> Result<Instrument, Vec<DefinitionError>> {
    let def: Instrument = serde_json::from_value(value.clone()).map_err(|e| {
        // serde's message names the field, never a value of personal data (a definition holds none).
        vec![DefinitionError { kind: DefinitionErrorKind::Format, detail: e.to_string() }]
    })?;
    validate(&def)?;
    Ok(def)
}

/// Every problem of a definition, in the order of the document.
pub fn validate(def: &Instrument) -> Result<(), Vec<DefinitionError>> {
    use DefinitionErrorKind as K;
    let mut errors = Vec::new();
    let mut err = |kind, detail: String| errors.push(DefinitionError { kind, detail });
    let code_ok = !def.code.is_empty()
        && def.code.len() <= 32
        && def.code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !code_ok {
        err(K::Code, def.code.clone());
    }
    if def.version == 0 {
        err(K::Version, def.code.clone());
    }
    let empty = |t: &Text| t.es.trim().is_empty() || t.en.trim().is_empty();
    if empty(&def.name) {
        err(K::EmptyText, "name".into());
    }
    if empty(&def.instructions) {
        err(K::EmptyText, "instructions".into());
    }
    if def.source.trim().is_empty() || def.licence.trim().is_empty() {
        err(K::Source, if def.source.trim().is_empty() { "source".into() } else { "licence".into() });
    }
    if def.items.is_empty() {
        err(K::NoItems, def.code.clone());
    }
    let mut codes = HashSet::new();
    let instrument_options_needed = def.items.iter().any(|i| i.options.is_none());
    if instrument_options_needed && def.options.is_empty() {
        err(K::NoOptions, "options".into());
    }
    for (where_, options) in std::iter::once(("options".to_owned(), &def.options))
        .chain(def.items.iter().filter_map(|i| i.options.as_ref().map(|o| (format!("item {}", i.code), o))))
    {
        if options.is_empty() && where_ != "options" {
            err(K::NoOptions, where_.clone());
        }
        let mut values = HashSet::new();
        for o in options {
            if !values.insert(o.value) {
                err(K::DuplicateOption, format!("{where_}: {}", o.value));
            }
            if o.value < 0 {
                err(K::NegativeValue, format!("{where_}: {}", o.value));
            }
            if empty(&o.label) {
                err(K::EmptyText, format!("{where_}: {}", o.value));
            }
        }
    }
    for item in &def.items {
        if item.code.trim().is_empty() || !codes.insert(item.code.as_str()) {
            err(K::DuplicateItem, format!("item {}", item.code));
        }
        if empty(&item.text) {
            err(K::EmptyText, format!("item {}", item.code));
        }
    }
    if def.scoring.multiplier < 1 {
        err(K::Multiplier, def.scoring.multiplier.to_string());
    }
    if !def.items.is_empty() && def.scoring.max_missing >= def.items.len() {
        err(K::MaxMissing, def.scoring.max_missing.to_string());
    }
    if def.bands.is_empty() {
        err(K::NoBands, def.code.clone());
    }
    let mut band_codes = HashSet::new();
    for b in &def.bands {
        if b.code.trim().is_empty() || b.code == INCOMPLETE || !band_codes.insert(b.code.as_str()) {
            err(K::BandCode, b.code.clone());
        }
        if b.min > b.max {
            err(K::BandRange, b.code.clone());
        }
        if empty(&b.label) {
            err(K::EmptyText, format!("band {}", b.code));
        }
    }
    for (i, a) in def.bands.iter().enumerate() {
        for b in &def.bands[i + 1..] {
            if a.min <= b.max && b.min <= a.max && a.min <= a.max && b.min <= b.max {
                err(K::BandsOverlap, format!("{} / {}", a.code, b.code));
            }
        }
    }
    // Every score the instrument can give (a completed sum times the multiplier) must fall in a band.
    if !def.bands.is_empty() && def.scoring.multiplier >= 1 && !def.items.is_empty() {
        let (lo, hi) = def.range();
        let m = def.scoring.multiplier;
        let mut s = lo;
        while s <= hi {
            if !def.bands.iter().any(|b| b.min <= s && s <= b.max) {
                err(K::ScoreWithoutBand, s.to_string());
                break;
            }
            s += m;
        }
    }
    for rule in &def.safety {
        match def.item(&rule.item) {
            None => err(K::SafetyItem, rule.item.clone()),
            Some(item) => {
                if !def.options_of(item).iter().any(|o| o.value >= rule.min_value) {
                    err(K::SafetyValue, format!("item {}: {}", rule.item, rule.min_value));
                }
            }
        }
        if rule.alert.trim().is_empty() {
            err(K::SafetyItem, "alert".into());
        }
    }
    let (lo, hi) = def.range();
    if def.meaningful_change.points <= 0 || (!def.items.is_empty() && def.meaningful_change.points > hi - lo) {
        err(K::MeaningfulChange, def.meaningful_change.points.to_string());
    }
    if let Some(s) = &def.schedule {
        if s.every_months == 0 {
            err(K::Schedule, "every_months".into());
        }
        for c in &s.components {
            if !COMPONENTS.contains(&c.as_str()) {
                err(K::Schedule, c.clone());
            }
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}
