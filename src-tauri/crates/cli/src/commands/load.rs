//! `reintegra load FILE.jsonl`: records given as JSON Lines, applied all or nothing.

use std::io::BufReader;
use std::path::PathBuf;

use clap::Args;
use reintegra_core::i18n::tr;
use reintegra_core::wire::ApiError;
use reintegra_store::load::{LoadReport, load_jsonl};

use crate::context::Context;

#[derive(Args)]
pub struct Cmd {
    /// cli.arg.file
    file: PathBuf,
}

pub fn run(ctx: &Context, args: &Cmd) -> Result<(), ApiError> {
    let input = std::fs::File::open(&args.file)?;
    let mut store = ctx.open()?;
    let report = load_jsonl(&mut store, BufReader::new(input), ctx.today)?;
    print_report(ctx, &report);
    Ok(())
}

/// What a load or an import applied, and the lines that repeated a record already given.
pub(super) fn print_report(ctx: &Context, r: &LoadReport) {
    let n = |v: usize| v.to_string();
    let mut human = tr(
        ctx.lang,
        "cli.load.done",
        &[
            ("lines", &n(r.lines)),
            ("inserted", &n(r.inserted)),
            ("updated", &n(r.updated)),
            ("unchanged", &n(r.unchanged)),
            ("deleted", &n(r.deleted)),
        ],
    );
    if !r.duplicates.is_empty() {
        let lines: Vec<String> = r.duplicates.iter().map(ToString::to_string).collect();
        human.push('\n');
        human.push_str(&tr(ctx.lang, "cli.load.duplicates", &[("lines", &lines.join(", "))]));
    }
    ctx.emit(serde_json::to_value(r).unwrap_or_default(), human);
}
