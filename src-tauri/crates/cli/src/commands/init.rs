//! `reintegra init`: a new encrypted store, this device's keys and its first user; the recovery key is printed this
//! once and kept nowhere in clear.

use clap::{Args, ValueEnum};
use reintegra_core::i18n::tr;
use reintegra_core::wire::{ApiError, DeviceRole};
use reintegra_store::Store;
use serde_json::json;

use crate::context::{Context, MIN_PASSPHRASE};

#[derive(Args)]
pub struct Cmd {
    /// cli.arg.device
    #[arg(long, value_name = "NAME")]
    device: String,
    /// cli.arg.role
    #[arg(long, value_enum)]
    role: RoleArg,
    /// cli.arg.worker
    #[arg(long, value_name = "NAME")]
    worker: Vec<String>,
    /// cli.arg.first_login
    #[arg(long, value_name = "LOGIN", default_value = reintegra_store::keys::FIRST_LOGIN)]
    login: String,
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Field,
    Supervisor,
}

pub fn run(ctx: &Context, args: &Cmd) -> Result<(), ApiError> {
    let lang = ctx.lang;
    let path = ctx.db_path()?;
    if path.exists() {
        return Err(ApiError::new("error.store_exists").with("path", path.display().to_string()));
    }
    let pass = ctx.passphrase(true)?;
    if pass.chars().count() < MIN_PASSPHRASE {
        return Err(ApiError::new("error.passphrase_short"));
    }
    let role = match args.role {
        RoleArg::Field => DeviceRole::Field,
        RoleArg::Supervisor => DeviceRole::Supervisor,
    };
    let (mut store, recovery) = Store::create_as(&path, &args.login, &pass, &args.device, role)?;
    if !args.worker.is_empty() {
        reintegra_store::sync::set_workers(&mut store, &args.worker)?;
    }
    let d = store.device();
    let human = format!(
        "{}\n{}",
        tr(
            lang,
            "cli.init.done",
            &[("path", &path.display().to_string()), ("device", &d.name), ("role", role.as_str())]
        ),
        tr(lang, "cli.init.recovery_key", &[("key", recovery.as_str())])
    );
    ctx.emit(
        json!({"path": path, "device_id": d.id, "name": d.name, "role": role, "recovery_key": recovery.as_str()}),
        human,
    );
    Ok(())
}
