//! Drafts of a form kept in the ENCRYPTED store (never in the webview's storage: the people recorded have prison
//! records). While the form has unsaved input its state is saved every few seconds and when the window loses focus;
//! when the form opens again a draft is offered for restoring; saving or discarding deletes it. A form with unsaved
//! input also makes leaving it ask first ([`has_unsaved`]).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::api;

/// How often a changed draft is saved.
const EVERY_MS: i32 = 2_000;

thread_local! {
    static UNSAVED: Cell<bool> = const { Cell::new(false) };
    /// The open form's draft, for saving it at once when the window is asked to close.
    static OPEN: RefCell<Option<Rc<RefCell<Shared>>>> = const { RefCell::new(None) };
}

/// Whether the open form has input that is not saved.
pub fn has_unsaved() -> bool {
    UNSAVED.with(Cell::get)
}

/// Records whether the open form has unsaved input, and tells the shell when that changes (closing the window
/// then asks first).
fn set_unsaved(unsaved: bool) {
    if UNSAVED.with(|u| u.replace(unsaved)) != unsaved {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = api::set_unsaved(unsaved).await;
        });
    }
}

/// Saves the open form's draft now, if it changed since the last save (before the window closes).
pub async fn save_now() {
    let Some(shared) = OPEN.with(|o| o.borrow().clone()) else {
        return;
    };
    let job = {
        let mut s = shared.borrow_mut();
        if s.finished || s.pending.is_none() || s.pending == s.saved {
            None
        } else {
            s.saved = s.pending.clone();
            Some((s.key.clone(), s.pending.clone().unwrap_or_default()))
        }
    };
    if let Some((key, data)) = job {
        let _ = api::save_draft(key, data).await;
    }
}

#[derive(Default)]
struct Shared {
    key: String,
    /// The form's state while it differs from a fresh form.
    pending: Option<String>,
    /// What the store holds.
    saved: Option<String>,
    /// Set once saved or discarded: nothing more is written.
    finished: bool,
}

fn flush(shared: &Rc<RefCell<Shared>>) {
    let mut s = shared.borrow_mut();
    if s.finished || s.pending.is_none() || s.pending == s.saved {
        return;
    }
    s.saved = s.pending.clone();
    let (key, data) = (s.key.clone(), s.pending.clone().unwrap_or_default());
    wasm_bindgen_futures::spawn_local(async move {
        let _ = api::save_draft(key, data).await;
    });
}

pub struct UseDraft {
    /// A draft found when the form opened, not yet restored or discarded (the form's state as JSON).
    pub offered: Option<String>,
    /// Forget the offer (after restoring it into the form).
    pub taken: Callback<()>,
    /// Delete the draft: after a save, or when the person discards it.
    pub finish: Callback<()>,
}

/// Keeps the draft of the form `key`. `data` is the form's state as JSON when it has unsaved input, `None` when
/// it is as fresh.
#[hook]
pub fn use_draft(key: String, data: Option<String>) -> UseDraft {
    let shared = use_mut_ref(Shared::default);
    let offered = use_state(|| None::<String>);
    {
        let mut s = shared.borrow_mut();
        s.key = key.clone();
        // A form fresh again (after a save) keeps drafts of what is typed next.
        if data.is_none() {
            s.finished = false;
        }
        s.pending = data.clone();
    }
    set_unsaved(data.is_some() && !shared.borrow().finished);
    {
        let (shared, offered) = (shared.clone(), offered.clone());
        use_effect_with(key, move |key| {
            let key = key.clone();
            OPEN.with(|o| *o.borrow_mut() = Some(shared.clone()));
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(Some(d)) = api::get_draft(key).await {
                    offered.set(Some(d.data));
                }
            });
            let tick = {
                let shared = shared.clone();
                Closure::<dyn FnMut()>::new(move || flush(&shared))
            };
            let window = web_sys::window();
            let interval = window.as_ref().and_then(|w| {
                w.set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), EVERY_MS).ok()
            });
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback("blur", tick.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = &window {
                    if let Some(i) = interval {
                        w.clear_interval_with_handle(i);
                    }
                    let _ = w.remove_event_listener_with_callback("blur", tick.as_ref().unchecked_ref());
                }
                // Leaving the form keeps what was typed.
                flush(&shared);
                OPEN.with(|o| {
                    let mut o = o.borrow_mut();
                    if o.as_ref().is_some_and(|open| Rc::ptr_eq(open, &shared)) {
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
        let (shared, offered) = (shared.clone(), offered.clone());
        Callback::from(move |_| {
            let key = {
                let mut s = shared.borrow_mut();
                s.finished = true;
                s.saved = None;
                s.key.clone()
            };
            set_unsaved(false);
            offered.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                let _ = api::delete_draft(key).await;
            });
        })
    };
    UseDraft { offered: (*offered).clone(), taken, finish }
}

#[derive(Properties, PartialEq)]
pub struct OfferProps {
    pub on_restore: Callback<()>,
    pub on_discard: Callback<()>,
}

/// "A draft of this form was kept: restore it or discard it."
#[component]
pub fn DraftOffer(props: &OfferProps) -> Html {
    let i18n = crate::i18n::use_i18n();
    html! {
        <div id="draft-offer" class="warning" role="alert">
            <p>{ i18n.t("draft.offer") }</p>
            <div class="actions">
                <button id="draft-restore" type="button" class="primary" onclick={props.on_restore.reform(|_| ())}>
                    { i18n.t("draft.restore") }
                </button>
                <button id="draft-discard" type="button" onclick={props.on_discard.reform(|_| ())}>
                    { i18n.t("draft.discard") }
                </button>
            </div>
        </div>
    }
}
