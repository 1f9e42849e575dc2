//! `use_form`: what every form page shares. The state is a [`FormState`] reducer; the draft of what is typed is
//! kept in the encrypted store ([`use_draft`]); a save checks the form, sends it, and on success deletes the draft
//! before leaving the form or starting it again.

use std::future::Future;
use std::rc::Rc;

use reintegra_core::FieldErrors;
use reintegra_core::wire::ApiError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use yew::prelude::*;

use super::draft::{DraftProblem, use_draft};
use super::form_state::{Action, FormState};
use crate::i18n::{I18n, use_i18n};
use crate::screen::{Navigator, Screen, use_navigator};

/// What a form does once the backend answered its save with `Ok`.
pub enum After<F> {
    /// Saved; go to this screen (the draft is deleted first, so leaving does not ask).
    Go(Screen),
    /// Saved; the form starts again from this value.
    Again(F),
    /// Not saved yet: the backend asks a question first (the draft stays).
    Stay,
}

/// What the page shows about the draft: the offer to restore it, or a draft that could not be read or saved.
#[derive(Clone, PartialEq)]
pub struct DraftView {
    pub offered: bool,
    pub problem: DraftProblem,
    pub restore: Callback<()>,
    pub discard: Callback<()>,
}

pub struct UseForm<F: Clone + 'static> {
    state: UseReducerHandle<FormState<F>>,
    validate: Rc<dyn Fn(&F) -> FieldErrors>,
    /// The form's own errors for the value as it is now.
    pub errors: FieldErrors,
    pub draft: DraftView,
    finish: Callback<()>,
    navigator: Navigator,
    i18n: I18n,
}

/// A form whose draft is kept under `draft_key`. `fresh` is the form as it opens (`None` while it is not known
/// yet, e.g. the stored person being edited: nothing counts as typed until then); `validate` gives the form's own
/// errors for a value.
#[hook]
pub fn use_form<F, V>(draft_key: String, fresh: Option<F>, validate: V) -> UseForm<F>
where
    F: Clone + Default + PartialEq + Serialize + DeserializeOwned + 'static,
    V: Fn(&F) -> FieldErrors + 'static,
{
    let i18n = use_i18n();
    let navigator = use_navigator();
    let initial = fresh.clone().unwrap_or_default();
    let state = use_reducer(move || FormState::new(initial));
    // These forms are plain structs of strings and ids: serialising them cannot fail.
    let unsaved =
        fresh.as_ref().filter(|f| **f != state.value).map(|_| serde_json::to_string(&state.value).unwrap_or_default());
    let draft = use_draft(draft_key, unsaved);
    let restore = {
        let (dispatcher, taken, offered) = (state.dispatcher(), draft.taken.clone(), draft.offered.clone());
        Callback::from(move |_| {
            // A draft written by an older version of the form that no longer reads is left out: the form stays
            // as it is, and saving or discarding deletes the draft.
            if let Some(value) = offered.as_deref().and_then(|d| serde_json::from_str::<F>(d).ok()) {
                dispatcher.dispatch(Action::Replace(value));
            }
            taken.emit(());
        })
    };
    let errors = validate(&state.value);
    UseForm {
        errors,
        validate: Rc::new(validate),
        draft: DraftView {
            offered: draft.offered.is_some() && fresh.is_some(),
            problem: draft.problem,
            restore,
            discard: draft.finish.clone(),
        },
        finish: draft.finish,
        state,
        navigator,
        i18n,
    }
}

impl<F: Clone + 'static> UseForm<F> {
    pub fn value(&self) -> &F {
        &self.state.value
    }

    pub fn state(&self) -> &FormState<F> {
        &self.state
    }

    /// For changes that come later (a list arriving from the backend).
    pub fn dispatcher(&self) -> UseReducerDispatcher<FormState<F>> {
        self.state.dispatcher()
    }

    /// The error to show under `field`, in words.
    pub fn error_for(&self, field: &str) -> Option<AttrValue> {
        self.state.error_code(field, &self.errors).map(|code| AttrValue::from(self.i18n.t(code)))
    }

    /// Whether to say "check the marked fields" under the form.
    pub fn shows_summary(&self) -> bool {
        self.state.shows_summary(&self.errors)
    }

    /// A callback that sets `field` with `set` (its errors show from then on).
    pub fn edit<V: 'static>(&self, field: &'static str, set: impl Fn(&mut F, V) + 'static) -> Callback<V> {
        let (dispatcher, set) = (self.state.dispatcher(), Rc::new(set));
        Callback::from(move |v: V| {
            let set = set.clone();
            dispatcher.dispatch(Action::Edit(field, Box::new(move |f: &mut F| set(f, v))))
        })
    }

    /// A callback that changes the value with `set` without touching any field.
    pub fn change<V: 'static>(&self, set: impl Fn(&mut F, V) + 'static) -> Callback<V> {
        let (dispatcher, set) = (self.state.dispatcher(), Rc::new(set));
        Callback::from(move |v: V| {
            let set = set.clone();
            dispatcher.dispatch(Action::Change(Box::new(move |f: &mut F| set(f, v))))
        })
    }

    /// The person left `field`: its errors show.
    pub fn touch(&self, field: &'static str) -> Callback<()> {
        let dispatcher = self.state.dispatcher();
        Callback::from(move |_| dispatcher.dispatch(Action::Touch(field)))
    }

    /// Saving: checks the form as it is when asked; if it passes, sends it with `save` (given what the callback is
    /// called with), and on `Ok` does what `then` says. A refusal is shown at the fields or under the form.
    pub fn submit<A, T, Fut, S, N>(&self, save: S, then: N) -> Callback<A>
    where
        A: 'static,
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
        S: Fn(F, A) -> Fut + 'static,
        N: Fn(T) -> After<F> + 'static,
    {
        let (state, validate, finish, navigator) =
            (self.state.clone(), self.validate.clone(), self.finish.clone(), self.navigator.clone());
        let then = Rc::new(then);
        Callback::from(move |arg: A| {
            let value = state.value.clone();
            let valid = validate(&value).is_empty();
            state.dispatch(Action::Submit { valid });
            if !valid {
                return;
            }
            let sent = save(value, arg);
            let (dispatcher, then, finish, navigator) =
                (state.dispatcher(), then.clone(), finish.clone(), navigator.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match sent.await {
                    Ok(answer) => match then(answer) {
                        After::Go(screen) => {
                            dispatcher.dispatch(Action::Saved);
                            finish.emit(());
                            navigator.go(screen);
                        }
                        After::Again(fresh) => {
                            finish.emit(());
                            dispatcher.dispatch(Action::Reset(fresh));
                        }
                        After::Stay => dispatcher.dispatch(Action::Answered),
                    },
                    Err(e) => dispatcher.dispatch(Action::Failed(e)),
                }
            });
        })
    }

    /// [`Self::submit`] for the form's own submit event.
    pub fn onsubmit<T, Fut, S, N>(&self, save: S, then: N) -> Callback<SubmitEvent>
    where
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
        S: Fn(F) -> Fut + 'static,
        N: Fn(T) -> After<F> + 'static,
    {
        let submit = self.submit(move |value, ()| save(value), then);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            submit.emit(())
        })
    }
}
