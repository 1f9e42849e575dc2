//! The coordinator's "Alertas de seguridad" (#16): every safety alert raised by an assessment that nobody has yet
//! recorded what was done about (they arrive from the laptops with the bundles). Recording what was done (the
//! action, its date, notes) closes the alert, on this file and, with the next bundle, everywhere.

use reintegra_core::date::format_user;
use reintegra_core::wire::ApiError;
use reintegra_core::wire::assessments::{AlertFollowupArgs, FOLLOWUP_ACTIONS, OpenAlert};
use yew::prelude::*;

use crate::api;
use crate::components::choices::{TextArea, codes};
use crate::components::field::{SelectField, TextField};
use crate::hooks::load::use_load;
use crate::i18n::{today, use_i18n};
use crate::screen::{Screen, use_navigator};

#[derive(Properties, PartialEq)]
struct RowProps {
    index: usize,
    alert: OpenAlert,
    /// The instrument's name in the interface's language.
    instrument: String,
    on_closed: Callback<()>,
}

#[component]
fn AlertRow(props: &RowProps) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let a = &props.alert;
    let id = format!("alert-{}", props.index);
    let args = use_state(|| AlertFollowupArgs {
        assessment_id: a.assessment_id,
        alert: a.alert.clone(),
        date: format_user(today()),
        ..Default::default()
    });
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let set = |f: fn(&mut AlertFollowupArgs, String)| {
        let args = args.clone();
        Callback::from(move |v: String| {
            let mut next = (*args).clone();
            f(&mut next, v);
            args.set(next);
        })
    };
    let onsubmit = {
        let (args, error, busy, done) = (args.clone(), error.clone(), busy.clone(), props.on_closed.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (sent, error, busy, done) = ((*args).clone(), error.clone(), busy.clone(), done.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api::assessments::record_alert_followup(sent).await {
                    Ok(_) => done.emit(()),
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        })
    };
    let raised = i18n.tr(
        "alerts.raised",
        &[
            ("alert", &i18n.t(&format!("alert.{}", a.alert))),
            ("instrument", &props.instrument),
            ("date", &format_user(a.date)),
        ],
    );
    let person = a.person_id;
    html! {
        <li {id} class="alert-item" data-person={a.person_id.to_string()} data-alert={a.alert.clone()}
            data-assessment={a.assessment_id.to_string()}>
            <p>
                <button class="link-name" onclick={navigator.to(Screen::Person(person))}>{ a.person_name.clone() }</button>
                { format!(" · {}", a.municipality) }
                { a.assigned_worker.as_ref().map(|w| format!(" · {w}")).unwrap_or_default() }
            </p>
            <p class="alert-raised"><strong>{ raised }</strong></p>
            <form id={format!("alert-{}-form", props.index)} onsubmit={onsubmit} novalidate=true>
                <div class="grid">
                    <SelectField id={AttrValue::from(format!("alert-{}-action", props.index))} label={i18n.t("alerts.action")}
                        value={args.action.clone()} required=true options={codes(&i18n, "alert_action", FOLLOWUP_ACTIONS)}
                        placeholder={i18n.t("form.choose")} onchange={set(|f, v| f.action = v)} />
                    <TextField id={AttrValue::from(format!("alert-{}-date", props.index))} label={i18n.t("alerts.date")}
                        value={args.date.clone()} required=true placeholder={AttrValue::from("dd/mm/aaaa")}
                        oninput={set(|f, v| f.date = v)} />
                </div>
                <TextArea id={AttrValue::from(format!("alert-{}-notes", props.index))} label={i18n.t("assessment.notes")}
                    value={args.notes.clone()} oninput={set(|f, v| f.notes = v)} />
                if let Some(e) = &*error { <p class="error" role="alert">{ e.message(i18n.lang) }</p> }
                <button id={format!("alert-{}-close", props.index)} type="submit" class="primary" disabled={*busy}>
                    { i18n.t("alerts.close") }
                </button>
            </form>
        </li>
    }
}

#[component]
pub fn SafetyAlerts() -> Html {
    let i18n = use_i18n();
    let revision = use_state(|| 0u32);
    let closed = use_state(|| false);
    let alerts = use_load(*revision, |_| api::assessments::open_alerts());
    let names = use_load((), |_| api::assessments::instruments());
    let name = |code: &str| {
        match &*names {
            Some(Ok(l)) => {
                l.iter().find(|i| i.definition.code == code).map(|i| i.definition.name.get(i18n.lang).to_owned())
            }
            _ => None,
        }
        .unwrap_or_else(|| code.to_owned())
    };
    let on_closed = {
        let (revision, closed) = (revision.clone(), closed.clone());
        Callback::from(move |_| {
            closed.set(true);
            revision.set(*revision + 1);
        })
    };
    html! {
        <section class="card safety-alerts" aria-labelledby="alerts-title">
            <h3 id="alerts-title">{ i18n.t("alerts.title") }</h3>
            if *closed { <p id="alerts-closed" role="status">{ i18n.t("alerts.closed") }</p> }
            { match &*alerts {
                None => html! { <p class="loading">{ i18n.t("app.loading") }</p> },
                Some(Err(e)) => html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
                Some(Ok(l)) if l.is_empty() => html! { <p id="alerts-empty">{ i18n.t("alerts.empty") }</p> },
                Some(Ok(l)) => html! {
                    <ul id="safety-alerts" class="plain">
                        { for l.iter().enumerate().map(|(index, a)| html! {
                            <AlertRow key={format!("{}-{}", a.assessment_id, a.alert)} {index} alert={a.clone()}
                                instrument={name(&a.instrument)}
                                on_closed={on_closed.clone()} />
                        }) }
                    </ul>
                },
            } }
        </section>
    }
}
