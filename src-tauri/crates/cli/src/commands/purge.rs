//! `reintegra purge [--dry-run]`: on a field laptop, purges (or counts) the people who left its caseload and whose
//! changes made here the central file holds. Also run after every import.

use clap::Args;
use reintegra_core::i18n::tr;
use reintegra_core::wire::ApiError;
use reintegra_store::sync;

use crate::context::Context;

#[derive(Args)]
pub struct Cmd {
    /// cli.arg.dry_run
    #[arg(long)]
    dry_run: bool,
}

pub fn run(ctx: &Context, args: &Cmd) -> Result<(), ApiError> {
    let mut store = ctx.open()?;
    let report = sync::purge(&mut store, args.dry_run)?;
    let key = if args.dry_run { "cli.purge.dry_run" } else { "cli.purge.done" };
    let human = tr(
        ctx.lang,
        key,
        &[
            ("people", &report.people.to_string()),
            ("records", &report.records.to_string()),
            ("changes", &report.changes.to_string()),
            ("waiting", &report.waiting.to_string()),
        ],
    );
    ctx.emit(serde_json::to_value(&report).unwrap_or_default(), human);
    Ok(())
}
