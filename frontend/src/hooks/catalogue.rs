//! `use_catalogue`: the reference data (municipalities and their districts) for a form's choices.

use reintegra_core::reference::Catalogue;
use reintegra_core::wire::ApiError;
use yew::prelude::*;

use crate::api;

/// The shipped lists until the store's (possibly edited) ones arrive; if they cannot be read, the shipped lists
/// stay and the error is there to show.
#[hook]
pub fn use_catalogue() -> UseStateHandle<(Catalogue, Option<ApiError>)> {
    let catalogue = use_state(|| (Catalogue::default(), None));
    {
        let catalogue = catalogue.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match api::reference_data().await {
                    Ok(c) => catalogue.set((c, None)),
                    Err(e) => catalogue.set((Catalogue::default(), Some(e))),
                }
            });
        });
    }
    catalogue
}

/// The municipalities as the options of a choice.
pub fn municipality_options(catalogue: &Catalogue) -> Vec<(AttrValue, AttrValue)> {
    catalogue
        .municipalities
        .iter()
        .map(|m| (AttrValue::from(m.name.clone()), AttrValue::from(m.name.clone())))
        .collect()
}
