//! The instrument definition reader (core::assessments, ASSESSMENTS.md) on any bytes: JSON parsed, then the
//! definition parsed and validated, then scored with no answers. Must refuse, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reintegra_core::assessments::{self, validate};

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    if let Ok(def) = validate::parse(&value) {
        let _ = assessments::score(&def, &assessments::Answers::default());
    }
});
