//! The reconciliation's table: a row per group (month or municipality) and the total, each cell a count and its
//! USD; under it, what was paid against the budget.

use reintegra_core::wire::payments::{ReconBy, ReconLine, Reconciliation, Tally};
use yew::prelude::*;

use crate::i18n::I18n;

/// Where a column's tally is in a line.
type Get = fn(&ReconLine) -> Tally;

/// The columns, in order: (data-col, translation key, the line's tally).
const COLUMNS: [(&str, &str, Get); 7] = [
    ("approved", "payment.status.approved", |l| l.approved),
    ("sent", "payment.status.sent", |l| l.sent),
    ("paid", "payment.status.paid", |l| l.paid),
    ("failed", "payment.status.failed", |l| l.failed),
    ("cancelled", "payment.status.cancelled", |l| l.cancelled),
    ("pending", "recon.pending", |l| l.pending),
    ("arrears", "recon.arrears", |l| l.arrears),
];

fn cells(l: &ReconLine, i18n: &I18n) -> Html {
    html! {
        { for COLUMNS.iter().map(|(col, _, get)| {
            let t = get(l);
            html! {
                <td class="num" data-col={*col} data-count={t.count.to_string()} data-usd={t.usd.to_string()}>
                    { i18n.tr("recon.cell", &[("count", &t.count.to_string()), ("usd", &t.usd.to_string())]) }
                </td>
            }
        }) }
    }
}

pub fn recon_table(r: &Reconciliation, i18n: &I18n) -> Html {
    let group = if r.by == ReconBy::Municipality { "recon.by.municipality" } else { "recon.by.month" };
    let percent = (r.spent_usd * 100).checked_div(r.budget_usd).unwrap_or(0);
    html! {
        <>
        if r.lines.is_empty() { <p id="recon-empty" class="note">{ i18n.t("recon.empty") }</p> }
        <table id="recon-table" class="list">
            <thead><tr>
                <th scope="col">{ i18n.t(group) }</th>
                { for COLUMNS.iter().map(|(_, key, _)| html! { <th scope="col" class="num">{ i18n.t(key) }</th> }) }
            </tr></thead>
            <tbody>
            { for r.lines.iter().map(|l| html! {
                <tr key={l.group.clone()} data-group={l.group.clone()}>
                    <th scope="row">{ group_label(r.by, &l.group, i18n) }</th>
                    { cells(l, i18n) }
                </tr>
            }) }
            </tbody>
            <tfoot>
                <tr id="recon-total" data-group="total">
                    <th scope="row">{ i18n.t("recon.total") }</th>
                    { cells(&r.total, i18n) }
                </tr>
            </tfoot>
        </table>
        <p id="recon-budget" data-spent={r.spent_usd.to_string()} data-budget={r.budget_usd.to_string()}>
            <strong>{ i18n.tr("recon.budget", &[
                ("spent", &r.spent_usd.to_string()),
                ("budget", &r.budget_usd.to_string()),
                ("percent", &percent.to_string()),
            ]) }</strong>
        </p>
        </>
    }
}

/// A month group (`aaaa-mm`) is shown as the month's name; a municipality as it is.
fn group_label(by: ReconBy, group: &str, i18n: &I18n) -> String {
    match (by, reintegra_core::month::Month::parse(group)) {
        (ReconBy::Month, Some(m)) => i18n.month(m),
        _ => group.to_owned(),
    }
}
