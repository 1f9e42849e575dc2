//! `keys`, `devices`, `bundle` and `conflicts`: trusting devices and exchanging bundles with them.

use std::path::PathBuf;

use clap::Subcommand;
use reintegra_core::i18n::{Lang, t, tr};
use reintegra_core::wire::ApiError;
use reintegra_store::sync::{self, Keep};
use serde_json::json;

use crate::{Cli, emit, io_error, open};

#[derive(Subcommand)]
pub enum KeysCommand {
    /// cli.cmd.keys_public
    Public,
}

#[derive(Subcommand)]
pub enum DevicesCommand {
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

#[derive(Subcommand)]
pub enum BundleCommand {
    /// cli.cmd.bundle_export
    Export {
        /// cli.arg.out_bundle
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// cli.arg.to
        #[arg(long, value_name = "DEVICE")]
        to: Vec<String>,
    },
    /// cli.cmd.bundle_import
    Import {
        /// cli.arg.bundles
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum ConflictsCommand {
    /// cli.cmd.conflicts_list
    List,
    /// cli.cmd.conflicts_resolve
    Resolve {
        /// cli.arg.conflict
        id: String,
        /// cli.arg.keep
        #[arg(long, value_name = "VALUE")]
        keep: String,
    },
}

fn api(e: reintegra_store::Error) -> ApiError {
    e.to_api()
}

fn when(ms: Option<i64>) -> String {
    ms.map(reintegra_core::date::format_user_time_ms).unwrap_or_else(|| "-".into())
}

pub fn keys(cli: &Cli, lang: Lang, cmd: &KeysCommand) -> Result<(), ApiError> {
    let KeysCommand::Public = cmd;
    let mut store = open(cli, lang)?;
    let keys = sync::public_keys(&mut store).map_err(api)?;
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
    emit(cli, serde_json::to_value(&keys).unwrap_or_default(), human);
    Ok(())
}

pub fn devices(cli: &Cli, lang: Lang, cmd: &DevicesCommand) -> Result<(), ApiError> {
    let mut store = open(cli, lang)?;
    match cmd {
        DevicesCommand::Add { file } => {
            let text = std::fs::read_to_string(file).map_err(io_error)?;
            let doc: reintegra_bundle::PublicKeys =
                serde_json::from_str(&text).map_err(|_| ApiError::new("error.key_invalid"))?;
            let added = sync::add_device(&mut store, &doc).map_err(api)?;
            let key = match added {
                sync::Added::Added => "cli.devices.added",
                sync::Added::Updated => "cli.devices.updated",
            };
            emit(
                cli,
                json!({"result": added, "device_id": doc.device_id, "name": doc.name, "fingerprint": doc.fingerprint()}),
                tr(lang, key, &[("name", &doc.name), ("fingerprint", &doc.fingerprint())]),
            );
        }
        DevicesCommand::List => {
            let list = sync::devices(&mut store).map_err(api)?;
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
            emit(cli, json!({ "devices": list }), human.join("\n"));
        }
        DevicesCommand::Revoke { device } => {
            let id = sync::revoke_device(&mut store, device).map_err(api)?;
            emit(cli, json!({"revoked": id}), tr(lang, "cli.devices.revoked", &[("id", &id.to_string())]));
        }
    }
    Ok(())
}

pub fn bundle(cli: &Cli, lang: Lang, cmd: &BundleCommand) -> Result<(), ApiError> {
    let mut store = open(cli, lang)?;
    match cmd {
        BundleCommand::Export { out, to } => {
            let r = sync::export(&mut store, to, out).map_err(api)?;
            let names: Vec<&str> = r.recipients.iter().map(|d| d.name.as_str()).collect();
            emit(
                cli,
                serde_json::to_value(&r).unwrap_or_default(),
                tr(
                    lang,
                    "cli.bundle.exported",
                    &[
                        ("changes", &r.changes.to_string()),
                        ("to", &names.join(", ")),
                        ("path", &out.display().to_string()),
                    ],
                ),
            );
        }
        BundleCommand::Import { files } => {
            let mut results = Vec::new();
            let mut human = Vec::new();
            let mut refused = 0;
            for file in files {
                let outcome = std::fs::read(file)
                    .map_err(reintegra_store::Error::Io)
                    .and_then(|bytes| sync::import(&mut store, &bytes, &mut |_, _| {}));
                let name = file.display().to_string();
                match outcome {
                    Ok(r) => {
                        let n = |v: usize| v.to_string();
                        let mut line = tr(
                            lang,
                            if r.replayed { "cli.bundle.replayed" } else { "cli.bundle.imported" },
                            &[
                                ("file", &name),
                                ("sender", &r.sender_name),
                                ("changes", &n(r.changes)),
                                ("inserted", &n(r.inserted)),
                                ("updated", &n(r.updated)),
                                ("unchanged", &n(r.unchanged)),
                                ("conflicts", &n(r.conflicts)),
                            ],
                        );
                        if r.clock_ahead {
                            line.push(' ');
                            line.push_str(&t(lang, "cli.bundle.clock_ahead"));
                        }
                        human.push(line);
                        results.push(json!({"file": name, "result": "imported", "report": r}));
                    }
                    Err(e) => {
                        refused += 1;
                        let reason = e.to_api().message(lang);
                        human.push(tr(lang, "cli.bundle.refused", &[("file", &name), ("reason", &reason)]));
                        results.push(
                            json!({"file": name, "result": "refused", "code": e.to_api().code, "reason": reason}),
                        );
                    }
                }
            }
            let sum = |key: &str| -> u64 { results.iter().filter_map(|r| r["report"][key].as_u64()).sum() };
            let doc = json!({
                "bundles": results,
                "inserted": sum("inserted"),
                "updated": sum("updated"),
                "unchanged": sum("unchanged"),
                "conflicts": sum("conflicts"),
                "refused": refused,
            });
            emit(cli, doc, human.join("\n"));
            if refused > 0 {
                // Every other bundle was applied; each refused one changed nothing.
                return Err(ApiError::new("error.bundles_refused").with("count", refused.to_string()));
            }
        }
    }
    Ok(())
}

pub fn conflicts(cli: &Cli, lang: Lang, cmd: &ConflictsCommand) -> Result<(), ApiError> {
    let mut store = open(cli, lang)?;
    match cmd {
        ConflictsCommand::List => {
            let list = sync::conflicts(&mut store).map_err(api)?;
            let mut human = Vec::new();
            for c in &list {
                human.push(tr(
                    lang,
                    "cli.conflicts.line",
                    &[("id", &c.id), ("type", &c.kind), ("record", &c.record_id), ("disputed", &c.disputed)],
                ));
                for side in &c.candidates {
                    let who = side.get("change_id").or_else(|| side.get("record_id")).and_then(|v| v.as_str());
                    let at = side.get("hlc").and_then(|v| v.as_i64()).map(|h| reintegra_core::hlc::Hlc(h).wall_ms());
                    human.push(format!(
                        "    {}\t{}\t{}",
                        who.unwrap_or("-"),
                        when(at),
                        side.get("value").map(|v| v.to_string()).unwrap_or_else(|| t(lang, "cli.conflicts.deleted"))
                    ));
                }
            }
            if human.is_empty() {
                human.push(t(lang, "cli.conflicts.none"));
            }
            emit(cli, json!({ "conflicts": list }), human.join("\n"));
        }
        ConflictsCommand::Resolve { id, keep } => {
            let written = sync::resolve(&mut store, id, &Keep::parse(keep)).map_err(api)?;
            emit(cli, json!({"resolved": id, "changes": written}), tr(lang, "cli.conflicts.resolved", &[("id", id)]));
        }
    }
    Ok(())
}

/// `reintegra sync [--folder DIR]`: what the app does when the sync folder is reachable. A folder given is
/// remembered.
pub fn folder(cli: &Cli, lang: Lang, folder: Option<&std::path::Path>) -> Result<(), ApiError> {
    let mut store = open(cli, lang)?;
    if let Some(dir) = folder {
        sync::set_folder(&mut store, dir).map_err(api)?;
    }
    let dir = sync::folder(&mut store).map_err(api)?.ok_or_else(|| ApiError::new("error.no_sync_folder"))?;
    if !dir.is_dir() {
        return Err(ApiError::new("error.sync_folder_unreachable").with("path", dir.display().to_string()));
    }
    let r = sync::sync_folder(&mut store, &dir, &mut |_, _| {}).map_err(api)?;
    let mut human = Vec::new();
    for (file, i) in &r.imported {
        human.push(tr(
            lang,
            "cli.bundle.imported",
            &[
                ("file", file),
                ("sender", &i.sender_name),
                ("changes", &i.changes.to_string()),
                ("inserted", &i.inserted.to_string()),
                ("updated", &i.updated.to_string()),
                ("unchanged", &i.unchanged.to_string()),
                ("conflicts", &i.conflicts.to_string()),
            ],
        ));
    }
    for (file, code) in &r.refused {
        human.push(tr(lang, "cli.bundle.refused", &[("file", file), ("reason", &t(lang, code))]));
    }
    for e in &r.exported {
        let names: Vec<&str> = e.recipients.iter().map(|d| d.name.as_str()).collect();
        human.push(tr(
            lang,
            "cli.bundle.exported",
            &[("changes", &e.changes.to_string()), ("to", &names.join(", ")), ("path", &e.path.display().to_string())],
        ));
    }
    if human.is_empty() {
        human.push(t(lang, "cli.sync.nothing"));
    }
    emit(cli, serde_json::to_value(&r).unwrap_or_default(), human.join("\n"));
    Ok(())
}

/// `reintegra purge [--dry-run]`: on a field laptop, purges (or counts) the people who left its caseload and whose
/// changes made here the central file holds. Also run after every import.
pub fn purge(cli: &Cli, lang: Lang, dry_run: bool) -> Result<(), ApiError> {
    let mut store = open(cli, lang)?;
    let report = sync::purge(&mut store, dry_run).map_err(api)?;
    let key = if dry_run { "cli.purge.dry_run" } else { "cli.purge.done" };
    let human = tr(
        lang,
        key,
        &[
            ("people", &report.people.to_string()),
            ("records", &report.records.to_string()),
            ("changes", &report.changes.to_string()),
            ("waiting", &report.waiting.to_string()),
        ],
    );
    emit(cli, serde_json::to_value(&report).unwrap_or_default(), human);
    Ok(())
}
