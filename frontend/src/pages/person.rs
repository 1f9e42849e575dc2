//! A person's page: the profile, the family network (each relative opens their own page), the programme
//! components, the voucher card (one cell per month of the window: outcome and payment; a chosen month shows each
//! requirement, met or not, with its evidence) and the latest activity.

use reintegra_core::date::format_user;
use reintegra_core::sheets::PdfRequest;
use uuid::Uuid;
use yew::prelude::*;

use crate::api;
use crate::components::delivery::DeliveryCard;
use crate::components::pdf::PdfButton;
use crate::components::person_assessments::PersonAssessments;
use crate::components::person_enrolments::PersonEnrolments;
use crate::components::person_family::PersonFamily;
use crate::components::person_parts::timeline;
use crate::components::person_plan::PersonPlan;
use crate::components::person_status::PersonStatus;
use crate::components::referral_row::ReferralRow;
use crate::components::voucher::VoucherCard;
use crate::hooks::load::use_load;
use crate::i18n::use_i18n;
use crate::screen::{Screen, use_navigator};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: Uuid,
}

#[component]
pub fn PersonPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let id = props.id;
    // The page and its programme records are read again after one of the sections saved. The page is asked first
    // (the shell answers one call at a time): the header shows as soon as it answers.
    let revision = use_state(|| 0u32);
    let view = use_load((id, *revision), |(id, _)| api::person_view(id));
    let programme = use_load((id, *revision), |(id, _)| api::programme::person_programme(id));
    // The referrals are read again after a status changes.
    let reload = use_state(|| 0u32);
    let referrals = use_load((id, *reload), |(id, _)| api::person_referrals(id));
    let on_saved = {
        let reload = reload.clone();
        Callback::from(move |_| reload.set(*reload + 1))
    };
    let on_programme = {
        let revision = revision.clone();
        Callback::from(move |_| revision.set(*revision + 1))
    };
    let v = match &*view {
        None => return html! { <p class="loading">{ i18n.t("app.loading") }</p> },
        Some(Err(e)) => return html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
        Some(Ok(v)) => v,
    };
    let p = &v.person;
    let none = || i18n.t("person.not_recorded");
    let place = match &p.district {
        Some(d) => format!("{} / {d}", p.municipality),
        None => p.municipality.clone(),
    };
    let consent = match p.consent_date {
        Some(d) => match &p.consent_scope {
            Some(scope) => i18n.tr(
                "person.consent_value",
                &[("date", &format_user(d)), ("scope", &i18n.t(&format!("consent_scope.{scope}")))],
            ),
            None => format_user(d),
        },
        None => none(),
    };
    let status = p.status.as_ref().map(|s| i18n.t(&format!("person_status.{s}"))).unwrap_or_else(none);
    let is_participant = p.role.code() == "participant";
    let row = |key: &str, value: String| {
        html! { <div class="pair"><dt>{ i18n.t(key) }</dt><dd>{ value }</dd></div> }
    };

    html! {
        <section aria-labelledby="person-name" class="person">
            <div class="toolbar">
                <div>
                    <button id="person-back" class="link-back" onclick={navigator.to(Screen::Persons)}>{ i18n.t("person.back") }</button>
                    <h2 id="person-name">
                        { p.full_name() }
                        { " " }<span class="badge">{ i18n.t(&format!("role.{}", p.role.code())) }</span>
                    </h2>
                </div>
                <div class="actions">
                    <button id="person-new-visit" class="primary" onclick={navigator.to(Screen::Visit(id))}>{ i18n.t("person.new_visit") }</button>
                    <button id="person-new-referral" onclick={navigator.to(Screen::Referral(id))}>{ i18n.t("person.new_referral") }</button>
                    if is_participant {
                        <button id="person-new-relative" onclick={navigator.to(Screen::RegisterRelative(id))}>{ i18n.t("person.new_relative") }</button>
                    }
                    <button id="person-edit" onclick={navigator.to(Screen::EditPerson(id))}>{ i18n.t("person.edit") }</button>
                </div>
            </div>
            <PdfButton id="person-pdf" request={PdfRequest::Case { person: v.id }} label={i18n.t("pdf.button.case")} />
            <div class="columns">
                <div class="card">
                    <h3>{ i18n.t("person.profile") }</h3>
                    <dl id="person-profile" class="profile">
                        { row("col.dui", p.dui.clone().unwrap_or_else(none)) }
                        { row("col.birth_date", format_user(p.birth_date)) }
                        { row("person.place", place) }
                        { row("person.phone", p.phone.clone().unwrap_or_else(none)) }
                        if p.release_date.is_some() {
                            { row("person.release_date", p.release_date.map(format_user).unwrap_or_default()) }
                        }
                        { row("person.consent", consent) }
                        { row("person.status", status) }
                        { row("person.worker", p.assigned_worker.clone().unwrap_or_else(none)) }
                    </dl>
                </div>
                if let Some(Ok(pr)) = &*programme {
                    <div class="card">
                        <PersonFamily programme={pr.clone()} on_saved={on_programme.clone()} />
                        <PersonEnrolments programme={pr.clone()} on_saved={on_programme.clone()} />
                    </div>
                }
            </div>
            { match &*programme {
                Some(Ok(pr)) => html! { <>
                    <PersonStatus programme={pr.clone()} on_saved={on_programme.clone()} />
                    <PersonPlan programme={pr.clone()} on_saved={on_programme} />
                </> },
                Some(Err(e)) => html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
                None => html! {},
            } }
            if p.role.code() == "participant" || !v.voucher.is_empty() {
                <VoucherCard view={v.clone()} />
                <DeliveryCard person_id={v.id} />
            }
            <PersonAssessments person={id} />
            <div class="card spaced-card">
                <h3 id="person-referrals-title">{ i18n.t("person.referrals") }</h3>
                { match &*referrals {
                    Some(Err(e)) => html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
                    Some(Ok(list)) if !list.is_empty() => html! {
                        <ul id="person-referrals" class="plain agenda">
                        { for list.iter().map(|r| html! {
                            <ReferralRow key={format!("{}-{}", r.id, r.status)} referral={r.clone()} on_saved={on_saved.clone()} />
                        }) }
                        </ul>
                    },
                    _ => html! { <p>{ i18n.t("person.referrals_empty") }</p> },
                } }
            </div>
            { timeline(v, &i18n) }
        </section>
    }
}
