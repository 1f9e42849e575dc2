//! Reintegra's domain: the programme's record types, their validation, reference data and the translations every
//! screen and command uses. Pure functions only: no files, no database, no clock (callers pass `today`), so the same
//! code validates a form as the person types (wasm32) and guards the store (host).

pub mod assessments;
pub mod canonical;
pub mod damaged;
pub mod date;
pub mod dui;
pub mod forms;
pub mod hlc;
pub mod i18n;
pub mod import;
pub mod indicators;
pub mod labels;
pub mod merge;
pub mod month;
pub mod overdue;
pub mod pairing;
pub mod person;
pub mod programme;
pub mod record_fields;
pub mod records;
pub mod reference;
pub mod sheets;
pub mod text;
pub mod validation;
pub mod views;
pub mod vouchers;
pub mod wire;

pub use validation::{FieldError, FieldErrors};
