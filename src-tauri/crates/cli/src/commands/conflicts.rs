//! `reintegra conflicts list|resolve`: concurrent edits waiting for a decision, and the decision (keep a side by its
//! id, or write a value), which travels as one more change.

use clap::Subcommand;
use reintegra_core::i18n::{t, tr};
use reintegra_core::wire::ApiError;
use reintegra_store::sync::{self, Keep};
use serde_json::json;

use super::when;
use crate::context::Context;

#[derive(Subcommand)]
pub enum Cmd {
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

pub fn run(ctx: &Context, cmd: &Cmd) -> Result<(), ApiError> {
    let lang = ctx.lang;
    let mut store = ctx.open()?;
    match cmd {
        Cmd::List => {
            let list = sync::conflicts(&mut store)?;
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
            ctx.emit(json!({ "conflicts": list }), human.join("\n"));
        }
        Cmd::Resolve { id, keep } => {
            let written = sync::resolve(&mut store, id, &Keep::parse(keep))?;
            ctx.emit(json!({"resolved": id, "changes": written}), tr(lang, "cli.conflicts.resolved", &[("id", id)]));
        }
    }
    Ok(())
}
