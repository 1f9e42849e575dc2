//! The central file's "Instrumentos" tab (#16): the assessment instruments in force, shipped with the app or defined
//! by the programme, with their version, source, licence and whether their Spanish is a validated version; and the
//! loading of a definition file (chosen with the system dialog), saved as a record that travels to the laptops, or
//! refused with the reason (nothing saved).

use reintegra_core::wire::ApiError;
use reintegra_core::wire::assessments::{InstrumentInfo, InstrumentOrigin};
use yew::prelude::*;

use crate::api;
use crate::components::path_picker::{PathPicker, PickMode};
use crate::hooks::load::use_load;
use crate::i18n::{I18n, use_i18n};

fn table(list: &[InstrumentInfo], i18n: &I18n) -> Html {
    html! {
        <table class="list" id="instruments-table">
            <thead><tr>
                <th scope="col">{ i18n.t("instruments.col_code") }</th>
                <th scope="col">{ i18n.t("instruments.col_name") }</th>
                <th scope="col">{ i18n.t("instruments.col_version") }</th>
                <th scope="col">{ i18n.t("instruments.col_origin") }</th>
                <th scope="col">{ i18n.t("instruments.col_validation") }</th>
                <th scope="col">{ i18n.t("instruments.col_source") }</th>
            </tr></thead>
            <tbody>
                { for list.iter().map(|i| {
                    let d = &i.definition;
                    let origin = match i.origin {
                        InstrumentOrigin::Shipped => ("shipped", i18n.t("instruments.shipped")),
                        InstrumentOrigin::Programme => ("programme", i18n.t("instruments.programme")),
                    };
                    let validated = if i.validated_es { "instruments.validated" } else { "instruments.not_validated" };
                    html! {
                        <tr id={format!("instrument-{}", d.code)} data-version={d.version.to_string()}
                            data-origin={origin.0} data-validated={i.validated_es.to_string()}>
                            <th scope="row"><code>{ d.code.clone() }</code></th>
                            <td>{ d.name.get(i18n.lang).to_owned() }</td>
                            <td>{ d.version }</td>
                            <td>{ origin.1 }</td>
                            <td>{ i18n.t(validated) }</td>
                            <td class="source">{ d.source.clone() }<br />
                                <span class="note">{ d.licence.clone() }</span></td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

/// Why a definition was refused, in words: each fault the check found, or the error as it came.
fn refusal(e: &ApiError, i18n: &I18n) -> String {
    match &e.fields {
        Some(f) if !f.is_empty() => {
            let reasons = f.0.iter().map(|x| i18n.t(&x.code)).collect::<Vec<_>>().join(" ");
            i18n.tr("instruments.refused", &[("reason", &reasons)])
        }
        _ => e.message(i18n.lang),
    }
}

#[component]
pub fn InstrumentsPage() -> Html {
    let i18n = use_i18n();
    let revision = use_state(|| 0u32);
    let list = use_load(*revision, |_| api::assessments::instruments());
    let path = use_state(String::new);
    let outcome = use_state(|| None::<Result<InstrumentInfo, ApiError>>);
    let busy = use_state(|| false);
    let on_path = {
        let (path, outcome) = (path.clone(), outcome.clone());
        Callback::from(move |v: String| {
            path.set(v);
            outcome.set(None);
        })
    };
    let onsubmit = {
        let (path, outcome, busy, revision) = (path.clone(), outcome.clone(), busy.clone(), revision.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (file, outcome, busy, revision) = ((*path).clone(), outcome.clone(), busy.clone(), revision.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let answer = api::assessments::load_instrument(file).await;
                if answer.is_ok() {
                    revision.set(*revision + 1);
                }
                outcome.set(Some(answer));
                busy.set(false);
            });
        })
    };
    html! {
        <section class="page instruments-page" aria-labelledby="instruments-title">
            <h2 id="instruments-title">{ i18n.t("instruments.title") }</h2>
            { match &*list {
                None => html! { <p class="loading">{ i18n.t("app.loading") }</p> },
                Some(Err(e)) => html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
                Some(Ok(l)) => table(l, &i18n),
            } }
            <section class="card spaced-card" aria-labelledby="instrument-load-title">
                <h3 id="instrument-load-title">{ i18n.t("instruments.load_title") }</h3>
                <p class="note">{ i18n.t("instruments.load_intro") }</p>
                <form id="instrument-load-form" {onsubmit} novalidate=true>
                    <PathPicker id="instrument-path" label={i18n.t("instruments.path")} value={(*path).clone()}
                        required=true on_change={on_path} mode={PickMode::Open { extensions: vec!["json".into()] }} />
                    <div class="actions">
                        <button id="instrument-load" type="submit" class="primary" disabled={*busy || path.trim().is_empty()}>
                            { i18n.t("instruments.load") }
                        </button>
                    </div>
                </form>
                { match &*outcome {
                    None => html! {},
                    Some(Ok(i)) => html! {
                        <p id="instrument-loaded" class="status" role="status">
                            { i18n.tr("instruments.loaded", &[("code", &i.definition.code), ("version", &i.definition.version.to_string())]) }
                        </p>
                    },
                    Some(Err(e)) => html! { <p id="instrument-error" class="error" role="alert">{ refusal(e, &i18n) }</p> },
                } }
            </section>
        </section>
    }
}
