//! The «Conciliación» tab: every payment's standing for the donor (approved, sent, paid, failed, cancelled,
//! pending, arrears outstanding; counts and USD), by month or by municipality, and what was paid against the
//! budget; written as a PDF where the person chooses. Ids: `#recon-by`, `#recon-table` (rows `tr[data-group]`, cells
//! `td[data-col][data-count][data-usd]`), `#recon-total`, `#recon-budget`, `#recon-pdf-path`, `#recon-pdf-write`,
//! `#recon-pdf-result`.

use reintegra_core::wire::ApiError;
use reintegra_core::wire::payments::{ReconArgs, ReconBy, ReconPdfArgs, Reconciliation};
use yew::prelude::*;

use crate::api::payments as api;
use crate::components::field::SelectField;
use crate::components::path_picker::{PathPicker, PickMode};
use crate::components::payroll_tables::result_line;
use crate::components::recon_table::recon_table;
use crate::i18n::{today, use_i18n};

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The folder the payroll's files are offered in (the PDF's default path goes there).
    pub folder: String,
}

#[component]
pub fn ReconciliationTab(props: &Props) -> Html {
    let i18n = use_i18n();
    let by = use_state(ReconBy::default);
    let view = use_state(|| None::<Result<Reconciliation, ApiError>>);
    let path = use_state(|| {
        let sep = if props.folder.contains('\\') && !props.folder.contains('/') { '\\' } else { '/' };
        format!("{}{sep}conciliacion-{}.pdf", props.folder.trim_end_matches(['/', '\\']), today())
    });
    let result = use_state(|| None::<Result<String, ApiError>>);
    {
        let view = view.clone();
        use_effect_with(*by, move |by| {
            let by = *by;
            wasm_bindgen_futures::spawn_local(async move {
                view.set(Some(api::reconciliation(ReconArgs { by }).await));
            });
        });
    }
    let on_by = {
        let by = by.clone();
        Callback::from(move |v: String| {
            by.set(if v == "municipality" { ReconBy::Municipality } else { ReconBy::Month })
        })
    };
    let on_pdf = {
        let (by, path, result, i18n) = (by.clone(), path.clone(), result.clone(), i18n.clone());
        Callback::from(move |_: MouseEvent| {
            let args = ReconPdfArgs { by: *by, path: (*path).clone(), lang: i18n.lang };
            let (result, i18n) = (result.clone(), i18n.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let answer = api::write_reconciliation_pdf(args).await;
                result.set(Some(
                    answer.map(|d| i18n.tr("recon.pdf_done", &[("path", &d.path), ("pages", &d.pages.to_string())])),
                ));
            });
        })
    };
    let options: Vec<(AttrValue, AttrValue)> = ["month", "municipality"]
        .into_iter()
        .map(|c| (AttrValue::from(c), AttrValue::from(i18n.t(&format!("recon.by.{c}")))))
        .collect();
    let by_code = if *by == ReconBy::Municipality { "municipality" } else { "month" };
    let default_name = path.rsplit(['/', '\\']).next().unwrap_or_default().to_owned();
    html! {
        <div id="reconciliation" class="reconciliation">
            <h3 id="recon-title">{ i18n.t("recon.title") }</h3>
            <p class="note">{ i18n.t("recon.note") }</p>
            <div class="card">
                <SelectField id="recon-by" label={i18n.t("recon.by")} value={by_code} {options}
                    placeholder={i18n.t("recon.by.month")} onchange={on_by} />
                { match &*view {
                    None => html! { <p class="loading">{ i18n.t("app.loading") }</p> },
                    Some(Err(e)) => html! { <p id="recon-error" class="error" role="alert">{ e.message(i18n.lang) }</p> },
                    Some(Ok(r)) => recon_table(r, &i18n),
                } }
            </div>
            <div class="card spaced-card">
                <h3>{ i18n.t("recon.pdf_title") }</h3>
                <PathPicker id="recon-pdf-path" label={i18n.t("recon.pdf_path")} value={(*path).clone()}
                    mode={PickMode::Save { default_name, extensions: vec!["pdf".into()] }}
                    on_change={Callback::from({ let path = path.clone(); move |p: String| path.set(p) })} />
                <div class="actions">
                    <button id="recon-pdf-write" onclick={on_pdf}>{ i18n.t("recon.pdf_write") }</button>
                </div>
                { result_line("recon-pdf-result", &result, &i18n) }
            </div>
        </div>
    }
}
