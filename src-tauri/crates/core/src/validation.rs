//! Field-level validation errors. A code is a translation key (`error.*` in `assets/i18n`), so the same error reads
//! in Spanish on a form, in English when switched, and in a command's one-line reason.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, field: &str, code: &str) {
        self.0.push(FieldError { field: field.to_owned(), code: code.to_owned() });
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }
    pub fn into_result<T>(self, ok: T) -> Result<T, FieldErrors> {
        if self.is_empty() { Ok(ok) } else { Err(self) }
    }
}

/// Upper bounds on free text, generous for real use and small enough that a malformed file cannot bloat the store.
pub mod limits {
    pub const NAME: usize = 80;
    pub const SHORT: usize = 200;
    pub const ADDRESS: usize = 300;
    pub const NOTES: usize = 10_000;
}

/// A required text field: present and not blank after trimming.
pub fn required(errors: &mut FieldErrors, field: &str, value: &str, max: usize) {
    if value.trim().is_empty() {
        errors.push(field, "error.required");
    } else {
        max_len(errors, field, value, max);
    }
}

pub fn max_len(errors: &mut FieldErrors, field: &str, value: &str, max: usize) {
    if value.chars().count() > max {
        errors.push(field, "error.too_long");
    }
}
