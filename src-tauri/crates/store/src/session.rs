//! A store's life with its users: creating it, unlocking it as a user (audited, with the failed attempts before),
//! the passphrases and the recovery key, locking. Apart from [`Store`]'s daily work in the crate root, because it
//! calls on users, audit and sync, which themselves work on an open store: kept here, nothing below it needs it.

use std::path::Path;

use reintegra_core::hlc::Hlc;
use reintegra_core::wire::DeviceRole;
use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use crate::{Device, Error, Result, Store, access, audit, keys, open, sync, users};

impl Store {
    /// Creates a new encrypted store at `path` for this device. Refuses if a file is already there. The recovery
    /// key is dropped: callers that can show it once use [`Store::create_with_recovery`].
    pub fn create(path: &Path, passphrase: &str, device_name: &str, role: DeviceRole) -> Result<Store> {
        Store::create_with_recovery(path, passphrase, device_name, role).map(|(store, _)| store)
    }

    /// Creates a new encrypted store and returns it with its recovery key, to be shown to the person once: with it
    /// a forgotten passphrase can be replaced ([`Store::reset_passphrase`]). It is kept nowhere in clear.
    pub fn create_with_recovery(
        path: &Path,
        passphrase: &str,
        device_name: &str,
        role: DeviceRole,
    ) -> Result<(Store, keys::RecoveryKey)> {
        Store::create_as(path, keys::FIRST_LOGIN, passphrase, device_name, role)
    }

    /// Creates a new encrypted store whose first user, an administrator, has the login `login`.
    pub fn create_as(
        path: &Path,
        login: &str,
        passphrase: &str,
        device_name: &str,
        role: DeviceRole,
    ) -> Result<(Store, keys::RecoveryKey)> {
        if !users::valid_login(login) {
            return Err(Error::Refused("error.login_invalid"));
        }
        let name = reintegra_core::text::tidy(device_name);
        if name.is_empty() || name.chars().count() > reintegra_core::validation::limits::NAME {
            return Err(Error::DeviceName);
        }
        let (conn, recovery) = open::create(path, login, passphrase)?;
        let device = Device { id: Uuid::now_v7(), name, role };
        conn.execute_batch("BEGIN")?;
        let init = (|| -> Result<()> {
            let mut stmt = conn.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)")?;
            stmt.execute(["device_id", &device.id.to_string()])?;
            stmt.execute(["device_name", &device.name])?;
            stmt.execute(["role", device.role.as_str()])?;
            stmt.execute(["hlc", "0"])?;
            stmt.execute(["secret_keys", &sync::new_secret_keys()?])?;
            Ok(())
        })();
        match init {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(e) => {
                conn.execute_batch("ROLLBACK")?;
                return Err(e);
            }
        }
        let mut store = Store {
            conn,
            path: path.to_owned(),
            device,
            clock: Hlc(0),
            user_id: login.to_owned(),
            role: users::Role::Admin,
            scope: None,
            agenda_memo: Default::default(),
        };
        audit::record(&mut store, audit::Action::Created, "")?;
        users::on_unlock(&mut store)?;
        Ok((store, recovery))
    }

    /// Opens an existing store with its passphrase as its first user.
    pub fn open(path: &Path, passphrase: &str) -> Result<Store> {
        Store::open_as(path, None, passphrase)
    }

    /// Opens an existing store as `login` with their passphrase, and records the unlock (and the failed attempts
    /// before it) in the audit log. A field user's connection reads only their caseload ([`access`]). A store keyed
    /// by its passphrase (made before key files) is moved to a wrapped data key.
    pub fn open_as(path: &Path, login: Option<&str>, passphrase: &str) -> Result<Store> {
        let unlocked = open::existing(path, login, passphrase)?;
        let mut store = Store::from_conn(unlocked.conn, path, &unlocked.user)?;
        if unlocked.migrated {
            audit::record(&mut store, audit::Action::KeyMigrated, "")?;
        }
        for (user, count) in &unlocked.failed_before {
            store.audit_as(user, audit::Action::LoginFailed, &count.to_string())?;
        }
        let role = store.take_account()?;
        audit::record(&mut store, audit::Action::Login, role.as_str())?;
        Ok(store)
    }

    /// Opens a store with its raw data key ([`crate::data_key_hex`]) as its first user, without the key derivation
    /// and without an audit entry: for tests that open hundreds of copies of one store (the crash tests), each
    /// otherwise costing a half-second Argon2id. Never in a build for people (the `testing` feature).
    #[cfg(any(test, feature = "testing"))]
    #[doc(hidden)]
    pub fn open_with_data_key(path: &Path, key: &str) -> Result<Store> {
        let conn = open::connect(path, key)?;
        let login =
            keys::KeyFile::read(&keys::key_path(path))?.default_user().unwrap_or_else(|| keys::LOCAL_USER.into());
        let mut store = Store::from_conn(conn, path, &login)?;
        store.take_account()?;
        Ok(store)
    }

    /// Looks up the account of the user who unlocked and applies its role: a field user's connection gets its
    /// caseload views before anything else reads through it. An account that may not unlock is refused (and
    /// audited).
    fn take_account(&mut self) -> Result<users::Role> {
        let user = match users::on_unlock(self) {
            Ok(user) => user,
            Err(e) => {
                let login = self.user_id.clone();
                self.audit_as(&login, audit::Action::LoginRefused, "")?;
                return Err(e);
            }
        };
        self.role = user.role;
        if user.role == users::Role::Field {
            let scope = access::Scope { login: user.login.clone(), worker: user.worker.clone() };
            access::install(&mut self.conn, self.device.id, &scope)?;
            self.scope = Some(scope);
        }
        Ok(user.role)
    }

    /// An audit entry in the name of another login (failed attempts are recorded by the next unlock).
    fn audit_as(&mut self, user: &str, action: audit::Action, subject: &str) -> Result<()> {
        let device = self.device.id.to_string();
        let tx = self.conn.transaction()?;
        audit::append(&tx, &device, user, action, subject)?;
        tx.commit()?;
        Ok(())
    }

    /// Sets a new passphrase for `login` (by default the store's first user) with the recovery key shown at
    /// creation, and opens the store as that user.
    pub fn reset_passphrase(path: &Path, recovery: &str, new_passphrase: &str) -> Result<Store> {
        Store::reset_passphrase_of(path, None, recovery, new_passphrase)
    }

    pub fn reset_passphrase_of(
        path: &Path,
        login: Option<&str>,
        recovery: &str,
        new_passphrase: &str,
    ) -> Result<Store> {
        let (conn, data_key, mut file) = open::with_recovery(path, recovery)?;
        let login = match login {
            Some(l) if file.has_user(l) => l.to_owned(),
            Some(_) => return Err(Error::Refused("error.user_unknown")),
            None => file.default_user().unwrap_or_else(|| keys::LOCAL_USER.to_owned()),
        };
        file.set_passphrase(&data_key, &login, new_passphrase)?;
        file.failed_unlocks = 0;
        file.last_failed_ms = None;
        file.attempts.remove(&login);
        file.write(&keys::key_path(path))?;
        let mut store = Store::from_conn(conn, path, &login)?;
        store.take_account()?;
        audit::record(&mut store, audit::Action::PassphraseReset, "")?;
        Ok(store)
    }

    /// Replaces this user's passphrase; the current one must be given again.
    pub fn change_passphrase(&mut self, current: &str, new_passphrase: &str) -> Result<()> {
        let key_path = keys::key_path(&self.path);
        let mut file = keys::KeyFile::read(&key_path)?;
        let data_key = file.unwrap_user(&self.user_id, current)?.ok_or(Error::WrongPassphrase)?;
        file.set_passphrase(&data_key, &self.user_id, new_passphrase)?;
        file.write(&key_path)?;
        audit::record(self, audit::Action::PassphraseChanged, "")
    }

    /// Makes a new recovery key (the old one stops working), to be shown once. For stores moved from a passphrase
    /// key, which have none, and for a recovery key that may have been seen.
    pub fn new_recovery_key(&mut self, passphrase: &str) -> Result<keys::RecoveryKey> {
        let key_path = keys::key_path(&self.path);
        let mut file = keys::KeyFile::read(&key_path)?;
        let data_key = file.unwrap_user(&self.user_id, passphrase)?.ok_or(Error::WrongPassphrase)?;
        let recovery = file.new_recovery(&data_key)?;
        file.write(&key_path)?;
        audit::record(self, audit::Action::RecoveryKeyReplaced, "")?;
        Ok(recovery)
    }

    fn from_conn(conn: Connection, path: &Path, user: &str) -> Result<Store> {
        let meta = |key: &str| -> Result<String> {
            conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get::<_, String>(0))
                .optional()?
                .ok_or(Error::WrongPassphrase)
        };
        let id = Uuid::parse_str(&meta("device_id")?).map_err(|_| Error::WrongPassphrase)?;
        let role = match meta("role")?.as_str() {
            "supervisor" => DeviceRole::Supervisor,
            _ => DeviceRole::Field,
        };
        let device = Device { id, name: meta("device_name")?, role };
        let clock = Hlc(meta("hlc")?.parse().unwrap_or(0));
        // Stores created before sync existed get their keys on first open.
        conn.execute(
            "INSERT INTO meta (key, value) SELECT 'secret_keys', ?1 WHERE NOT EXISTS
             (SELECT 1 FROM meta WHERE key = 'secret_keys')",
            [sync::new_secret_keys()?.as_str()],
        )?;
        Ok(Store {
            conn,
            path: path.to_owned(),
            device,
            clock,
            user_id: user.to_owned(),
            role: users::Role::Field,
            scope: None,
            agenda_memo: Default::default(),
        })
    }

    /// Records that the person locked the app (quick lock or idle), before the store is dropped.
    pub fn record_lock(&mut self, idle: bool) -> Result<()> {
        audit::record(self, audit::Action::Lock, if idle { "idle" } else { "" })
    }
}
