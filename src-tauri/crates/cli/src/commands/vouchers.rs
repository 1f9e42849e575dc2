//! `reintegra vouchers evaluate|payroll`: each participant's outcome for a month with the evidence, and the month's
//! payroll file (payable, unpaid participants; its export is audited).

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Subcommand;
use reintegra_core::i18n::{t, tr};
use reintegra_core::wire::ApiError;
use reintegra_store::audit::{self, Action};
use serde_json::json;

use super::parse_month;
use crate::context::Context;

#[derive(Subcommand)]
pub enum Cmd {
    /// cli.cmd.vouchers_evaluate
    Evaluate {
        /// cli.arg.month
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
    },
    /// cli.cmd.vouchers_payroll
    Payroll {
        /// cli.arg.month
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// cli.arg.out_payroll
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

pub fn run(ctx: &Context, cmd: &Cmd) -> Result<(), ApiError> {
    let lang = ctx.lang;
    match cmd {
        Cmd::Evaluate { month } => {
            let month = parse_month(month)?;
            let mut store = ctx.open()?;
            let report = reintegra_store::vouchers::evaluate_month(&mut store, month)?;
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            let mut human = Vec::new();
            for p in &report.participants {
                let e = &p.evaluation;
                *counts.entry(e.outcome.code()).or_default() += 1;
                let unmet: Vec<String> = e
                    .requirements
                    .iter()
                    .filter(|r| !r.met)
                    .map(|r| t(lang, &format!("requirement.{}", r.name)))
                    .collect();
                human.push(format!(
                    "{}\t{}\t{}\t{}",
                    p.person_id,
                    e.month_index.map(|i| i.to_string()).unwrap_or_else(|| "-".into()),
                    t(lang, &format!("outcome.{}", e.outcome.code())),
                    unmet.join(", ")
                ));
            }
            for (outcome, n) in &counts {
                human.push(format!("{}: {n}", t(lang, &format!("outcome.{outcome}"))));
            }
            ctx.emit(serde_json::to_value(&report).unwrap_or_default(), human.join("\n"));
        }
        Cmd::Payroll { month, out } => {
            let month = parse_month(month)?;
            let mut store = ctx.open()?;
            let p = reintegra_store::vouchers::payroll(&mut store, month)?;
            let Some(out) = out else {
                // No file: the lines (arrears included: `month` is the month paid), for scripts.
                let human: Vec<String> =
                    p.lines.iter().map(|l| format!("{}\t{}\t{}", l.person_id, l.month, l.amount_usd)).collect();
                ctx.emit(serde_json::to_value(&p).unwrap_or_default(), human.join("\n"));
                return Ok(());
            };
            reintegra_payroll::write(&p, out, lang)
                .map_err(|detail| ApiError::new("error.io").with("detail", detail))?;
            audit::record(&mut store, Action::PayrollExport, &p.month.to_string())?;
            ctx.emit(
                json!({"month": p.month, "participants": p.lines.len(), "total_usd": p.total_usd, "out": out}),
                tr(
                    lang,
                    "cli.payroll.done",
                    &[
                        ("count", &p.lines.len().to_string()),
                        ("total", &p.total_usd.to_string()),
                        ("path", &out.display().to_string()),
                    ],
                ),
            );
        }
    }
    Ok(())
}
