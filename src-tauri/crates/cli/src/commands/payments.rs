//! `reintegra payments`: payment delivery for scripts (VOUCHER-RULES.md, "Payment delivery"): approve a month's
//! payroll into `approved` payments, write a batch per delivery method (the cash list PDF, the provider's CSV or
//! XLSX: its payments become `sent`), take back the cash list, apply a provider's results file, list a payroll's
//! payments, and set a participant's delivery method. The same store functions as the window.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use reintegra_core::i18n::{t, tr};
use reintegra_core::views::PayrollApproval;
use reintegra_core::wire::ApiError;
use reintegra_core::wire::payments::{Absent, CashResults, Delivery, DeliveryArgs, DeliveryMethod, WriteBatchArgs};
use reintegra_store::payments;
use serde_json::json;

use super::{parse_id, parse_month};
use crate::context::Context;

#[derive(Clone, Copy, ValueEnum)]
pub enum MethodArg {
    Cash,
    Bank,
    Wallet,
}

impl From<MethodArg> for DeliveryMethod {
    fn from(m: MethodArg) -> Self {
        match m {
            MethodArg::Cash => DeliveryMethod::Cash,
            MethodArg::Bank => DeliveryMethod::Bank,
            MethodArg::Wallet => DeliveryMethod::Wallet,
        }
    }
}

#[derive(Subcommand)]
pub enum Cmd {
    /// cli.cmd.payments_results
    Results {
        /// cli.arg.results_file
        file: PathBuf,
    },
    /// cli.cmd.payments_approve
    Approve {
        /// cli.arg.month
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// cli.arg.reference
        #[arg(long, default_value = "")]
        reference: String,
    },
    /// cli.cmd.payments_batch
    Batch {
        /// cli.arg.month
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// cli.arg.method
        #[arg(long, value_enum)]
        method: MethodArg,
        /// cli.arg.out_batch
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// cli.cmd.payments_cash
    Cash {
        /// cli.arg.month
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// cli.arg.cash_date
        #[arg(long, default_value = "")]
        date: String,
        /// cli.arg.collected
        #[arg(long, value_name = "PAYMENT_ID")]
        collected: Vec<String>,
        /// cli.arg.absent
        #[arg(long, value_name = "PAYMENT_ID=REASON")]
        absent: Vec<String>,
    },
    /// cli.cmd.payments_list
    List {
        /// cli.arg.month
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
    },
    /// cli.cmd.payments_method
    Method {
        /// cli.arg.person
        person: String,
        /// cli.arg.method
        #[arg(long, value_enum)]
        method: MethodArg,
        /// cli.arg.bank
        #[arg(long)]
        bank: Option<String>,
        /// cli.arg.account
        #[arg(long)]
        account: Option<String>,
        /// cli.arg.holder
        #[arg(long)]
        holder: Option<String>,
        /// cli.arg.wallet_provider
        #[arg(long)]
        wallet_provider: Option<String>,
        /// cli.arg.phone
        #[arg(long)]
        phone: Option<String>,
    },
}

pub fn run(ctx: &Context, cmd: &Cmd) -> Result<(), ApiError> {
    let lang = ctx.lang;
    match cmd {
        Cmd::Results { file } => {
            let mut store = ctx.open()?;
            let done = reintegra_payroll::batch::import_results(&mut store, file, ctx.today)?;
            let mut human = vec![tr(
                lang,
                "results.done",
                &[("applied", &done.applied.len().to_string()), ("mismatches", &done.mismatches.len().to_string())],
            )];
            for m in &done.mismatches {
                human.push(format!("{}\t{}\t{}", m.line, m.reference, t(lang, &format!("results.why.{}", m.why))));
            }
            ctx.emit(serde_json::to_value(&done).unwrap_or_default(), human.join("\n"));
        }
        Cmd::Approve { month, reference } => {
            let month = parse_month(month)?;
            let mut store = ctx.open()?;
            let p = reintegra_store::vouchers::payroll(&mut store, month)?;
            let a = PayrollApproval {
                month,
                paid_on: String::new(),
                reference: reference.clone(),
                expected_count: p.lines.len(),
                expected_total_usd: p.total_usd,
            };
            let done = payments::approve_payroll(&mut store, &a, ctx.today)?;
            ctx.emit(
                serde_json::to_value(&done).unwrap_or_default(),
                tr(
                    lang,
                    "cli.payments.approved",
                    &[("count", &done.count.to_string()), ("total", &done.total_usd.to_string())],
                ),
            );
        }
        Cmd::Batch { month, method, out } => {
            let mut store = ctx.open()?;
            // Relative to where the command runs.
            let path = std::path::absolute(out).map_err(|e| ApiError::new("error.io").with("detail", e.to_string()))?;
            let a = WriteBatchArgs {
                month: parse_month(month)?,
                method: (*method).into(),
                path: path.to_string_lossy().into_owned(),
                lang,
            };
            let done = reintegra_payroll::batch::write_batch(&mut store, &a, ctx.today)?;
            ctx.emit(
                serde_json::to_value(&done).unwrap_or_default(),
                tr(
                    lang,
                    "batches.written",
                    &[("path", &done.path), ("count", &done.count.to_string()), ("total", &done.total_usd.to_string())],
                ),
            );
        }
        Cmd::Cash { month, date, collected, absent } => {
            let mut c = CashResults {
                month: parse_month(month)?,
                date: date.clone(),
                collected: Vec::new(),
                absent: Vec::new(),
            };
            for id in collected {
                c.collected.push(parse_id(id)?);
            }
            for a in absent {
                let (id, reason) = a.split_once('=').unwrap_or((a, ""));
                c.absent.push(Absent { payment_id: parse_id(id)?, reason: reason.to_owned() });
            }
            let mut store = ctx.open()?;
            let done = payments::record_cash(&mut store, &c, ctx.today)?;
            ctx.emit(
                json!({"paid": done.paid, "failed": done.failed}),
                tr(lang, "cash.done", &[("paid", &done.paid.to_string()), ("failed", &done.failed.to_string())]),
            );
        }
        Cmd::List { month } => {
            let month = parse_month(month)?;
            let mut store = ctx.open()?;
            let view = payments::month_view(&mut store, month)?;
            let human: Vec<String> = view
                .payments
                .iter()
                .map(|p| {
                    format!(
                        "{}\t{}\t{}\t{}\t{}",
                        p.id,
                        p.month,
                        p.reference,
                        t(lang, &format!("payment.method.{}", p.method.code())),
                        t(lang, &format!("payment.status.{}", p.status.code()))
                    )
                })
                .collect();
            ctx.emit(serde_json::to_value(&view).unwrap_or_default(), human.join("\n"));
        }
        Cmd::Method { person, method, bank, account, holder, wallet_provider, phone } => {
            let person_id = parse_id(person)?;
            let delivery = Delivery {
                method: (*method).into(),
                bank: bank.clone(),
                account: account.clone(),
                holder: holder.clone(),
                wallet_provider: wallet_provider.clone(),
                phone: phone.clone(),
            };
            let mut store = ctx.open()?;
            let id = payments::set_delivery(&mut store, &DeliveryArgs { person_id, delivery }, ctx.today)?;
            ctx.emit(json!({"id": id}), t(lang, "delivery.saved"));
        }
    }
    Ok(())
}
