//! The monthly voucher payroll: choose a month, see who is paid and the total (arrears included), who needs a
//! review and why; export the file for the cashier, and approve (which records the payments as approved). Both acts
//! ask for confirmation first ([`acts`]); the state is one reducer ([`PayrollState`]). Two more tabs: the payroll's
//! batches and their delivery («Lotes», [`batches`]) and the reconciliation («Conciliación», [`reconciliation`]).

use reintegra_core::date::format_user;
use reintegra_core::month::Month;
use yew::prelude::*;

use crate::api;
use crate::components::field::TextField;
use crate::components::payroll_tables::{due_table, review_table};
use crate::components::voucher_decision::{DecisionAsked, opener, review_decision};
use crate::i18n::{today, use_i18n};
use crate::screen::use_navigator;
use crate::state::payroll::{PayrollAction, PayrollState};

mod acts;
mod batches;
mod reconciliation;
mod tabs;

use acts::{Acts, acts};
use batches::BatchesTab;
use reconciliation::ReconciliationTab;
use tabs::{PayrollTab, folder_of, tab_bar};

/// Reads the month's payroll into the state (an answer for a month no longer shown is dropped there).
fn load(dispatcher: UseReducerDispatcher<PayrollState>, month: Month) {
    wasm_bindgen_futures::spawn_local(async move {
        dispatcher.dispatch(PayrollAction::Loaded(month, api::payroll_view(month).await));
    });
}

#[component]
pub fn PayrollPage() -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let state = use_reducer(|| PayrollState::new(Month::of(today()).plus(-1), format_user(today())));
    let tab = use_state(|| PayrollTab::List);
    let yes_ref = use_node_ref();
    // An exemption or appeal opened from the review list, and what the last one answered.
    let decision = use_state(|| None::<DecisionAsked>);
    let decision_done = use_state(|| None::<String>);
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.month, move |m| {
            let m = *m;
            wasm_bindgen_futures::spawn_local(async move {
                dispatcher.dispatch(PayrollAction::DefaultPath(m, api::payroll_default_path(m).await));
                load(dispatcher, m);
            });
        });
    }
    {
        // Keyboard users land on the confirming button when a confirmation opens.
        let yes_ref = yes_ref.clone();
        use_effect_with(state.confirm, move |_| {
            if let Some(el) = yes_ref.cast::<web_sys::HtmlElement>() {
                // Focus only moves the cursor: if it fails, the person can still tab to the button.
                let _ = el.focus();
            }
        });
    }
    let dispatcher = state.dispatcher();
    let on_export = {
        let (state, i18n) = (state.clone(), i18n.clone());
        Callback::from(move |_: MouseEvent| {
            let (dispatcher, month, path, i18n) = (state.dispatcher(), state.month, state.path.clone(), i18n.clone());
            dispatcher.dispatch(PayrollAction::Sent);
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::export_payroll(month, path, i18n.lang).await.map(|d| {
                    let (count, total) = (d.count.to_string(), d.total_usd.to_string());
                    i18n.tr("payroll.export_done", &[("path", &d.path), ("count", &count), ("total", &total)])
                });
                dispatcher.dispatch(PayrollAction::Exported(result));
            });
        })
    };
    let on_approve = {
        let (state, i18n) = (state.clone(), i18n.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(approval) = state.approval() else { return };
            let (dispatcher, i18n) = (state.dispatcher(), i18n.clone());
            dispatcher.dispatch(PayrollAction::Sent);
            wasm_bindgen_futures::spawn_local(async move {
                let month = approval.month;
                let result = api::approve_payroll(approval).await.map(|d| {
                    let (count, total) = (d.count.to_string(), d.total_usd.to_string());
                    i18n.tr(
                        "payroll.approve_done",
                        &[("count", &count), ("total", &total), ("reference", &d.reference)],
                    )
                });
                let ok = result.is_ok();
                dispatcher.dispatch(PayrollAction::Approved(result));
                if ok {
                    load(dispatcher, month);
                }
            });
        })
    };
    let on_show = dispatcher.to_callback().reform(|e: SubmitEvent| {
        e.prevent_default();
        PayrollAction::Show
    });
    let reload = {
        let (dispatcher, month) = (dispatcher.clone(), state.month);
        Callback::from(move |_| load(dispatcher.clone(), month))
    };
    let step = |n: i32| dispatcher.to_callback().reform(move |_: MouseEvent| PayrollAction::Step(n));
    let folder = folder_of(&state.path);
    let body = match (&state.view, *tab) {
        (_, PayrollTab::Batches) => html! { <BatchesTab month={state.month} {folder} /> },
        (_, PayrollTab::Reconciliation) => html! { <ReconciliationTab {folder} /> },
        (None, _) => html! { <p class="loading">{ i18n.t("app.loading") }</p> },
        (Some(Err(e)), _) => html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
        (Some(Ok(v)), _) => {
            let count = v.lines.len();
            let total = v.total_usd.to_string();
            let acts_of = Acts { dispatcher: dispatcher.clone(), on_export, on_approve, yes_ref };
            html! {
                <>
                <div class="card">
                    <h3>{ i18n.t("payroll.due_title") }</h3>
                    <p id="payroll-summary" role="status" aria-live="polite">
                        if count == 0 { { i18n.t("payroll.empty") } }
                        else { <strong>{ i18n.count_with("payroll.summary", count as u64, &[("total", &total)]) }</strong> }
                        if v.paid > 0 { { " " }<span class="note">{ i18n.count("payroll.already_paid", v.paid as u64) }</span> }
                    </p>
                    if count > 0 { { due_table(v, &i18n, &navigator) } }
                </div>
                { acts(&state, v, &acts_of, &i18n) }
                { review_table(v, &i18n, &navigator, &opener(&decision, &decision_done)) }
                { review_decision(&decision, &decision_done, state.month, reload.clone()) }
                </>
            }
        }
    };

    html! {
        <section aria-labelledby="payroll-title" class="payroll">
            <div class="toolbar">
                <h2 id="payroll-title">
                    { i18n.t("payroll.screen_title") }{ ": " }
                    <span id="payroll-month-label">{ i18n.month(state.month) }</span>
                </h2>
            </div>
            { tab_bar(&tab, &i18n) }
            if *tab != PayrollTab::Reconciliation {
            <form class="month-form" onsubmit={on_show}>
                <button id="payroll-prev" type="button" onclick={step(-1)} aria-label={i18n.t("payroll.prev_month")}>
                    { "‹ " }{ i18n.month(state.month.plus(-1)) }
                </button>
                <TextField id="payroll-month" label={i18n.t("payroll.month_label")} value={state.month_text.clone()}
                    error={state.month_error.map(|k| AttrValue::from(i18n.t(k)))}
                    oninput={dispatcher.to_callback().reform(PayrollAction::MonthText)} />
                <button id="payroll-show" type="submit">{ i18n.t("payroll.show") }</button>
                <button id="payroll-next" type="button" onclick={step(1)} aria-label={i18n.t("payroll.next_month")}>
                    { i18n.month(state.month.plus(1)) }{ " ›" }
                </button>
            </form>
            }
            { body }
        </section>
    }
}
