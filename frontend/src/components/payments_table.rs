//! A payroll's payments, one row each (`#payments-table`, rows `tr[data-id][data-person][data-month][data-status]`
//! `[data-reference]`):
//! who, the month the voucher is for (an arrear says so), the amount, how it is delivered, its reference, its status
//! and the date it was paid or why it failed.

use reintegra_core::date::format_user;
use reintegra_core::month::Month;
use reintegra_core::wire::payments::PaymentRow;
use yew::prelude::*;

use crate::i18n::I18n;

/// `payroll` is the payroll's month: a payment for an earlier month is an arrear.
pub fn payments_table(rows: &[PaymentRow], payroll: Month, i18n: &I18n) -> Html {
    html! {
        <table id="payments-table" class="list">
            <thead><tr>
                <th scope="col">{ i18n.t("payroll.col.name") }</th>
                <th scope="col">{ i18n.t("payroll.col.dui") }</th>
                <th scope="col">{ i18n.t("payroll.col.municipality") }</th>
                <th scope="col">{ i18n.t("payments.col.month") }</th>
                <th scope="col" class="num">{ i18n.t("payroll.col.amount") }</th>
                <th scope="col">{ i18n.t("payments.col.method") }</th>
                <th scope="col">{ i18n.t("payments.col.reference") }</th>
                <th scope="col">{ i18n.t("payments.col.status") }</th>
                <th scope="col">{ i18n.t("payments.col.detail") }</th>
            </tr></thead>
            <tbody>
            { for rows.iter().map(|p| html! {
                <tr key={p.id.to_string()} data-id={p.id.to_string()} data-person={p.person_id.to_string()}
                    data-month={p.month.to_string()} data-status={p.status.code()} data-reference={p.reference.clone()}>
                    <td>{ p.name.clone() }</td>
                    <td class="mono">{ p.dui.clone().unwrap_or_default() }</td>
                    <td>{ p.municipality.clone() }</td>
                    <td data-arrear={(p.month < payroll).to_string()}>
                        if p.month < payroll { { i18n.tr("payroll.arrear", &[("month", &i18n.month(p.month))]) } }
                        else { { i18n.month(p.month) } }
                    </td>
                    <td class="num">{ p.amount_usd }</td>
                    <td>{ i18n.t(&format!("payment.method.{}", p.method.code())) }</td>
                    <td class="mono">{ p.reference.clone() }</td>
                    <td class={classes!("status-cell", format!("payment-{}", p.status.code()))}>
                        { i18n.t(&format!("payment.status.{}", p.status.code())) }
                    </td>
                    <td>{ p.paid_on.map(format_user).or_else(|| p.reason.clone()).unwrap_or_default() }</td>
                </tr>
            }) }
            </tbody>
        </table>
    }
}
