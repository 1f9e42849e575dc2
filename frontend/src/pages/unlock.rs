//! Every later start, and after a lock: unlock the encrypted store with a login and the passphrase; or, with the
//! recovery key, set a new passphrase for a forgotten one.

use reintegra_core::wire::{ApiError, AppStatus};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::api;
use crate::components::damaged_store::DamagedStore;
use crate::components::field::{TextField, setter};
use crate::components::user_reset::UserReset;
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct UnlockProps {
    pub on_done: Callback<AppStatus>,
    /// The login offered: the last one that unlocked on this device.
    #[prop_or_default]
    pub user: Option<String>,
    /// The app was locked in this session (quick lock or idle): say that the open form was kept as a draft.
    #[prop_or_default]
    pub locked: bool,
    /// When locked: whether the open form's draft could be saved first.
    #[prop_or(true)]
    pub draft_kept: bool,
}

#[component]
pub fn UnlockPage(props: &UnlockProps) -> Html {
    let i18n = use_i18n();
    let user = use_state(|| props.user.clone().unwrap_or_default());
    let pass = use_state(String::new);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let forgot = use_state(|| false);
    // The login and passphrase that found the file damaged: the way forward (set it aside) needs them again.
    let damaged = use_state(|| None::<(String, String)>);
    // The login is usually the remembered one: the cursor waits in the passphrase.
    use_effect_with((), |_| {
        let field = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("unlock-passphrase"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(f) = field {
            // Focus only places the cursor: if it fails, the person clicks into the field.
            let _ = f.focus();
        }
    });

    let onsubmit = {
        let (user, pass, error, busy, on_done, damaged) =
            (user.clone(), pass.clone(), error.clone(), busy.clone(), props.on_done.clone(), damaged.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            busy.set(true);
            let (login, passphrase, pass, error, busy, on_done, damaged) = (
                (*user).clone(),
                (*pass).clone(),
                pass.clone(),
                error.clone(),
                busy.clone(),
                on_done.clone(),
                damaged.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api::unlock(login.clone(), passphrase.clone()).await {
                    Ok(status) => on_done.emit(status),
                    Err(e) => {
                        damaged.set((e.code == "error.store_damaged").then_some((login, passphrase)));
                        pass.set(String::new());
                        busy.set(false);
                        error.set(Some(e));
                    }
                }
            });
        })
    };

    if *forgot {
        let on_cancel = {
            let forgot = forgot.clone();
            Callback::from(move |_: ()| forgot.set(false))
        };
        return html! { <UserReset user={(*user).clone()} on_done={props.on_done.clone()} {on_cancel} /> };
    }
    let on_forgot = {
        let forgot = forgot.clone();
        Callback::from(move |_: MouseEvent| forgot.set(true))
    };

    html! {
        <section class="card narrow" aria-labelledby="unlock-title">
            <h2 id="unlock-title">{ i18n.t("unlock.title") }</h2>
            if props.locked {
                <p id="unlock-locked" class="notice" role="status">
                    { i18n.t(if props.draft_kept { "unlock.locked" } else { "unlock.locked_unsaved" }) }
                </p>
            }
            <p>{ i18n.t("unlock.intro") }</p>
            <form {onsubmit} novalidate=true>
                <TextField id="unlock-user" label={i18n.t("unlock.user")} value={(*user).clone()}
                    required=true oninput={setter(&user)} />
                <TextField id="unlock-passphrase" label={i18n.t("setup.passphrase")} value={(*pass).clone()}
                    input_type="password" required=true oninput={setter(&pass)} />
                if let Some(e) = &*error { <p id="unlock-error" class="error" role="alert">{ e.message(i18n.lang) }</p> }
                <button id="unlock-submit" type="submit" class="primary" disabled={*busy}>
                    { i18n.t("unlock.submit") }
                </button>
            </form>
            if let Some((login, passphrase)) = &*damaged {
                <DamagedStore login={login.clone()} passphrase={passphrase.clone()} on_done={props.on_done.clone()} />
            }
            <p><button id="unlock-forgot" type="button" class="link" onclick={on_forgot}>{ i18n.t("unlock.forgot") }</button></p>
        </section>
    }
}
