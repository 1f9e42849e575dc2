//! Administration in the window: pairing devices (this device's card to a file, another's card read, checked and
//! trusted, a laptop's caseload, revoking), the users of this device and the idle lock, one's own passphrase, the
//! recovery key, and a forgotten passphrase reset with it. Each command calls the store functions the command line
//! calls (`keys public`, `devices`, `users`, `passphrase`); what is an administrator's to do is refused here for
//! others before the store, which refuses it too.

use std::path::Path;

use reintegra_core::pairing::{card_file_name, check_new_passphrase};
use reintegra_core::wire::admin::{CardPreview, DeviceItem, DeviceState, DevicesView, UserItem, UsersView};
use reintegra_core::wire::args::{AddUserArgs, ChangePassphraseArgs, ResetPassphraseArgs};
use reintegra_core::wire::{ApiError, AppStatus, DeviceRole};
use reintegra_store::users::{self, NewUser, Role};
use reintegra_store::{Store, sync};
use uuid::Uuid;

use crate::state::AppState;

/// A file path as typed or chosen: absolute, or refused.
fn absolute(path: &str) -> Result<&Path, ApiError> {
    let path = Path::new(path.trim());
    if path.as_os_str().is_empty() {
        return Err(ApiError::new("devices.file_required"));
    }
    if !path.is_absolute() {
        return Err(ApiError::new("devices.file_not_absolute"));
    }
    Ok(path)
}

fn read_card(path: &str) -> Result<sync::PublicKeys, ApiError> {
    let path = absolute(path)?;
    let text = std::fs::read_to_string(path).map_err(|_| ApiError::new("devices.card_unreadable"))?;
    Ok(sync::parse_card(&text)?)
}

fn admin(store: &Store) -> Result<(), ApiError> {
    if store.role() != Role::Admin {
        return Err(ApiError::new("error.admin_only"));
    }
    Ok(())
}

fn new_passphrase(passphrase: &str, again: &str) -> Result<(), ApiError> {
    check_new_passphrase(passphrase, again).map_err(ApiError::new)
}

/// Devices.
impl AppState {
    pub fn devices_view(&self) -> Result<DevicesView, ApiError> {
        self.with_store(|s| -> reintegra_store::Result<_> {
            let me = sync::card(&sync::public_keys(s)?);
            let folder = sync::folder(s)?.map(|f| f.to_string_lossy().into_owned());
            let devices = sync::devices(s)?
                .into_iter()
                .map(|d| DeviceItem {
                    state: DeviceState::of(d.revoked_at_ms, d.last_import_ms),
                    card: reintegra_core::wire::admin::DeviceCard {
                        device_id: d.device_id,
                        name: d.name,
                        role: d.role,
                        workers: d.workers,
                        fingerprint: d.fingerprint,
                        words: d.words,
                    },
                    added_at_ms: d.added_at_ms,
                    revoked_at_ms: d.revoked_at_ms,
                    last_import_ms: d.last_import_ms,
                    last_export_ms: d.last_export_ms,
                    pending: d.unacknowledged,
                })
                .collect();
            Ok(DevicesView {
                card_file_name: card_file_name(&me.name),
                me,
                central: s.device().role == DeviceRole::Supervisor,
                folder,
                devices,
            })
        })
    }

    /// Writes this device's card (the document `reintegra keys public --json` prints) to `path`; returns the path.
    pub fn save_device_card(&self, path: &str) -> Result<String, ApiError> {
        let path = absolute(path)?;
        let keys = self.with_store(sync::public_keys)?;
        let text = serde_json::to_string_pretty(&keys).map_err(ApiError::internal)?;
        sync::write_atomically(path, text.as_bytes())?;
        Ok(path.to_string_lossy().into_owned())
    }

    /// Reads a card file and says whether it could be trusted, before anything changes.
    pub fn read_device_card(&self, path: &str) -> Result<CardPreview, ApiError> {
        let keys = read_card(path)?;
        let known = self.with_store(|s| sync::check_device(s, &keys))?;
        Ok(CardPreview { card: sync::card(&keys), known })
    }

    /// Trusts the card in `path` (the person compared the words); on the central file with `workers`' caseload.
    pub fn add_device(&self, path: &str, workers: Option<Vec<String>>) -> Result<DevicesView, ApiError> {
        let keys = read_card(path)?;
        self.with_store(|s| -> Result<_, ApiError> {
            let workers = workers.filter(|_| s.device().role == DeviceRole::Supervisor && keys.role == "field");
            Ok(sync::add_device_with_workers(s, &keys, workers.as_deref())?)
        })?;
        self.devices_view()
    }

    pub fn set_device_workers(&self, device: Uuid, workers: &[String]) -> Result<DevicesView, ApiError> {
        self.with_store(|s| sync::set_device_workers(s, &device.to_string(), workers))?;
        self.devices_view()
    }

    pub fn revoke_device(&self, device: Uuid) -> Result<DevicesView, ApiError> {
        self.with_store(|s| sync::revoke_device(s, &device.to_string()))?;
        self.devices_view()
    }
}

/// Users and passphrases.
impl AppState {
    pub fn users_view(&self) -> Result<UsersView, ApiError> {
        self.with_store(|s| -> Result<_, ApiError> {
            // The list is the administrator's screen (the store refuses every change to others itself).
            admin(s)?;
            let me = s.user().to_owned();
            let users = users::list(s)?
                .into_iter()
                .map(|u| UserItem {
                    me: u.login == me,
                    login: u.login,
                    name: u.name,
                    role: u.role.as_str().to_owned(),
                    worker: u.worker,
                    created_ms: u.created_ms,
                    disabled_ms: u.disabled_ms,
                })
                .collect();
            Ok(UsersView { users, idle_lock_minutes: users::idle_lock_minutes(s)? })
        })
    }

    pub fn add_user(&self, args: &AddUserArgs) -> Result<UsersView, ApiError> {
        let role = Role::parse(&args.role).ok_or_else(|| ApiError::new("users.role_required"))?;
        new_passphrase(&args.passphrase, &args.again)?;
        self.with_store(|s| -> Result<_, ApiError> {
            let new = NewUser {
                login: args.login.trim(),
                name: Some(args.name.as_str()),
                role,
                worker: Some(args.worker.as_str()),
            };
            Ok(users::add(s, &args.my_passphrase, &new, &args.passphrase)?)
        })?;
        self.users_view()
    }

    pub fn disable_user(&self, login: &str) -> Result<UsersView, ApiError> {
        self.with_store(|s| users::disable(s, login))?;
        self.users_view()
    }

    /// Sets the idle minutes; they apply from now (unless a test replaced them).
    pub fn set_idle_lock(&self, minutes: u32) -> Result<UsersView, ApiError> {
        self.with_store(|s| -> Result<_, ApiError> {
            users::set_idle_lock_minutes(s, minutes)?;
            self.opened(s)
        })?;
        self.users_view()
    }

    pub fn change_passphrase(&self, args: &ChangePassphraseArgs) -> Result<(), ApiError> {
        new_passphrase(&args.passphrase, &args.again)?;
        self.with_store(|s| s.change_passphrase(&args.current, &args.passphrase))
    }

    /// A new recovery key (the old one stops working), to be shown once.
    pub fn new_recovery_key(&self, passphrase: &str) -> Result<String, ApiError> {
        self.with_store(|s| s.new_recovery_key(passphrase).map(|k| k.as_str().to_owned()))
    }

    /// A forgotten passphrase replaced with the recovery key; the store is then open as that user.
    pub fn reset_passphrase(&self, args: &ResetPassphraseArgs) -> Result<AppStatus, ApiError> {
        new_passphrase(&args.passphrase, &args.again)?;
        let login = args.login.as_deref().map(str::trim).filter(|l| !l.is_empty());
        {
            let mut guard = self.guard()?;
            if let Some(mut old) = guard.take() {
                let _ = old.record_lock(false);
            }
            let path = self.path()?;
            if !path.is_file() {
                return Err(ApiError::new("error.store_missing").with("path", path.display().to_string()));
            }
            let mut store = Store::reset_passphrase_of(path, login, args.recovery.trim(), &args.passphrase)?;
            self.opened(&mut store)?;
            *guard = Some(store);
        }
        self.status()
    }
}
