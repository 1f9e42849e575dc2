pub mod choices;
pub mod draft;
pub mod field;
pub mod pdf;
