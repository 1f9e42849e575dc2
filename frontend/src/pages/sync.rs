//! The sync screen: the folder bundles travel through, a sync on demand with its progress, what the last run
//! received, refused and wrote, the trusted devices and the conflicts waiting for a supervisor. The shell also
//! syncs on its own when the folder is reachable; its events refresh this screen.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use reintegra_core::date::format_user_time_ms;
use reintegra_core::overdue::OVERDUE_AFTER_DAYS;
use reintegra_core::wire::ApiError;
use reintegra_core::wire::events::{SYNC_DONE as DONE_EVENT, SYNC_PROGRESS as PROGRESS_EVENT};
use reintegra_core::wire::sync::{SyncOverview, SyncProgress, SyncRun};
use yew::prelude::*;

use crate::api::{self, Subscription};
use crate::components::field::TextField;
use crate::i18n::{I18n, use_i18n};

type Overview = UseStateHandle<Option<Result<SyncOverview, ApiError>>>;

/// Reads the overview again (after a run, or when the shell says one ended).
fn reload(overview: &Overview, progress: &UseStateHandle<Option<SyncProgress>>) {
    let (overview, progress) = (overview.clone(), progress.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let result = api::sync_overview().await;
        progress.set(None);
        overview.set(Some(result));
    });
}

fn when(ms: Option<i64>, i18n: &I18n) -> String {
    ms.map(format_user_time_ms).unwrap_or_else(|| i18n.t("sync.never_short"))
}

#[component]
pub fn SyncPage() -> Html {
    let i18n = use_i18n();
    let overview: Overview = use_state(|| None);
    let folder = use_state(String::new);
    let folder_error = use_state(|| None::<ApiError>);
    let saved = use_state(|| false);
    let running = use_state(|| false);
    let progress = use_state(|| None::<SyncProgress>);
    let run_error = use_state(|| None::<ApiError>);

    {
        let (overview, folder, progress) = (overview.clone(), folder.clone(), progress.clone());
        use_effect_with((), move |_| {
            let alive = Rc::new(Cell::new(true));
            let subscriptions = Rc::new(RefCell::new(Vec::<Subscription>::new()));
            {
                let (alive, subscriptions) = (alive.clone(), subscriptions.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let first = api::sync_overview().await;
                    if let Ok(o) = &first {
                        folder.set(o.folder.clone().unwrap_or_default());
                    }
                    overview.set(Some(first));
                    let on_progress = {
                        let progress = progress.clone();
                        move |p: SyncProgress| progress.set(Some(p))
                    };
                    let on_done = {
                        let (overview, progress) = (overview.clone(), progress.clone());
                        move |_: i64| reload(&overview, &progress)
                    };
                    for sub in [api::listen(PROGRESS_EVENT, on_progress).await, api::listen(DONE_EVENT, on_done).await]
                        .into_iter()
                        .flatten()
                    {
                        // Left before the listeners were in place: dropping them stops listening.
                        if alive.get() {
                            subscriptions.borrow_mut().push(sub);
                        }
                    }
                });
            }
            move || {
                alive.set(false);
                subscriptions.borrow_mut().clear();
            }
        });
    }

    let on_folder = {
        let (folder, saved) = (folder.clone(), saved.clone());
        Callback::from(move |v: String| {
            folder.set(v);
            saved.set(false);
        })
    };
    let on_save = {
        let (folder, folder_error, saved, overview) =
            (folder.clone(), folder_error.clone(), saved.clone(), overview.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (path, folder_error, saved, overview) =
                ((*folder).clone(), folder_error.clone(), saved.clone(), overview.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::set_sync_folder(path).await {
                    Ok(o) => {
                        folder_error.set(None);
                        saved.set(true);
                        overview.set(Some(Ok(o)));
                    }
                    Err(e) => {
                        saved.set(false);
                        folder_error.set(Some(e));
                    }
                }
            });
        })
    };
    let on_sync = {
        let (running, run_error, overview, progress) =
            (running.clone(), run_error.clone(), overview.clone(), progress.clone());
        Callback::from(move |_: MouseEvent| {
            running.set(true);
            run_error.set(None);
            progress.set(Some(SyncProgress::default()));
            let (running, run_error, overview, progress) =
                (running.clone(), run_error.clone(), overview.clone(), progress.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = api::sync_now().await {
                    run_error.set(Some(e));
                }
                running.set(false);
                reload(&overview, &progress);
            });
        })
    };

    let o = match &*overview {
        None => return html! { <p class="loading">{ i18n.t("app.loading") }</p> },
        Some(Err(e)) => return html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
        Some(Ok(o)) => o,
    };
    let busy = *running || o.running || progress.is_some_and(|p| p.total > 0 && p.done < p.total);
    let status = match (&o.folder, o.reachable) {
        (None, _) => ("sync.folder_none", "status"),
        (Some(_), true) => ("sync.reachable", "status ok"),
        (Some(_), false) => ("sync.unreachable_now", "status warn"),
    };

    html! {
        <section aria-labelledby="sync-title" class="sync">
            <div class="toolbar"><h2 id="sync-title">{ i18n.t("sync.title") }</h2></div>
            <p class="intro">{ i18n.t("sync.intro") }</p>
            <div class="columns">
                <div class="card">
                    <form onsubmit={on_save} class="folder-form">
                        <TextField id="sync-folder" label={i18n.t("sync.folder_label")} value={(*folder).clone()}
                            placeholder={AttrValue::from(i18n.t("sync.folder_placeholder"))}
                            error={folder_error.as_ref().map(|e| AttrValue::from(e.message(i18n.lang)))}
                            oninput={on_folder} />
                        <button id="sync-folder-save" type="submit">{ i18n.t("sync.folder_save") }</button>
                    </form>
                    <p id="sync-folder-status" class={status.1} role="status" aria-live="polite">
                        { i18n.t(status.0) }
                        if *saved { { " " }{ i18n.t("sync.folder_saved") } }
                    </p>
                    <p class="note">{ i18n.t("sync.auto_note") }</p>
                    <div class="actions">
                        <button id="sync-now" class="primary" onclick={on_sync} disabled={busy || o.folder.is_none()}>
                            { i18n.t(if busy { "sync.running" } else { "sync.now" }) }
                        </button>
                    </div>
                    if let Some(p) = *progress {
                        <progress id="sync-progress" aria-label={i18n.t("sync.progress")}
                            max={p.total.max(1).to_string()} value={p.done.to_string()}></progress>
                    }
                    if let Some(e) = &*run_error {
                        <p id="sync-error" class="error" role="alert">{ e.message(i18n.lang) }</p>
                    } else if let Some(e) = &o.last_error {
                        <p id="sync-error" class="error" role="alert">
                            { i18n.tr("sync.last_error", &[("error", &e.message(i18n.lang))]) }
                        </p>
                    }
                </div>
                <div class="card">
                    { devices(o, &i18n) }
                    <h3>{ i18n.t("sync.conflicts_title") }</h3>
                    <p id="sync-conflicts">
                        if o.conflicts == 0 { { i18n.t("sync.conflicts_none") } }
                        else { <strong>{ i18n.count("sync.conflicts", o.conflicts as u64) }</strong> }
                    </p>
                    <p class="note">{ i18n.t("sync.conflicts_note") }</p>
                </div>
            </div>
            { last_run(o.last.as_ref(), &i18n) }
        </section>
    }
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

fn devices(o: &SyncOverview, i18n: &I18n) -> Html {
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

fn last_run(run: Option<&SyncRun>, i18n: &I18n) -> Html {
    let Some(run) = run else {
        return html! { <div id="sync-result" class="card"><p>{ i18n.t("sync.never") }</p></div> };
    };
    let title = i18n.tr("sync.last_title", &[("time", &format_user_time_ms(run.finished_ms))]);
    html! {
        <div id="sync-result" class="card" aria-live="polite">
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
