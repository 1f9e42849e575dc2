//! `reintegra keys public`: this device's card, what another store needs to trust it (`--json` is the file).

use clap::Subcommand;
use reintegra_core::i18n::{t, tr};
use reintegra_core::wire::ApiError;
use reintegra_store::sync;

use crate::context::Context;

#[derive(Subcommand)]
pub enum Cmd {
    /// cli.cmd.keys_public
    Public,
}

pub fn run(ctx: &Context, cmd: &Cmd) -> Result<(), ApiError> {
    let Cmd::Public = cmd;
    let lang = ctx.lang;
    let mut store = ctx.open()?;
    let keys = sync::public_keys(&mut store)?;
    let human = tr(
        lang,
        "cli.keys.public",
        &[
            ("name", &keys.name),
            ("id", &keys.device_id.to_string()),
            ("role", &t(lang, &format!("role_device.{}", keys.role))),
            ("fingerprint", &keys.fingerprint()),
        ],
    );
    ctx.emit(serde_json::to_value(&keys).unwrap_or_default(), human);
    Ok(())
}
