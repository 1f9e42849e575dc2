//! First start: say what this computer is (a field laptop, with the workers whose caseload it carries, or the
//! programme's central file), name it, choose the passphrase, create the encrypted store; then the recovery key,
//! shown once.

use reintegra_core::wire::{ApiError, AppStatus, DeviceRole, SetupRequest};
use yew::prelude::*;

use crate::api;
use crate::components::field::{SelectField, TextField, setter};
use crate::i18n::use_i18n;

const MIN_PASSPHRASE: usize = 8;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_done: Callback<AppStatus>,
}

#[component]
pub fn SetupPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let role = use_state(|| DeviceRole::Field.as_str().to_owned());
    let device = use_state(|| "Laptop de campo".to_owned());
    let workers = use_state(String::new);
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
        let (role, workers) = (role.clone(), workers.clone());
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
            let central = *role == DeviceRole::Supervisor.as_str();
            let request = SetupRequest {
                device_name: (*device).clone(),
                passphrase: (*pass).clone(),
                role: if central { DeviceRole::Supervisor } else { DeviceRole::Field },
                // One worker a line or separated by commas.
                workers: if central {
                    Vec::new()
                } else {
                    workers.split([',', '\n']).map(|w| w.trim().to_owned()).filter(|w| !w.is_empty()).collect()
                },
            };
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
                <SelectField id="setup-role" label={i18n.t("setup.role")} value={(*role).clone()} required=true
                    placeholder={i18n.t("form.choose")} options={vec![
                        (AttrValue::from(DeviceRole::Field.as_str()), AttrValue::from(i18n.t("setup.role_field"))),
                        (AttrValue::from(DeviceRole::Supervisor.as_str()), AttrValue::from(i18n.t("setup.role_central"))),
                    ]} onchange={setter(&role)} />
                <p class="note" id="setup-role-hint">{ i18n.t("setup.role_hint") }</p>
                if *role == DeviceRole::Field.as_str() {
                    <TextField id="setup-workers" label={i18n.t("setup.workers")} value={(*workers).clone()}
                        placeholder={AttrValue::from(i18n.t("setup.workers_hint"))} oninput={setter(&workers)} />
                }
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
