//! The devices this store trusts: role and caseload, the last bundle each way, what waits, and where the pairing
//! stands. On the central file: a laptop's workers changed, and a lost or stolen laptop revoked, after saying
//! plainly what that means.

use reintegra_core::date::format_user_time_ms;
use reintegra_core::wire::ApiError;
use reintegra_core::wire::admin::{DeviceItem, DeviceState, DevicesView};
use uuid::Uuid;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::api;
use crate::components::device_add::split_workers;
use crate::components::device_card::role_line;
use crate::components::field::{TextField, setter};
use crate::i18n::{I18n, use_i18n};

/// Places the cursor in the element `id`, scrolling it into view; if that fails the person reaches it by Tab.
pub(crate) fn focus(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(e) = element {
        let _ = e.focus();
    }
}

fn when(ms: Option<i64>, i18n: &I18n) -> String {
    ms.map(format_user_time_ms).unwrap_or_else(|| i18n.t("sync.never_short"))
}

#[derive(Properties, PartialEq)]
pub struct DeviceListProps {
    pub view: DevicesView,
    /// The shell's answer to a change: the list as it is now.
    pub on_changed: Callback<DevicesView>,
}

#[component]
pub fn DeviceList(props: &DeviceListProps) -> Html {
    let i18n = use_i18n();
    let editing = use_state(|| None::<Uuid>);
    let workers = use_state(String::new);
    let revoking = use_state(|| None::<Uuid>);
    let error = use_state(|| None::<ApiError>);
    // The question opens below the list: the cursor goes to it (and the window scrolls there).
    use_effect_with((*editing, *revoking), |(editing, revoking)| {
        let target = match (editing, revoking) {
            (Some(_), _) => Some("device-workers"),
            (_, Some(_)) => Some("device-revoke-confirm"),
            _ => None,
        };
        if let Some(id) = target {
            focus(id);
        }
    });

    let done = {
        let (editing, revoking, error, on_changed) =
            (editing.clone(), revoking.clone(), error.clone(), props.on_changed.clone());
        move |result: Result<DevicesView, ApiError>| match result {
            Ok(view) => {
                editing.set(None);
                revoking.set(None);
                error.set(None);
                on_changed.emit(view);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let on_save_workers = {
        let (editing, workers, done) = (editing.clone(), workers.clone(), done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(id) = *editing else { return };
            let (list, done) = (split_workers(&workers), done.clone());
            wasm_bindgen_futures::spawn_local(async move { done(api::set_device_workers(id, list).await) });
        })
    };
    let on_revoke = {
        let (revoking, done) = (revoking.clone(), done.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(id) = *revoking else { return };
            let done = done.clone();
            wasm_bindgen_futures::spawn_local(async move { done(api::revoke_device(id).await) });
        })
    };
    let cancel = {
        let (editing, revoking) = (editing.clone(), revoking.clone());
        Callback::from(move |_: MouseEvent| {
            editing.set(None);
            revoking.set(None);
        })
    };

    let central = props.view.central;
    let row = |d: &DeviceItem| {
        let id = d.card.device_id;
        let active_laptop = central && d.state != DeviceState::Revoked && d.card.role == "field";
        let start_edit = {
            let (editing, revoking, workers, text) =
                (editing.clone(), revoking.clone(), workers.clone(), d.card.workers.join(", "));
            Callback::from(move |_: MouseEvent| {
                revoking.set(None);
                workers.set(text.clone());
                editing.set(Some(id));
            })
        };
        let start_revoke = {
            let (editing, revoking) = (editing.clone(), revoking.clone());
            Callback::from(move |_: MouseEvent| {
                editing.set(None);
                revoking.set(Some(id));
            })
        };
        html! {
            <tr id={format!("device-{id}")} data-name={d.card.name.clone()} data-state={d.state.as_str()}>
                <td>{ d.card.name.clone() }<br /><span class="note">{ role_line(&d.card, &i18n) }</span></td>
                <td>{ d.card.words.join(" ") }</td>
                <td>{ when(d.last_import_ms, &i18n) }</td>
                <td>{ when(d.last_export_ms, &i18n) }</td>
                <td class="num">{ d.pending }</td>
                <td id={format!("device-state-{id}")} class={classes!("state", d.state.as_str())}>
                    { i18n.t(&format!("devices.state.{}", d.state.as_str())) }
                </td>
                <td>
                    if active_laptop {
                        <button id={format!("device-reassign-{id}")} type="button" onclick={start_edit}
                            aria-label={i18n.tr("devices.reassign_of", &[("name", &d.card.name)])}>
                            { i18n.t("devices.reassign") }
                        </button>
                    }
                    if central && d.state != DeviceState::Revoked {
                        <button id={format!("device-revoke-{id}")} type="button" class="danger" onclick={start_revoke}
                            aria-label={i18n.tr("devices.revoke_of", &[("name", &d.card.name)])}>
                            { i18n.t("devices.revoke") }
                        </button>
                    }
                </td>
            </tr>
        }
    };
    let name_of = |id: Uuid| props.view.devices.iter().find(|d| d.card.device_id == id).map(|d| d.card.name.clone());

    html! {
        <div class="card" aria-labelledby="devices-list-title">
            <h3 id="devices-list-title">{ i18n.t("devices.list_title") }</h3>
            if props.view.devices.is_empty() {
                <p id="devices-empty">{ i18n.t("devices.list_empty") }</p>
            } else {
                <table id="devices-list" class="list">
                    <thead><tr>
                        <th scope="col">{ i18n.t("sync.col.device") }</th>
                        <th scope="col">{ i18n.t("devices.col.words") }</th>
                        <th scope="col">{ i18n.t("sync.col.last_import") }</th>
                        <th scope="col">{ i18n.t("sync.col.last_export") }</th>
                        <th scope="col" class="num">{ i18n.t("sync.col.pending") }</th>
                        <th scope="col">{ i18n.t("sync.col.state") }</th>
                        <th scope="col">{ i18n.t("devices.col.actions") }</th>
                    </tr></thead>
                    <tbody>{ for props.view.devices.iter().map(row) }</tbody>
                </table>
            }
            if let Some(name) = editing.and_then(name_of) {
                <form id="device-workers-form" class="confirm" onsubmit={on_save_workers}>
                    <TextField id="device-workers" label={i18n.tr("devices.workers_for", &[("name", &name)])}
                        value={(*workers).clone()} placeholder={AttrValue::from(i18n.t("setup.workers_hint"))}
                        oninput={setter(&workers)} />
                    <p class="note">{ i18n.t("devices.reassign_note") }</p>
                    <div class="actions">
                        <button id="device-workers-save" type="submit" class="primary">{ i18n.t("devices.reassign_save") }</button>
                        <button id="device-workers-cancel" type="button" onclick={cancel.clone()}>{ i18n.t("devices.add_cancel") }</button>
                    </div>
                </form>
            }
            if let Some(name) = revoking.and_then(name_of) {
                <div id="device-revoke-panel" class="confirm" role="alertdialog" aria-labelledby="device-revoke-text">
                    <p id="device-revoke-text"><strong>{ i18n.tr("devices.revoke_question", &[("name", &name)]) }</strong></p>
                    <p>{ i18n.t("devices.revoke_means") }</p>
                    <div class="actions">
                        <button id="device-revoke-confirm" type="button" class="danger" onclick={on_revoke}>
                            { i18n.t("devices.revoke_confirm") }
                        </button>
                        <button id="device-revoke-cancel" type="button" onclick={cancel}>{ i18n.t("devices.add_cancel") }</button>
                    </div>
                </div>
            }
            if let Some(e) = &*error { <p id="devices-error" class="error" role="alert">{ e.message(i18n.lang) }</p> }
        </div>
    }
}
