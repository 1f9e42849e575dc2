//! `reintegra import-csv persons FILE.csv`: people from a spreadsheet (Spanish headers), all or nothing.

use std::io::BufReader;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use reintegra_core::wire::ApiError;
use reintegra_store::load::import_persons_csv;

use super::load::print_report;
use crate::context::Context;

#[derive(Args)]
pub struct Cmd {
    /// cli.arg.what
    #[arg(value_enum)]
    what: What,
    /// cli.arg.file
    file: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum What {
    Persons,
}

pub fn run(ctx: &Context, args: &Cmd) -> Result<(), ApiError> {
    let What::Persons = args.what;
    let input = std::fs::File::open(&args.file)?;
    let mut store = ctx.open()?;
    let report = import_persons_csv(&mut store, BufReader::new(input), ctx.today)?;
    print_report(ctx, &report);
    Ok(())
}
