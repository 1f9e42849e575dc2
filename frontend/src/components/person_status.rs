//! "Estado en el programa" on a person's page: the programme status and the assigned worker, changed together.

use reintegra_core::programme::PERSON_STATUSES;
use reintegra_core::wire::programme::{PersonProgramme, ProgrammeStatusArgs};
use yew::prelude::*;

use super::programme_parts::{choice, input, refusal_line, send};
use crate::api::programme as api;
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub programme: PersonProgramme,
    pub on_saved: Callback<()>,
}

#[component]
pub fn PersonStatus(props: &Props) -> Html {
    let i18n = use_i18n();
    let p = &props.programme;
    let status = use_state(|| p.status.clone().unwrap_or_default());
    let worker = use_state(|| p.assigned_worker.clone().unwrap_or_default());
    let refusal = use_state(|| None);
    let saved = use_state(|| false);
    let save = {
        let (status, worker, refusal, saved, done, person) =
            (status.clone(), worker.clone(), refusal.clone(), saved.clone(), props.on_saved.clone(), p.person_id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let args = ProgrammeStatusArgs { person, status: (*status).clone(), worker: (*worker).clone() };
            let saved = saved.clone();
            send(api::set_programme_status(args), refusal.clone(), done.reform(move |_| saved.set(true)));
        })
    };
    html! {
        <section aria-labelledby="status-title" class="card spaced-card">
            <h3 id="status-title">{ i18n.t("programme.status_title") }</h3>
            <form id="status-form" class="inline-form" onsubmit={save}>
                <div class="field">
                    <label for="status-value">{ i18n.t("person.status") }</label>
                    <select id="status-value" onchange={choice(&status)}>
                        <option value="" selected={status.is_empty()}>{ i18n.t("form.choose") }</option>
                        { for PERSON_STATUSES.iter().map(|s| html! {
                            <option value={*s} selected={*status == *s}>{ i18n.t(&format!("person_status.{s}")) }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="status-worker">{ i18n.t("person.worker") }</label>
                    <input id="status-worker" type="text" autocomplete="off" value={(*worker).clone()} oninput={input(&worker)} />
                </div>
                <button id="status-save" type="submit">{ i18n.t("form.save") }</button>
            </form>
            if *saved && refusal.is_none() {
                <p id="status-saved" class="note" role="status">{ i18n.t("programme.saved") }</p>
            }
            { refusal_line("status-error", &refusal, &i18n) }
        </section>
    }
}
