//! The user accounts of a device and what each may do.
//!
//! Each user has a login (chosen by the person, not their name: it is in clear in the key file, which can be read
//! without unlocking), a role and, for field workers, the worker whose caseload they see. Each has their own
//! passphrase entry in the key file (the data key wrapped once per user). The list itself is kept in the encrypted
//! store (`meta`, key `users`, one JSON document): a few rows, local to the device, never synced.
//!
//! - `field`: a field worker; reads only their caseload ([`crate::access`]).
//! - `supervisor`: reads everything the store holds.
//! - `admin`: everything a supervisor does, and manages users. The first user of a device is an administrator.

use rusqlite::{OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

pub use crate::access::Role;
use crate::{Error, Result, Store, audit, keys};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub login: String,
    /// The person's name as colleagues know it (kept in the encrypted store only, never in the key file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub role: Role,
    /// For a field user: the worker (as written in people's `assigned_worker`) whose caseload they see.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker: Option<String>,
    pub created_ms: i64,
    pub created_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_ms: Option<i64>,
}

/// A user to add.
pub struct NewUser<'a> {
    pub login: &'a str,
    pub name: Option<&'a str>,
    pub role: Role,
    pub worker: Option<&'a str>,
}

/// Whether a login is acceptable: 2 to 32 characters, lowercase letters a-z, digits, '.', '-' or '_', starting with
/// a letter or digit. Short and plain on purpose: it is not a name, and it is stored in clear in the key file.
pub fn valid_login(login: &str) -> bool {
    let n = login.chars().count();
    (2..=32).contains(&n)
        && login.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && login.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
}

pub(crate) fn load(tx: &Transaction<'_>) -> Result<Vec<User>> {
    let json: Option<String> =
        tx.query_row("SELECT value FROM meta WHERE key = 'users'", [], |r| r.get(0)).optional()?;
    Ok(match json {
        Some(j) => serde_json::from_str(&j)?,
        None => Vec::new(),
    })
}

fn save(tx: &Transaction<'_>, users: &[User]) -> Result<()> {
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('users', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [serde_json::to_string(users)?],
    )?;
    Ok(())
}

/// The account of the user who just unlocked. A store without a user list (made before accounts) gets one: the
/// user who unlocked it is its first user, an administrator.
pub(crate) fn on_unlock(store: &mut Store) -> Result<User> {
    let login = store.user_id.clone();
    let tx = store.conn.transaction()?;
    let mut users = load(&tx)?;
    // A store from before accounts: whoever unlocks it (its one passphrase, "local") is its administrator.
    if users.is_empty() || (login == keys::LOCAL_USER && !users.iter().any(|u| u.login == login)) {
        users.push(User {
            login: login.clone(),
            name: None,
            role: Role::Admin,
            worker: None,
            created_ms: chrono::Utc::now().timestamp_millis(),
            created_by: login.clone(),
            disabled_ms: None,
        });
        save(&tx, &users)?;
    }
    tx.commit()?;
    match users.into_iter().find(|u| u.login == login) {
        Some(u) if u.disabled_ms.is_none() => Ok(u),
        Some(_) => Err(Error::Refused("error.user_disabled")),
        None => Err(Error::Refused("error.user_unknown")),
    }
}

/// The users of this device, disabled ones included, in the order they were added.
pub fn list(store: &mut Store) -> Result<Vec<User>> {
    store.read(load)
}

pub(crate) fn admin_only(store: &Store) -> Result<()> {
    if store.role() != Role::Admin {
        return Err(Error::Refused("error.admin_only"));
    }
    Ok(())
}

/// Adds a user with their own passphrase. Only an administrator may, and must give their own passphrase again
/// (it unwraps the data key that is then wrapped for the new user).
pub fn add(store: &mut Store, my_passphrase: &str, new: &NewUser<'_>, passphrase: &str) -> Result<()> {
    admin_only(store)?;
    if !valid_login(new.login) {
        return Err(Error::Refused("error.login_invalid"));
    }
    let worker = new.worker.map(reintegra_core::text::tidy).filter(|w| !w.is_empty());
    if new.role == Role::Field && worker.is_none() {
        return Err(Error::Refused("error.worker_required"));
    }
    let name = new.name.map(reintegra_core::text::tidy).filter(|n| !n.is_empty());
    if name.as_ref().is_some_and(|n| n.chars().count() > reintegra_core::validation::limits::NAME) {
        return Err(Error::Refused("error.too_long"));
    }
    let key_path = keys::key_path(&store.path);
    let mut file = keys::KeyFile::read(&key_path)?;
    let me = store.user_id.clone();
    let data_key = file.unwrap_user(&me, my_passphrase)?.ok_or(Error::WrongPassphrase)?;
    let device = store.device.id.to_string();
    let tx = store.conn.transaction()?;
    let mut users = load(&tx)?;
    if users.iter().any(|u| u.login == new.login) || file.has_user(new.login) {
        return Err(Error::Refused("error.login_taken"));
    }
    users.push(User {
        login: new.login.to_owned(),
        name,
        role: new.role,
        worker: if new.role == Role::Field { worker } else { None },
        created_ms: chrono::Utc::now().timestamp_millis(),
        created_by: me.clone(),
        disabled_ms: None,
    });
    save(&tx, &users)?;
    audit::append(&tx, &device, &me, audit::Action::UserAdded, &format!("{}:{}", new.login, new.role.as_str()))?;
    file.set_passphrase(&data_key, new.login, passphrase)?;
    // The key file last: if it cannot be written, the transaction rolls back and nothing changed.
    file.write(&key_path)?;
    tx.commit()?;
    Ok(())
}

/// Disables a user: their passphrase entry leaves the key file (it no longer unwraps the data key) and the account
/// is kept, marked, for the audit log's sake. Not oneself, and not the last administrator.
pub fn disable(store: &mut Store, login: &str) -> Result<()> {
    admin_only(store)?;
    if login == store.user_id {
        return Err(Error::Refused("error.disable_self"));
    }
    let key_path = keys::key_path(&store.path);
    let mut file = keys::KeyFile::read(&key_path)?;
    let (device, me) = (store.device.id.to_string(), store.user_id.clone());
    let tx = store.conn.transaction()?;
    let mut users = load(&tx)?;
    let admins = users.iter().filter(|u| u.role == Role::Admin && u.disabled_ms.is_none()).count();
    let Some(user) = users.iter_mut().find(|u| u.login == login && u.disabled_ms.is_none()) else {
        return Err(Error::Refused("error.user_unknown"));
    };
    if user.role == Role::Admin && admins <= 1 {
        return Err(Error::Refused("error.last_admin"));
    }
    user.disabled_ms = Some(chrono::Utc::now().timestamp_millis());
    save(&tx, &users)?;
    audit::append(&tx, &device, &me, audit::Action::UserDisabled, login)?;
    file.remove_user(login);
    file.write(&key_path)?;
    tx.commit()?;
    Ok(())
}

/// Minutes without use after which the app locks itself (a device setting; 5 unless an administrator changes it).
pub fn idle_lock_minutes(store: &mut Store) -> Result<u32> {
    let v: Option<String> = store.read(|tx| {
        Ok(tx.query_row("SELECT value FROM meta WHERE key = 'idle_lock_minutes'", [], |r| r.get(0)).optional()?)
    })?;
    Ok(v.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_IDLE_LOCK_MINUTES))
}

pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 5;

/// Sets the idle minutes before the app locks (1 to 60). Administrators only.
pub fn set_idle_lock_minutes(store: &mut Store, minutes: u32) -> Result<()> {
    admin_only(store)?;
    if !(1..=60).contains(&minutes) {
        return Err(Error::Refused("error.idle_minutes"));
    }
    let (device, me) = (store.device.id.to_string(), store.user_id.clone());
    let tx = store.conn.transaction()?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('idle_lock_minutes', ?1)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [minutes.to_string()],
    )?;
    audit::append(&tx, &device, &me, audit::Action::SettingChanged, &format!("idle_lock_minutes:{minutes}"))?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins() {
        let cases: &[(&str, &str, bool)] = &[
            ("plain", "campo3", true),
            ("with a dot", "ana.l", true),
            ("dash and underscore", "sup-1_b", true),
            ("two characters", "ab", true),
            ("one character", "a", false),
            ("empty", "", false),
            ("capitals", "Campo", false),
            ("a space (a full name)", "ana lopez", false),
            ("accent", "josé", false),
            ("starts with a dot", ".x", false),
            ("starts with a dash", "-x", false),
            ("33 characters", "abcdefghijabcdefghijabcdefghijabc", false),
            ("32 characters", "abcdefghijabcdefghijabcdefghijab", true),
            ("a slash", "a/b", false),
        ];
        for (name, login, ok) in cases {
            assert_eq!(valid_login(login), *ok, "{name}");
        }
    }
}
