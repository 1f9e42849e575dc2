//! "Componentes" on a person's page: the enrolments, each open one closable (end date and exited or completed),
//! and a new enrolment in one of the components of the person's role.

use reintegra_core::date::format_user;
use reintegra_core::programme::CLOSING;
use reintegra_core::wire::programme::{CloseEnrolmentArgs, EnrolArgs, EnrolmentItem, PersonProgramme};
use yew::prelude::*;

use super::programme_parts::{choice, input, refusal_line, send};
use crate::api::programme as api;
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub programme: PersonProgramme,
    /// Told after a save, to read the page again.
    pub on_saved: Callback<()>,
}

#[component]
pub fn PersonEnrolments(props: &Props) -> Html {
    let i18n = use_i18n();
    let p = &props.programme;
    let component = use_state(String::new);
    let start = use_state(String::new);
    let refusal = use_state(|| None);
    let enrol = {
        let (component, start, refusal, done, person) =
            (component.clone(), start.clone(), refusal.clone(), props.on_saved.clone(), p.person_id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let args = EnrolArgs { person, component: (*component).clone(), start_date: (*start).clone() };
            let (c, s) = (component.clone(), start.clone());
            let done = done.reform(move |_| {
                c.set(String::new());
                s.set(String::new());
            });
            send(api::enrol(args), refusal.clone(), done);
        })
    };
    html! {
        <section aria-labelledby="enrolments-title">
            <h3 id="enrolments-title" class="spaced">{ i18n.t("person.components") }</h3>
            if p.enrolments.is_empty() {
                <p>{ i18n.t("person.components_empty") }</p>
            } else {
                <ul id="person-components" class="plain programme-list">
                { for p.enrolments.iter().enumerate().map(|(i, e)| html! {
                    <EnrolmentRow key={e.id.to_string()} index={i} enrolment={e.clone()} on_saved={props.on_saved.clone()} />
                }) }
                </ul>
            }
            <form id="enrol-form" class="inline-form" onsubmit={enrol}>
                <div class="field">
                    <label for="enrol-component">{ i18n.t("programme.component") }</label>
                    <select id="enrol-component" onchange={choice(&component)}>
                        <option value="" selected={component.is_empty()}>{ i18n.t("form.choose") }</option>
                        { for p.components.iter().map(|c| html! {
                            <option value={c.clone()} selected={*component == *c}>{ i18n.t(&format!("component.{c}")) }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="enrol-start">{ i18n.t("programme.start_date") }</label>
                    <input id="enrol-start" type="text" autocomplete="off" placeholder="dd/mm/aaaa" value={(*start).clone()} oninput={input(&start)} />
                </div>
                <button id="enrol-save" type="submit">{ i18n.t("programme.enrol") }</button>
            </form>
            { refusal_line("enrol-error", &refusal, &i18n) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    index: usize,
    enrolment: EnrolmentItem,
    on_saved: Callback<()>,
}

/// One enrolment; an open one has its closing form.
#[component]
fn EnrolmentRow(props: &RowProps) -> Html {
    let i18n = use_i18n();
    let e = &props.enrolment;
    let end = use_state(String::new);
    let status = use_state(|| "completed".to_owned());
    let refusal = use_state(|| None);
    let n = props.index;
    let close = {
        let (end, status, refusal, done, id) =
            (end.clone(), status.clone(), refusal.clone(), props.on_saved.clone(), e.id);
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let args = CloseEnrolmentArgs { id, end_date: (*end).clone(), status: (*status).clone() };
            send(api::close_enrolment(args), refusal.clone(), done.clone());
        })
    };
    let name = i18n.t(&format!("component.{}", e.component));
    html! {
        <li id={format!("enrolment-{n}")} data-id={e.id.to_string()} data-status={e.status.clone()}>
            <strong>{ name.clone() }</strong>
            { " " }{ i18n.tr("person.since", &[("date", &format_user(e.start_date))]) }
            if let Some(end) = e.end_date { { " " }{ i18n.tr("person.until", &[("date", &format_user(end))]) } }
            { " · " }<span class="badge">{ i18n.t(&format!("person_status.{}", e.status)) }</span>
            if e.end_date.is_none() {
                <form class="inline-form" onsubmit={close} aria-label={i18n.tr("programme.close_of", &[("component", &name)])}>
                    <div class="field">
                        <label for={format!("enrolment-{n}-end")}>{ i18n.t("programme.end_date") }</label>
                        <input id={format!("enrolment-{n}-end")} type="text" autocomplete="off" placeholder="dd/mm/aaaa" value={(*end).clone()} oninput={input(&end)} />
                    </div>
                    <div class="field">
                        <label for={format!("enrolment-{n}-status")}>{ i18n.t("programme.end_status") }</label>
                        <select id={format!("enrolment-{n}-status")} onchange={choice(&status)}>
                            { for CLOSING.iter().map(|s| html! {
                                <option value={*s} selected={*status == *s}>{ i18n.t(&format!("person_status.{s}")) }</option>
                            }) }
                        </select>
                    </div>
                    <button id={format!("enrolment-{n}-close")} type="submit">{ i18n.t("programme.close") }</button>
                </form>
                { refusal_line(&format!("enrolment-{n}-error"), &refusal, &i18n) }
            }
        </li>
    }
}
