//! "¿Olvidó su frase de acceso?": the recovery key shown when the store was made (or last replaced), and a new
//! passphrase typed twice; the store then opens as that user.

use reintegra_core::wire::args::ResetPassphraseArgs;
use reintegra_core::wire::{ApiError, AppStatus};
use yew::prelude::*;

use crate::api;
use crate::components::field::{TextField, field_of};
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct UserResetProps {
    /// The login the unlock screen offered.
    pub user: String,
    pub on_done: Callback<AppStatus>,
    pub on_cancel: Callback<()>,
}

#[component]
pub fn UserReset(props: &UserResetProps) -> Html {
    let i18n = use_i18n();
    let form = use_state(|| ResetPassphraseArgs { login: Some(props.user.clone()), ..Default::default() });
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let field = |set: fn(&mut ResetPassphraseArgs, String)| field_of(&form, set);
    let onsubmit = {
        let (form, error, busy, on_done) = (form.clone(), error.clone(), busy.clone(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            busy.set(true);
            let args = (*form).clone();
            let (error, busy, on_done) = (error.clone(), busy.clone(), on_done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::reset_passphrase(args).await {
                    Ok(status) => on_done.emit(status),
                    Err(e) => {
                        busy.set(false);
                        error.set(Some(e));
                    }
                }
            });
        })
    };
    let f = &*form;
    html! {
        <section class="card narrow" aria-labelledby="reset-title">
            <h2 id="reset-title">{ i18n.t("reset.title") }</h2>
            <p>{ i18n.t("reset.intro") }</p>
            <form {onsubmit} novalidate=true>
                <TextField id="reset-user" label={i18n.t("unlock.user")} value={f.login.clone().unwrap_or_default()}
                    required=true oninput={field(|a, v| a.login = Some(v))} />
                <TextField id="reset-recovery" label={i18n.t("reset.recovery")} value={f.recovery.clone()}
                    required=true oninput={field(|a, v| a.recovery = v)} />
                <TextField id="reset-passphrase" label={i18n.t("account.new")} value={f.passphrase.clone()}
                    input_type="password" required=true oninput={field(|a, v| a.passphrase = v)} />
                <TextField id="reset-passphrase-again" label={i18n.t("setup.passphrase_again")} value={f.again.clone()}
                    input_type="password" required=true oninput={field(|a, v| a.again = v)} />
                if let Some(e) = &*error { <p id="reset-error" class="error" role="alert">{ e.message(i18n.lang) }</p> }
                <div class="actions">
                    <button id="reset-submit" type="submit" class="primary" disabled={*busy}>{ i18n.t("reset.submit") }</button>
                    <button id="reset-cancel" type="button" onclick={props.on_cancel.reform(|_: MouseEvent| ())}>
                        { i18n.t("reset.back") }
                    </button>
                </div>
            </form>
        </section>
    }
}
