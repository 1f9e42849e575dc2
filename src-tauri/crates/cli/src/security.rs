//! `passphrase` and `audit`: changing or resetting the passphrase, a new recovery key, and the audit log.

use std::io::IsTerminal;

use clap::Subcommand;
use reintegra_core::i18n::{Lang, t, tr};
use reintegra_core::wire::ApiError;
use reintegra_store::users::{self, NewUser, Role};
use reintegra_store::{Store, audit};
use serde_json::json;

use crate::{Cli, db_path, emit, io_error, open};

#[derive(Subcommand)]
pub enum PassphraseCommand {
    /// cli.cmd.passphrase_change
    Change,
    /// cli.cmd.passphrase_reset
    Reset {
        /// cli.arg.recovery
        #[arg(long, required = true)]
        recovery: bool,
    },
    /// cli.cmd.passphrase_recovery_key
    #[command(name = "recovery-key")]
    RecoveryKey,
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// cli.cmd.audit_list
    List {
        /// cli.arg.limit
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// cli.arg.audit_device
        #[arg(long, value_name = "DEVICE")]
        device: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum UsersCommand {
    /// cli.cmd.users_add
    Add {
        /// cli.arg.login
        #[arg(long, value_name = "LOGIN")]
        login: String,
        /// cli.arg.user_role
        #[arg(long, value_enum)]
        role: RoleArg,
        /// cli.arg.user_worker
        #[arg(long, value_name = "ID")]
        worker: Option<String>,
    },
    /// cli.cmd.users_list
    List,
    /// cli.cmd.users_disable
    Disable {
        /// cli.arg.login
        #[arg(value_name = "LOGIN")]
        login: String,
    },
    /// cli.cmd.users_idle_lock
    #[command(name = "idle-lock")]
    IdleLock {
        /// cli.arg.minutes
        #[arg(value_name = "MINUTES")]
        minutes: u32,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum RoleArg {
    Field,
    Supervisor,
    Admin,
}

/// A secret from the environment, or typed at the terminal (twice when `confirm`).
fn secret(var: &str, missing: &str, prompt: &str, confirm: bool, lang: Lang) -> Result<String, ApiError> {
    if let Ok(v) = std::env::var(var) {
        return Ok(v);
    }
    if !std::io::stdin().is_terminal() {
        return Err(ApiError::new(missing));
    }
    let read = |key: &str| rpassword::prompt_password(format!("{}: ", t(lang, key))).map_err(io_error);
    let first = read(prompt)?;
    if confirm && read("setup.passphrase_again")? != first {
        return Err(ApiError::new("error.passphrase_mismatch"));
    }
    Ok(first)
}

fn new_passphrase(lang: Lang) -> Result<String, ApiError> {
    let pass = secret("REINTEGRA_NEW_PASSPHRASE", "error.no_new_passphrase", "setup.new_passphrase", true, lang)?;
    if pass.chars().count() < crate::MIN_PASSPHRASE {
        return Err(ApiError::new("error.passphrase_short"));
    }
    Ok(pass)
}

pub fn passphrase(cli: &Cli, lang: Lang, cmd: &PassphraseCommand) -> Result<(), ApiError> {
    match cmd {
        PassphraseCommand::Change => {
            let current = crate::passphrase(false, lang)?;
            let path = db_path(cli)?;
            let mut store = Store::open_as(&path, cli.user.as_deref(), &current).map_err(|e| e.to_api())?;
            let new = new_passphrase(lang)?;
            store.change_passphrase(&current, &new).map_err(|e| e.to_api())?;
            emit(cli, json!({"changed": true}), t(lang, "cli.passphrase.changed"));
        }
        PassphraseCommand::Reset { .. } => {
            let path = db_path(cli)?;
            if !path.is_file() {
                return Err(ApiError::new("error.store_missing").with("path", path.display().to_string()));
            }
            let recovery =
                secret("REINTEGRA_RECOVERY_KEY", "error.no_recovery_key", "setup.recovery_key", false, lang)?;
            let new = new_passphrase(lang)?;
            Store::reset_passphrase_of(&path, cli.user.as_deref(), &recovery, &new).map_err(|e| e.to_api())?;
            emit(cli, json!({"reset": true}), t(lang, "cli.passphrase.reset"));
        }
        PassphraseCommand::RecoveryKey => {
            let current = crate::passphrase(false, lang)?;
            let mut store = open(cli, lang)?;
            let key = store.new_recovery_key(&current).map_err(|e| e.to_api())?;
            emit(
                cli,
                json!({"recovery_key": key.as_str()}),
                tr(lang, "cli.passphrase.recovery_new", &[("key", key.as_str())]),
            );
        }
    }
    Ok(())
}

pub fn audit(cli: &Cli, lang: Lang, cmd: &AuditCommand) -> Result<(), ApiError> {
    let _ = lang;
    match cmd {
        AuditCommand::List { limit, device } => {
            let mut store = open(cli, lang)?;
            let entries = match device {
                Some(d) => audit::received(&mut store, d, *limit),
                None => audit::recent(&mut store, *limit),
            }
            .map_err(|e| e.to_api())?;
            let human = entries
                .iter()
                .map(|e| {
                    let at = reintegra_core::date::format_user_time_ms(e.at);
                    format!("{}\t{at}\t{}\t{}\t{}", e.seq, e.user, e.action, e.subject)
                })
                .collect::<Vec<_>>()
                .join("\n");
            emit(cli, serde_json::to_value(&entries).unwrap_or_default(), human);
        }
    }
    Ok(())
}

pub fn users(cli: &Cli, lang: Lang, cmd: &UsersCommand) -> Result<(), ApiError> {
    let api = |e: reintegra_store::Error| e.to_api();
    match cmd {
        UsersCommand::Add { login, role, worker } => {
            let mine = crate::passphrase(false, lang)?;
            let path = db_path(cli)?;
            let mut store = Store::open_as(&path, cli.user.as_deref(), &mine).map_err(api)?;
            // Refused before the new passphrase is asked for.
            if store.role() != Role::Admin {
                return Err(ApiError::new("error.admin_only"));
            }
            let role = match role {
                RoleArg::Field => Role::Field,
                RoleArg::Supervisor => Role::Supervisor,
                RoleArg::Admin => Role::Admin,
            };
            let new = new_passphrase(lang)?;
            users::add(&mut store, &mine, &NewUser { login, role, worker: worker.as_deref() }, &new).map_err(api)?;
            emit(
                cli,
                json!({"login": login, "role": role.as_str()}),
                tr(
                    lang,
                    "cli.users.added",
                    &[("login", login), ("role", &t(lang, &format!("user_role.{}", role.as_str())))],
                ),
            );
        }
        UsersCommand::List => {
            let mut store = open(cli, lang)?;
            let list = users::list(&mut store).map_err(api)?;
            let human = list
                .iter()
                .map(|u| {
                    let state = match u.disabled_ms {
                        Some(ms) => tr(
                            lang,
                            "cli.users.disabled_on",
                            &[("date", &reintegra_core::date::format_user_time_ms(ms))],
                        ),
                        None => t(lang, "cli.users.active"),
                    };
                    format!(
                        "{}\t{}\t{}\t{state}",
                        u.login,
                        t(lang, &format!("user_role.{}", u.role.as_str())),
                        u.worker.as_deref().unwrap_or("-")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            emit(cli, serde_json::to_value(&list).unwrap_or_default(), human);
        }
        UsersCommand::Disable { login } => {
            let mut store = open(cli, lang)?;
            users::disable(&mut store, login).map_err(api)?;
            emit(cli, json!({"disabled": login}), tr(lang, "cli.users.disabled", &[("login", login)]));
        }
        UsersCommand::IdleLock { minutes } => {
            let mut store = open(cli, lang)?;
            users::set_idle_lock_minutes(&mut store, *minutes).map_err(api)?;
            emit(
                cli,
                json!({"idle_lock_minutes": minutes}),
                tr(lang, "cli.users.idle_lock", &[("minutes", &minutes.to_string())]),
            );
        }
    }
    Ok(())
}
