//! A person's voucher card: one cell per month of the window (outcome and payment); a chosen month shows each
//! requirement, met or not, with its evidence. On the central file a chosen month can be exempted or appealed
//! ([`DecisionPanel`]); the card then reads the person's months again and shows the new outcome.

use reintegra_core::date::format_user;
use reintegra_core::views::{PersonView, VoucherMonth};
use reintegra_core::wire::DeviceRole;
use yew::prelude::*;

use crate::api;
use crate::components::voucher_decision::{Decision, DecisionPanel};
use crate::components::voucher_payments::{Payments, history, latest, payment_text};
use crate::i18n::{I18n, use_i18n};

#[derive(Properties, PartialEq)]
pub struct VoucherProps {
    pub view: PersonView,
}

/// One cell per month of the window (outcome and payment); the chosen month shows its requirements below.
#[component]
pub fn VoucherCard(props: &VoucherProps) -> Html {
    let i18n = &use_i18n();
    let selected = &use_state(|| None::<usize>);
    // The months as read again after a decision (the page's view until then).
    let fresh = use_state(|| None::<PersonView>);
    let central = use_state(|| false);
    let open = use_state(|| None::<Decision>);
    let done = use_state(|| None::<String>);
    // The person's payments with their histories (none shown until read).
    let payments = use_state(|| None::<Payments>);
    {
        let central = central.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(s) = api::app_status().await {
                    central.set(s.role == Some(DeviceRole::Supervisor));
                }
            });
        });
    }
    {
        // The page read the person again: its view is the newer one.
        let fresh = fresh.clone();
        use_effect_with(props.view.clone(), move |_| fresh.set(None));
    }
    {
        let payments = payments.clone();
        use_effect_with((props.view.id, fresh.is_some()), move |(id, _)| {
            let id = *id;
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(list) = api::payments::person_payments(id).await {
                    payments.set(Some(list));
                }
            });
        });
    }
    let paid_list = payments.as_ref();
    let v = fresh.as_ref().filter(|f| f.id == props.view.id).unwrap_or(&props.view);
    if v.voucher.is_empty() {
        return html! { <div class="card spaced-card"><p id="voucher-none">{ i18n.t("voucher.none") }</p></div> };
    }
    html! {
        <div id="voucher-card" class="card spaced-card">
            <h3>{ i18n.t("voucher.title") }</h3>
            <p class="note">{ i18n.t("voucher.hint") }</p>
            <ol class="voucher-grid" aria-label={i18n.t("voucher.months")}>
            { for v.voucher.iter().enumerate().map(|(i, m)| {
                let e = &m.evaluation;
                let n = e.month_index.unwrap_or(i as u32 + 1);
                let is_selected = **selected == Some(i);
                let status = paid_list.and_then(|a| latest(a, e.month)).map(|p| p.status.code());
                let onclick = {
                    let (selected, open) = (selected.clone(), open.clone());
                    Callback::from(move |_: MouseEvent| {
                        selected.set(Some(i));
                        open.set(None);
                    })
                };
                html! {
                    <li>
                        <button id={format!("voucher-month-{n}")} data-month={e.month.to_string()}
                            class={classes!("voucher-cell", format!("outcome-{}", e.outcome.code()),
                                is_selected.then_some("selected"), status.map(|s| format!("payment-{s}")),
                                (status == Some("paid") || (status.is_none() && m.payment.is_some())).then_some("paid"))}
                            data-payment={status.unwrap_or_default()}
                            aria-pressed={if is_selected { "true" } else { "false" }} {onclick}>
                            <span class="cell-n">{ i18n.tr("voucher.month_n", &[("n", &n.to_string())]) }</span>
                            <span class="cell-month">{ i18n.month(e.month) }</span>
                            <span class="cell-outcome">{ i18n.t(&format!("outcome.{}", e.outcome.code())) }</span>
                            <span class="cell-paid">{ payment_text(m, paid_list, i18n) }</span>
                        </button>
                    </li>
                }
            }) }
            </ol>
            if let Some(m) = selected.and_then(|i| v.voucher.get(i)) {
                { month_detail(m, paid_list, i18n) }
                if *central && m.evaluation.month_index.is_some() {
                    { decisions(v, m, &open, &fresh, &done, i18n) }
                }
            }
            if let Some(text) = &*done { <p id="voucher-decision-done" class="status ok" role="status">{ text.clone() }</p> }
        </div>
    }
}

fn month_detail(m: &VoucherMonth, payments: Option<&Payments>, i18n: &I18n) -> Html {
    let e = &m.evaluation;
    let title = i18n.tr(
        "voucher.detail_title",
        &[
            ("month", &i18n.month(e.month)),
            ("n", &e.month_index.map(|n| n.to_string()).unwrap_or_default()),
            ("outcome", &i18n.t(&format!("outcome.{}", e.outcome.code()))),
        ],
    );
    html! {
        <div id="voucher-detail" class="detail" aria-live="polite">
            <h4>{ title }</h4>
            <table id="voucher-requirements" class="list">
                <thead><tr>
                    <th scope="col">{ i18n.t("voucher.col.requirement") }</th>
                    <th scope="col">{ i18n.t("voucher.col.met") }</th>
                    <th scope="col">{ i18n.t("voucher.col.evidence") }</th>
                </tr></thead>
                <tbody>
                { for e.requirements.iter().map(|r| html! {
                    <tr data-requirement={r.name.clone()}>
                        <th scope="row">{ i18n.t(&format!("requirement.{}", r.name)) }</th>
                        <td class={if r.met { "met" } else { "unmet" }}>
                            { i18n.t(if r.met { "voucher.yes" } else { "voucher.no" }) }
                        </td>
                        <td>
                            if r.evidence.is_empty() {
                                <span class="note">{ i18n.t("voucher.no_evidence") }</span>
                            } else {
                                <ul class="plain">
                                { for r.evidence.iter().filter_map(|id| m.evidence(*id)).map(|ev| html! {
                                    <li>
                                        { ev.date.map(format_user).unwrap_or_default() }{ " · " }
                                        { i18n.t(&format!("activity.{}", ev.kind)) }
                                        if let Some(s) = &ev.status { { " (" }{ i18n.t(&format!("attendance.{s}")) }{ ")" } }
                                    </li>
                                }) }
                                </ul>
                            }
                        </td>
                    </tr>
                }) }
                </tbody>
            </table>
            <ul class="plain facts">
                if e.exemption.is_some() { <li>{ i18n.t("voucher.exempted") }</li> }
                if e.override_id.is_some() { <li>{ i18n.t("voucher.overridden") }</li> }
                if e.run > 0 { <li>{ i18n.count("voucher.run", u64::from(e.run)) }</li> }
                if e.flagged { <li class="warn-text">{ i18n.t("voucher.flagged") }</li> }
                <li id="voucher-detail-payment">{ payment_text(m, payments, i18n) }</li>
                if let Some(r) = m.payment.as_ref().and_then(|p| p.reference.clone()) {
                    <li>{ i18n.tr("voucher.reference", &[("reference", &r)]) }</li>
                }
                <li class="note">{ i18n.tr("voucher.rules", &[("version", &e.rules_version.to_string())]) }</li>
            </ul>
            { history(payments, e.month, i18n) }
        </div>
    }
}

/// The two decisions on the chosen month, and the panel of the one opened.
fn decisions(
    v: &PersonView,
    m: &VoucherMonth,
    open: &UseStateHandle<Option<Decision>>,
    fresh: &UseStateHandle<Option<PersonView>>,
    done: &UseStateHandle<Option<String>>,
    i18n: &I18n,
) -> Html {
    let opener = |d: Decision| {
        let (open, done) = (open.clone(), done.clone());
        Callback::from(move |_: MouseEvent| {
            done.set(None);
            open.set(Some(d));
        })
    };
    let on_saved = {
        let (open, fresh, done, id) = (open.clone(), fresh.clone(), done.clone(), v.id);
        Callback::from(move |text: String| {
            open.set(None);
            done.set(Some(text));
            let fresh = fresh.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(view) = api::person_view(id).await {
                    fresh.set(Some(view));
                }
            });
        })
    };
    let on_cancel = {
        let open = open.clone();
        Callback::from(move |_| open.set(None))
    };
    html! {
        <>
        <div class="actions">
            <button id="voucher-exempt" type="button" onclick={opener(Decision::Exemption)}>{ i18n.t("vdec.exempt_button") }</button>
            <button id="voucher-appeal" type="button" onclick={opener(Decision::Appeal)}>{ i18n.t("vdec.appeal_button") }</button>
        </div>
        if let Some(kind) = **open {
            <DecisionPanel {kind} person_id={v.id} name={v.person.full_name()} month={m.evaluation.month}
                {on_saved} {on_cancel} />
        }
        </>
    }
}
