pub mod choices;
pub mod draft;
pub mod field;
pub mod lock;
pub mod pdf;
