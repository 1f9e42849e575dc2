//! `reintegra devices add|list|revoke`: trusting another device (by the card it printed), who synced when, and no
//! longer trusting a lost laptop.

use std::path::PathBuf;

use clap::Subcommand;
use reintegra_core::i18n::{t, tr};
use reintegra_core::wire::ApiError;
use reintegra_store::sync;
use serde_json::json;

use super::when;
use crate::context::Context;

#[derive(Subcommand)]
pub enum Cmd {
    /// cli.cmd.devices_add
    Add {
        /// cli.arg.keys_file
        file: PathBuf,
    },
    /// cli.cmd.devices_list
    List,
    /// cli.cmd.devices_revoke
    Revoke {
        /// cli.arg.device_ref
        device: String,
    },
}

pub fn run(ctx: &Context, cmd: &Cmd) -> Result<(), ApiError> {
    let lang = ctx.lang;
    let mut store = ctx.open()?;
    match cmd {
        Cmd::Add { file } => {
            let text = std::fs::read_to_string(file)?;
            let doc: reintegra_bundle::PublicKeys =
                serde_json::from_str(&text).map_err(|_| ApiError::new("error.key_invalid"))?;
            let added = sync::add_device(&mut store, &doc)?;
            let key = match added {
                sync::Added::Added => "cli.devices.added",
                sync::Added::Updated => "cli.devices.updated",
            };
            ctx.emit(
                json!({"result": added, "device_id": doc.device_id, "name": doc.name, "fingerprint": doc.fingerprint()}),
                tr(lang, key, &[("name", &doc.name), ("fingerprint", &doc.fingerprint())]),
            );
        }
        Cmd::List => {
            let list = sync::devices(&mut store)?;
            let mut human: Vec<String> = list
                .iter()
                .map(|d| {
                    let state =
                        if d.revoked_at_ms.is_some() { t(lang, "cli.devices.revoked_mark") } else { String::new() };
                    tr(
                        lang,
                        "cli.devices.line",
                        &[
                            ("name", &d.name),
                            ("id", &d.device_id.to_string()),
                            ("role", &t(lang, &format!("role_device.{}", d.role))),
                            ("fingerprint", &d.fingerprint),
                            ("import", &when(d.last_import_ms)),
                            ("export", &when(d.last_export_ms)),
                            ("pending", &d.unacknowledged.to_string()),
                        ],
                    ) + &state
                })
                .collect();
            if human.is_empty() {
                human.push(t(lang, "cli.devices.none"));
            }
            ctx.emit(json!({ "devices": list }), human.join("\n"));
        }
        Cmd::Revoke { device } => {
            let id = sync::revoke_device(&mut store, device)?;
            ctx.emit(json!({"revoked": id}), tr(lang, "cli.devices.revoked", &[("id", &id.to_string())]));
        }
    }
    Ok(())
}
