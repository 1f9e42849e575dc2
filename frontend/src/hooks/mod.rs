//! What pages share beyond markup: a form's state and draft ([`form::use_form`]), the people search with its guard
//! against stale answers ([`search::use_person_search`]). The state of each is a plain reducer, tested natively.

pub mod catalogue;
pub mod draft;
pub mod draft_book;
pub mod form;
pub mod form_state;
pub mod load;
pub mod search;
