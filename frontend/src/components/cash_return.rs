//! The cash list taken back: each sent cash payment of the payroll gets «Pendiente» (left sent), «Cobró» or «No se
//! presentó» with the reason; the handout's date applies to those who collected. Saved in one act (the store checks
//! everything and writes all or nothing). Ids: `#cash-return`, `#cash-date`, per payment `#cash-{id}` (select:
//! pending | collected | absent) and `#cash-{id}-reason`, `#cash-save`, `#cash-result`.

use std::collections::BTreeMap;

use reintegra_core::date::format_user;
use reintegra_core::month::Month;
use reintegra_core::wire::ApiError;
use reintegra_core::wire::payments::{Absent, CashResults, DeliveryMethod, PaymentRow, PaymentStatus};
use uuid::Uuid;
use yew::prelude::*;

use crate::api::payments as api;
use crate::components::field::{SelectField, TextField};
use crate::components::payroll_tables::result_line;
use crate::i18n::{today, use_i18n};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub month: Month,
    pub payments: Vec<PaymentRow>,
    pub on_saved: Callback<()>,
}

/// What was marked for one payment.
#[derive(Clone, Default, PartialEq)]
struct Mark {
    choice: String,
    reason: String,
}

/// The marks as the store takes them: who collected, who did not and why (a mark left pending is not sent).
fn results(month: Month, date: &str, marks: &BTreeMap<Uuid, Mark>) -> CashResults {
    let collected = marks.iter().filter(|(_, m)| m.choice == "collected").map(|(id, _)| *id).collect();
    let absent = marks
        .iter()
        .filter(|(_, m)| m.choice == "absent")
        .map(|(id, m)| Absent { payment_id: *id, reason: m.reason.trim().to_owned() })
        .collect();
    CashResults { month, date: date.trim().to_owned(), collected, absent }
}

#[component]
pub fn CashReturn(props: &Props) -> Html {
    let i18n = use_i18n();
    let date = use_state(|| format_user(today()));
    let marks = use_state(BTreeMap::<Uuid, Mark>::new);
    let busy = use_state(|| false);
    let result = use_state(|| None::<Result<String, ApiError>>);
    let sent: Vec<&PaymentRow> =
        props.payments.iter().filter(|p| p.method == DeliveryMethod::Cash && p.status == PaymentStatus::Sent).collect();
    let on_save = {
        let (date, marks, busy, result, i18n) =
            (date.clone(), marks.clone(), busy.clone(), result.clone(), i18n.clone());
        let (month, on_saved) = (props.month, props.on_saved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let args = results(month, &date, &marks);
            let (marks, busy, result, i18n, on_saved) =
                (marks.clone(), busy.clone(), result.clone(), i18n.clone(), on_saved.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let answer = api::record_cash(args).await;
                busy.set(false);
                let ok = answer.is_ok();
                result.set(Some(answer.map(|d| {
                    i18n.tr("cash.done", &[("paid", &d.paid.to_string()), ("failed", &d.failed.to_string())])
                })));
                if ok {
                    marks.set(BTreeMap::new());
                    on_saved.emit(());
                }
            });
        })
    };
    let options: Vec<(AttrValue, AttrValue)> = ["collected", "absent"]
        .into_iter()
        .map(|c| (AttrValue::from(c), AttrValue::from(i18n.t(&format!("cash.{c}")))))
        .collect();
    html! {
        <form id="cash-return" class="card spaced-card" onsubmit={on_save}>
            <h3>{ i18n.t("cash.title") }</h3>
            if sent.is_empty() {
                <p id="cash-none" class="note">{ i18n.t("cash.none") }</p>
            } else {
                <p class="note">{ i18n.t("cash.note") }</p>
                <TextField id="cash-date" label={i18n.t("cash.date")} value={(*date).clone()}
                    oninput={Callback::from({ let date = date.clone(); move |v: String| date.set(v) })} />
                <table id="cash-table" class="list">
                    <thead><tr>
                        <th scope="col">{ i18n.t("payroll.col.name") }</th>
                        <th scope="col">{ i18n.t("payroll.col.dui") }</th>
                        <th scope="col">{ i18n.t("payments.col.month") }</th>
                        <th scope="col">{ i18n.t("payroll.col.outcome") }</th>
                        <th scope="col">{ i18n.t("payroll.col.why") }</th>
                    </tr></thead>
                    <tbody>
                    { for sent.iter().map(|p| {
                        let id = p.id;
                        let mark = marks.get(&id).cloned().unwrap_or_default();
                        let set = |f: fn(&mut Mark, String)| {
                            let marks = marks.clone();
                            Callback::from(move |v: String| {
                                let mut all = (*marks).clone();
                                f(all.entry(id).or_default(), v);
                                marks.set(all);
                            })
                        };
                        html! {
                            <tr key={id.to_string()} data-id={id.to_string()}>
                                <td>{ p.name.clone() }</td>
                                <td class="mono">{ p.dui.clone().unwrap_or_default() }</td>
                                <td>{ i18n.month(p.month) }</td>
                                <td>
                                    <SelectField id={format!("cash-{id}")} label={i18n.tr("cash.choice", &[("name", &p.name)])}
                                        value={mark.choice.clone()} options={options.clone()} placeholder={i18n.t("cash.pending")}
                                        onchange={set(|m, v| m.choice = v)} />
                                </td>
                                <td>
                                    if mark.choice == "absent" {
                                        <TextField id={format!("cash-{id}-reason")} label={i18n.tr("cash.reason", &[("name", &p.name)])}
                                            value={mark.reason.clone()} oninput={set(|m, v| m.reason = v)} />
                                    }
                                </td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
                <div class="actions">
                    <button id="cash-save" type="submit" class="primary" disabled={*busy}>{ i18n.t("cash.save") }</button>
                </div>
            }
            { result_line("cash-result", &result, &i18n) }
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_marked_payments_are_sent_and_reasons_are_trimmed() {
        let (a, b, c) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let marks = BTreeMap::from([
            (a, Mark { choice: "collected".into(), reason: String::new() }),
            (b, Mark { choice: "absent".into(), reason: " viajó ".into() }),
            (c, Mark { choice: String::new(), reason: "ignored".into() }),
        ]);
        let r = results(Month { year: 2024, month: 10 }, " 05/11/2024 ", &marks);
        assert_eq!(r.collected, vec![a], "collected");
        assert_eq!(r.absent, vec![Absent { payment_id: b, reason: "viajó".into() }], "absent with its reason");
        assert_eq!(r.date, "05/11/2024");
    }
}
