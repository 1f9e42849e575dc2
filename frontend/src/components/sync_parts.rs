//! The sync screen's reports: the trusted devices and what the last run received, refused and wrote.

use reintegra_core::date::format_user_time_ms;
use reintegra_core::overdue::OVERDUE_AFTER_DAYS;
use reintegra_core::wire::sync::{SyncOverview, SyncRun};
use yew::prelude::*;

use crate::i18n::I18n;

fn when(ms: Option<i64>, i18n: &I18n) -> String {
    ms.map(format_user_time_ms).unwrap_or_else(|| i18n.t("sync.never_short"))
}

/// Whether a laptop is overdue, in words (the colour only repeats them).
fn overdue_cell(overdue: Option<bool>, i18n: &I18n) -> Html {
    match overdue {
        Some(true) => html! {
            <td class="overdue"><strong>{ i18n.t("sync.overdue") }</strong><br />
                <span class="note">{ i18n.tr("sync.overdue_why", &[("days", &OVERDUE_AFTER_DAYS.to_string())]) }</span></td>
        },
        Some(false) => html! { <td>{ i18n.t("sync.on_time") }</td> },
        None => html! { <td></td> },
    }
}

/// The trusted devices: when each last sent and received, what waits for it, and (on a supervisor's store)
/// whether it is overdue.
pub fn devices(o: &SyncOverview, i18n: &I18n) -> Html {
    // Only a supervisor's store judges laptops as overdue.
    let judged = o.devices.iter().any(|d| d.overdue.is_some());
    html! {
        <>
        <h3>{ i18n.t("sync.devices_title") }</h3>
        if o.devices.is_empty() {
            <p id="sync-devices-empty">{ i18n.t("sync.devices_empty") }</p>
        } else {
            <table id="sync-devices" class="list">
                <thead><tr>
                    <th scope="col">{ i18n.t("sync.col.device") }</th>
                    <th scope="col">{ i18n.t("sync.col.last_import") }</th>
                    <th scope="col">{ i18n.t("sync.col.last_export") }</th>
                    <th scope="col" class="num">{ i18n.t("sync.col.pending") }</th>
                    if judged { <th scope="col">{ i18n.t("sync.col.state") }</th> }
                </tr></thead>
                <tbody>
                { for o.devices.iter().map(|d| html! {
                    <tr>
                        <td>{ d.name.clone() }<br /><span class="note">{ i18n.t(&format!("sync.role.{}", d.role)) }</span></td>
                        <td>{ when(d.last_import_ms, i18n) }</td>
                        <td>{ when(d.last_export_ms, i18n) }</td>
                        <td class="num">{ d.unacknowledged }</td>
                        if judged { { overdue_cell(d.overdue, i18n) } }
                    </tr>
                }) }
                </tbody>
            </table>
        }
        </>
    }
}

/// What the last run received, refused and wrote.
pub fn last_run(run: Option<&SyncRun>, i18n: &I18n) -> Html {
    let Some(run) = run else {
        return html! { <div id="sync-result" class="card"><p>{ i18n.t("sync.never") }</p></div> };
    };
    let title = i18n.tr("sync.last_title", &[("time", &format_user_time_ms(run.finished_ms))]);
    html! {
        <div id="sync-result" class="card" aria-live="polite" data-finished-ms={run.finished_ms.to_string()}>
            <h3>
                { title }
                if run.automatic { { " " }<span class="note">{ i18n.t("sync.last_auto") }</span> }
            </h3>
            if run.is_empty() { <p>{ i18n.t("sync.nothing") }</p> }
            if !run.received.is_empty() {
                <h4>{ i18n.t("sync.received_title") }</h4>
                <table id="sync-received" class="list">
                    <thead><tr>
                        <th scope="col">{ i18n.t("sync.col.from") }</th>
                        <th scope="col" class="num">{ i18n.t("sync.col.changes") }</th>
                        <th scope="col" class="num">{ i18n.t("sync.col.inserted") }</th>
                        <th scope="col" class="num">{ i18n.t("sync.col.updated") }</th>
                        <th scope="col" class="num">{ i18n.t("sync.col.conflicts") }</th>
                        <th scope="col">{ i18n.t("sync.col.file") }</th>
                    </tr></thead>
                    <tbody>
                    { for run.received.iter().map(|r| html! {
                        <tr>
                            <td>
                                { r.sender.clone() }
                                if r.replayed { <br /><span class="note">{ i18n.t("sync.replayed") }</span> }
                                if r.clock_ahead { <br /><span class="warn-text">{ i18n.t("sync.clock_ahead") }</span> }
                            </td>
                            <td class="num">{ r.changes }</td>
                            <td class="num">{ r.inserted }</td>
                            <td class="num">{ r.updated }</td>
                            <td class="num">{ r.conflicts }</td>
                            <td class="mono small">{ r.file.clone() }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            }
            if !run.refused.is_empty() {
                <h4>{ i18n.t("sync.refused_title") }</h4>
                <ul id="sync-refused" class="refused">
                { for run.refused.iter().map(|r| html! {
                    <li><span class="mono small">{ r.file.clone() }</span>{ ": " }{ i18n.t(&r.reason) }</li>
                }) }
                </ul>
                <p class="note">{ i18n.t("sync.refused_note") }</p>
            }
            if !run.pending.is_empty() {
                <h4>{ i18n.t("sync.pending_title") }</h4>
                <ul id="sync-pending">
                { for run.pending.iter().map(|r| html! {
                    <li><span class="mono small">{ r.file.clone() }</span>{ ": " }{ i18n.t(&r.reason) }</li>
                }) }
                </ul>
            }
            if !run.written.is_empty() {
                <h4>{ i18n.t("sync.written_title") }</h4>
                <table id="sync-written" class="list">
                    <thead><tr>
                        <th scope="col">{ i18n.t("sync.col.to") }</th>
                        <th scope="col" class="num">{ i18n.t("sync.col.changes") }</th>
                        <th scope="col">{ i18n.t("sync.col.file") }</th>
                    </tr></thead>
                    <tbody>
                    { for run.written.iter().map(|w| html! {
                        <tr>
                            <td>{ w.recipients.join(", ") }</td>
                            <td class="num">{ w.changes }</td>
                            <td class="mono small">{ w.file.clone() }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            }
        </div>
    }
}
