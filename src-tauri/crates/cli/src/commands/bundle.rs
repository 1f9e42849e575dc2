//! `reintegra bundle export|import`: what the recipients have not acknowledged, encrypted and signed; and bundles
//! taken in, each verified and merged whole or not at all.

use std::path::PathBuf;

use clap::Subcommand;
use reintegra_core::i18n::{t, tr};
use reintegra_core::wire::ApiError;
use reintegra_store::sync;
use serde_json::json;

use crate::context::Context;

#[derive(Subcommand)]
pub enum Cmd {
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

pub fn run(ctx: &Context, cmd: &Cmd) -> Result<(), ApiError> {
    let mut store = ctx.open()?;
    match cmd {
        Cmd::Export { out, to } => {
            let r = sync::export(&mut store, to, out)?;
            let names: Vec<&str> = r.recipients.iter().map(|d| d.name.as_str()).collect();
            ctx.emit(
                serde_json::to_value(&r).unwrap_or_default(),
                tr(
                    ctx.lang,
                    "cli.bundle.exported",
                    &[
                        ("changes", &r.changes.to_string()),
                        ("to", &names.join(", ")),
                        ("path", &out.display().to_string()),
                    ],
                ),
            );
            Ok(())
        }
        Cmd::Import { files } => import(ctx, &mut store, files),
    }
}

/// Each file on its own: a refused bundle changes nothing and does not stop the others.
fn import(ctx: &Context, store: &mut reintegra_store::Store, files: &[PathBuf]) -> Result<(), ApiError> {
    let lang = ctx.lang;
    let mut results = Vec::new();
    let mut human = Vec::new();
    let mut refused = 0;
    for file in files {
        let outcome = std::fs::read(file)
            .map_err(reintegra_store::Error::Io)
            .and_then(|bytes| sync::import(store, &bytes, &mut |_, _| {}));
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
                let error = ApiError::from(e);
                let reason = error.message(lang);
                human.push(tr(lang, "cli.bundle.refused", &[("file", &name), ("reason", &reason)]));
                results.push(json!({"file": name, "result": "refused", "code": error.code, "reason": reason}));
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
    ctx.emit(doc, human.join("\n"));
    if refused > 0 {
        // Every other bundle was applied; each refused one changed nothing.
        return Err(ApiError::new("error.bundles_refused").with("count", refused.to_string()));
    }
    Ok(())
}
