//! "Añadir un equipo": a card file chosen, read and checked by the shell, its fingerprint shown as words to compare
//! aloud with the other side's screen; trusted only once the person confirms they match. On the central file, the
//! workers whose caseload the laptop carries are chosen here (the card's own as the starting point).

use reintegra_core::wire::ApiError;
use reintegra_core::wire::admin::CardPreview;
use yew::prelude::*;

use crate::api;
use crate::components::device_card::{role_line, words};
use crate::components::field::{TextField, setter};
use crate::components::path_picker::{PathPicker, PickMode};
use crate::i18n::use_i18n;

/// Workers as typed: one a line or separated by commas.
pub fn split_workers(text: &str) -> Vec<String> {
    text.split([',', '\n']).map(|w| w.trim().to_owned()).filter(|w| !w.is_empty()).collect()
}

#[derive(Properties, PartialEq)]
pub struct DeviceAddProps {
    /// This store is the central file: it says which workers' caseload a laptop carries.
    pub central: bool,
    /// A device was trusted: the list is read again.
    pub on_added: Callback<()>,
}

#[component]
pub fn DeviceAdd(props: &DeviceAddProps) -> Html {
    let i18n = use_i18n();
    let path = use_state(String::new);
    let preview = use_state(|| None::<CardPreview>);
    let workers = use_state(String::new);
    let error = use_state(|| None::<ApiError>);
    let added = use_state(|| None::<String>);

    let on_path = {
        let (path, preview, error) = (path.clone(), preview.clone(), error.clone());
        Callback::from(move |p: String| {
            preview.set(None);
            error.set(None);
            path.set(p)
        })
    };
    let on_read = {
        let (path, preview, workers, error, added) =
            (path.clone(), preview.clone(), workers.clone(), error.clone(), added.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (p, preview, workers, error, added) =
                ((*path).clone(), preview.clone(), workers.clone(), error.clone(), added.clone());
            added.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                match api::read_device_card(p).await {
                    Ok(card) => {
                        error.set(None);
                        workers.set(card.card.workers.join(", "));
                        preview.set(Some(card));
                    }
                    Err(e) => {
                        preview.set(None);
                        error.set(Some(e));
                    }
                }
            });
        })
    };
    let on_cancel = {
        let preview = preview.clone();
        Callback::from(move |_: MouseEvent| preview.set(None))
    };
    let carries_caseload = props.central && preview.as_ref().is_some_and(|p| p.card.role == "field");
    let on_confirm = {
        let (path, preview, workers, error, added, on_added) =
            (path.clone(), preview.clone(), workers.clone(), error.clone(), added.clone(), props.on_added.clone());
        Callback::from(move |_: MouseEvent| {
            let chosen = carries_caseload.then(|| split_workers(&workers));
            let name = preview.as_ref().map(|p| p.card.name.clone()).unwrap_or_default();
            let (p, preview, error, added, on_added) =
                ((*path).clone(), preview.clone(), error.clone(), added.clone(), on_added.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::add_device(p, chosen).await {
                    Ok(_) => {
                        preview.set(None);
                        error.set(None);
                        added.set(Some(name));
                        on_added.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };

    html! {
        <div class="card" aria-labelledby="device-add-title">
            <h3 id="device-add-title">{ i18n.t("devices.add_title") }</h3>
            <p class="note">{ i18n.t("devices.add_intro") }</p>
            <form onsubmit={on_read}>
                <PathPicker id="device-add-path" label={i18n.t("devices.add_path")} value={(*path).clone()}
                    required=true on_change={on_path} mode={PickMode::Open { extensions: vec!["json".to_owned()] }} />
                <button id="device-add-read" type="submit">{ i18n.t("devices.add_read") }</button>
            </form>
            if let Some(p) = &*preview {
                <div id="device-add-preview" class="confirm" role="group" aria-labelledby="device-add-name">
                    <p id="device-add-name"><strong>{ p.card.name.clone() }</strong>{ " · " }{ role_line(&p.card, &i18n) }</p>
                    if p.known { <p class="note">{ i18n.t("devices.add_known") }</p> }
                    <p>{ i18n.t("devices.add_compare") }</p>
                    { words(&p.card, "device-add-words") }
                    if carries_caseload {
                        <TextField id="device-add-workers" label={i18n.t("devices.workers_label")}
                            value={(*workers).clone()} placeholder={AttrValue::from(i18n.t("setup.workers_hint"))}
                            oninput={setter(&workers)} />
                    }
                    <div class="actions">
                        <button id="device-add-confirm" type="button" class="primary" onclick={on_confirm}>
                            { i18n.t("devices.add_confirm") }
                        </button>
                        <button id="device-add-cancel" type="button" onclick={on_cancel}>{ i18n.t("devices.add_cancel") }</button>
                    </div>
                </div>
            }
            if let Some(name) = &*added {
                <p id="device-add-done" class="status ok" role="status">{ i18n.tr("devices.add_done", &[("name", name)]) }</p>
            }
            if let Some(e) = &*error { <p id="device-add-error" class="error" role="alert">{ e.message(i18n.lang) }</p> }
        </div>
    }
}
