//! `reintegra pdf attendance|payroll|case --out FILE.pdf`: the printable documents. They hold personal data (names,
//! DUIs): the message says so, and each one is recorded in the audit log (the kind and the id or month, no names).

use std::path::{Path, PathBuf};

use clap::Subcommand;
use reintegra_core::i18n::{count, tr};
use reintegra_core::wire::ApiError;
use reintegra_store::audit::{self, Action};
use reintegra_store::sync::write_atomically;
use serde_json::json;

use super::{parse_id, parse_month};
use crate::context::Context;

#[derive(Subcommand)]
pub enum Cmd {
    /// cli.cmd.pdf_attendance
    Attendance {
        /// cli.arg.session
        #[arg(long, value_name = "ID")]
        session: String,
        /// cli.arg.out_pdf
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// cli.cmd.pdf_payroll
    Payroll {
        /// cli.arg.month
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// cli.arg.out_pdf
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// cli.cmd.pdf_case
    Case {
        /// cli.arg.person
        #[arg(long, value_name = "ID")]
        person: String,
        /// cli.arg.out_pdf
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
}

fn check_target(out: &Path) -> Result<(), ApiError> {
    let is_pdf = out.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if is_pdf { Ok(()) } else { Err(ApiError::new("error.pdf_target")) }
}

pub fn run(ctx: &Context, cmd: &Cmd) -> Result<(), ApiError> {
    let (lang, today) = (ctx.lang, ctx.today);
    let (out, doc, subject) = match cmd {
        Cmd::Attendance { session, out } => {
            let session = parse_id(session)?;
            check_target(out)?;
            let mut store = ctx.open()?;
            let sheet = reintegra_store::sheets::attendance_sheet(&mut store, session)?;
            (out, (store, reintegra_pdf::attendance_sheet(lang, &sheet, today)), format!("pdf_attendance:{session}"))
        }
        Cmd::Payroll { month, out } => {
            let month = parse_month(month)?;
            check_target(out)?;
            let mut store = ctx.open()?;
            let view = reintegra_store::views::payroll_view(&mut store, month)?;
            (out, (store, reintegra_pdf::payroll(lang, &view, today)), format!("pdf_payroll:{month}"))
        }
        Cmd::Case { person, out } => {
            let person = parse_id(person)?;
            check_target(out)?;
            let mut store = ctx.open()?;
            let view = reintegra_store::views::person_view(&mut store, person)?;
            (out, (store, reintegra_pdf::case_summary(lang, &view, today)), format!("pdf_case:{person}"))
        }
    };
    let (mut store, doc) = doc;
    write_atomically(out, &doc.bytes)?;
    audit::record(&mut store, Action::Export, &subject)?;
    ctx.emit(
        json!({"out": out, "pages": doc.pages, "bytes": doc.bytes.len()}),
        tr(
            lang,
            "cli.pdf.done",
            &[("path", &out.display().to_string()), ("pages", &count(lang, "cli.pdf.pages", doc.pages as u64))],
        ),
    );
    Ok(())
}
