//! `passphrase` and `audit`: changing or resetting the passphrase, a new recovery key, and the audit log.

use std::io::IsTerminal;

use clap::Subcommand;
use reintegra_core::i18n::{Lang, t, tr};
use reintegra_core::wire::ApiError;
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
    },
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
            let mut store = Store::open(&path, &current).map_err(|e| e.to_api())?;
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
            Store::reset_passphrase(&path, &recovery, &new).map_err(|e| e.to_api())?;
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
        AuditCommand::List { limit } => {
            let mut store = open(cli, lang)?;
            let entries = audit::recent(&mut store, *limit).map_err(|e| e.to_api())?;
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
