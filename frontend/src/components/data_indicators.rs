//! The progress screen's «indicators as a workbook»: the figures the screen shows (as `reintegra report indicators
//! --by …` computes them), for the whole programme and by municipality or month, written as an .xlsx with words in
//! its headers.

use reintegra_core::wire::ApiError;
use reintegra_core::wire::args::IndicatorsWorkbookArgs;
use reintegra_core::wire::data::ExportWritten;
use reintegra_core::wire::desk::ReportBy;
use yew::prelude::*;

use crate::api;
use crate::components::field::SelectField;
use crate::components::path_picker::{PathPicker, PickMode};
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct IndicatorsWorkbookProps {
    /// The share of the curriculum that makes a relative "trained", as the screen shows it.
    pub share: u32,
}

#[component]
pub fn IndicatorsWorkbook(props: &IndicatorsWorkbookProps) -> Html {
    let i18n = use_i18n();
    let by = use_state(|| "municipality".to_owned());
    let path = use_state(String::new);
    let result = use_state(|| None::<Result<ExportWritten, ApiError>>);
    let busy = use_state(|| false);
    let on_write = {
        let (by, path, result, busy, share, lang) =
            (by.clone(), path.clone(), result.clone(), busy.clone(), props.share, i18n.lang);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let by = match by.as_str() {
                "month" => ReportBy::Month,
                "total" => ReportBy::Total,
                _ => ReportBy::Municipality,
            };
            let args = IndicatorsWorkbookArgs { path: (*path).clone(), by, share, lang };
            let (result, busy) = (result.clone(), busy.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                result.set(Some(api::indicators_workbook(args).await));
                busy.set(false);
            });
        })
    };
    let options: Vec<(AttrValue, AttrValue)> = [
        ("municipality", "desk.workbook_by_municipality"),
        ("month", "desk.workbook_by_month"),
        ("total", "desk.workbook_total"),
    ]
    .iter()
    .map(|(v, k)| (AttrValue::from(*v), AttrValue::from(i18n.t(k))))
    .collect();
    html! {
        <section class="card" aria-labelledby="desk-workbook-title">
            <h3 id="desk-workbook-title">{ i18n.t("desk.workbook_title") }</h3>
            <form onsubmit={on_write}>
                <SelectField id="desk-workbook-by" label={i18n.t("desk.workbook_by")} value={AttrValue::from((*by).clone())}
                    placeholder={i18n.t("desk.workbook_choose")} {options} required=true
                    onchange={Callback::from({ let by = by.clone(); move |v: String| if !v.is_empty() { by.set(v) } })} />
                <PathPicker id="desk-workbook-path" label={i18n.t("desk.workbook_path")} value={(*path).clone()} required=true
                    mode={PickMode::Save { default_name: "indicadores.xlsx".into(), extensions: vec!["xlsx".into()] }}
                    on_change={Callback::from({ let path = path.clone(); move |v| path.set(v) })} />
                <div class="actions">
                    <button id="desk-workbook" type="submit" disabled={*busy}>{ i18n.t("desk.workbook_write") }</button>
                </div>
            </form>
            { match &*result {
                None => html! {},
                Some(Ok(done)) => html! {
                    <p id="desk-workbook-done" class="status ok" role="status">
                        { i18n.tr("desk.workbook_done", &[("path", &done.path)]) }
                    </p>
                },
                Some(Err(e)) => html! { <p id="desk-workbook-error" class="error" role="alert">{ e.message(i18n.lang) }</p> },
            } }
        </section>
    }
}
