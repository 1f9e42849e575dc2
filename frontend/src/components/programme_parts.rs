//! What the sections of the programme's records share (on a person's page, the groups and municipalities
//! screens): a save sent to the shell, its refusal kept to be shown in words under the form.

use std::future::Future;

use reintegra_core::wire::ApiError;
use yew::prelude::*;

use crate::i18n::I18n;

/// The last refusal of a form's save, if any.
pub type Refusal = UseStateHandle<Option<ApiError>>;

/// Sends `save`; on success forgets the refusal and tells `done`, else keeps the refusal to show.
pub fn send<T: 'static>(
    save: impl Future<Output = Result<T, ApiError>> + 'static,
    refusal: Refusal,
    done: Callback<()>,
) {
    wasm_bindgen_futures::spawn_local(async move {
        match save.await {
            Ok(_) => {
                refusal.set(None);
                done.emit(());
            }
            Err(e) => refusal.set(Some(e)),
        }
    });
}

/// Why a save was refused, in words: each field's reason (the form names its fields itself), or the error's
/// message.
pub fn refusal_text(refusal: &Option<ApiError>, i18n: &I18n) -> Option<String> {
    let e = refusal.as_ref()?;
    Some(match &e.fields {
        Some(fields) if !fields.0.is_empty() => fields.0.iter().map(|f| i18n.t(&f.code)).collect::<Vec<_>>().join(" "),
        _ => e.message(i18n.lang),
    })
}

/// The refusal under a form, announced to screen readers.
pub fn refusal_line(id: &str, refusal: &Option<ApiError>, i18n: &I18n) -> Html {
    match refusal_text(refusal, i18n) {
        Some(text) => html! { <p id={id.to_owned()} class="error" role="alert">{ text }</p> },
        None => html! {},
    }
}

/// A text state's setter for an input.
pub fn input(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
}

/// A text state's setter for a choice.
pub fn choice(state: &UseStateHandle<String>) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |e: Event| state.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
}
