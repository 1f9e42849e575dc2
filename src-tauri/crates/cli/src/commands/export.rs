//! `reintegra export --out FILE.xlsx|DIR|FILE.zip [--personal] [--password-file F]`: the central export for
//! reporting, one sheet (or one CSV file) per record type with Spanish headers and words in the cells. Personal
//! data only with `--personal`; with a password, the CSV files in an AES-256 zip; every export is audited
//! (protected or not). The files are written by `reintegra-spreadsheet`, as the app's «Datos» screen writes them.

use std::path::{Path, PathBuf};

use clap::Args;

use reintegra_core::i18n::tr;
use reintegra_core::wire::ApiError;
use reintegra_spreadsheet::export::{Target, check_password, export};
use serde_json::json;

use crate::context::Context;

/// The password from `--password-file` (its first line) or `REINTEGRA_EXPORT_PASSWORD`.
fn password(file: Option<&Path>) -> Result<Option<zeroize::Zeroizing<String>>, ApiError> {
    let text = match file {
        Some(f) => zeroize::Zeroizing::new(std::fs::read_to_string(f)?),
        None => match std::env::var("REINTEGRA_EXPORT_PASSWORD") {
            Ok(v) => zeroize::Zeroizing::new(v),
            Err(_) => return Ok(None),
        },
    };
    let line = zeroize::Zeroizing::new(text.lines().next().unwrap_or("").to_owned());
    check_password(&line, None)?;
    Ok(Some(line))
}

#[derive(Args)]
pub struct Cmd {
    /// cli.arg.out_export
    #[arg(long, value_name = "FILE.xlsx|DIR")]
    out: PathBuf,
    /// cli.arg.personal
    #[arg(long)]
    personal: bool,
    /// cli.arg.password_file
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: &Cmd) -> Result<(), ApiError> {
    let (lang, out, personal) = (ctx.lang, args.out.as_path(), args.personal);
    let password = password(args.password_file.as_deref())?;
    let target = Target::of(out, password.is_some())?;
    let mut store = ctx.open()?;
    let done = export(&mut store, out, target, lang, personal, password.as_deref().map(String::as_str))?;
    let key = if personal { "cli.export.done_personal" } else { "cli.export.done" };
    ctx.emit(
        json!({"out": out, "records": done.records, "tables": done.tables, "personal": personal,
               "protected": done.protected}),
        tr(lang, key, &[("records", &done.records.to_string()), ("path", &out.display().to_string())]),
    );
    Ok(())
}
