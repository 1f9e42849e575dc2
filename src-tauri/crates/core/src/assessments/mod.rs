//! Psychosocial assessments (#16, `ASSESSMENTS.md`): instruments as data ([`definition`]), checked before use
//! ([`validate`]), scored by pure functions ([`scoring`]), scheduled ([`schedule`]). The shipped instruments (PHQ-9,
//! GAD-7, WHO-5) are JSON documents embedded in the build ([`shipped`]); a programme's own or revised ones are
//! `instrument` records with the same document, checked by the same code.

pub mod definition;
pub mod schedule;
pub mod scoring;
pub mod validate;

#[cfg(test)]
mod tests;

pub use definition::{Direction, Instrument};
pub use scoring::{Answers, INCOMPLETE, Point, Progress, Scored, check_answers, over_time, score};
pub use validate::{DefinitionError, DefinitionErrorKind};

/// The instruments every build carries.
pub mod shipped {
    use super::Instrument;

    pub const PHQ9: &str = include_str!("../../instruments/phq9.json");
    pub const GAD7: &str = include_str!("../../instruments/gad7.json");
    pub const WHO5: &str = include_str!("../../instruments/who5.json");

    /// The shipped definitions, parsed once (a test checks each parses and validates).
    pub fn all() -> Vec<Instrument> {
        static ALL: std::sync::OnceLock<Vec<Instrument>> = std::sync::OnceLock::new();
        ALL.get_or_init(|| [PHQ9, GAD7, WHO5].iter().filter_map(|s| serde_json::from_str(s).ok()).collect()).clone()
    }

    pub fn get(code: &str) -> Option<Instrument> {
        all().into_iter().find(|i| i.code == code)
    }
}
