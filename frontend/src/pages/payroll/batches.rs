//! The «Lotes» tab of the payroll screen: after approval, the month's payments in a batch per delivery method (each
//! written as the cash list to sign or the provider's file, which marks its payments sent), the cash list taken
//! back, and a provider's results file imported. Every act reads the month's payments again.

use reintegra_core::month::Month;
use reintegra_core::wire::ApiError;
use reintegra_core::wire::payments::PaymentsMonth;
use yew::prelude::*;

use crate::api::payments as api;
use crate::components::cash_return::CashReturn;
use crate::components::payment_batch::BatchCard;
use crate::components::payments_table::payments_table;
use crate::components::results_import::ResultsImportCard;
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub month: Month,
    /// The folder the payroll's files are offered in (the batches' default paths go there).
    pub folder: String,
}

#[component]
pub fn BatchesTab(props: &Props) -> Html {
    let i18n = use_i18n();
    let view = use_state(|| None::<Result<PaymentsMonth, ApiError>>);
    // Bumped by every act: the payments are read again.
    let version = use_state(|| 0u32);
    {
        let view = view.clone();
        use_effect_with((props.month, *version), move |(month, _)| {
            let month = *month;
            wasm_bindgen_futures::spawn_local(async move {
                view.set(Some(api::payments_month(month).await));
            });
        });
    }
    let changed = {
        let version = version.clone();
        Callback::from(move |_| version.set(*version + 1))
    };
    let body = match &*view {
        None => html! { <p class="loading">{ i18n.t("app.loading") }</p> },
        Some(Err(e)) => html! { <p id="batches-error" class="error" role="alert">{ e.message(i18n.lang) }</p> },
        Some(Ok(v)) if v.payments.is_empty() => {
            html! { <p id="batches-empty" class="card">{ i18n.t("batches.empty") }</p> }
        }
        Some(Ok(v)) => html! {
            <>
            <div class="columns spaced-card">
                { for v.batches.iter().map(|b| html! {
                    <BatchCard key={b.method.code()} month={props.month} batch={b.clone()}
                        folder={props.folder.clone()} on_written={changed.clone()} />
                }) }
            </div>
            <CashReturn month={props.month} payments={v.payments.clone()} on_saved={changed.clone()} />
            <div class="card spaced-card">
                <h3>{ i18n.t("payments.title") }</h3>
                { payments_table(&v.payments, v.month, &i18n) }
            </div>
            </>
        },
    };
    html! {
        <div id="batches" class="batches">
            <h3 id="batches-title">{ i18n.tr("batches.title", &[("month", &i18n.month(props.month))]) }</h3>
            <p class="note">{ i18n.t("batches.note") }</p>
            { body }
            <ResultsImportCard on_imported={changed} />
        </div>
    }
}
