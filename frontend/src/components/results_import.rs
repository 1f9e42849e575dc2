//! A provider's results file imported: each line matched by its reference to a sent payment; what was applied and
//! what was not (the mismatches, with the line, the reference and why) are listed. Importing the same file again
//! changes nothing; a file that cannot be read is refused whole, with the line and the reason. Ids:
//! `#results-path`, `#results-import`, `#results-result`, `#results-applied` and `#results-mismatches` (rows
//! `tr[data-line][data-reference]`, the mismatches with `data-why`).

use reintegra_core::wire::ApiError;
use reintegra_core::wire::payments::ResultsImport;
use yew::prelude::*;

use crate::api::payments as api;
use crate::components::path_picker::{PathPicker, PickMode};
use crate::i18n::{I18n, use_i18n};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_imported: Callback<()>,
}

#[component]
pub fn ResultsImportCard(props: &Props) -> Html {
    let i18n = use_i18n();
    let path = use_state(String::new);
    let busy = use_state(|| false);
    let result = use_state(|| None::<Result<ResultsImport, ApiError>>);
    let on_import = {
        let (path, busy, result, on_imported) = (path.clone(), busy.clone(), result.clone(), props.on_imported.clone());
        Callback::from(move |_: MouseEvent| {
            let (p, busy, result, on_imported) = ((*path).clone(), busy.clone(), result.clone(), on_imported.clone());
            busy.set(true);
            result.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                let answer = api::import_payment_results(p).await;
                busy.set(false);
                let applied = answer.as_ref().is_ok_and(|r| !r.applied.is_empty());
                result.set(Some(answer));
                if applied {
                    on_imported.emit(());
                }
            });
        })
    };
    html! {
        <div id="results-card" class="card spaced-card">
            <h3>{ i18n.t("results.title") }</h3>
            <p class="note">{ i18n.t("results.note") }</p>
            <PathPicker id="results-path" label={i18n.t("results.path")} value={(*path).clone()}
                mode={PickMode::Open { extensions: vec!["csv".into()] }}
                on_change={Callback::from({ let path = path.clone(); move |p: String| path.set(p) })} />
            <div class="actions">
                <button id="results-import" disabled={*busy || path.trim().is_empty()} onclick={on_import}>
                    { i18n.t("results.import") }
                </button>
            </div>
            { match &*result {
                None => html! {},
                Some(Err(e)) => html! { <p id="results-result" class="error" role="alert">{ e.message(i18n.lang) }</p> },
                Some(Ok(r)) => outcome(r, &i18n),
            } }
        </div>
    }
}

fn outcome(r: &ResultsImport, i18n: &I18n) -> Html {
    let summary = i18n.tr(
        "results.done",
        &[("applied", &r.applied.len().to_string()), ("mismatches", &r.mismatches.len().to_string())],
    );
    html! {
        <>
        <p id="results-result" class="status ok" role="status">{ summary }</p>
        if !r.unchanged.is_empty() {
            <p id="results-unchanged" class="note">{ i18n.tr("results.unchanged", &[("count", &r.unchanged.len().to_string())]) }</p>
        }
        if !r.applied.is_empty() {
            <h4>{ i18n.t("results.applied") }</h4>
            <table id="results-applied" class="list">
                <thead><tr>
                    <th scope="col" class="num">{ i18n.t("results.col.line") }</th>
                    <th scope="col">{ i18n.t("results.col.reference") }</th>
                    <th scope="col">{ i18n.t("results.col.status") }</th>
                </tr></thead>
                <tbody>
                { for r.applied.iter().map(|a| html! {
                    <tr data-line={a.line.to_string()} data-reference={a.reference.clone()} data-status={a.status.code()}>
                        <td class="num">{ a.line }</td>
                        <td class="mono">{ a.reference.clone() }</td>
                        <td>{ i18n.t(&format!("payment.status.{}", a.status.code())) }</td>
                    </tr>
                }) }
                </tbody>
            </table>
        }
        if !r.mismatches.is_empty() {
            <h4>{ i18n.t("results.mismatches") }</h4>
            <table id="results-mismatches" class="list">
                <thead><tr>
                    <th scope="col" class="num">{ i18n.t("results.col.line") }</th>
                    <th scope="col">{ i18n.t("results.col.reference") }</th>
                    <th scope="col">{ i18n.t("results.col.why") }</th>
                </tr></thead>
                <tbody>
                { for r.mismatches.iter().map(|m| html! {
                    <tr data-line={m.line.to_string()} data-reference={m.reference.clone()} data-why={m.why.clone()}>
                        <td class="num">{ m.line }</td>
                        <td class="mono">{ m.reference.clone() }</td>
                        <td>{ i18n.t(&format!("results.why.{}", m.why)) }</td>
                    </tr>
                }) }
                </tbody>
            </table>
        }
        </>
    }
}
