//! The people who use this device (administrators only): the list, a user added, one disabled, and the minutes
//! without use after which the app locks.

use reintegra_core::wire::ApiError;
use reintegra_core::wire::admin::UsersView;
use yew::prelude::*;

use crate::api;
use crate::components::field::{TextField, setter};
use crate::components::user_form::UserForm;
use crate::components::user_list::UserList;
use crate::i18n::use_i18n;
use crate::refresh::use_status_refresh;

#[component]
pub fn UsersPage() -> Html {
    let i18n = use_i18n();
    let view = use_state(|| None::<Result<UsersView, ApiError>>);
    let minutes = use_state(String::new);
    let idle = use_state(|| None::<Result<u32, ApiError>>);
    {
        let (view, minutes) = (view.clone(), minutes.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let got = api::users_view().await;
                if let Ok(v) = &got {
                    minutes.set(v.idle_lock_minutes.to_string());
                }
                view.set(Some(got));
            });
        });
    }
    let on_changed = {
        let view = view.clone();
        Callback::from(move |v: UsersView| view.set(Some(Ok(v))))
    };
    // The app's own idle timer takes the new limit at once, not at the next unlock.
    let refresh = use_status_refresh();
    let on_idle = {
        let (minutes, idle, view, refresh) = (minutes.clone(), idle.clone(), view.clone(), refresh.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(m) = minutes.trim().parse::<u32>() else {
                idle.set(Some(Err(ApiError::new("error.idle_minutes"))));
                return;
            };
            let (idle, view, refresh) = (idle.clone(), view.clone(), refresh.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::set_idle_lock(m).await {
                    Ok(v) => {
                        idle.set(Some(Ok(v.idle_lock_minutes)));
                        view.set(Some(Ok(v)));
                        refresh.emit(());
                    }
                    Err(e) => idle.set(Some(Err(e))),
                }
            });
        })
    };
    let v = match &*view {
        None => return html! { <p class="loading">{ i18n.t("app.loading") }</p> },
        Some(Err(e)) => {
            return html! { <p id="users-load-error" class="error" role="alert">{ e.message(i18n.lang) }</p> };
        }
        Some(Ok(v)) => v,
    };
    html! {
        <section aria-labelledby="users-title" class="users">
            <div class="toolbar"><h2 id="users-title">{ i18n.t("users.title") }</h2></div>
            <p class="intro">{ i18n.t("users.intro") }</p>
            <UserList view={v.clone()} on_changed={on_changed.clone()} />
            <div class="columns">
                <UserForm on_added={on_changed} />
                <form class="card" aria-labelledby="users-idle-title" onsubmit={on_idle} novalidate=true>
                    <h3 id="users-idle-title">{ i18n.t("users.idle_title") }</h3>
                    <TextField id="users-idle-minutes" label={i18n.t("users.idle_minutes")} value={(*minutes).clone()}
                        input_type="number" required=true oninput={setter(&minutes)} />
                    <p class="note">{ i18n.t("users.idle_note") }</p>
                    { match &*idle {
                        Some(Ok(m)) => html! { <p id="users-idle-saved" class="status ok" role="status">
                            { i18n.tr("users.idle_saved", &[("minutes", &m.to_string())]) }</p> },
                        Some(Err(e)) => html! { <p id="users-idle-error" class="error" role="alert">{ e.message(i18n.lang) }</p> },
                        None => html! {},
                    } }
                    <button id="users-idle-save" type="submit">{ i18n.t("users.idle_save") }</button>
                </form>
            </div>
        </section>
    }
}
