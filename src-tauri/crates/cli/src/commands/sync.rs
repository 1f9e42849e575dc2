//! `reintegra sync [--folder DIR]`: what the app does when the sync folder is reachable, both directions. A folder
//! given is remembered.

use std::path::PathBuf;

use clap::Args;
use reintegra_core::i18n::{t, tr};
use reintegra_core::wire::ApiError;
use reintegra_store::sync;

use crate::context::Context;

#[derive(Args)]
pub struct Cmd {
    /// cli.arg.folder
    #[arg(long, value_name = "DIR")]
    folder: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: &Cmd) -> Result<(), ApiError> {
    let lang = ctx.lang;
    let mut store = ctx.open()?;
    if let Some(dir) = &args.folder {
        sync::set_folder(&mut store, dir)?;
    }
    let dir = sync::folder(&mut store)?.ok_or_else(|| ApiError::new("error.no_sync_folder"))?;
    if !dir.is_dir() {
        return Err(ApiError::new("error.sync_folder_unreachable").with("path", dir.display().to_string()));
    }
    let r = sync::sync_folder(&mut store, &dir, &mut |_, _| {})?;
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
    for (file, code) in &r.pending {
        human.push(tr(lang, "cli.bundle.pending", &[("file", file), ("reason", &t(lang, code))]));
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
    ctx.emit(serde_json::to_value(&r).unwrap_or_default(), human.join("\n"));
    Ok(())
}
