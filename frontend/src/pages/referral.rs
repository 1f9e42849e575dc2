//! Recording a referral for a person (service, organisation, date, follow-up). Its status is updated later with
//! [`crate::components::referral_row::ReferralRow`], on the person's page and in the home agenda.

use reintegra_core::date::format_user;
use reintegra_core::forms::{REFERRAL_SERVICES, REFERRAL_STATUSES, ReferralForm};
use reintegra_core::wire::ApiError;
use uuid::Uuid;
use yew::prelude::*;

use crate::api;
use crate::components::choices::{TextArea, codes};
use crate::components::draft::DraftOffer;
use crate::components::field::{FormErrors, SelectField, TextField};
use crate::hooks::form::{After, use_form};
use crate::i18n::{today, use_i18n};
use crate::screen::{Screen, use_navigator};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: Uuid,
    /// The service chosen as the form opens (a safety protocol's referral to mental health).
    #[prop_or_default]
    pub service: Option<AttrValue>,
}

#[component]
pub fn ReferralPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let id = props.id;
    let fresh = ReferralForm {
        person_id: Some(id),
        date: format_user(today()),
        status: "referred".into(),
        service: props.service.as_ref().map(|s| s.to_string()).unwrap_or_default(),
        ..Default::default()
    };
    let form = use_form(format!("referral:{id}"), Some(fresh), |f: &ReferralForm| {
        f.to_fields(today()).err().unwrap_or_default()
    });
    let name = use_state(|| None::<Result<String, ApiError>>);
    {
        let name = name.clone();
        use_effect_with(id, move |id| {
            let id = *id;
            wasm_bindgen_futures::spawn_local(async move {
                name.set(Some(api::person_view(id).await.map(|v| v.person.full_name())));
            });
        });
    }
    let onsubmit = form.onsubmit(api::save_referral, move |_| After::Go(Screen::Person(id)));
    let shown_name = name.as_ref().and_then(|n| n.as_ref().ok()).cloned().unwrap_or_default();
    let v = form.value();
    let date_placeholder = AttrValue::from("dd/mm/aaaa");
    html! {
        <section class="card" aria-labelledby="referral-title">
            <h2 id="referral-title">{ i18n.tr("referral.title", &[("name", &shown_name)]) }</h2>
            if let Some(Err(e)) = &*name { <p class="error" role="alert">{ e.message(i18n.lang) }</p> }
            <DraftOffer draft={form.draft.clone()} />
            <form id="referral-form" {onsubmit} novalidate=true>
                <div class="grid">
                    <SelectField id="r-service" label={i18n.t("referral.service")} value={v.service.clone()}
                        required=true options={codes(&i18n, "service", REFERRAL_SERVICES)}
                        placeholder={i18n.t("form.choose")} error={form.error_for("service")}
                        onchange={form.edit("service", |f, v| f.service = v)} />
                    <TextField id="r-organisation" label={i18n.t("referral.organisation")}
                        value={v.organisation.clone()} required=true error={form.error_for("organisation")}
                        oninput={form.edit("organisation", |f, v| f.organisation = v)} />
                    <TextField id="r-date" label={i18n.t("referral.date")} value={v.date.clone()} required=true
                        placeholder={date_placeholder.clone()} error={form.error_for("date")}
                        oninput={form.edit("date", |f, v| f.date = v)} />
                    <TextField id="r-follow_up" label={i18n.t("referral.follow_up")} value={v.follow_up.clone()}
                        placeholder={date_placeholder} error={form.error_for("follow_up")}
                        oninput={form.edit("follow_up", |f, v| f.follow_up = v)} />
                    <SelectField id="r-status" label={i18n.t("referral.status")} value={v.status.clone()}
                        required=true options={codes(&i18n, "ref_status", REFERRAL_STATUSES)}
                        placeholder={i18n.t("form.choose")} error={form.error_for("status")}
                        onchange={form.edit("status", |f, v| f.status = v)} />
                </div>
                <TextArea id="r-outcome" label={i18n.t("referral.outcome")} value={v.outcome.clone()}
                    error={form.error_for("outcome")} oninput={form.edit("outcome", |f, v| f.outcome = v)} />
                <FormErrors summary={form.shows_summary()} error={form.state().general_error().cloned()} />
                <div class="actions">
                    <button id="save-referral" type="submit" class="primary" disabled={form.state().busy}>
                        { i18n.t("form.save") }
                    </button>
                    <button id="cancel-referral" type="button" onclick={navigator.to(Screen::Person(id))}>
                        { i18n.t("form.cancel") }
                    </button>
                </div>
            </form>
        </section>
    }
}
