//! What the app's commands do, over a small state: where the store is and, once unlocked, the open store.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use reintegra_core::i18n::Lang;
use reintegra_core::month::Month;
use reintegra_core::overdue::is_overdue;
use reintegra_core::person::{PersonForm, validate_form};
use reintegra_core::reference::Catalogue;
use reintegra_core::views::{ApprovalDone, ExportDone, PayrollApproval, PayrollView, PersonView};
use reintegra_core::wire::{ApiError, AppStatus, DeviceRole, PersonPage, PersonQuery, RegisterOutcome, SetupRequest};
use reintegra_store::sync::FolderReport;
use reintegra_store::{Store, keys, persons, sync, views};
use uuid::Uuid;

use reintegra_core::wire::sync::{ReceivedBundle, RefusedBundle, SyncDevice, SyncOverview, SyncRun, WrittenBundle};

pub const MIN_PASSPHRASE: usize = 8;

pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub struct AppState {
    db_path: Option<PathBuf>,
    demo_participants: usize,
    store: Mutex<Option<Store>>,
    /// Set while a sync runs: a second one (the button while the watcher runs, or the other way) is refused.
    syncing: AtomicBool,
    sync_memory: Mutex<SyncMemory>,
    /// Set by the interface while a form holds input not yet saved: closing the window then asks first.
    unsaved: AtomicBool,
    /// Set while the interface is asking whether to close: a second request closes without waiting.
    close_asked: AtomicBool,
    /// `REINTEGRA_IDLE_LOCK_SECONDS`: replaces the store's idle minutes (tests).
    idle_override: Option<Duration>,
    idle: Mutex<Idle>,
}

/// Auto-lock: the interface sees input and locks itself after `limit`; it reports input here now and then, so that
/// if it fails to lock (a frozen or throttled page) the shell locks a little later anyway ([`AppState::lock_if_idle`]).
struct Idle {
    limit: Duration,
    last_input: Instant,
}

/// How much later than the interface the shell locks by itself: a margin for the interface's throttled reports.
const IDLE_GRACE: Duration = Duration::from_secs(15);

/// What the sync screen shows of earlier runs in this session.
#[derive(Default)]
struct SyncMemory {
    last: Option<SyncRun>,
    last_error: Option<ApiError>,
}

/// Clears the running flag however a sync ends.
struct Running<'a>(&'a AtomicBool);

impl<'a> Running<'a> {
    fn start(flag: &'a AtomicBool) -> Option<Running<'a>> {
        flag.compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst).ok().map(|_| Running(flag))
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

impl AppState {
    pub fn new(db_path: Option<PathBuf>, demo_participants: usize) -> Self {
        AppState {
            db_path,
            demo_participants,
            store: Mutex::new(None),
            syncing: AtomicBool::new(false),
            sync_memory: Mutex::new(SyncMemory::default()),
            unsaved: AtomicBool::new(false),
            close_asked: AtomicBool::new(false),
            idle_override: None,
            idle: Mutex::new(Idle {
                limit: Duration::from_secs(u64::from(reintegra_store::users::DEFAULT_IDLE_LOCK_MINUTES) * 60),
                last_input: Instant::now(),
            }),
        }
    }

    /// `REINTEGRA_DB` (else the app's data directory) and `REINTEGRA_DEMO_PARTICIPANTS` (demo size on first start,
    /// 300 by default, 0 for none).
    pub fn from_env() -> Self {
        let db = std::env::var_os("REINTEGRA_DB").map(PathBuf::from).or_else(reintegra_store::default_path);
        let demo = std::env::var("REINTEGRA_DEMO_PARTICIPANTS").ok().and_then(|v| v.parse().ok()).unwrap_or(300);
        let mut state = AppState::new(db, demo);
        state.idle_override = std::env::var("REINTEGRA_IDLE_LOCK_SECONDS")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|s| *s > 0)
            .map(Duration::from_secs);
        state
    }

    pub(crate) fn path(&self) -> Result<&PathBuf, ApiError> {
        self.db_path.as_ref().ok_or_else(|| ApiError::new("error.no_db_path"))
    }

    pub(crate) fn guard(&self) -> Result<MutexGuard<'_, Option<Store>>, ApiError> {
        self.store.lock().map_err(|_| ApiError::internal("state"))
    }

    /// Runs `f` on the open store; its error, a store error or an [`ApiError`], becomes the command's answer.
    pub(crate) fn with_store<T, E: Into<ApiError>>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, E>,
    ) -> Result<T, ApiError> {
        // Nothing is served past the idle limit, even if the interface failed to lock.
        self.lock_if_idle();
        let mut guard = self.guard()?;
        let store = guard.as_mut().ok_or_else(|| ApiError::new("error.locked"))?;
        f(store).map_err(Into::into)
    }

    pub fn status(&self) -> Result<AppStatus, ApiError> {
        let guard = self.guard()?;
        let device = guard.as_ref().map(Store::device);
        let path = self.path()?;
        let user = match guard.as_ref() {
            Some(store) => Some(store.user().to_owned()),
            // The unlock screen offers the last login (readable without unlocking: a login, never a name).
            None => keys::KeyFile::read(&keys::key_path(path)).ok().and_then(|f| f.remembered_user()),
        };
        let idle_lock_seconds = match guard.as_ref() {
            Some(_) => Some(self.idle()?.limit.as_secs()),
            None => None,
        };
        Ok(AppStatus {
            store_exists: path.is_file(),
            unlocked: guard.is_some(),
            device_name: device.map(|d| d.name.clone()),
            role: device.map(|d| d.role),
            user,
            idle_lock_seconds,
            admin: guard.as_ref().is_some_and(|s| s.role() == reintegra_store::access::Role::Admin),
            recovery_key: None,
        })
    }

    fn idle(&self) -> Result<MutexGuard<'_, Idle>, ApiError> {
        self.idle.lock().map_err(|_| ApiError::internal("idle"))
    }

    /// A store was just opened: its idle limit applies from now.
    pub(crate) fn opened(&self, store: &mut Store) -> Result<(), ApiError> {
        let limit = match self.idle_override {
            Some(limit) => limit,
            None => Duration::from_secs(u64::from(reintegra_store::users::idle_lock_minutes(store)?) * 60),
        };
        *self.idle()? = Idle { limit, last_input: Instant::now() };
        Ok(())
    }

    /// First start: creates the encrypted store and fills it with demo data.
    pub fn setup(&self, req: &SetupRequest, today: NaiveDate) -> Result<AppStatus, ApiError> {
        if req.passphrase.chars().count() < MIN_PASSPHRASE {
            return Err(ApiError::new("error.passphrase_short"));
        }
        let recovery = {
            let mut guard = self.guard()?;
            let path = self.path()?;
            let (mut store, recovery) = Store::create_with_recovery(path, &req.passphrase, &req.device_name, req.role)?;
            if self.demo_participants > 0 {
                // Dated around today: a newcomer sees this week's visits and this month's payroll.
                let options = reintegra_demo::Options { participants: self.demo_participants, ..Default::default() }
                    .ending_today(today);
                reintegra_demo::generate(&mut store, options, today)?;
            }
            // The caseload this laptop carries (what bundles from the central file bring it), as `reintegra init
            // --worker` sets it: the store tidies the names and leaves out empty ones.
            if req.role == DeviceRole::Field && !req.workers.is_empty() {
                reintegra_store::sync::set_workers(&mut store, &req.workers)?;
            }
            self.opened(&mut store)?;
            *guard = Some(store);
            recovery
        };
        // Shown once by the set-up screen; the store keeps only what it can unwrap.
        Ok(AppStatus { recovery_key: Some(recovery.as_str().to_owned()), ..self.status()? })
    }

    /// Opens the store as `login` (the first user when none is given). Wrong passphrases count towards the
    /// user's back-off wait, which the store enforces.
    pub fn unlock(&self, login: Option<&str>, passphrase: &str) -> Result<AppStatus, ApiError> {
        let login = login.map(str::trim).filter(|l| !l.is_empty());
        {
            let mut guard = self.guard()?;
            // Whoever was unlocked is locked first: one user at a time.
            if let Some(mut old) = guard.take() {
                let _ = old.record_lock(false);
            }
            let mut store = Store::open_as(self.path()?, login, passphrase)?;
            self.opened(&mut store)?;
            *guard = Some(store);
        }
        self.status()
    }

    /// Locks: the lock is written to the audit log, then the store is closed (its key is wiped as it drops). The
    /// interface saved the open form's draft before asking. Locking never fails for want of the audit entry.
    pub fn lock(&self, idle: bool) -> Result<AppStatus, ApiError> {
        {
            let mut guard = self.guard()?;
            if let Some(mut store) = guard.take() {
                let _ = store.record_lock(idle);
            }
        }
        self.status()
    }

    /// The interface saw input (keys or pointer).
    pub fn activity(&self) {
        if let Ok(mut idle) = self.idle() {
            idle.last_input = Instant::now();
        }
    }

    /// The backstop of auto-lock: locks when the interface reported no input for the idle limit and a margin
    /// (it locks itself at the limit). Returns whether it locked.
    pub fn lock_if_idle(&self) -> bool {
        let expired = match self.idle() {
            Ok(idle) => idle.last_input.elapsed() > idle.limit + idle.limit.min(IDLE_GRACE),
            Err(_) => return false,
        };
        let open = self.store.lock().is_ok_and(|g| g.is_some());
        expired && open && self.lock(true).is_ok()
    }

    /// Municipalities and districts in force (the shipped ones with the store's edits).
    pub fn reference_data(&self) -> Result<Catalogue, ApiError> {
        self.with_store(|s| s.read(reintegra_store::records::catalogue))
    }

    pub fn search_persons(&self, query: &PersonQuery) -> Result<PersonPage, ApiError> {
        self.with_store(|s| persons::search(s, query))
    }

    pub fn register_person(
        &self,
        form: &PersonForm,
        confirm_new: bool,
        today: NaiveDate,
    ) -> Result<RegisterOutcome, ApiError> {
        self.with_store(|s| -> Result<_, ApiError> {
            let catalogue = s.read(reintegra_store::records::catalogue)?;
            let fields = validate_form(form, today, &catalogue)?;
            Ok(persons::register(s, &fields, confirm_new, today)?)
        })
    }
}

/// Editing a person, and what closing the window does while a form is being filled.
impl AppState {
    /// Saves the edited form of person `id` (see [`persons::update`]).
    pub fn update_person(
        &self,
        id: Uuid,
        form: &PersonForm,
        confirm: bool,
        today: NaiveDate,
    ) -> Result<RegisterOutcome, ApiError> {
        self.with_store(|s| -> Result<_, ApiError> {
            let catalogue = s.read(reintegra_store::records::catalogue)?;
            let fields = validate_form(form, today, &catalogue)?;
            Ok(persons::update(s, id, &fields, confirm, today)?)
        })
    }

    /// What the interface says of its forms; also its answer after asking about closing (the person stayed).
    pub fn set_unsaved(&self, unsaved: bool) {
        self.unsaved.store(unsaved, Ordering::SeqCst);
        self.close_asked.store(false, Ordering::SeqCst);
    }

    /// Whether a request to close the window must wait for the interface to ask (a form has unsaved input). When
    /// the interface never said so, or a second request comes while it is asking, the window closes at once: a
    /// broken page can never keep it open.
    pub fn close_must_ask(&self) -> bool {
        self.unsaved.load(Ordering::SeqCst) && !self.close_asked.swap(true, Ordering::SeqCst)
    }
}

/// A person's page and the voucher payroll.
impl AppState {
    /// A person's page; every view is written to the audit log (who saw whom, by id).
    pub fn person_view(&self, id: Uuid) -> Result<PersonView, ApiError> {
        self.with_store(|s| -> reintegra_store::Result<_> {
            let view = views::person_view(s, id)?;
            reintegra_store::audit::record(s, reintegra_store::audit::Action::ViewPerson, &format!("person:{id}"))?;
            Ok(view)
        })
    }

    pub fn payroll_view(&self, month: Month) -> Result<PayrollView, ApiError> {
        self.with_store(|s| views::payroll_view(s, month))
    }

    pub fn payroll_default_path(&self, month: Month, today: NaiveDate) -> String {
        crate::payroll::default_export_path(month, today)
    }

    pub fn export_payroll(&self, month: Month, path: &str, lang: Lang) -> Result<ExportDone, ApiError> {
        self.with_store(|s| crate::payroll::export(s, month, path, lang))
    }

    pub fn approve_payroll(&self, approval: &PayrollApproval, today: NaiveDate) -> Result<ApprovalDone, ApiError> {
        self.with_store(|s| crate::payroll::approve(s, approval, today))
    }
}

/// Sync: the folder, the overview for the screen, and one run at a time.
impl AppState {
    /// Remembers the sync folder. It need not be reachable now (a USB stick may be unplugged), but it must be an
    /// absolute path and must not be the folder the store itself lives in: the live database never travels.
    pub fn set_sync_folder(&self, path: &str) -> Result<SyncOverview, ApiError> {
        let path = Path::new(path.trim());
        if path.as_os_str().is_empty() {
            return Err(ApiError::new("sync.folder_required"));
        }
        if !path.is_absolute() {
            return Err(ApiError::new("sync.folder_not_absolute"));
        }
        let store_dir = self.path()?.parent().map(|p| p.canonicalize().unwrap_or_else(|_| p.to_path_buf()));
        if store_dir.is_some_and(|d| path.canonicalize().unwrap_or_else(|_| path.to_path_buf()) == d) {
            return Err(ApiError::new("sync.folder_is_store"));
        }
        self.with_store(|s| sync::set_folder(s, path))?;
        self.sync_overview()
    }

    pub fn is_syncing(&self) -> bool {
        self.syncing.load(Ordering::SeqCst)
    }

    /// The folder when the store is open and one was chosen (for the watcher: `None` while locked).
    pub fn sync_folder(&self) -> Option<PathBuf> {
        let mut guard = self.guard().ok()?;
        sync::folder(guard.as_mut()?).ok().flatten()
    }

    pub fn sync_overview(&self) -> Result<SyncOverview, ApiError> {
        let (folder, devices, conflicts, supervisor) = self.with_store(|s| -> reintegra_store::Result<_> {
            let folder = sync::folder(s)?;
            let devices = sync::devices(s)?;
            let conflicts = sync::conflicts(s)?.len();
            Ok((folder, devices, conflicts, s.device().role == DeviceRole::Supervisor))
        })?;
        let now_ms = chrono::Utc::now().timestamp_millis();
        let memory = self.sync_memory.lock().map_err(|_| ApiError::internal("sync"))?;
        Ok(SyncOverview {
            reachable: folder.as_ref().is_some_and(|f| f.is_dir()),
            folder: folder.map(|f| f.to_string_lossy().into_owned()),
            running: self.is_syncing(),
            devices: devices
                .into_iter()
                .filter(|d| d.revoked_at_ms.is_none())
                .map(|d| SyncDevice {
                    overdue: supervisor.then(|| is_overdue(&d.role, d.last_import_ms, d.added_at_ms, now_ms)),
                    name: d.name,
                    role: d.role,
                    last_import_ms: d.last_import_ms,
                    last_export_ms: d.last_export_ms,
                    unacknowledged: d.unacknowledged,
                })
                .collect(),
            conflicts,
            last: memory.last.clone(),
            last_error: memory.last_error.clone(),
        })
    }

    /// Takes in what the sync folder holds for this device and leaves what the others wait for. Refused while
    /// another sync runs. `progress` is told (step, steps). The report is remembered for the screen, unless an
    /// automatic run found nothing to do.
    pub fn sync_now(&self, automatic: bool, progress: &mut dyn FnMut(usize, usize)) -> Result<SyncRun, ApiError> {
        let _running = Running::start(&self.syncing).ok_or_else(|| ApiError::new("sync.already_running"))?;
        let result = self.with_store(|s| -> Result<_, ApiError> {
            let folder = sync::folder(s)?.ok_or_else(|| ApiError::new("sync.no_folder"))?;
            if !folder.is_dir() {
                return Err(ApiError::new("sync.unreachable").with("path", folder.to_string_lossy()));
            }
            let report = sync::sync_folder(s, &folder, progress)?;
            Ok(run_from(report, automatic))
        });
        if let Ok(mut memory) = self.sync_memory.lock() {
            match &result {
                Ok(run) if !automatic || !run.is_empty() => {
                    memory.last = Some(run.clone());
                    memory.last_error = None;
                }
                Ok(_) => memory.last_error = None,
                Err(e) => memory.last_error = Some(e.clone()),
            }
        }
        result
    }
}

fn run_from(report: FolderReport, automatic: bool) -> SyncRun {
    let file_name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    SyncRun {
        finished_ms: chrono::Utc::now().timestamp_millis(),
        automatic,
        received: report
            .imported
            .into_iter()
            .map(|(file, r)| ReceivedBundle {
                file,
                sender: r.sender_name,
                changes: r.changes,
                inserted: r.inserted,
                updated: r.updated,
                unchanged: r.unchanged,
                conflicts: r.conflicts,
                replayed: r.replayed,
                clock_ahead: r.clock_ahead,
            })
            .collect(),
        refused: report.refused.into_iter().map(|(file, reason)| RefusedBundle { file, reason }).collect(),
        pending: report.pending.into_iter().map(|(file, reason)| RefusedBundle { file, reason }).collect(),
        written: report
            .exported
            .into_iter()
            .map(|e| WrittenBundle {
                file: file_name(&e.path),
                recipients: e.recipients.into_iter().map(|r| r.name).collect(),
                changes: e.changes,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_left_for_the_next_round_is_reported_with_its_reason() {
        let report = FolderReport {
            imported: vec![],
            refused: vec![],
            exported: vec![],
            pending: vec![("a.rgb".into(), reintegra_store::sync::INCOMPLETE.into())],
        };
        let run = run_from(report, true);
        assert!(!run.is_empty(), "a pending bundle is something to show");
        assert_eq!(run.pending, vec![RefusedBundle { file: "a.rgb".into(), reason: "sync.bundle_incomplete".into() }]);
    }

    fn form() -> PersonForm {
        PersonForm {
            role: "participant".into(),
            given_names: "Canario".into(),
            first_surname: "Prueba".into(),
            birth_date: "02/03/1990".into(),
            municipality: "San Salvador Norte".into(),
            ..Default::default()
        }
    }

    #[test]
    fn first_start_chooses_a_field_laptop_with_its_workers_or_the_central_file() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        let dir = tempfile::tempdir().expect("tempdir");
        let cases = [
            ("laptop", DeviceRole::Field, vec![" Ana Portillo ".to_owned(), String::new()], vec!["Ana Portillo"]),
            ("central", DeviceRole::Supervisor, vec!["Ana Portillo".to_owned()], vec![]),
        ];
        for (name, role, workers, carried) in cases {
            let state = AppState::new(Some(dir.path().join(format!("{name}.db"))), 0);
            let req = SetupRequest { device_name: name.into(), passphrase: "una frase larga".into(), role, workers };
            let status = state.setup(&req, today).expect("setup");
            assert_eq!(status.role, Some(role), "{name}");
            let card = state.with_store(reintegra_store::sync::public_keys).expect("card");
            assert_eq!(card.role, role.as_str(), "{name}");
            assert_eq!(card.workers, carried, "{name}: the caseload the device carries");
        }
    }

    #[test]
    fn setup_register_search_and_unlock_again() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("app.db");
        let state = AppState::new(Some(path.clone()), 5);
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        assert!(!state.status().expect("status").store_exists);
        let short = SetupRequest { device_name: "laptop".into(), passphrase: "corta".into(), ..Default::default() };
        assert_eq!(state.setup(&short, today).expect_err("short").code, "error.passphrase_short");
        assert!(!path.exists(), "nothing created on a refused setup");

        let req =
            SetupRequest { device_name: "laptop".into(), passphrase: "una frase larga".into(), ..Default::default() };
        let st = state.setup(&req, today).expect("setup");
        assert!(st.unlocked && st.store_exists);

        let mut bad = form();
        bad.birth_date = "31/02/1990".into();
        let err = state.register_person(&bad, false, today).expect_err("invalid");
        assert_eq!(err.fields.expect("fields").for_field("birth_date").expect("field").code, "error.date_invalid");

        let RegisterOutcome::Created { id } = state.register_person(&form(), false, today).expect("register") else {
            panic!("expected a new person")
        };
        let again = state.register_person(&form(), false, today).expect("duplicate check");
        assert!(matches!(again, RegisterOutcome::Duplicates { ref candidates } if candidates[0].id == id));

        // Edited: a new phone, found by it; a future date and an unknown id are refused.
        let mut edited = form();
        edited.phone = "7555-0101".into();
        let saved = state.update_person(id, &edited, false, today).expect("update");
        assert_eq!(saved, RegisterOutcome::Updated { id });
        let mut bad = edited.clone();
        bad.consent_date = "01/01/2999".into();
        let err = state.update_person(id, &bad, false, today).expect_err("future");
        assert_eq!(err.fields.expect("fields").for_field("consent_date").expect("field").code, "error.date_future");
        assert_eq!(
            state.update_person(Uuid::now_v7(), &edited, false, today).expect_err("none").code,
            "error.not_found"
        );
        let page =
            state.search_persons(&PersonQuery { text: "75550101".into(), offset: 0, limit: 10 }).expect("search");
        assert_eq!(page.items.iter().map(|p| p.id).collect::<Vec<_>>(), [id]);

        assert!(!state.close_must_ask(), "nothing typed: the window closes at once");
        state.set_unsaved(true);
        assert!(state.close_must_ask(), "a form has unsaved input: the interface asks");
        assert!(!state.close_must_ask(), "closed again while asking: closes without waiting");
        state.set_unsaved(true);
        assert!(state.close_must_ask(), "the person stayed: the next request asks again");
        state.set_unsaved(false);
        assert!(!state.close_must_ask());

        let reopened = AppState::new(Some(path), 5);
        assert_eq!(reopened.unlock(None, "otra frase mala").expect_err("wrong").code, "error.wrong_passphrase");
        reopened.unlock(None, "una frase larga").expect("unlock");
        let page =
            reopened.search_persons(&PersonQuery { text: "canario".into(), offset: 0, limit: 10 }).expect("search");
        assert_eq!(page.total, 1);
        assert_eq!(page.items[0].id, id);
    }

    fn last_audit(state: &AppState) -> (String, String, String) {
        state
            .with_store(|s| -> reintegra_store::Result<_> {
                let e = reintegra_store::audit::recent(s, 2)?;
                // The newest is this unlock's login; the one before it is what happened before.
                Ok((e[1].user.clone(), e[1].action.clone(), e[1].subject.clone()))
            })
            .expect("audit")
    }

    #[test]
    fn lock_unlock_as_a_user_and_the_idle_backstop() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("app.db");
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        let state = AppState::new(Some(path.clone()), 0);
        let req =
            SetupRequest { device_name: "laptop".into(), passphrase: "una frase larga".into(), ..Default::default() };
        let st = state.setup(&req, today).expect("setup");
        assert_eq!(st.user.as_deref(), Some("admin"), "the first user of a new store");
        assert_eq!(st.idle_lock_seconds, Some(300), "5 minutes unless set");

        // Locked: nothing is served, the login is offered, the lock is in the audit log.
        let st = state.lock(false).expect("lock");
        assert!(!st.unlocked && st.store_exists);
        assert_eq!((st.user.as_deref(), st.idle_lock_seconds), (Some("admin"), None));
        assert_eq!(state.reference_data().expect_err("locked").code, "error.locked");
        assert_eq!(state.unlock(Some("nadie"), "una frase larga").expect_err("unknown").code, "error.wrong_passphrase");
        for _ in 0..3 {
            let err = state.unlock(Some("admin"), "otra frase mala").expect_err("wrong");
            assert_eq!(
                err.message(Lang::Es),
                "Frase de acceso incorrecta, o el archivo no es un almacén de Reintegra."
            );
        }
        let err = state.unlock(Some("admin"), "una frase larga").expect_err("waiting");
        assert_eq!(err.code, "error.backoff");
        assert_eq!(
            err.message(Lang::Es),
            format!(
                "Demasiados intentos fallidos. Espere {} segundos antes de volver a intentarlo.",
                err.args.iter().find(|(k, _)| k == "seconds").map(|(_, v)| v.as_str()).expect("seconds")
            )
        );
        drop(state);

        // The wait is kept in the key file: the rest uses a second store with no failures.
        let path2 = dir.path().join("app2.db");
        let mut state = AppState::new(Some(path2), 0);
        state.setup(&req, today).expect("setup");
        state.lock(false).expect("lock");
        let st = state.unlock(Some(" admin "), "una frase larga").expect("unlock");
        assert!(st.unlocked);
        assert_eq!(last_audit(&state), ("admin".into(), "lock".into(), String::new()));

        // The interface did not lock: past the limit and its margin the shell locks by itself, as idle.
        state.idle_override = Some(Duration::ZERO);
        state.unlock(None, "una frase larga").expect("unlock");
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(state.reference_data().expect_err("idle").code, "error.locked");
        assert!(!state.lock_if_idle(), "already locked");
        state.idle_override = Some(Duration::from_secs(3600));
        state.unlock(None, "una frase larga").expect("unlock");
        assert_eq!(last_audit(&state), ("admin".into(), "lock".into(), "idle".into()));
        state.activity();
        assert!(!state.lock_if_idle(), "input within the limit");
    }
}
