//! The payroll screen's tables: who is paid this month with the total, who needs a look and why (with the
//! exemption and appeal each row can open); and the line that says what an act (export, approval) answered.

use reintegra_core::views::PayrollView;
use reintegra_core::wire::ApiError;
use yew::prelude::*;

use crate::components::voucher_decision::{Decision, DecisionAsked};
use crate::i18n::I18n;
use crate::screen::{Navigator, Screen};

/// What an act answered, under its button.
pub fn result_line(id: &'static str, result: &Option<Result<String, ApiError>>, i18n: &I18n) -> Html {
    match result {
        None => html! {},
        Some(Ok(text)) => html! { <p {id} class="status ok" role="status">{ text.clone() }</p> },
        Some(Err(e)) => html! { <p {id} class="error" role="alert">{ e.message(i18n.lang) }</p> },
    }
}

fn person_button(id: uuid::Uuid, name: &str, navigator: &Navigator) -> Html {
    html! {
        <button class="link-name" onclick={navigator.to(Screen::Person(id))}>
            { name.to_owned() }
        </button>
    }
}

/// Who is paid this month, and the total; a line for an earlier month (an arrear) says so (rows
/// `tr[data-id][data-month]`, the month paid).
pub fn due_table(v: &PayrollView, i18n: &I18n, navigator: &Navigator) -> Html {
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
                <tr key={format!("{}-{}", l.person_id, l.month_paid)} data-id={l.person_id.to_string()}
                    data-month={l.month_paid.to_string()}>
                    <td class="num">{ i + 1 }</td>
                    <td>{ person_button(l.person_id, &l.name, navigator) }</td>
                    <td class="mono">{ l.dui.clone().unwrap_or_default() }</td>
                    <td>{ l.municipality.clone() }</td>
                    <td class="num">{ l.month_index }</td>
                    <td>
                        { i18n.t(&format!("outcome.{}", l.outcome.code())) }
                        if l.month_paid != v.month {
                            { " · " }<span class="arrear">{ i18n.tr("payroll.arrear", &[("month", &i18n.month(l.month_paid))]) }</span>
                        }
                    </td>
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

/// Who needs a look this month, and why; each row opens an exemption or an appeal (`review-exempt-{id}`,
/// `review-appeal-{id}`).
pub fn review_table(v: &PayrollView, i18n: &I18n, navigator: &Navigator, on_decide: &Callback<DecisionAsked>) -> Html {
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
                        <th scope="col">{ i18n.t("vdec.col.actions") }</th>
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
                                <td>{ person_button(r.person_id, &r.name, navigator) }</td>
                                <td class="mono">{ r.dui.clone().unwrap_or_default() }</td>
                                <td>{ r.municipality.clone() }</td>
                                <td class="num">{ r.month_index.map(|n| n.to_string()).unwrap_or_default() }</td>
                                <td>{ i18n.t(&format!("outcome.{}", r.outcome.code())) }</td>
                                <td>{ why.join(" ") }</td>
                                <td class="row-actions">
                                    { decide_button(r.person_id, &r.name, Decision::Exemption, on_decide, i18n) }
                                    { decide_button(r.person_id, &r.name, Decision::Appeal, on_decide, i18n) }
                                </td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
            }
        </div>
    }
}

fn decide_button(id: uuid::Uuid, name: &str, d: Decision, on_decide: &Callback<DecisionAsked>, i18n: &I18n) -> Html {
    let (key, label) = match d {
        Decision::Exemption => ("vdec.exempt_short", "vdec.exempt_button"),
        Decision::Appeal => ("vdec.appeal_short", "vdec.appeal_button"),
    };
    let name = name.to_owned();
    let aria = format!("{}: {name}", i18n.t(label));
    let onclick = on_decide.reform(move |_: MouseEvent| (id, name.clone(), d));
    html! {
        <button id={format!("review-{}-{id}", if d == Decision::Exemption { "exempt" } else { "appeal" })}
            type="button" aria-label={aria} {onclick}>{ i18n.t(key) }</button>
    }
}
