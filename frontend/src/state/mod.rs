//! The state of screens too rich for a handful of `use_state`s, as plain reducers tested natively (forms and the
//! people search have theirs in [`crate::hooks`]).

pub mod payroll;
pub mod session;
pub mod sync;
