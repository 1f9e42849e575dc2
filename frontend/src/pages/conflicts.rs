//! The conflict inbox: each open conflict with the record type, what is disputed, and both sides side by side
//! (value, device, time). One button per side keeps it; a new value can be written instead. Resolving writes one
//! more change that travels to the other devices.

use std::collections::BTreeMap;

use reintegra_core::wire::ApiError;
use reintegra_core::wire::desk::ConflictItem;
use yew::prelude::*;

use crate::api;
use crate::components::conflict_card::{ConflictCard, Resolution};
use crate::i18n::use_i18n;

#[derive(Clone, PartialEq, Properties)]
pub struct ConflictsProps {
    /// Told the number still open after each change (the navigation shows it).
    #[prop_or_default]
    pub on_count: Callback<usize>,
}

#[component]
pub fn ConflictsPage(props: &ConflictsProps) -> Html {
    let i18n = use_i18n();
    let list = use_state(|| None::<Result<Vec<ConflictItem>, ApiError>>);
    let reload = use_state(|| 0_u32);
    let errors = use_state(BTreeMap::<String, ApiError>::new);
    let busy = use_state(|| false);
    let done = use_state(|| false);

    {
        let (list, on_count) = (list.clone(), props.on_count.clone());
        use_effect_with(*reload, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::conflict_inbox().await;
                if let Ok(l) = &result {
                    on_count.emit(l.len());
                }
                list.set(Some(result));
            });
        });
    }

    let resolve = {
        let (reload, errors, busy, done) = (reload.clone(), errors.clone(), busy.clone(), done.clone());
        Callback::from(move |(id, keep, value): Resolution| {
            if *busy {
                return;
            }
            busy.set(true);
            let (reload, errors, busy, done) = (reload.clone(), errors.clone(), busy.clone(), done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::resolve_conflict(id.clone(), keep, value).await;
                let mut e = (*errors).clone();
                match result {
                    Ok(()) => {
                        e.remove(&id);
                        done.set(true);
                        reload.set(*reload + 1);
                    }
                    Err(err) => {
                        e.insert(id, err);
                        done.set(false);
                    }
                }
                errors.set(e);
                busy.set(false);
            });
        })
    };

    let body = match &*list {
        None => html! { <p class="loading">{ i18n.t("app.loading") }</p> },
        Some(Err(e)) => html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
        Some(Ok(l)) if l.is_empty() => {
            html! { <p id="conflicts-empty" class="status">{ i18n.t("conflicts.empty") }</p> }
        }
        Some(Ok(l)) => html! {
            <ol class="conflicts" id="conflicts-list">
                { for l.iter().enumerate().map(|(n, c)| {
                    html! {
                        <ConflictCard key={c.id.clone()} conflict={c.clone()} {n} busy={*busy}
                            error={errors.get(&c.id).cloned()} resolve={resolve.clone()} />
                    }
                }) }
            </ol>
        },
    };

    html! {
        <section class="page conflicts-page">
            <h2 id="conflicts-title">{ i18n.t("conflicts.title") }</h2>
            <p class="intro">{ i18n.t("conflicts.intro") }</p>
            if *done {
                <p class="success" role="status" id="conflicts-done">{ i18n.t("conflicts.resolved") }</p>
            }
            { body }
        </section>
    }
}
