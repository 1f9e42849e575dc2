//! This device's card ("Este equipo"): who it is, its fingerprint as words to read aloud, and the card saved to a
//! file for the other side to add. Also the words as every device screen shows them.

use reintegra_core::wire::admin::{DeviceCard, DevicesView};
use yew::prelude::*;

use crate::api;
use crate::components::path_picker::{PathPicker, PickMode};
use crate::i18n::{I18n, use_i18n};

/// A fingerprint's words, numbered, large enough to read aloud.
pub fn words(card: &DeviceCard, id: &str) -> Html {
    html! {
        <ol id={id.to_owned()} class="fingerprint-words" data-words={card.words.join(" ")}>
            { for card.words.iter().map(|w| html! { <li>{ w.clone() }</li> }) }
        </ol>
    }
}

/// A device's role and caseload in words.
pub fn role_line(card: &DeviceCard, i18n: &I18n) -> String {
    let role = i18n.t(&format!("sync.role.{}", card.role));
    if card.workers.is_empty() {
        role
    } else {
        format!("{role} · {}", i18n.tr("devices.workers_of", &[("workers", &card.workers.join(", "))]))
    }
}

/// The folder and file the card is saved to by default.
fn default_path(view: &DevicesView) -> String {
    match &view.folder {
        Some(folder) => {
            let sep = if folder.contains('\\') && !folder.contains('/') { '\\' } else { '/' };
            format!("{}{sep}{}", folder.trim_end_matches(['/', '\\']), view.card_file_name)
        }
        None => String::new(),
    }
}

#[derive(Properties, PartialEq)]
pub struct DeviceOwnCardProps {
    pub view: DevicesView,
}

#[component]
pub fn DeviceOwnCard(props: &DeviceOwnCardProps) -> Html {
    let i18n = use_i18n();
    let path = use_state(|| default_path(&props.view));
    let outcome = use_state(|| None::<Result<String, reintegra_core::wire::ApiError>>);
    let on_save = {
        let (path, outcome) = (path.clone(), outcome.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (p, outcome) = ((*path).clone(), outcome.clone());
            wasm_bindgen_futures::spawn_local(async move { outcome.set(Some(api::save_device_card(p).await)) });
        })
    };
    let on_path = {
        let (path, outcome) = (path.clone(), outcome.clone());
        Callback::from(move |p: String| {
            outcome.set(None);
            path.set(p)
        })
    };
    let me = &props.view.me;
    html! {
        <div class="card" aria-labelledby="device-me-title">
            <h3 id="device-me-title">{ i18n.t("devices.me_title") }</h3>
            <p id="device-me-name"><strong>{ me.name.clone() }</strong>{ " · " }{ role_line(me, &i18n) }</p>
            <p class="note">{ i18n.t("devices.words_note") }</p>
            { words(me, "device-me-words") }
            <p class="note">{ i18n.tr("devices.fingerprint", &[("fingerprint", &me.fingerprint)]) }</p>
            <form onsubmit={on_save}>
                <PathPicker id="device-card-path" label={i18n.t("devices.card_path")} value={(*path).clone()}
                    required=true on_change={on_path} mode={PickMode::Save {
                        default_name: props.view.card_file_name.clone(), extensions: vec!["json".to_owned()] }} />
                <button id="device-card-save" type="submit">{ i18n.t("devices.card_save") }</button>
            </form>
            { match &*outcome {
                Some(Ok(p)) => html! {
                    <p id="device-card-saved" class="status ok" role="status">{ i18n.tr("devices.card_saved", &[("path", p)]) }</p>
                },
                Some(Err(e)) => html! { <p id="device-card-error" class="error" role="alert">{ e.message(i18n.lang) }</p> },
                None => html! {},
            } }
        </div>
    }
}
