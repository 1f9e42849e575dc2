//! What every command works with: where the store is, who opens it and how the passphrase is had, whether to print
//! JSON, the language, and today. Built once from the command line and the environment; the commands read nothing
//! else of either, except the secrets they ask for through [`Context::secret`].

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::NaiveDate;
use reintegra_core::i18n::{Lang, t};
use reintegra_core::wire::ApiError;
use reintegra_store::Store;

/// The shortest passphrase accepted for a new store or a new passphrase (and an export's password).
pub const MIN_PASSPHRASE: usize = 8;

pub struct Context {
    /// `--db` or `REINTEGRA_DB`, else the app's own data file (when the platform has a data folder).
    db: Option<PathBuf>,
    /// `--user` or `REINTEGRA_USER`: who opens the store (`None`: its first user).
    pub user: Option<String>,
    /// `--json`: one JSON document instead of the human text.
    pub json: bool,
    pub lang: Lang,
    pub today: NaiveDate,
}

/// A secret a command needs: taken from its environment variable, else typed at a terminal (never echoed), else
/// refused (a script without the variable gets a reason, not a prompt that hangs).
#[derive(Clone, Copy)]
pub enum Secret {
    /// `REINTEGRA_PASSPHRASE`: the passphrase that opens the store.
    Passphrase,
    /// `REINTEGRA_NEW_PASSPHRASE`: a passphrase being set.
    NewPassphrase,
    /// `REINTEGRA_RECOVERY_KEY`: the key printed when the store was made.
    RecoveryKey,
}

impl Secret {
    /// The environment variable, the error when there is neither it nor a terminal, and the prompt's key.
    fn source(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Secret::Passphrase => ("REINTEGRA_PASSPHRASE", "error.no_passphrase", "setup.passphrase"),
            Secret::NewPassphrase => ("REINTEGRA_NEW_PASSPHRASE", "error.no_new_passphrase", "setup.new_passphrase"),
            Secret::RecoveryKey => ("REINTEGRA_RECOVERY_KEY", "error.no_recovery_key", "setup.recovery_key"),
        }
    }
}

/// The language of messages and help: `REINTEGRA_LANG`, else the locale's variables; Spanish unless English.
pub fn lang_from_env() -> Lang {
    let tag = ["REINTEGRA_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_default();
    Lang::from_tag(&tag)
}

impl Context {
    pub fn new(db: Option<PathBuf>, user: Option<String>, json: bool, lang: Lang) -> Self {
        let db = db.or_else(reintegra_store::default_path);
        Context { db, user, json, lang, today: chrono::Local::now().date_naive() }
    }

    pub fn db_path(&self) -> Result<PathBuf, ApiError> {
        self.db.clone().ok_or_else(|| ApiError::new("error.no_db_path"))
    }

    /// The store, opened with the passphrase (an absent file is said as such, not as a wrong passphrase).
    pub fn open(&self) -> Result<Store, ApiError> {
        let path = self.db_path()?;
        if !path.is_file() {
            return Err(ApiError::new("error.store_missing").with("path", path.display().to_string()));
        }
        let passphrase = self.secret(Secret::Passphrase, false)?;
        Ok(Store::open_as(&path, self.user.as_deref(), &passphrase)?)
    }

    /// The store's passphrase, as [`Context::open`] reads it (for commands that need it again).
    pub fn passphrase(&self, confirm: bool) -> Result<String, ApiError> {
        self.secret(Secret::Passphrase, confirm)
    }

    /// A secret from its variable, or typed (twice when `confirm`, refused if the two differ).
    pub fn secret(&self, secret: Secret, confirm: bool) -> Result<String, ApiError> {
        let (var, missing, prompt) = secret.source();
        if let Ok(v) = std::env::var(var) {
            return Ok(v);
        }
        if !std::io::stdin().is_terminal() {
            return Err(ApiError::new(missing));
        }
        let read = |key: &str| rpassword::prompt_password(format!("{}: ", t(self.lang, key)));
        let first = read(prompt)?;
        if confirm && read("setup.passphrase_again")? != first {
            return Err(ApiError::new("error.passphrase_mismatch"));
        }
        Ok(first)
    }

    /// A passphrase being set: [`Secret::NewPassphrase`], confirmed and long enough.
    pub fn new_passphrase(&self) -> Result<String, ApiError> {
        let pass = self.secret(Secret::NewPassphrase, true)?;
        if pass.chars().count() < MIN_PASSPHRASE {
            return Err(ApiError::new("error.passphrase_short"));
        }
        Ok(pass)
    }

    /// Prints the JSON document with `--json`, else the human text.
    pub fn emit(&self, doc: serde_json::Value, human: String) {
        if self.json {
            println!("{doc}");
        } else {
            println!("{human}");
        }
    }
}
