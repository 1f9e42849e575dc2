//! The «Datos» screen's import of people from a spreadsheet (.xlsx, .ods, .csv): a preview first, row by row (who
//! is added, who is updated and with what, who is skipped and why, which rows are wrong), then the import of
//! exactly that, in one transaction.

use reintegra_core::wire::ApiError;
use reintegra_core::wire::data::{ImportCounts, ImportPreview, ImportRow};
use yew::prelude::*;

use crate::api;
use crate::components::path_picker::{PathPicker, PickMode};
use crate::i18n::{I18n, use_i18n};

/// Every row of the preview in the sheet's order, with what will happen to it.
fn plan_table(p: &ImportPreview, i18n: &I18n) -> Html {
    let mut rows: Vec<(&ImportRow, String, &str)> = Vec::new();
    rows.extend(p.add.iter().map(|r| (r, i18n.t("data.import_will_add"), "add")));
    rows.extend(p.update.iter().map(|r| {
        let fields: Vec<String> = r.fields.iter().map(|f| i18n.t(&format!("column.{f}"))).collect();
        (r, i18n.tr("data.import_will_update", &[("fields", &fields.join(", "))]), "update")
    }));
    rows.extend(p.skip.iter().map(|r| (r, i18n.t(r.reason.as_deref().unwrap_or("data.import_will_skip")), "skip")));
    rows.sort_by_key(|r| r.0.line);
    html! {
        <table id="data-import-rows" class="list">
            <caption class="note">{ i18n.t("data.import_rows_caption") }</caption>
            <thead><tr>
                <th scope="col">{ i18n.t("data.import_line") }</th>
                <th scope="col">{ i18n.t("data.import_person") }</th>
                <th scope="col">{ i18n.t("data.import_what") }</th>
            </tr></thead>
            <tbody>
                { for rows.into_iter().map(|(r, what, kind)| html! {
                    <tr id={format!("data-import-row-{}", r.line)} data-kind={kind}>
                        <td>{ r.line }</td><td>{ &r.name }</td><td>{ what }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

#[component]
pub fn DataImport() -> Html {
    let i18n = use_i18n();
    let path = use_state(String::new);
    let preview = use_state(|| None::<Result<ImportPreview, ApiError>>);
    let done = use_state(|| None::<Result<ImportCounts, ApiError>>);
    let busy = use_state(|| false);

    let on_path = {
        let (path, preview, done) = (path.clone(), preview.clone(), done.clone());
        Callback::from(move |v: String| {
            path.set(v);
            preview.set(None);
            done.set(None);
        })
    };
    let on_preview = {
        let (path, preview, done, busy) = (path.clone(), preview.clone(), done.clone(), busy.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (file, preview, busy) = ((*path).clone(), preview.clone(), busy.clone());
            done.set(None);
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                preview.set(Some(api::preview_import(file).await));
                busy.set(false);
            });
        })
    };
    let counts = match &*preview {
        Some(Ok(p)) => Some(p.counts()),
        _ => None,
    };
    let on_apply = {
        let (path, preview, done, busy) = (path.clone(), preview.clone(), done.clone(), busy.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(expect) = counts else { return };
            let (file, preview, done, busy) = ((*path).clone(), preview.clone(), done.clone(), busy.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let answer = api::apply_import(file, expect).await;
                if answer.is_ok() {
                    preview.set(None);
                }
                done.set(Some(answer));
                busy.set(false);
            });
        })
    };
    let n = |v: usize| v.to_string();
    let plan = match &*preview {
        None => html! {},
        Some(Err(e)) => html! { <p id="data-import-error" class="error" role="alert">{ e.message(i18n.lang) }</p> },
        Some(Ok(p)) => {
            let c = p.counts();
            let blocked = !p.invalid.is_empty() || c.add + c.update == 0;
            html! {
                <div id="data-import-plan">
                    <p id="data-import-summary" class="status" role="status">
                        { i18n.tr("data.import_summary", &[("rows", &n(p.rows)), ("add", &n(c.add)),
                            ("update", &n(c.update)), ("skip", &n(c.skip))]) }
                    </p>
                    if !p.invalid.is_empty() {
                        <div class="warning" role="alert">
                            <p>{ i18n.tr("data.import_invalid", &[("count", &n(p.invalid.len()))]) }</p>
                            <ul id="data-import-invalid">
                                { for p.invalid.iter().map(|e| html! {
                                    <li id={format!("data-import-invalid-{}", e.line)}>
                                        { i18n.tr("cli.import.invalid", &[("line", &n(e.line)), ("reason", &e.error.message(i18n.lang))]) }
                                    </li>
                                }) }
                            </ul>
                        </div>
                    }
                    { plan_table(p, &i18n) }
                    <div class="actions">
                        <button id="data-import-apply" class="primary" type="button" onclick={on_apply}
                            disabled={blocked || *busy}>
                            { i18n.tr("data.import_apply", &[("count", &n(c.add + c.update))]) }
                        </button>
                    </div>
                </div>
            }
        }
    };
    html! {
        <section class="card" aria-labelledby="data-import-title">
            <h3 id="data-import-title">{ i18n.t("data.import_title") }</h3>
            <p class="note">{ i18n.t("data.import_intro") }</p>
            <form onsubmit={on_preview}>
                <PathPicker id="data-import-path" label={i18n.t("data.import_path")} value={(*path).clone()}
                    required=true on_change={on_path}
                    mode={PickMode::Open { extensions: vec!["xlsx".into(), "ods".into(), "csv".into()] }} />
                <div class="actions">
                    <button id="data-import-preview" type="submit" disabled={*busy}>{ i18n.t("data.import_preview") }</button>
                </div>
            </form>
            { plan }
            { match &*done {
                None => html! {},
                Some(Ok(c)) => html! {
                    <p id="data-import-done" class="status ok" role="status">
                        { i18n.tr("data.import_done", &[("add", &n(c.add)), ("update", &n(c.update)), ("skip", &n(c.skip))]) }
                    </p>
                },
                Some(Err(e)) => html! { <p id="data-import-error" class="error" role="alert">{ e.message(i18n.lang) }</p> },
            } }
        </section>
    }
}
