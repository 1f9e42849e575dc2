//! The monthly voucher payroll: choose a month, see who is paid and the total, who needs a review and why; export
//! the file for the cashier, and approve (which records the payments). Both acts ask for confirmation first: the
//! export holds personal data, the approval cannot be undone here.

use reintegra_core::date::format_user;
use reintegra_core::month::Month;
use reintegra_core::sheets::PdfRequest;
use reintegra_core::views::{PayrollApproval, PayrollView};
use reintegra_core::wire::ApiError;
use yew::prelude::*;

use crate::api;
use crate::app::Screen;
use crate::components::field::TextField;
use crate::components::pdf::PdfButton;
use crate::i18n::{I18n, today, use_i18n};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub navigate: Callback<Screen>,
}

/// Which confirmation is open.
#[derive(Clone, Copy, PartialEq)]
enum Confirm {
    Export,
    Approve,
}

#[component]
pub fn PayrollPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let month = use_state(|| Month::of(today()).plus(-1));
    let month_text = use_state(|| month.to_string());
    let month_error = use_state(|| None::<String>);
    let view = use_state(|| None::<Result<PayrollView, ApiError>>);
    let path = use_state(String::new);
    let paid_on = use_state(|| format_user(today()));
    let reference = use_state(String::new);
    let confirm = use_state(|| None::<Confirm>);
    let busy = use_state(|| false);
    let export_result = use_state(|| None::<Result<String, ApiError>>);
    let approve_result = use_state(|| None::<Result<String, ApiError>>);
    let yes_ref = use_node_ref();

    {
        let (view, path, reference, month_text) = (view.clone(), path.clone(), reference.clone(), month_text.clone());
        let (export_result, confirm) = (export_result.clone(), confirm.clone());
        use_effect_with(*month, move |m| {
            let m = *m;
            month_text.set(m.to_string());
            reference.set(format!("PLANILLA-{m}"));
            export_result.set(None);
            confirm.set(None);
            view.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(p) = api::payroll_default_path(m).await {
                    path.set(p);
                }
                view.set(Some(api::payroll_view(m).await));
            });
        });
    }
    {
        // Keyboard users land on the confirming button when a confirmation opens.
        let yes_ref = yes_ref.clone();
        use_effect_with(*confirm, move |_| {
            if let Some(el) = yes_ref.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }

    let reload = {
        let (view, month) = (view.clone(), month.clone());
        move || {
            let (view, m) = (view.clone(), *month);
            wasm_bindgen_futures::spawn_local(async move {
                view.set(Some(api::payroll_view(m).await));
            });
        }
    };
    let on_month_text = {
        let month_text = month_text.clone();
        Callback::from(move |v: String| month_text.set(v))
    };
    let on_show = {
        let (month, month_text, month_error) = (month.clone(), month_text.clone(), month_error.clone());
        let approve_result = approve_result.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match Month::parse(month_text.trim()) {
                Some(m) => {
                    month_error.set(None);
                    approve_result.set(None);
                    month.set(m);
                }
                None => month_error.set(Some("error.month_invalid".into())),
            }
        })
    };
    let step = |n: i32| {
        let (month, month_error, approve_result) = (month.clone(), month_error.clone(), approve_result.clone());
        Callback::from(move |_: MouseEvent| {
            month_error.set(None);
            approve_result.set(None);
            month.set(month.plus(n));
        })
    };
    let open = |what: Confirm| {
        let (confirm, export_result, approve_result) = (confirm.clone(), export_result.clone(), approve_result.clone());
        Callback::from(move |_: MouseEvent| {
            export_result.set(None);
            approve_result.set(None);
            confirm.set(Some(what));
        })
    };
    let cancel = {
        let confirm = confirm.clone();
        Callback::from(move |_: MouseEvent| confirm.set(None))
    };
    let on_export = {
        let (confirm, busy, export_result, path, month) =
            (confirm.clone(), busy.clone(), export_result.clone(), path.clone(), month.clone());
        let lang = i18n.lang;
        let i18n = i18n.clone();
        Callback::from(move |_: MouseEvent| {
            confirm.set(None);
            busy.set(true);
            let (busy, export_result, p, m, i18n) =
                (busy.clone(), export_result.clone(), (*path).clone(), *month, i18n.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::export_payroll(m, p, lang).await.map(|d| {
                    i18n.tr(
                        "payroll.export_done",
                        &[("path", &d.path), ("count", &d.count.to_string()), ("total", &d.total_usd.to_string())],
                    )
                });
                export_result.set(Some(result));
                busy.set(false);
            });
        })
    };
    let on_approve = {
        let (confirm, busy, approve_result, paid_on, reference, month, view) = (
            confirm.clone(),
            busy.clone(),
            approve_result.clone(),
            paid_on.clone(),
            reference.clone(),
            month.clone(),
            view.clone(),
        );
        let i18n = i18n.clone();
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(Ok(v)) = &*view else { return };
            confirm.set(None);
            busy.set(true);
            let approval = PayrollApproval {
                month: *month,
                paid_on: (*paid_on).clone(),
                reference: (*reference).clone(),
                expected_count: v.lines.len(),
                expected_total_usd: v.total_usd,
            };
            let (busy, approve_result, i18n, reload) =
                (busy.clone(), approve_result.clone(), i18n.clone(), reload.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::approve_payroll(approval).await.map(|d| {
                    i18n.tr(
                        "payroll.approve_done",
                        &[
                            ("count", &d.count.to_string()),
                            ("total", &d.total_usd.to_string()),
                            ("reference", &d.reference),
                        ],
                    )
                });
                let ok = result.is_ok();
                approve_result.set(Some(result));
                busy.set(false);
                if ok {
                    reload();
                }
            });
        })
    };
    let field = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |v: String| state.set(v))
    };

    let body = match &*view {
        None => html! { <p class="loading">{ i18n.t("app.loading") }</p> },
        Some(Err(e)) => html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
        Some(Ok(v)) => {
            let count = v.lines.len();
            let total = v.total_usd.to_string();
            let export_confirm = i18n.tr("payroll.export_confirm", &[("count", &count.to_string()), ("path", &path)]);
            let approve_confirm = i18n.tr(
                "payroll.approve_confirm",
                &[("count", &count.to_string()), ("total", &total), ("date", &paid_on), ("reference", &reference)],
            );
            html! {
                <>
                <div class="card">
                    <h3>{ i18n.t("payroll.due_title") }</h3>
                    <p id="payroll-summary" role="status" aria-live="polite">
                        if count == 0 { { i18n.t("payroll.empty") } }
                        else { <strong>{ i18n.count_with("payroll.summary", count as u64, &[("total", &total)]) }</strong> }
                        if v.paid > 0 { { " " }<span class="note">{ i18n.count("payroll.already_paid", v.paid as u64) }</span> }
                    </p>
                    if count > 0 { { due_table(v, &i18n, &props.navigate) } }
                </div>
                <div class="columns spaced-card">
                    <div class="card">
                        <h3>{ i18n.t("payroll.export_title") }</h3>
                        <TextField id="payroll-export-path" label={i18n.t("payroll.export_path")} value={(*path).clone()}
                            oninput={field(&path)} />
                        <div class="actions">
                            <button id="payroll-export" onclick={open(Confirm::Export)} disabled={*busy || count == 0}>
                                { i18n.t("payroll.export") }
                            </button>
                        </div>
                        if *confirm == Some(Confirm::Export) {
                            <div id="payroll-export-confirm" class="warning confirm" role="alertdialog"
                                aria-labelledby="payroll-export-question">
                                <p id="payroll-export-question">{ export_confirm }</p>
                                <div class="actions">
                                    <button id="payroll-export-yes" class="primary" ref={yes_ref.clone()} onclick={on_export}>
                                        { i18n.t("payroll.export_yes") }
                                    </button>
                                    <button id="payroll-export-no" onclick={cancel.clone()}>{ i18n.t("form.cancel") }</button>
                                </div>
                            </div>
                        }
                        { result_line("payroll-export-result", &export_result, &i18n) }
                        <PdfButton id="payroll-pdf" request={PdfRequest::Payroll { month: *month }}
                            label={i18n.t("pdf.button.payroll")} disabled={count == 0} />
                    </div>
                    <div class="card">
                        <h3>{ i18n.t("payroll.approve_title") }</h3>
                        <div class="pair-fields">
                            <TextField id="payroll-paid-on" label={i18n.t("payroll.paid_on")} value={(*paid_on).clone()}
                                oninput={field(&paid_on)} />
                            <TextField id="payroll-reference" label={i18n.t("payroll.reference")} value={(*reference).clone()}
                                oninput={field(&reference)} />
                        </div>
                        <div class="actions">
                            <button id="payroll-approve" class="primary" onclick={open(Confirm::Approve)}
                                disabled={*busy || count == 0}>
                                { i18n.t(if *busy { "payroll.working" } else { "payroll.approve" }) }
                            </button>
                        </div>
                        if *confirm == Some(Confirm::Approve) {
                            <div id="payroll-approve-confirm" class="warning confirm" role="alertdialog"
                                aria-labelledby="payroll-approve-question">
                                <p id="payroll-approve-question">{ approve_confirm }</p>
                                <div class="actions">
                                    <button id="payroll-approve-yes" class="primary" ref={yes_ref.clone()} onclick={on_approve}>
                                        { i18n.t("payroll.approve_yes") }
                                    </button>
                                    <button id="payroll-approve-no" onclick={cancel}>{ i18n.t("form.cancel") }</button>
                                </div>
                            </div>
                        }
                        { result_line("payroll-approve-result", &approve_result, &i18n) }
                    </div>
                </div>
                { review_table(v, &i18n, &props.navigate) }
                </>
            }
        }
    };

    html! {
        <section aria-labelledby="payroll-title" class="payroll">
            <div class="toolbar">
                <h2 id="payroll-title">
                    { i18n.t("payroll.screen_title") }{ ": " }
                    <span id="payroll-month-label">{ i18n.month(*month) }</span>
                </h2>
            </div>
            <form class="month-form" onsubmit={on_show}>
                <button id="payroll-prev" type="button" onclick={step(-1)} aria-label={i18n.t("payroll.prev_month")}>
                    { "‹ " }{ i18n.month(month.plus(-1)) }
                </button>
                <TextField id="payroll-month" label={i18n.t("payroll.month_label")} value={(*month_text).clone()}
                    error={month_error.as_ref().map(|k| AttrValue::from(i18n.t(k)))} oninput={on_month_text} />
                <button id="payroll-show" type="submit">{ i18n.t("payroll.show") }</button>
                <button id="payroll-next" type="button" onclick={step(1)} aria-label={i18n.t("payroll.next_month")}>
                    { i18n.month(month.plus(1)) }{ " ›" }
                </button>
            </form>
            { body }
        </section>
    }
}

fn result_line(id: &'static str, result: &Option<Result<String, ApiError>>, i18n: &I18n) -> Html {
    match result {
        None => html! {},
        Some(Ok(text)) => html! { <p {id} class="status ok" role="status">{ text.clone() }</p> },
        Some(Err(e)) => html! { <p {id} class="error" role="alert">{ e.message(i18n.lang) }</p> },
    }
}

fn person_button(id: uuid::Uuid, name: &str, navigate: &Callback<Screen>) -> Html {
    html! {
        <button class="link-name" onclick={navigate.reform(move |_: MouseEvent| Screen::Person(id))}>
            { name.to_owned() }
        </button>
    }
}

fn due_table(v: &PayrollView, i18n: &I18n, navigate: &Callback<Screen>) -> Html {
    html! {
        <table id="payroll-table" class="list">
            <thead><tr>
                <th scope="col" class="num">{ i18n.t("payroll.col.no") }</th>
                <th scope="col">{ i18n.t("payroll.col.name") }</th>
                <th scope="col">{ i18n.t("payroll.col.dui") }</th>
                <th scope="col">{ i18n.t("payroll.col.municipality") }</th>
                <th scope="col" class="num">{ i18n.t("payroll.col.month_index") }</th>
                <th scope="col">{ i18n.t("payroll.col.outcome") }</th>
                <th scope="col" class="num">{ i18n.t("payroll.col.amount") }</th>
            </tr></thead>
            <tbody>
            { for v.lines.iter().enumerate().map(|(i, l)| html! {
                <tr key={l.person_id.to_string()} data-id={l.person_id.to_string()}>
                    <td class="num">{ i + 1 }</td>
                    <td>{ person_button(l.person_id, &l.name, navigate) }</td>
                    <td class="mono">{ l.dui.clone().unwrap_or_default() }</td>
                    <td>{ l.municipality.clone() }</td>
                    <td class="num">{ l.month_index }</td>
                    <td>{ i18n.t(&format!("outcome.{}", l.outcome.code())) }</td>
                    <td class="num">{ l.amount_usd }</td>
                </tr>
            }) }
            </tbody>
            <tfoot><tr>
                <th scope="row" colspan="6">{ i18n.t("payroll.total") }</th>
                <td id="payroll-total" class="num">{ v.total_usd }</td>
            </tr></tfoot>
        </table>
    }
}

fn review_table(v: &PayrollView, i18n: &I18n, navigate: &Callback<Screen>) -> Html {
    html! {
        <div class="card spaced-card">
            <h3>{ i18n.t("payroll.review_title") }</h3>
            <p class="note">{ i18n.t("payroll.review_note") }</p>
            if v.review.is_empty() {
                <p id="payroll-review-empty">{ i18n.t("payroll.review_empty") }</p>
            } else {
                <table id="payroll-review" class="list">
                    <thead><tr>
                        <th scope="col">{ i18n.t("payroll.col.name") }</th>
                        <th scope="col">{ i18n.t("payroll.col.dui") }</th>
                        <th scope="col">{ i18n.t("payroll.col.municipality") }</th>
                        <th scope="col" class="num">{ i18n.t("payroll.col.month_index") }</th>
                        <th scope="col">{ i18n.t("payroll.col.outcome") }</th>
                        <th scope="col">{ i18n.t("payroll.col.why") }</th>
                    </tr></thead>
                    <tbody>
                    { for v.review.iter().map(|r| {
                        let mut why = Vec::new();
                        if !r.unmet.is_empty() {
                            let list: Vec<String> = r.unmet.iter().map(|u| i18n.t(&format!("requirement.{u}"))).collect();
                            why.push(i18n.tr("payroll.why_unmet", &[("list", &list.join(", "))]));
                        }
                        if r.run > 0 { why.push(i18n.count("payroll.why_run", u64::from(r.run))); }
                        if r.overridden { why.push(i18n.t("payroll.why_override")); }
                        if r.flagged { why.push(i18n.t("payroll.why_flagged")); }
                        html! {
                            <tr key={r.person_id.to_string()} data-id={r.person_id.to_string()}>
                                <td>{ person_button(r.person_id, &r.name, navigate) }</td>
                                <td class="mono">{ r.dui.clone().unwrap_or_default() }</td>
                                <td>{ r.municipality.clone() }</td>
                                <td class="num">{ r.month_index.map(|n| n.to_string()).unwrap_or_default() }</td>
                                <td>{ i18n.t(&format!("outcome.{}", r.outcome.code())) }</td>
                                <td>{ why.join(" ") }</td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
            }
        </div>
    }
}
