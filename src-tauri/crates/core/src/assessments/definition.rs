//! An instrument definition: the versioned JSON document that says what a questionnaire asks, how its answers are
//! scored, which bands its score falls in and which answers raise a safety alert. The shipped ones are files in
//! `core/instruments/`; a programme adds or revises one as an `instrument` record carrying the same document.

use serde::{Deserialize, Serialize};

/// A text a person reads, in both languages, and whether the Spanish is a published, validated version's wording
/// (`false`: a working translation, marked as such on screen).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub es: String,
    pub en: String,
    pub validated_es: bool,
}

impl Text {
    pub fn get(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Es => &self.es,
            crate::i18n::Lang::En => &self.en,
        }
    }
}

/// A response option: the value scored and its label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: i64,
    pub label: Text,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// The item's code in `answers` (`"1"`…`"9"` for PHQ-9).
    pub code: String,
    pub text: Text,
    /// Reverse-scored: the value counted is `min + max − answer` over the item's options.
    #[serde(default)]
    pub reverse: bool,
    /// The item's own options; `None`: the instrument's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<Choice>>,
}

/// How answers become a score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The sum of the (reverse-adjusted) values, completed for missing items, times `multiplier`.
    Sum,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    pub method: Method,
    /// The completed sum is multiplied by this (WHO-5: 4, for a 0–100 score).
    #[serde(default = "one")]
    pub multiplier: i64,
    /// How many items may be missing (unanswered or refused) for the score still to be computed, as
    /// `round(sum × items / answered)`, halves rounded up.
    pub max_missing: usize,
}

fn one() -> i64 {
    1
}

/// A named range of the score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub code: String,
    pub min: i64,
    pub max: i64,
    pub label: Text,
}

/// An answer that must be acted on at once, whatever the rest of the answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafetyRule {
    /// The alert raised (`self_harm`).
    pub alert: String,
    pub item: String,
    /// The rule is met by an answer of at least this value (refusals never meet it).
    pub min_value: i64,
}

/// Which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// A lower score is better (symptoms).
    Down,
    /// A higher score is better (well-being).
    Up,
}

/// The smallest change from baseline that counts as meaningful, in the better direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeaningfulChange {
    pub points: i64,
    pub direction: Direction,
}

/// When the instrument is due for people enrolled in a component: a baseline within `baseline_days` of the
/// enrolment's start, then a follow-up every `every_months` after the latest assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub components: Vec<String>,
    pub baseline_days: u32,
    pub every_months: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// `phq9`, `gad7`, `who5`, or a programme's own code (lowercase letters, digits, `_`).
    pub code: String,
    pub version: u32,
    pub name: Text,
    /// What the person is asked before the items (the time frame).
    pub instructions: Text,
    /// The options of every item that has none of its own.
    pub options: Vec<Choice>,
    pub items: Vec<Item>,
    pub scoring: Scoring,
    pub bands: Vec<Band>,
    #[serde(default)]
    pub safety: Vec<SafetyRule>,
    pub meaningful_change: MeaningfulChange,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    /// Where the instrument and its translation come from (authors, publication, web site).
    pub source: String,
    /// The terms of use, as the source states them.
    pub licence: String,
}

impl Instrument {
    /// The options of an item (its own, else the instrument's).
    pub fn options_of<'a>(&'a self, item: &'a Item) -> &'a [Choice] {
        item.options.as_deref().unwrap_or(&self.options)
    }

    pub fn item(&self, code: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.code == code)
    }

    pub fn band(&self, code: &str) -> Option<&Band> {
        self.bands.iter().find(|b| b.code == code)
    }

    /// Whether every text shown to a person is a validated Spanish version.
    pub fn validated_es(&self) -> bool {
        self.name.validated_es
            && self.instructions.validated_es
            && self.items.iter().all(|i| i.text.validated_es)
            && self.options.iter().all(|o| o.label.validated_es)
    }

    /// The lowest and highest score the instrument can give.
    pub fn range(&self) -> (i64, i64) {
        let (mut lo, mut hi) = (0, 0);
        for item in &self.items {
            let values = self.options_of(item).iter().map(|o| o.value);
            lo += values.clone().min().unwrap_or(0);
            hi += values.max().unwrap_or(0);
        }
        (lo * self.scoring.multiplier, hi * self.scoring.multiplier)
    }
}
