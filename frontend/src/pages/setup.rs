//! First start (create the encrypted store) and every later start (unlock it).

use reintegra_core::wire::{ApiError, AppStatus, SetupRequest};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::api;
use crate::components::field::TextField;
use crate::i18n::use_i18n;

const MIN_PASSPHRASE: usize = 8;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_done: Callback<AppStatus>,
}

fn setter(state: &UseStateHandle<String>) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |v| state.set(v))
}

#[component]
pub fn SetupPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let device = use_state(|| "Laptop de campo".to_owned());
    let pass = use_state(String::new);
    let again = use_state(String::new);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    // After creation: the recovery key, shown once before going on.
    let created = use_state(|| None::<AppStatus>);

    let pass_error = (!pass.is_empty() && pass.chars().count() < MIN_PASSPHRASE)
        .then(|| AttrValue::from(i18n.t("error.passphrase_short")));
    let again_error =
        (!again.is_empty() && *again != *pass).then(|| AttrValue::from(i18n.t("error.passphrase_mismatch")));

    let onsubmit = {
        let (device, pass, again, error, busy, on_done) =
            (device.clone(), pass.clone(), again.clone(), error.clone(), busy.clone(), props.on_done.clone());
        let created = created.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if pass.chars().count() < MIN_PASSPHRASE {
                error.set(Some(ApiError::new("error.passphrase_short")));
                return;
            }
            if *pass != *again {
                error.set(Some(ApiError::new("error.passphrase_mismatch")));
                return;
            }
            busy.set(true);
            let request = SetupRequest { device_name: (*device).clone(), passphrase: (*pass).clone() };
            let (error, busy, on_done, created) = (error.clone(), busy.clone(), on_done.clone(), created.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::setup_store(request).await {
                    Ok(status) if status.recovery_key.is_some() => created.set(Some(status)),
                    Ok(status) => on_done.emit(status),
                    Err(e) => {
                        busy.set(false);
                        error.set(Some(e));
                    }
                }
            });
        })
    };

    if let Some(status) = &*created {
        let on_continue = {
            let (status, on_done) = (status.clone(), props.on_done.clone());
            Callback::from(move |_| on_done.emit(AppStatus { recovery_key: None, ..status.clone() }))
        };
        return html! {
            <section class="card narrow" aria-labelledby="recovery-title">
                <h2 id="recovery-title">{ i18n.t("setup.recovery_key") }</h2>
                <p>{ i18n.t("setup.recovery_key_note") }</p>
                <p id="recovery-key" class="recovery-key">{ status.recovery_key.clone().unwrap_or_default() }</p>
                <button id="recovery-done" type="button" class="primary" onclick={on_continue}>
                    { i18n.t("setup.recovery_key_done") }
                </button>
            </section>
        };
    }

    html! {
        <section class="card narrow" aria-labelledby="setup-title">
            <h2 id="setup-title">{ i18n.t("setup.title") }</h2>
            <p>{ i18n.t("setup.intro") }</p>
            <form {onsubmit} novalidate=true>
                <TextField id="setup-device" label={i18n.t("setup.device")} value={(*device).clone()}
                    required=true oninput={setter(&device)} />
                <TextField id="setup-passphrase" label={i18n.t("setup.passphrase")} value={(*pass).clone()}
                    input_type="password" required=true error={pass_error} oninput={setter(&pass)} />
                <TextField id="setup-passphrase-again" label={i18n.t("setup.passphrase_again")}
                    value={(*again).clone()} input_type="password" required=true error={again_error}
                    oninput={setter(&again)} />
                if let Some(e) = &*error { <p class="error" role="alert">{ e.message(i18n.lang) }</p> }
                if *busy { <p class="busy" role="status">{ i18n.t("setup.working") }</p> }
                <button id="setup-submit" type="submit" class="primary" disabled={*busy}>
                    { i18n.t("setup.submit") }
                </button>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct UnlockProps {
    pub on_done: Callback<AppStatus>,
    /// The login offered: the last one that unlocked on this device.
    #[prop_or_default]
    pub user: Option<String>,
    /// The app was locked in this session (quick lock or idle): say that the open form was kept as a draft.
    #[prop_or_default]
    pub locked: bool,
}

#[component]
pub fn UnlockPage(props: &UnlockProps) -> Html {
    let i18n = use_i18n();
    let user = use_state(|| props.user.clone().unwrap_or_default());
    let pass = use_state(String::new);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    // The login is usually the remembered one: the cursor waits in the passphrase.
    use_effect_with((), |_| {
        let field = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("unlock-passphrase"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(f) = field {
            let _ = f.focus();
        }
    });

    let onsubmit = {
        let (user, pass, error, busy, on_done) =
            (user.clone(), pass.clone(), error.clone(), busy.clone(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            busy.set(true);
            let (login, passphrase, pass, error, busy, on_done) =
                ((*user).clone(), (*pass).clone(), pass.clone(), error.clone(), busy.clone(), on_done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::unlock(login, passphrase).await {
                    Ok(status) => on_done.emit(status),
                    Err(e) => {
                        pass.set(String::new());
                        busy.set(false);
                        error.set(Some(e));
                    }
                }
            });
        })
    };

    html! {
        <section class="card narrow" aria-labelledby="unlock-title">
            <h2 id="unlock-title">{ i18n.t("unlock.title") }</h2>
            if props.locked {
                <p id="unlock-locked" class="notice" role="status">{ i18n.t("unlock.locked") }</p>
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
        </section>
    }
}
