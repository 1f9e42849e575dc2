//! Drafts of a form kept in the ENCRYPTED store (never in the webview's storage: the people recorded have prison
//! records). While the form has unsaved input its state is saved every few seconds and when the window loses focus;
//! when the form opens again a draft is offered for restoring; saving or discarding deletes it. A form with unsaved
//! input also makes leaving it ask first ([`has_unsaved`]). The rules are in [`DraftBook`]; this is the wiring.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use reintegra_core::wire::ApiError;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use super::draft_book::DraftBook;
use crate::api;

/// How often a changed draft is saved.
const EVERY_MS: i32 = 2_000;

thread_local! {
    static UNSAVED: Cell<bool> = const { Cell::new(false) };
    /// What the shell was last told about unsaved input (`None`: it may not know).
    static TOLD: Cell<Option<bool>> = const { Cell::new(Some(false)) };
    /// The open form's draft, for saving it at once when the window is asked to close.
    static OPEN: RefCell<Option<Rc<RefCell<DraftBook>>>> = const { RefCell::new(None) };
}

/// Whether the open form has input that is not saved.
pub fn has_unsaved() -> bool {
    UNSAVED.with(Cell::get)
}

/// Records whether the open form has unsaved input, and tells the shell when that changes (closing the window
/// then asks first). A telling that failed is told again at the next call (each render of a form).
fn set_unsaved(unsaved: bool) {
    UNSAVED.with(|u| u.set(unsaved));
    if TOLD.with(|t| t.replace(Some(unsaved))) != Some(unsaved) {
        wasm_bindgen_futures::spawn_local(async move {
            if api::set_unsaved(unsaved).await.is_err() {
                TOLD.with(|t| t.set(None));
            }
        });
    }
}

/// Tells the shell again whether a form has unsaved input (it forgets when it asks the window to close).
pub fn tell_shell_again() {
    TOLD.with(|t| t.set(None));
    set_unsaved(has_unsaved());
}

/// Sends the draft if it changed since the store last took it; a failure leaves it pending for the next try.
async fn save(book: &Rc<RefCell<DraftBook>>) -> Result<(), ApiError> {
    let Some(job) = book.borrow_mut().next_save() else {
        return Ok(());
    };
    let result = api::save_draft(job.key.clone(), job.data.clone()).await;
    let stale = book.borrow_mut().answered(&job, result.is_ok());
    if let Some(key) = stale {
        delete(key).await;
    }
    result
}

/// Deletes a draft.
async fn delete(key: String) {
    // A draft that could not be deleted stays in the store and is offered again when its form next opens, where
    // the person can discard it: nothing better can be done here.
    let _ = api::delete_draft(key).await;
}

/// Saves the open form's draft now, if it changed since the last save (before the window closes or locks).
pub async fn save_now() -> Result<(), ApiError> {
    match OPEN.with(|o| o.borrow().clone()) {
        Some(book) => save(&book).await,
        None => Ok(()),
    }
}

/// What went wrong with the drafts of the open form: the translation key that says it, and the error.
pub type DraftProblem = Option<(&'static str, ApiError)>;

pub struct UseDraft {
    /// A draft found when the form opened, not yet restored or discarded (the form's state as JSON).
    pub offered: Option<String>,
    /// A draft that could not be read or saved, to tell the person.
    pub problem: DraftProblem,
    /// Forget the offer (after restoring it into the form).
    pub taken: Callback<()>,
    /// Delete the draft: after a save, or when the person discards it.
    pub finish: Callback<()>,
}

/// Keeps the draft of the form `key`. `data` is the form's state as JSON when it has unsaved input, `None` when
/// it is as fresh.
#[hook]
pub fn use_draft(key: String, data: Option<String>) -> UseDraft {
    let book = use_mut_ref(DraftBook::default);
    let offered = use_state(|| None::<String>);
    let problem = use_state_eq(|| None::<(&'static str, ApiError)>);
    let unsaved = {
        let mut b = book.borrow_mut();
        b.set_form(key.clone(), data);
        b.unsaved()
    };
    set_unsaved(unsaved);
    {
        let (book, offered, problem) = (book.clone(), offered.clone(), problem.clone());
        use_effect_with(key, move |key| {
            let key = key.clone();
            OPEN.with(|o| *o.borrow_mut() = Some(book.clone()));
            {
                let problem = problem.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    match api::get_draft(key).await {
                        Ok(Some(d)) => offered.set(Some(d.data)),
                        Ok(None) => {}
                        Err(e) => problem.set(Some(("draft.load_failed", e))),
                    }
                });
            }
            let tick = {
                let book = book.clone();
                Closure::<dyn FnMut()>::new(move || {
                    let (book, problem) = (book.clone(), problem.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        match save(&book).await {
                            Ok(()) => problem.set(None),
                            Err(e) => problem.set(Some(("draft.save_failed", e))),
                        }
                    });
                })
            };
            let window = web_sys::window();
            let interval = window.as_ref().and_then(|w| {
                w.set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), EVERY_MS).ok()
            });
            // Adding a listener to the window does not fail in a web view; without it the interval still saves.
            let blur =
                window.as_ref().map(|w| w.add_event_listener_with_callback("blur", tick.as_ref().unchecked_ref()));
            move || {
                if let Some(w) = &window {
                    if let Some(i) = interval {
                        w.clear_interval_with_handle(i);
                    }
                    if let Some(Ok(())) = blur {
                        // Removing on teardown: nothing to do if it fails.
                        let _ = w.remove_event_listener_with_callback("blur", tick.as_ref().unchecked_ref());
                    }
                }
                // Leaving the form keeps what was typed.
                let leaving = book.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    // The form is gone: if this last save fails there is nobody to tell and nothing to retry with.
                    let _ = save(&leaving).await;
                });
                OPEN.with(|o| {
                    let mut o = o.borrow_mut();
                    if o.as_ref().is_some_and(|open| Rc::ptr_eq(open, &book)) {
                        *o = None;
                    }
                });
                set_unsaved(false);
                drop(tick);
            }
        });
    }
    let taken = {
        let offered = offered.clone();
        Callback::from(move |_| offered.set(None))
    };
    let finish = {
        let (book, offered) = (book.clone(), offered.clone());
        Callback::from(move |_| {
            let key = book.borrow_mut().finish();
            set_unsaved(false);
            offered.set(None);
            wasm_bindgen_futures::spawn_local(delete(key));
        })
    };
    UseDraft { offered: (*offered).clone(), problem: (*problem).clone(), taken, finish }
}
