//! Recording a referral for a person (service, organisation, date, follow-up), and the control that updates a
//! referral's status later (on the person's page and in the home agenda).

use std::collections::HashSet;

use reintegra_core::date::format_user;
use reintegra_core::forms::{REFERRAL_SERVICES, REFERRAL_STATUSES, ReferralForm, ReferralItem};
use reintegra_core::wire::ApiError;
use uuid::Uuid;
use yew::prelude::*;

use crate::api;
use crate::app::Screen;
use crate::components::choices::TextArea;
use crate::components::draft::{DraftOffer, use_draft};
use crate::components::field::{SelectField, TextField};
use crate::i18n::{today, use_i18n};
use crate::pages::visit::codes;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: Uuid,
    pub navigate: Callback<Screen>,
}

#[component]
pub fn ReferralPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let fresh = ReferralForm {
        person_id: Some(props.id),
        date: format_user(today()),
        status: "referred".into(),
        ..Default::default()
    };
    let form = use_state(|| fresh.clone());
    let touched = use_state(HashSet::<&'static str>::new);
    let submitted = use_state(|| false);
    let server_error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let name = use_state(String::new);
    {
        let name = name.clone();
        use_effect_with(props.id, move |id| {
            let id = *id;
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(v) = api::person_view(id).await {
                    name.set(v.person.full_name());
                }
            });
        });
    }
    let unsaved = (*form != fresh).then(|| serde_json::to_string(&*form).unwrap_or_default());
    let draft = use_draft(format!("referral:{}", props.id), unsaved);
    let errors = form.to_fields(today()).err().unwrap_or_default();
    let server_fields = server_error.as_ref().and_then(|e| e.fields.clone()).unwrap_or_default();
    let error_for = |field: &str| -> Option<AttrValue> {
        let shown = *submitted || touched.contains(field);
        let e = server_fields.for_field(field).or_else(|| shown.then(|| errors.for_field(field)).flatten());
        e.map(|e| AttrValue::from(i18n.t(&e.code)))
    };
    let edit = |name: &'static str, f: fn(&mut ReferralForm, String)| {
        let (form, touched) = (form.clone(), touched.clone());
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            f(&mut next, v);
            form.set(next);
            let mut t = (*touched).clone();
            t.insert(name);
            touched.set(t);
        })
    };
    let restore = {
        let (form, taken, offered) = (form.clone(), draft.taken.clone(), draft.offered.clone());
        Callback::from(move |_| {
            if let Some(f) = offered.as_deref().and_then(|d| serde_json::from_str::<ReferralForm>(d).ok()) {
                form.set(f);
            }
            taken.emit(());
        })
    };
    let onsubmit = {
        let (form, submitted, server_error, busy, finish, navigate, id) = (
            form.clone(),
            submitted.clone(),
            server_error.clone(),
            busy.clone(),
            draft.finish.clone(),
            props.navigate.clone(),
            props.id,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            submitted.set(true);
            if form.to_fields(today()).is_err() {
                return;
            }
            busy.set(true);
            let (f, server_error, busy, finish, navigate) =
                ((*form).clone(), server_error.clone(), busy.clone(), finish.clone(), navigate.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::save_referral(f).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        finish.emit(());
                        navigate.emit(Screen::Person(id));
                    }
                    Err(e) => server_error.set(Some(e)),
                }
            });
        })
    };
    let cancel = props.navigate.reform({
        let id = props.id;
        move |_: MouseEvent| Screen::Person(id)
    });
    html! {
        <section class="card" aria-labelledby="referral-title">
            <h2 id="referral-title">{ i18n.tr("referral.title", &[("name", &name)]) }</h2>
            if draft.offered.is_some() {
                <DraftOffer on_restore={restore} on_discard={draft.finish.clone()} />
            }
            <form id="referral-form" {onsubmit} novalidate=true>
                <div class="grid">
                    <SelectField id="r-service" label={i18n.t("referral.service")} value={form.service.clone()}
                        required=true options={codes(&i18n, "service", REFERRAL_SERVICES)}
                        placeholder={i18n.t("form.choose")} error={error_for("service")}
                        onchange={edit("service", |f, v| f.service = v)} />
                    <TextField id="r-organisation" label={i18n.t("referral.organisation")}
                        value={form.organisation.clone()} required=true error={error_for("organisation")}
                        oninput={edit("organisation", |f, v| f.organisation = v)} />
                    <TextField id="r-date" label={i18n.t("referral.date")} value={form.date.clone()} required=true
                        placeholder={AttrValue::from("dd/mm/aaaa")} error={error_for("date")}
                        oninput={edit("date", |f, v| f.date = v)} />
                    <TextField id="r-follow_up" label={i18n.t("referral.follow_up")} value={form.follow_up.clone()}
                        placeholder={AttrValue::from("dd/mm/aaaa")} error={error_for("follow_up")}
                        oninput={edit("follow_up", |f, v| f.follow_up = v)} />
                    <SelectField id="r-status" label={i18n.t("referral.status")} value={form.status.clone()}
                        required=true options={codes(&i18n, "ref_status", REFERRAL_STATUSES)}
                        placeholder={i18n.t("form.choose")} error={error_for("status")}
                        onchange={edit("status", |f, v| f.status = v)} />
                </div>
                <TextArea id="r-outcome" label={i18n.t("referral.outcome")} value={form.outcome.clone()}
                    error={error_for("outcome")} oninput={edit("outcome", |f, v| f.outcome = v)} />
                if *submitted && !errors.is_empty() {
                    <p id="form-errors" class="error" role="alert">{ i18n.t("form.has_errors") }</p>
                }
                if let Some(e) = server_error.as_ref().filter(|e| e.fields.is_none()) {
                    <p class="error" role="alert">{ e.message(i18n.lang) }</p>
                }
                <div class="actions">
                    <button id="save-referral" type="submit" class="primary" disabled={*busy}>{ i18n.t("form.save") }</button>
                    <button id="cancel-referral" type="button" onclick={cancel}>{ i18n.t("form.cancel") }</button>
                </div>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct StatusProps {
    pub referral: ReferralItem,
    /// Told after the status was saved.
    pub on_saved: Callback<()>,
    /// Show the person's name (in the agenda; not on their own page).
    #[prop_or_default]
    pub show_person: bool,
    #[prop_or_default]
    pub navigate: Option<Callback<Screen>>,
}

/// One referral with a control to change its status.
#[component]
pub fn ReferralRow(props: &StatusProps) -> Html {
    let i18n = use_i18n();
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
    let person = r.person_id;
    html! {
        <li class="referral" data-id={r.id.to_string()}>
            if props.show_person {
                if let Some(nav) = &props.navigate {
                    <button class="link-name" onclick={nav.reform(move |_: MouseEvent| Screen::Person(person))}>
                        { r.person_name.clone() }
                    </button>{ " · " }
                }
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
