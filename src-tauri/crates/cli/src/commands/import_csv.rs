//! `reintegra import-csv persons FILE [--dry-run]`: people from a spreadsheet (Spanish headers), all or nothing.
//! The file as people have it: `.xlsx`, `.ods`, or CSV in UTF-8 or Windows-1252, with commas or semicolons (read by
//! `reintegra-spreadsheet`, as the app's «Datos» screen reads it). `--dry-run` shows what would be added, updated
//! and skipped, and the rows that are wrong, writing nothing.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use reintegra_core::i18n::tr;
use reintegra_core::wire::ApiError;
use reintegra_store::load::{import_persons, preview_persons};

use super::load::print_report;
use crate::context::Context;

#[derive(Args)]
pub struct Cmd {
    /// cli.arg.what
    #[arg(value_enum)]
    what: What,
    /// cli.arg.file
    file: PathBuf,
    /// cli.arg.dry_run
    #[arg(long)]
    dry_run: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum What {
    Persons,
}

pub fn run(ctx: &Context, args: &Cmd) -> Result<(), ApiError> {
    let What::Persons = args.what;
    let rows = reintegra_spreadsheet::read::rows(&args.file)?;
    let mut store = ctx.open()?;
    if args.dry_run {
        let p = preview_persons(&mut store, &rows, ctx.today)?;
        let n = |v: usize| v.to_string();
        let mut human = vec![tr(
            ctx.lang,
            "cli.import.preview",
            &[("add", &n(p.add.len())), ("update", &n(p.update.len())), ("skip", &n(p.skip.len()))],
        )];
        human.extend(p.invalid.iter().map(|e| {
            tr(ctx.lang, "cli.import.invalid", &[("line", &n(e.line)), ("reason", &e.error.message(ctx.lang))])
        }));
        ctx.emit(serde_json::to_value(&p).unwrap_or_default(), human.join("\n"));
        return Ok(());
    }
    let report = import_persons(&mut store, &rows, ctx.today, None)?;
    print_report(ctx, &report);
    Ok(())
}
