//! The voucher card's payment side (#17): what a month's cell says about its payment (approved, sent, paid with its
//! date, failed) and, for the chosen month, every payment made for it with its history (a failed one, then its
//! re-issue). The payments are read once per person (`person_payments`); the card asks again after a decision.

use reintegra_core::date::format_user;
use reintegra_core::month::Month;
use reintegra_core::views::VoucherMonth;
use reintegra_core::wire::payments::{PaymentRow, PaymentStatus, StatusChange};
use yew::prelude::*;

use crate::i18n::I18n;

/// A person's payments with their histories, as read.
pub type Payments = Vec<(PaymentRow, Vec<StatusChange>)>;

/// The payments made for `month`, oldest first.
fn of_month(all: &Payments, month: Month) -> impl Iterator<Item = &(PaymentRow, Vec<StatusChange>)> {
    all.iter().filter(move |(p, _)| p.month == month)
}

/// The payment that speaks for the month: the last one made for it.
pub fn latest(all: &Payments, month: Month) -> Option<&PaymentRow> {
    of_month(all, month).last().map(|(p, _)| p)
}

/// What a cell says about payment: the last payment's status (paid with amount and date), else due or nothing due.
pub fn payment_text(m: &VoucherMonth, all: Option<&Payments>, i18n: &I18n) -> String {
    let amount = |usd: u32| usd.to_string();
    match all.and_then(|a| latest(a, m.evaluation.month)) {
        Some(p) if p.status == PaymentStatus::Paid => i18n.tr(
            "voucher.paid",
            &[("amount", &amount(p.amount_usd)), ("date", &p.paid_on.map(format_user).unwrap_or_default())],
        ),
        Some(p) => i18n.tr(
            "voucher.status_line",
            &[("status", &i18n.t(&format!("payment.status.{}", p.status.code()))), ("amount", &amount(p.amount_usd))],
        ),
        None if all.is_none() && m.payment.is_some() => {
            let p = m.payment.as_ref().map(|p| (p.amount_cents, p.paid_on)).unwrap_or_default();
            i18n.tr("voucher.paid", &[("amount", &crate::i18n::usd_cents(p.0)), ("date", &format_user(p.1))])
        }
        None if m.evaluation.payable => i18n.t("voucher.unpaid"),
        None => i18n.t("voucher.not_due"),
    }
}

/// Every payment made for the chosen month with its history (`#voucher-detail-history`, items
/// `li[data-payment][data-status]`).
pub fn history(all: Option<&Payments>, month: Month, i18n: &I18n) -> Html {
    let Some(all) = all else { return html! {} };
    let list: Vec<_> = of_month(all, month).collect();
    if list.is_empty() {
        return html! {};
    }
    html! {
        <div id="voucher-detail-history">
            <h5>{ i18n.t("voucher.history") }</h5>
            <ol class="plain">
            { for list.iter().flat_map(|(p, changes)| changes.iter().map(move |c| (p, c))).map(|(p, c)| {
                let status = i18n.t(&format!("payment.status.{}", c.status.code()));
                let date = format_user(c.date);
                let text = match &c.reason {
                    Some(reason) => i18n.tr("voucher.history_reason", &[("date", &date), ("status", &status), ("reason", reason)]),
                    None => i18n.tr("voucher.history_line", &[("date", &date), ("status", &status)]),
                };
                html! {
                    <li data-payment={p.id.to_string()} data-status={c.status.code()}>
                        { text }{ " · " }<span class="mono">{ p.reference.clone() }</span>
                    </li>
                }
            }) }
            </ol>
        </div>
    }
}
