//! Sync "once connectivity returns": a background thread looks at the sync folder every ~20 seconds and runs a
//! sync when the folder becomes reachable (a USB stick plugged in, a shared drive back) or a bundle appeared in it.
//! The decision is [`Watcher::tick`], plain Rust over [`AppState`]; the thread and the events are the only Tauri
//! parts. The live database is never opened from the folder: only bundle files are read and written there.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::Path;
use std::time::Duration;

use reintegra_core::wire::ApiError;
use reintegra_core::wire::events::{SYNC_DONE, SYNC_PROGRESS};
use reintegra_core::wire::sync::{SyncProgress, SyncRun};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::state::AppState;

/// How often the folder is looked at, unless `REINTEGRA_AUTOSYNC_SECONDS` says otherwise (0: never).
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(20);

/// What the watcher saw last time, to tell what changed.
#[derive(Default)]
pub struct Watcher {
    was_reachable: bool,
    seen: HashSet<OsString>,
}

impl Watcher {
    /// One look at the folder. Runs a sync (and returns its outcome) when the store is open, a folder is chosen,
    /// it is reachable, and either it was not at the last look or a bundle file appeared since.
    pub fn tick(
        &mut self,
        state: &AppState,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Option<Result<SyncRun, ApiError>> {
        if state.is_syncing() {
            // The button's sync is running: what it does is seen at the next look.
            return None;
        }
        let Some(folder) = state.sync_folder().filter(|f| f.is_dir()) else {
            self.was_reachable = false;
            return None;
        };
        let before = bundle_names(&folder);
        let arrived = before.iter().any(|name| !self.seen.contains(name));
        if self.was_reachable && !arrived {
            return None;
        }
        let result = state.sync_now(true, progress);
        if result.is_ok() {
            self.was_reachable = true;
            // What this run wrote is ours: only files that appear after this look are news.
            self.seen = bundle_names(&folder);
        } else {
            // Another sync was running, or the folder went away mid-run: look again next time.
            self.was_reachable = false;
        }
        Some(result)
    }
}

/// The bundle files in `dir` (by name; nothing is opened).
fn bundle_names(dir: &Path) -> HashSet<OsString> {
    let Ok(entries) = std::fs::read_dir(dir) else { return HashSet::new() };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some(reintegra_store::sync::EXTENSION))
        .filter_map(|p| p.file_name().map(ToOwned::to_owned))
        .collect()
}

fn interval() -> Option<Duration> {
    match std::env::var("REINTEGRA_AUTOSYNC_SECONDS").ok().and_then(|v| v.trim().parse::<u64>().ok()) {
        Some(0) => None,
        Some(secs) => Some(Duration::from_secs(secs)),
        None => Some(DEFAULT_INTERVAL),
    }
}

/// Starts the watcher thread for the app's lifetime.
pub fn spawn<R: Runtime>(app: AppHandle<R>) -> Result<(), Box<dyn std::error::Error>> {
    let Some(every) = interval() else { return Ok(()) };
    std::thread::Builder::new().name("autosync".into()).spawn(move || {
        let mut watcher = Watcher::default();
        loop {
            std::thread::sleep(every);
            let state = app.state::<AppState>();
            if watcher.tick(&state, &mut progress_events(&app)).is_some() {
                done_event(&app);
            }
        }
    })?;
    Ok(())
}

/// The sync button: one run, with progress and completion events for the screen.
pub fn sync_now<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> Result<SyncRun, ApiError> {
    let result = state.sync_now(false, &mut progress_events(app));
    done_event(app);
    result
}

/// A progress callback that emits [`SYNC_PROGRESS`] each time the bar would move by a percent or more.
fn progress_events<R: Runtime>(app: &AppHandle<R>) -> impl FnMut(usize, usize) + '_ {
    let mut last = None;
    move |done, total| {
        let percent = (done as u64 * 100).checked_div(total as u64).unwrap_or(100);
        if last != Some(percent) {
            last = Some(percent);
            // A window that is not listening loses nothing: the report is kept for the screen.
            let _ = app.emit(SYNC_PROGRESS, SyncProgress { done: done as u64, total: total as u64 });
        }
    }
}

fn done_event<R: Runtime>(app: &AppHandle<R>) {
    let _ = app.emit(SYNC_DONE, chrono::Utc::now().timestamp_millis());
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use reintegra_core::person::PersonFields;
    use reintegra_core::wire::{DeviceRole, PersonQuery};
    use reintegra_store::{Store, sync};

    use super::*;

    const PASS: &str = "una frase de paso larga";

    fn today() -> NaiveDate {
        chrono::Local::now().date_naive()
    }

    /// A supervisor's store and a field laptop's store (the app's) that trust each other; the supervisor holds one
    /// participant of the laptop's worker.
    fn stores(dir: &Path) -> (Store, AppState) {
        let mut central = Store::create(&dir.join("central.db"), PASS, "Central", DeviceRole::Supervisor).expect("c");
        let app_db = dir.join("app").join("laptop.db");
        std::fs::create_dir_all(app_db.parent().expect("parent")).expect("dir");
        let mut laptop = Store::create(&app_db, PASS, "Laptop Ana", DeviceRole::Field).expect("laptop");
        sync::set_workers(&mut laptop, &["Ana Portillo".to_owned()]).expect("workers");
        let (pc, pl) = (sync::public_keys(&mut central).expect("keys"), sync::public_keys(&mut laptop).expect("keys"));
        sync::add_device(&mut central, &pl).expect("trust laptop");
        sync::add_device(&mut laptop, &pc).expect("trust central");
        participant(&mut central, "Canario");
        drop(laptop);
        let state = AppState::new(Some(app_db), 0);
        (central, state)
    }

    fn participant(central: &mut Store, given: &str) {
        let fields = PersonFields {
            municipality: "San Salvador Centro".into(),
            assigned_worker: Some("Ana Portillo".into()),
            ..reintegra_store::testing::person_fields(given, "Sincronizado", "1990-03-04")
        };
        reintegra_store::persons::register(central, &fields, true, today()).expect("person");
    }

    fn found(state: &AppState) -> u32 {
        state.search_persons(&PersonQuery { text: "canario".into(), offset: 0, limit: 10 }).expect("search").total
    }

    #[test]
    fn the_watcher_syncs_when_the_folder_appears_and_when_a_bundle_arrives() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut central, state) = stores(dir.path());
        let stick = dir.path().join("usb");
        let mut watcher = Watcher::default();
        let mut steps = Vec::new();

        // Locked, or no folder chosen: nothing happens.
        assert!(watcher.tick(&state, &mut |_, _| {}).is_none());
        state.unlock(None, PASS).expect("unlock");
        assert!(watcher.tick(&state, &mut |_, _| {}).is_none());
        assert_eq!(state.set_sync_folder("relativa").expect_err("relative").code, "sync.folder_not_absolute");
        let store_dir = dir.path().join("app");
        assert_eq!(
            state.set_sync_folder(&store_dir.to_string_lossy()).expect_err("store dir").code,
            "sync.folder_is_store"
        );
        // Chosen while the stick is out: remembered, not reachable, no sync.
        let overview = state.set_sync_folder(&stick.to_string_lossy()).expect("folder");
        assert!(!overview.reachable && overview.devices.len() == 1 && overview.last.is_none());
        assert!(watcher.tick(&state, &mut |_, _| {}).is_none());
        assert_eq!(state.sync_now(false, &mut |_, _| {}).expect_err("unreachable").code, "sync.unreachable");

        // The stick comes back with a bundle from the central file: the next look takes it in and answers.
        std::fs::create_dir(&stick).expect("stick");
        let laptop_id = sync::devices(&mut central).expect("devices")[0].device_id.to_string();
        sync::export(&mut central, &[laptop_id], &stick.join("central-a-laptop.rgb")).expect("export");
        let run = watcher.tick(&state, &mut |d, t| steps.push((d, t))).expect("ran").expect("synced");
        assert!(run.automatic);
        assert_eq!(run.received.len(), 1);
        assert_eq!((run.received[0].sender.as_str(), run.received[0].inserted), ("Central", 1));
        assert_eq!(run.written.len(), 1);
        assert_eq!(run.written[0].recipients, ["Central"]);
        assert!(steps.last().is_some_and(|(d, t)| d == t && *t > 0), "progress ends full");
        assert_eq!(found(&state), 1);
        let overview = state.sync_overview().expect("overview");
        assert!(overview.reachable && !overview.running);
        assert_eq!(overview.last.as_ref().map(|l| l.received.len()), Some(1));
        assert!(overview.devices[0].last_import_ms.is_some() && overview.devices[0].last_export_ms.is_some());

        // Nothing new: no run. The central side takes the answer; its next bundle wakes the watcher again.
        assert!(watcher.tick(&state, &mut |_, _| {}).is_none());
        participant(&mut central, "Jilguero");
        let report = sync::sync_folder(&mut central, &stick, &mut |_, _| {}).expect("central syncs");
        assert_eq!(report.imported.len(), 1);
        assert_eq!(report.exported.len(), 1);
        let run = watcher.tick(&state, &mut |_, _| {}).expect("a new bundle in the folder").expect("synced");
        assert_eq!(run.received.len(), 1);
        assert_eq!(found(&state), 1, "one Canario");
        assert_eq!(
            state.search_persons(&PersonQuery { text: "jilguero".into(), offset: 0, limit: 10 }).expect("s").total,
            1
        );

        // The stick is pulled out, then plugged in again: a sync on its return. An empty automatic run does not
        // hide the last report that had something in it.
        std::fs::rename(&stick, dir.path().join("elsewhere")).expect("unplug");
        assert!(watcher.tick(&state, &mut |_, _| {}).is_none());
        std::fs::rename(dir.path().join("elsewhere"), &stick).expect("plug in");
        assert!(watcher.tick(&state, &mut |_, _| {}).is_some());
        assert!(state.sync_overview().expect("overview").last.is_some_and(|l| !l.is_empty()));
    }

    #[test]
    fn two_syncs_never_run_at_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (_central, state) = stores(dir.path());
        state.unlock(None, PASS).expect("unlock");
        let stick = dir.path().join("usb");
        std::fs::create_dir(&stick).expect("stick");
        state.set_sync_folder(&stick.to_string_lossy()).expect("folder");
        let mut watcher = Watcher::default();
        let mut checked = false;
        state
            .sync_now(false, &mut |_, _| {
                // While the button's sync runs, the watcher waits and a second sync is refused.
                if !checked {
                    checked = true;
                    assert!(watcher.tick(&state, &mut |_, _| {}).is_none());
                    let second = state.sync_now(true, &mut |_, _| {}).expect_err("refused");
                    assert_eq!(second.code, "sync.already_running");
                }
            })
            .expect("sync");
        assert!(checked, "progress was reported");
        assert!(watcher.tick(&state, &mut |_, _| {}).is_some(), "the watcher looks at the next tick");
        assert!(!state.sync_overview().expect("overview").running);
    }
}
