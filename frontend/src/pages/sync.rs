//! The sync screen: the folder bundles travel through, a sync on demand with its progress, what the last run
//! received, refused and wrote, the trusted devices and the conflicts waiting for a supervisor. The shell also
//! syncs on its own when the folder is reachable; its events refresh this screen.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use reintegra_core::wire::events::{SYNC_DONE as DONE_EVENT, SYNC_PROGRESS as PROGRESS_EVENT};
use reintegra_core::wire::sync::SyncProgress;
use yew::prelude::*;

use crate::api::{self, Subscription};
use crate::components::path_picker::{PathPicker, PickMode};
use crate::components::sync_parts::{devices, last_run};
use crate::i18n::use_i18n;
use crate::state::sync::{SyncAction, SyncState};

/// Reads the overview again (after a run, or when the shell says one ended).
fn reload(dispatcher: &UseReducerDispatcher<SyncState>) {
    let dispatcher = dispatcher.clone();
    wasm_bindgen_futures::spawn_local(async move {
        dispatcher.dispatch(SyncAction::Reloaded(api::sync_overview().await));
    });
}

#[component]
pub fn SyncPage() -> Html {
    let i18n = use_i18n();
    let state = use_reducer(SyncState::default);
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let alive = Rc::new(Cell::new(true));
            let subscriptions = Rc::new(RefCell::new(Vec::<Subscription>::new()));
            {
                let (alive, subscriptions) = (alive.clone(), subscriptions.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    dispatcher.dispatch(SyncAction::Opened(api::sync_overview().await));
                    let on_progress = {
                        let dispatcher = dispatcher.clone();
                        move |p: SyncProgress| dispatcher.dispatch(SyncAction::Progress(p))
                    };
                    let on_done = move |_: i64| reload(&dispatcher);
                    // A listener that fails leaves the screen without the shell's own runs until it is opened
                    // again; runs asked for here still read the overview after them.
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
    let dispatcher = state.dispatcher();
    let on_save = {
        let state = state.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (path, dispatcher) = (state.folder.clone(), state.dispatcher());
            wasm_bindgen_futures::spawn_local(async move {
                dispatcher.dispatch(SyncAction::FolderSaved(api::set_sync_folder(path).await));
            });
        })
    };
    let on_sync = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(SyncAction::Started);
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::sync_now().await.map(|_| ());
                dispatcher.dispatch(SyncAction::Finished(result));
                reload(&dispatcher);
            });
        })
    };

    let o = match &state.overview {
        None => return html! { <p class="loading">{ i18n.t("app.loading") }</p> },
        Some(Err(e)) => return html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
        Some(Ok(o)) => o,
    };
    let busy = state.busy();
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
                        <PathPicker id="sync-folder" label={i18n.t("sync.folder_label")} value={state.folder.clone()}
                            mode={PickMode::Folder}
                            error={state.folder_error.as_ref().map(|e| AttrValue::from(e.message(i18n.lang)))}
                            on_change={dispatcher.to_callback().reform(SyncAction::Folder)} />
                        <button id="sync-folder-save" type="submit">{ i18n.t("sync.folder_save") }</button>
                    </form>
                    <p id="sync-folder-status" class={status.1} role="status" aria-live="polite">
                        { i18n.t(status.0) }
                        if state.saved { { " " }{ i18n.t("sync.folder_saved") } }
                    </p>
                    <p class="note">{ i18n.t("sync.auto_note") }</p>
                    <div class="actions">
                        <button id="sync-now" class="primary" onclick={on_sync} disabled={busy || o.folder.is_none()}>
                            { i18n.t(if busy { "sync.running" } else { "sync.now" }) }
                        </button>
                    </div>
                    if let Some(p) = state.progress {
                        <progress id="sync-progress" aria-label={i18n.t("sync.progress")}
                            max={p.total.max(1).to_string()} value={p.done.to_string()}></progress>
                    }
                    if let Some(e) = &state.run_error {
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
