//! One referral with a control to change its status (on the person's page and in the home agenda).

use reintegra_core::date::format_user;
use reintegra_core::forms::{REFERRAL_STATUSES, ReferralItem};
use reintegra_core::wire::ApiError;
use yew::prelude::*;

use crate::api;
use crate::i18n::use_i18n;
use crate::screen::{Screen, use_navigator};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub referral: ReferralItem,
    /// Told after the status was saved.
    pub on_saved: Callback<()>,
    /// Show the person's name, opening their page (in the agenda; not on their own page).
    #[prop_or_default]
    pub show_person: bool,
}

#[component]
pub fn ReferralRow(props: &Props) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let r = &props.referral;
    let status = use_state(|| r.status.clone());
    let error = use_state(|| None::<ApiError>);
    let select_id = format!("ref-status-{}", r.id);
    let onchange = {
        let status = status.clone();
        Callback::from(move |e: Event| {
            status.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value());
        })
    };
    let save = {
        let (status, error, on_saved, id) = (status.clone(), error.clone(), props.on_saved.clone(), r.id);
        Callback::from(move |_: MouseEvent| {
            let (s, error, on_saved) = ((*status).clone(), error.clone(), on_saved.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::set_referral_status(id, s, String::new()).await {
                    Ok(()) => {
                        error.set(None);
                        on_saved.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let what = i18n.tr(
        "referral.line",
        &[
            ("service", &i18n.t(&format!("service.{}", r.service))),
            ("organisation", &r.organisation),
            ("date", &format_user(r.date)),
        ],
    );
    html! {
        <li class="referral" data-id={r.id.to_string()}>
            if props.show_person {
                <button class="link-name" onclick={navigator.to(Screen::Person(r.person_id))}>
                    { r.person_name.clone() }
                </button>{ " · " }
            }
            <span>{ what }</span>
            if let Some(f) = r.follow_up {
                { " · " }<span class="note">{ i18n.tr("referral.follow_up_on", &[("date", &format_user(f))]) }</span>
            }
            <span class="inline-control">
                <label for={select_id.clone()} class="visually-hidden">{ i18n.t("referral.status") }</label>
                <select id={select_id} class="ref-status" {onchange}>
                    { for REFERRAL_STATUSES.iter().map(|s| html! {
                        <option value={*s} selected={*status == *s}>{ i18n.t(&format!("ref_status.{s}")) }</option>
                    }) }
                </select>
                <button type="button" class="ref-save" onclick={save} disabled={*status == r.status}>
                    { i18n.t("referral.update") }
                </button>
            </span>
            if let Some(e) = &*error { <p class="error" role="alert">{ e.message(i18n.lang) }</p> }
        </li>
    }
}
