//! The audit screen's parts: the chain's state in words (intact, or the entry where it breaks), and the page of
//! entries as a table.

use reintegra_core::date::format_user_time_ms;
use reintegra_core::wire::data::{AuditPage, ChainState};
use yew::prelude::*;

use crate::i18n::I18n;

/// An action's words, or its code when this version has none for it (an entry from a newer device).
pub fn action_name(code: &str, i18n: &I18n) -> String {
    let key = format!("audit.action.{code}");
    let words = i18n.t(&key);
    if words == key { code.to_owned() } else { words }
}

fn one_chain(id: String, c: &ChainState, i18n: &I18n) -> Html {
    let n = c.entries.to_string();
    let device = c.device.clone().unwrap_or_default();
    match c.broken_at {
        None => html! {
            <p {id} class="status ok" role="status">
                { i18n.tr(if c.device.is_some() { "audit.received_intact" } else { "audit.intact" },
                    &[("count", &n), ("device", &device)]) }
            </p>
        },
        Some(seq) => {
            let how = i18n.t(&format!("audit.broken.{}", c.broken.as_deref().unwrap_or("").replace(' ', "_")));
            html! {
                <p {id} class="error" role="alert">
                    { i18n.tr(if c.device.is_some() { "audit.received_broken" } else { "audit.broken" },
                        &[("seq", &seq.to_string()), ("how", &how), ("count", &n), ("device", &device)]) }
                </p>
            }
        }
    }
}

/// This store's chain, then each log received from another device.
pub fn chains(page: &AuditPage, i18n: &I18n) -> Html {
    html! {
        <div id="audit-chains">
            { one_chain("audit-chain".into(), &page.chain, i18n) }
            if !page.received.is_empty() {
                <ul id="audit-received" class="plain">
                    { for page.received.iter().enumerate().map(|(i, c)| html! {
                        <li>{ one_chain(format!("audit-received-{i}"), c, i18n) }</li>
                    }) }
                </ul>
            }
        </div>
    }
}

/// The entries of the page, newest first.
pub fn entries(page: &AuditPage, i18n: &I18n) -> Html {
    if page.entries.is_empty() {
        return html! { <p id="audit-empty" class="note">{ i18n.t("audit.none") }</p> };
    }
    html! {
        <table id="audit-table" class="list">
            <caption class="note">{ i18n.t("audit.caption") }</caption>
            <thead><tr>
                <th scope="col" class="num">{ i18n.t("audit.col.seq") }</th>
                <th scope="col">{ i18n.t("audit.col.at") }</th>
                <th scope="col">{ i18n.t("audit.col.user") }</th>
                <th scope="col">{ i18n.t("audit.col.action") }</th>
                <th scope="col">{ i18n.t("audit.col.subject") }</th>
            </tr></thead>
            <tbody>
                { for page.entries.iter().map(|e| html! {
                    <tr id={format!("audit-row-{}", e.seq)} data-action={e.action.clone()}>
                        <td class="num">{ e.seq }</td>
                        <td>{ format_user_time_ms(e.at_ms) }</td>
                        <td>{ &e.user }</td>
                        <td>{ action_name(&e.action, i18n) }</td>
                        <td class="subject">{ &e.subject }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
