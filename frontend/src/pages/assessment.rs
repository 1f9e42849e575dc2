//! Administering one instrument to a person (#16): during a home visit (the visit's "save and assess" carries it
//! here), during a case-management session, or on its own from the person's page. Every item is a radio group
//! answered by keyboard; the score and its band follow the answers (the core's own scoring); an answer that meets a
//! safety rule shows the safety protocol at once. A draft is kept in the encrypted store until saved.

use reintegra_core::assessments::{check_answers, score};
use reintegra_core::date::{format_user, parse_user};
use reintegra_core::wire::assessments::{InstrumentInfo, SaveAssessmentArgs};
use reintegra_core::{FieldErrors, wire::ApiError};
use yew::prelude::*;

use crate::api;
use crate::components::assessment_items::AssessmentItems;
use crate::components::assessment_result::AssessmentResult;
use crate::components::choices::TextArea;
use crate::components::draft::DraftOffer;
use crate::components::field::{FormErrors, SelectField, TextField};
use crate::components::safety_protocol::SafetyProtocol;
use crate::hooks::form::{After, use_form};
use crate::hooks::load::use_load;
use crate::i18n::{today, use_i18n};
use crate::screen::{AssessFor, Screen, use_navigator};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub to: AssessFor,
}

/// The form's own errors: the instrument chosen, a date that reads and is not in the future, answers on the scale.
fn check(f: &SaveAssessmentArgs, instruments: &[InstrumentInfo]) -> FieldErrors {
    let mut errors = FieldErrors::default();
    match instruments.iter().find(|i| i.definition.code == f.instrument) {
        Some(i) => {
            if let Err(e) = check_answers(&i.definition, &f.answers) {
                errors = e;
            }
        }
        None if !instruments.is_empty() => errors.push("instrument", "error.required"),
        None => {}
    }
    match parse_user(f.date.trim()) {
        None if f.date.trim().is_empty() => errors.push("date", "error.required"),
        None => errors.push("date", "error.date_invalid"),
        Some(d) if d > today() => errors.push("date", "error.date_future"),
        Some(_) => {}
    }
    errors
}

#[component]
pub fn AssessmentPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let to = props.to;
    let person = to.person;
    let instruments = use_load((), |_| api::assessments::instruments());
    let name = use_load(person, |id| async move { api::person_view(id).await.map(|v| v.person.full_name()) });
    let list: Vec<InstrumentInfo> = match &*instruments {
        Some(Ok(l)) => l.clone(),
        _ => Vec::new(),
    };
    let fresh = SaveAssessmentArgs {
        person_id: person,
        date: format_user(today()),
        home_visit_id: to.home_visit,
        session_id: to.session,
        ..Default::default()
    };
    let within = to.home_visit.or(to.session).map_or_else(|| "own".to_owned(), |id| id.to_string());
    let checked = list.clone();
    let form = use_form(format!("assessment:{person}:{within}"), Some(fresh), move |f: &SaveAssessmentArgs| {
        check(f, &checked)
    });
    let onsubmit = form.onsubmit(api::assessments::save_assessment, move |_| After::Go(Screen::Person(person)));
    let on_refer = form
        .submit(|v, ()| api::assessments::save_assessment(v), move |_| After::Go(Screen::SafetyReferral(person)))
        .reform(|_: MouseEvent| ());
    let on_answer = form.edit("answers", |f: &mut SaveAssessmentArgs, (code, value): (String, Option<i64>)| {
        f.answers.insert(code, value);
    });
    let v = form.value();
    let chosen = list.iter().find(|i| i.definition.code == v.instrument).cloned();
    let scored = chosen.as_ref().map(|i| score(&i.definition, &v.answers));
    let shown_name = name.as_ref().and_then(|n| n.as_ref().ok()).cloned().unwrap_or_default();
    let load_error: Option<ApiError> = [
        instruments.as_ref().and_then(|r| r.as_ref().err()).cloned(),
        name.as_ref().and_then(|r| r.as_ref().err()).cloned(),
    ]
    .into_iter()
    .flatten()
    .next();
    let options = list
        .iter()
        .map(|i| {
            (AttrValue::from(i.definition.code.clone()), AttrValue::from(i.definition.name.get(i18n.lang).to_owned()))
        })
        .collect::<Vec<_>>();
    let busy = form.state().busy;

    html! {
        <section class="card assessment" aria-labelledby="assessment-title">
            <h2 id="assessment-title">{ i18n.tr("assessment.title", &[("name", &shown_name)]) }</h2>
            if to.home_visit.is_some() { <p id="assessment-context" class="note">{ i18n.t("assessment.during_visit") }</p> }
            if to.session.is_some() { <p id="assessment-context" class="note">{ i18n.t("assessment.during_session") }</p> }
            if let Some(e) = load_error { <p class="error" role="alert">{ e.message(i18n.lang) }</p> }
            <DraftOffer draft={form.draft.clone()} />
            <form id="assessment-form" {onsubmit} novalidate=true>
                <div class="grid">
                    <SelectField id="a-instrument" label={i18n.t("assessment.instrument")} value={v.instrument.clone()}
                        required=true {options} placeholder={i18n.t("form.choose")} error={form.error_for("instrument")}
                        onchange={form.edit("instrument", |f: &mut SaveAssessmentArgs, code: String| {
                            // Another instrument's answers mean nothing here.
                            if f.instrument != code { f.answers.clear(); }
                            f.instrument = code;
                        })} />
                    <TextField id="a-date" label={i18n.t("assessment.date")} value={v.date.clone()} required=true
                        placeholder={AttrValue::from("dd/mm/aaaa")} error={form.error_for("date")}
                        oninput={form.edit("date", |f: &mut SaveAssessmentArgs, d| f.date = d)} />
                </div>
                { match &chosen {
                    None => html! { <p id="a-choose-first" class="note">{ i18n.t("assessment.choose_first") }</p> },
                    Some(info) => html! { <>
                        if !info.validated_es && i18n.lang == reintegra_core::i18n::Lang::Es {
                            <p id="a-not-validated" class="note">{ i18n.t("assessment.not_validated_note") }</p>
                        }
                        <AssessmentItems instrument={info.definition.clone()} answers={v.answers.clone()}
                            onchange={on_answer} />
                        <p class="note source">{ i18n.tr("assessment.source",
                            &[("source", info.definition.source.trim_end_matches('.')), ("licence", &info.definition.licence)]) }</p>
                    </> },
                } }
                if let (Some(info), Some(s)) = (&chosen, &scored) {
                    if !s.alerts.is_empty() {
                        <SafetyProtocol alerts={s.alerts.clone()} on_refer={on_refer} {busy} />
                    }
                    <AssessmentResult instrument={info.definition.clone()} scored={s.clone()}
                        refused={v.answers.values().filter(|a| a.is_none()).count()} />
                }
                <TextArea id="a-notes" label={i18n.t("assessment.notes")} value={v.notes.clone()}
                    error={form.error_for("notes")} oninput={form.edit("notes", |f: &mut SaveAssessmentArgs, n| f.notes = n)} />
                <FormErrors summary={form.shows_summary()} error={form.state().general_error().cloned()} />
                <div class="actions">
                    <button id="save-assessment" type="submit" class="primary" disabled={busy}>{ i18n.t("assessment.save") }</button>
                    <button id="cancel-assessment" type="button" onclick={navigator.to(Screen::Person(person))}>
                        { i18n.t("form.cancel") }
                    </button>
                </div>
            </form>
        </section>
    }
}
