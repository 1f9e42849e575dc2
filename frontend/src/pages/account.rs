//! One's own account: a new passphrase (knowing the current one), and a new recovery key, shown once.

use reintegra_core::wire::ApiError;
use reintegra_core::wire::args::ChangePassphraseArgs;
use yew::prelude::*;

use crate::api;
use crate::components::field::{TextField, setter};
use crate::i18n::use_i18n;

#[component]
pub fn AccountPage() -> Html {
    let i18n = use_i18n();
    let (current, new, again) = (use_state(String::new), use_state(String::new), use_state(String::new));
    let changed = use_state(|| None::<Result<(), ApiError>>);
    let recovery_pass = use_state(String::new);
    let recovery = use_state(|| None::<Result<String, ApiError>>);

    let on_change = {
        let (current, new, again, changed) = (current.clone(), new.clone(), again.clone(), changed.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let args = ChangePassphraseArgs {
                current: (*current).clone(),
                passphrase: (*new).clone(),
                again: (*again).clone(),
            };
            let (current, new, again, changed) = (current.clone(), new.clone(), again.clone(), changed.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::change_passphrase(args).await;
                // Passphrases never stay in the form, whatever the answer.
                current.set(String::new());
                if result.is_ok() {
                    new.set(String::new());
                    again.set(String::new());
                }
                changed.set(Some(result));
            });
        })
    };
    let on_recovery = {
        let (recovery_pass, recovery) = (recovery_pass.clone(), recovery.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (pass, recovery_pass, recovery) = ((*recovery_pass).clone(), recovery_pass.clone(), recovery.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::new_recovery_key(pass).await;
                recovery_pass.set(String::new());
                recovery.set(Some(result));
            });
        })
    };

    html! {
        <section aria-labelledby="account-title" class="account">
            <div class="toolbar"><h2 id="account-title">{ i18n.t("account.title") }</h2></div>
            <div class="columns">
                <form class="card" aria-labelledby="account-change-title" onsubmit={on_change} novalidate=true>
                    <h3 id="account-change-title">{ i18n.t("account.change_title") }</h3>
                    <TextField id="account-current" label={i18n.t("account.current")} value={(*current).clone()}
                        input_type="password" required=true oninput={setter(&current)} />
                    <TextField id="account-new" label={i18n.t("account.new")} value={(*new).clone()}
                        input_type="password" required=true oninput={setter(&new)} />
                    <TextField id="account-new-again" label={i18n.t("setup.passphrase_again")} value={(*again).clone()}
                        input_type="password" required=true oninput={setter(&again)} />
                    <p class="note">{ i18n.t("account.new_note") }</p>
                    { match &*changed {
                        Some(Ok(())) => html! { <p id="account-changed" class="status ok" role="status">{ i18n.t("account.changed") }</p> },
                        Some(Err(e)) => html! { <p id="account-change-error" class="error" role="alert">{ e.message(i18n.lang) }</p> },
                        None => html! {},
                    } }
                    <button id="account-change" type="submit" class="primary">{ i18n.t("account.change") }</button>
                </form>
                <form class="card" aria-labelledby="account-recovery-title" onsubmit={on_recovery} novalidate=true>
                    <h3 id="account-recovery-title">{ i18n.t("account.recovery_title") }</h3>
                    <p>{ i18n.t("account.recovery_intro") }</p>
                    <TextField id="account-recovery-passphrase" label={i18n.t("account.current")}
                        value={(*recovery_pass).clone()} input_type="password" required=true
                        oninput={setter(&recovery_pass)} />
                    { match &*recovery {
                        Some(Ok(key)) => html! {
                            <div role="status">
                                <p class="warn"><strong>{ i18n.t("account.recovery_warning") }</strong></p>
                                <p id="account-recovery-key" class="recovery-key">{ key.clone() }</p>
                            </div>
                        },
                        Some(Err(e)) => html! { <p id="account-recovery-error" class="error" role="alert">{ e.message(i18n.lang) }</p> },
                        None => html! {},
                    } }
                    <button id="account-recovery-make" type="submit">{ i18n.t("account.recovery_make") }</button>
                </form>
            </div>
        </section>
    }
}
