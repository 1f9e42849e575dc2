//! A form's state as a reducer: the value, which fields were touched, whether a save was tried, the backend's
//! error and whether a save is on its way. Plain Rust, tested natively; [`super::form::use_form`] wires it to a page.

use std::collections::BTreeSet;
use std::rc::Rc;

use reintegra_core::FieldErrors;
use reintegra_core::wire::ApiError;
use yew::Reducible;

#[derive(Clone, Debug, PartialEq)]
pub struct FormState<F> {
    pub value: F,
    /// Fields the person changed or left: their errors show before a save is tried.
    pub touched: BTreeSet<&'static str>,
    /// A save was tried: every error shows.
    pub submitted: bool,
    /// What the backend said when it refused the save.
    pub server_error: Option<ApiError>,
    /// A save is on its way.
    pub busy: bool,
}

/// A change to the value: applied to the latest state, never to a copy taken at some earlier render.
pub type Setter<F> = Box<dyn FnOnce(&mut F)>;

pub enum Action<F> {
    /// The person changed `field`: its errors show from now on.
    Edit(&'static str, Setter<F>),
    /// A change that is no field's (a roster arriving, a mark in a list).
    Change(Setter<F>),
    /// The person left `field`.
    Touch(&'static str),
    /// A save was asked for; `valid` whether the form's own checks pass (only then is it sent).
    Submit { valid: bool },
    /// The backend refused the save.
    Failed(ApiError),
    /// The backend answered without saving (it asks a question first).
    Answered,
    /// Saved.
    Saved,
    /// Saved, and the form starts again from this value: nothing touched, no error shown.
    Reset(F),
    /// The value replaced as a whole: a draft restored, the stored record arrived.
    Replace(F),
}

impl<F: Clone> Reducible for FormState<F> {
    type Action = Action<F>;

    fn reduce(self: Rc<Self>, action: Action<F>) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(field, set) => {
                set(&mut next.value);
                next.touched.insert(field);
            }
            Action::Change(set) => set(&mut next.value),
            Action::Touch(field) => {
                if self.touched.contains(field) {
                    return self;
                }
                next.touched.insert(field);
            }
            Action::Submit { valid } => {
                next.submitted = true;
                next.busy = valid;
            }
            Action::Failed(e) => {
                next.busy = false;
                next.server_error = Some(e);
            }
            Action::Answered => next.busy = false,
            Action::Saved => {
                next.busy = false;
                next.server_error = None;
            }
            Action::Reset(value) => next = FormState::new(value),
            Action::Replace(value) => next.value = value,
        }
        Rc::new(next)
    }
}

impl<F> FormState<F> {
    pub fn new(value: F) -> Self {
        FormState { value, touched: BTreeSet::new(), submitted: false, server_error: None, busy: false }
    }

    /// The error code to show for `field`, given the form's own `errors`: the backend's for that field first; the
    /// form's own once the field was touched or a save was tried.
    pub fn error_code<'a>(&'a self, field: &str, errors: &'a FieldErrors) -> Option<&'a str> {
        let server = self.server_error.as_ref().and_then(|e| e.fields.as_ref()).and_then(|f| f.for_field(field));
        let shown = self.submitted || self.touched.contains(field);
        server.or_else(|| shown.then(|| errors.for_field(field)).flatten()).map(|e| e.code.as_str())
    }

    /// The backend's error that belongs to no field (shown under the form).
    pub fn general_error(&self) -> Option<&ApiError> {
        self.server_error.as_ref().filter(|e| e.fields.is_none())
    }

    /// Whether to say "check the marked fields" under the form.
    pub fn shows_summary(&self, errors: &FieldErrors) -> bool {
        self.submitted && !errors.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, Default, PartialEq)]
    struct Visit {
        date: String,
        purpose: String,
    }

    fn run(actions: Vec<Action<Visit>>) -> FormState<Visit> {
        let mut state = Rc::new(FormState::new(Visit::default()));
        for a in actions {
            state = state.reduce(a);
        }
        (*state).clone()
    }

    fn errors() -> FieldErrors {
        let mut e = FieldErrors::default();
        e.push("date", "error.date_invalid");
        e.push("purpose", "error.required");
        e
    }

    fn edit_date(v: &str) -> Action<Visit> {
        let v = v.to_owned();
        Action::Edit("date", Box::new(move |f: &mut Visit| f.date = v))
    }

    #[test]
    fn a_fields_error_shows_once_it_was_touched_or_a_save_was_tried() {
        // (case, what happened, the error shown for the date, for the purpose)
        type Case = (&'static str, Vec<Action<Visit>>, Option<&'static str>, Option<&'static str>);
        let cases: [Case; 4] = [
            ("fresh form: nothing shown", vec![], None, None),
            ("edited: that field's error", vec![edit_date("32/01")], Some("error.date_invalid"), None),
            ("left: that field's error", vec![Action::Touch("purpose")], None, Some("error.required")),
            (
                "save tried: every error",
                vec![Action::Submit { valid: false }],
                Some("error.date_invalid"),
                Some("error.required"),
            ),
        ];
        let errors = errors();
        for (name, actions, date, purpose) in cases {
            let state = run(actions);
            assert_eq!(state.error_code("date", &errors), date, "{name}");
            assert_eq!(state.error_code("purpose", &errors), purpose, "{name}");
        }
    }

    #[test]
    fn the_backends_error_for_a_field_shows_even_untouched() {
        let mut fields = FieldErrors::default();
        fields.push("purpose", "error.too_long");
        let state = run(vec![Action::Submit { valid: true }, Action::Failed(ApiError::invalid(fields))]);
        assert_eq!(state.error_code("purpose", &FieldErrors::default()), Some("error.too_long"));
        assert!(!state.busy);
        assert_eq!(state.general_error(), None, "a field error is shown at its field, not under the form");
        let state = run(vec![Action::Failed(ApiError::new("error.store_locked"))]);
        assert_eq!(state.general_error().map(|e| e.code.as_str()), Some("error.store_locked"));
    }

    #[test]
    fn an_invalid_form_is_not_sent_and_a_valid_one_is_busy_until_answered() {
        let state = run(vec![Action::Submit { valid: false }]);
        assert!(state.submitted && !state.busy);
        assert!(state.shows_summary(&errors()));
        let state = run(vec![Action::Submit { valid: true }]);
        assert!(state.busy);
        assert!(!run(vec![Action::Submit { valid: true }, Action::Answered]).busy);
        let saved = run(vec![Action::Failed(ApiError::new("x")), Action::Submit { valid: true }, Action::Saved]);
        assert!(!saved.busy && saved.server_error.is_none());
    }

    #[test]
    fn a_reset_form_starts_again_with_nothing_touched() {
        let state = run(vec![
            edit_date("1/1/2024"),
            Action::Submit { valid: true },
            Action::Reset(Visit { date: "02/02/2024".into(), purpose: String::new() }),
        ]);
        assert_eq!(state, FormState::new(Visit { date: "02/02/2024".into(), purpose: String::new() }));
    }

    #[test]
    fn edits_apply_to_the_latest_value() {
        // Two changes dispatched before a render both land (a copy of the value per callback would lose one).
        let state = run(vec![
            edit_date("01/01/2024"),
            Action::Change(Box::new(|f: &mut Visit| f.purpose.push_str("seguimiento"))),
            Action::Replace(Visit { date: "03/03/2024".into(), purpose: "x".into() }),
            Action::Change(Box::new(|f: &mut Visit| f.purpose.push('y'))),
        ]);
        assert_eq!(state.value, Visit { date: "03/03/2024".into(), purpose: "xy".into() });
        assert!(state.touched.contains("date") && !state.touched.contains("purpose"));
    }
}
