//! `use_load`: what a page reads from the backend when it opens (and again when what it depends on changes).

use std::future::Future;

use reintegra_core::wire::ApiError;
use yew::prelude::*;

/// What a load gives: `None` until it answers, then the answer (an error is there to show, never dropped).
pub type Loaded<T> = UseStateHandle<Option<Result<T, ApiError>>>;

/// Reads `load(deps)` when the page opens and whenever `deps` change. Only the answer for the latest `deps` is
/// kept: an earlier one arriving late (another month, another person) is ignored.
#[hook]
pub fn use_load<D, T, F, Fut>(deps: D, load: F) -> Loaded<T>
where
    D: PartialEq + Clone + 'static,
    T: 'static,
    F: FnOnce(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let loaded = use_state(|| None);
    let latest = use_mut_ref(|| 0_u64);
    {
        let loaded = loaded.clone();
        use_effect_with(deps, move |deps| {
            let ticket = {
                let mut l = latest.borrow_mut();
                *l += 1;
                *l
            };
            let answer = load(deps.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let answer = answer.await;
                if *latest.borrow() == ticket {
                    loaded.set(Some(answer));
                }
            });
        });
    }
    loaded
}

/// The loaded value, when it came back well.
pub fn ok<T>(loaded: &Loaded<T>) -> Option<&T> {
    loaded.as_ref().and_then(|r| r.as_ref().ok())
}

/// The load's error, when it failed.
pub fn failed<T>(loaded: &Loaded<T>) -> Option<&ApiError> {
    loaded.as_ref().and_then(|r| r.as_ref().err())
}
