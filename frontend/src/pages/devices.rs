//! Devices: this device's card to save for the other side, another device's card added after comparing the words,
//! and the devices this store trusts (on the central file: each laptop's caseload, and revoking a lost one).

use reintegra_core::wire::ApiError;
use reintegra_core::wire::admin::DevicesView;
use yew::prelude::*;

use crate::api;
use crate::components::device_add::DeviceAdd;
use crate::components::device_card::DeviceOwnCard;
use crate::components::device_list::DeviceList;
use crate::i18n::use_i18n;

#[component]
pub fn DevicesPage() -> Html {
    let i18n = use_i18n();
    let view = use_state(|| None::<Result<DevicesView, ApiError>>);
    let reload = {
        let view = view.clone();
        Callback::from(move |_: ()| {
            let view = view.clone();
            wasm_bindgen_futures::spawn_local(async move { view.set(Some(api::devices_view().await)) });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with((), move |_| reload.emit(()));
    }
    let on_changed = {
        let view = view.clone();
        Callback::from(move |v: DevicesView| view.set(Some(Ok(v))))
    };
    let v = match &*view {
        None => return html! { <p class="loading">{ i18n.t("app.loading") }</p> },
        Some(Err(e)) => {
            return html! { <p id="devices-load-error" class="error" role="alert">{ e.message(i18n.lang) }</p> };
        }
        Some(Ok(v)) => v,
    };
    html! {
        <section aria-labelledby="devices-title" class="devices">
            <div class="toolbar"><h2 id="devices-title">{ i18n.t("devices.title") }</h2></div>
            <p class="intro">{ i18n.t(if v.central { "devices.intro_central" } else { "devices.intro_field" }) }</p>
            <div class="columns">
                <DeviceOwnCard view={v.clone()} />
                <DeviceAdd central={v.central} on_added={reload} />
            </div>
            <DeviceList view={v.clone()} {on_changed} />
        </section>
    }
}
