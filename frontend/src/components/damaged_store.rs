//! The unlock screen's way forward when the store file is damaged (#18): set the file aside (renamed beside it with
//! today's date, never deleted) and start again with the first-run setup; the central file then gives the caseload
//! back (README, «Un archivo de datos dañado»). Asked once more before anything moves.

use reintegra_core::wire::{ApiError, AppStatus};
use yew::prelude::*;

use crate::api;
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct DamagedStoreProps {
    /// The login and passphrase that found the file damaged: the shell checks them again before it moves anything.
    pub login: String,
    pub passphrase: String,
    /// The status after the move (no store): the app shows the setup.
    pub on_done: Callback<AppStatus>,
}

#[component]
pub fn DamagedStore(props: &DamagedStoreProps) -> Html {
    let i18n = use_i18n();
    let asking = use_state(|| false);
    let busy = use_state(|| false);
    let error = use_state(|| None::<ApiError>);
    let ask = {
        let asking = asking.clone();
        Callback::from(move |_: MouseEvent| asking.set(true))
    };
    let cancel = {
        let (asking, error) = (asking.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            asking.set(false);
            error.set(None);
        })
    };
    let confirm = {
        let (login, passphrase) = (props.login.clone(), props.passphrase.clone());
        let (busy, error, on_done) = (busy.clone(), error.clone(), props.on_done.clone());
        Callback::from(move |_: MouseEvent| {
            busy.set(true);
            let (login, passphrase) = (login.clone(), passphrase.clone());
            let (busy, error, on_done) = (busy.clone(), error.clone(), on_done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::set_aside_damaged_store(login, passphrase).await {
                    Ok(status) => on_done.emit(status),
                    Err(e) => {
                        busy.set(false);
                        error.set(Some(e));
                    }
                }
            });
        })
    };
    if !*asking {
        return html! {
            <p><button id="unlock-set-aside" type="button" onclick={ask}>{ i18n.t("unlock.set_aside") }</button></p>
        };
    }
    html! {
        <div id="set-aside-panel" class="confirm" role="alertdialog" aria-labelledby="set-aside-title">
            <p id="set-aside-title"><strong>{ i18n.t("unlock.set_aside") }</strong></p>
            <p id="set-aside-explain">{ i18n.t("unlock.set_aside_explain") }</p>
            if let Some(e) = &*error { <p id="set-aside-error" class="error" role="alert">{ e.message(i18n.lang) }</p> }
            <div class="actions">
                <button id="set-aside-confirm" type="button" class="danger" onclick={confirm} disabled={*busy}>
                    { i18n.t("unlock.set_aside_confirm") }
                </button>
                <button id="set-aside-cancel" type="button" onclick={cancel}>{ i18n.t("unlock.set_aside_cancel") }</button>
            </div>
        </div>
    }
}
