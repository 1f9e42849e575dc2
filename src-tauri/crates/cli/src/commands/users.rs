//! `reintegra users add|list|disable|idle-lock`: the people who may open this store (an admin adds them), and the
//! idle minutes after which the app locks.

use clap::{Subcommand, ValueEnum};
use reintegra_core::i18n::{t, tr};
use reintegra_core::wire::ApiError;
use reintegra_store::Store;
use reintegra_store::users::{self, NewUser, Role};
use serde_json::json;

use crate::context::Context;

#[derive(Subcommand)]
pub enum Cmd {
    /// cli.cmd.users_add
    Add {
        /// cli.arg.login
        #[arg(long, value_name = "LOGIN")]
        login: String,
        /// cli.arg.user_name
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
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

#[derive(Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Field,
    Supervisor,
    Admin,
}

pub fn run(ctx: &Context, cmd: &Cmd) -> Result<(), ApiError> {
    let lang = ctx.lang;
    match cmd {
        Cmd::Add { login, name, role, worker } => {
            let mine = ctx.passphrase(false)?;
            let path = ctx.db_path()?;
            let mut store = Store::open_as(&path, ctx.user.as_deref(), &mine)?;
            // Refused before the new passphrase is asked for.
            if store.role() != Role::Admin {
                return Err(ApiError::new("error.admin_only"));
            }
            let role = match role {
                RoleArg::Field => Role::Field,
                RoleArg::Supervisor => Role::Supervisor,
                RoleArg::Admin => Role::Admin,
            };
            let new = ctx.new_passphrase()?;
            users::add(
                &mut store,
                &mine,
                &NewUser { login, name: name.as_deref(), role, worker: worker.as_deref() },
                &new,
            )?;
            ctx.emit(
                json!({"login": login, "role": role.as_str()}),
                tr(
                    lang,
                    "cli.users.added",
                    &[("login", login), ("role", &t(lang, &format!("user_role.{}", role.as_str())))],
                ),
            );
        }
        Cmd::List => {
            let mut store = ctx.open()?;
            let list = users::list(&mut store)?;
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
            ctx.emit(serde_json::to_value(&list).unwrap_or_default(), human);
        }
        Cmd::Disable { login } => {
            let mut store = ctx.open()?;
            users::disable(&mut store, login)?;
            ctx.emit(json!({"disabled": login}), tr(lang, "cli.users.disabled", &[("login", login)]));
        }
        Cmd::IdleLock { minutes } => {
            let mut store = ctx.open()?;
            users::set_idle_lock_minutes(&mut store, *minutes)?;
            ctx.emit(
                json!({"idle_lock_minutes": minutes}),
                tr(lang, "cli.users.idle_lock", &[("minutes", &minutes.to_string())]),
            );
        }
    }
    Ok(())
}
