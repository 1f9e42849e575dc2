pub mod payroll;
pub mod person;
pub mod persons;
pub mod register;
pub mod setup;
pub mod sync;
