//! «Datos»: records out of the window (the anonymous workbook, or the personal archive behind a password) and a
//! spreadsheet of people in, previewed before anything is written. Both through the same functions as
//! `reintegra export` and `reintegra import-csv`.

use yew::prelude::*;

use crate::components::data_export::DataExport;
use crate::components::data_import::DataImport;
use crate::i18n::use_i18n;

#[component]
pub fn DataPage() -> Html {
    let i18n = use_i18n();
    html! {
        <section class="page data" aria-labelledby="data-title">
            <h2 id="data-title">{ i18n.t("data.title") }</h2>
            <p class="intro">{ i18n.t("data.intro") }</p>
            <div class="columns">
                <DataExport />
                <DataImport />
            </div>
        </section>
    }
}
