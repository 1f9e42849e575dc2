//! `reintegra passphrase change|reset --recovery|recovery-key`: a new passphrase (knowing the current one, or with
//! the recovery key), and a new recovery key.

use clap::Subcommand;
use reintegra_core::i18n::{t, tr};
use reintegra_core::wire::ApiError;
use reintegra_store::Store;
use serde_json::json;

use crate::context::{Context, Secret};

#[derive(Subcommand)]
pub enum Cmd {
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

pub fn run(ctx: &Context, cmd: &Cmd) -> Result<(), ApiError> {
    let lang = ctx.lang;
    match cmd {
        Cmd::Change => {
            let current = ctx.passphrase(false)?;
            let path = ctx.db_path()?;
            let mut store = Store::open_as(&path, ctx.user.as_deref(), &current)?;
            let new = ctx.new_passphrase()?;
            store.change_passphrase(&current, &new)?;
            ctx.emit(json!({"changed": true}), t(lang, "cli.passphrase.changed"));
        }
        Cmd::Reset { .. } => {
            let path = ctx.db_path()?;
            if !path.is_file() {
                return Err(ApiError::new("error.store_missing").with("path", path.display().to_string()));
            }
            let recovery = ctx.secret(Secret::RecoveryKey, false)?;
            let new = ctx.new_passphrase()?;
            Store::reset_passphrase_of(&path, ctx.user.as_deref(), &recovery, &new)?;
            ctx.emit(json!({"reset": true}), t(lang, "cli.passphrase.reset"));
        }
        Cmd::RecoveryKey => {
            let current = ctx.passphrase(false)?;
            let mut store = ctx.open()?;
            let key = store.new_recovery_key(&current)?;
            ctx.emit(
                json!({"recovery_key": key.as_str()}),
                tr(lang, "cli.passphrase.recovery_new", &[("key", key.as_str())]),
            );
        }
    }
    Ok(())
}
