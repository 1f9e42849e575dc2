//! `reintegra report indicators`: progress against the programme's targets, as the dashboard shows it.

use clap::{Subcommand, ValueEnum};
use reintegra_core::i18n::{Lang, t, tr};
use reintegra_core::indicators::{DEFAULT_TRAINED_SHARE, Indicators};
use reintegra_core::wire::ApiError;
use reintegra_store::indicators::{self, By};

use crate::context::Context;

#[derive(Subcommand)]
pub enum Cmd {
    /// cli.cmd.report_indicators
    Indicators {
        /// cli.arg.by
        #[arg(long, value_enum)]
        by: Option<ByArg>,
        /// cli.arg.trained_share
        #[arg(long, default_value_t = DEFAULT_TRAINED_SHARE, value_parser = clap::value_parser!(u32).range(1..=100))]
        trained_share: u32,
    },
    /// cli.cmd.report_payments
    Payments {
        /// cli.arg.by
        #[arg(long, value_enum)]
        by: Option<ByArg>,
        /// cli.arg.out_pdf
        #[arg(long, value_name = "FILE")]
        pdf: Option<std::path::PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ByArg {
    Municipality,
    Month,
}

fn lines(lang: Lang, i: &Indicators) -> Vec<String> {
    let figure = |key: &str, value: u64, target: u64| {
        if target > 0 {
            tr(lang, key, &[("value", &value.to_string())])
                + &tr(lang, "report.of_target", &[("target", &target.to_string())])
        } else {
            tr(lang, key, &[("value", &value.to_string())])
        }
    };
    let mut out = vec![
        figure("report.participants_paid", i.participants_paid.value, i.participants_paid.target),
        tr(lang, "report.payments", &[("count", &i.payments.to_string()), ("usd", &i.paid_usd.to_string())]),
        figure("report.relatives_trained", i.relatives_trained.value, i.relatives_trained.target),
        figure("report.relatives_visited", i.relatives_visited.value, i.relatives_visited.target),
    ];
    for (kind, n) in &i.sessions {
        out.push(tr(
            lang,
            "report.sessions",
            &[("kind", &t(lang, &format!("activity.{kind}"))), ("count", &n.to_string())],
        ));
    }
    for (status, n) in &i.referrals {
        out.push(tr(
            lang,
            "report.referrals",
            &[("status", &t(lang, &format!("referral_status.{status}"))), ("count", &n.to_string())],
        ));
    }
    out.push(tr(
        lang,
        "report.initiatives",
        &[("count", &i.initiatives.to_string()), ("people", &i.initiative_participants.to_string())],
    ));
    out
}

pub fn run(ctx: &Context, cmd: &Cmd) -> Result<(), ApiError> {
    let (by, trained_share) = match cmd {
        Cmd::Indicators { by, trained_share } => (by, trained_share),
        Cmd::Payments { by, pdf } => return payments(ctx, *by, pdf.as_deref()),
    };
    let lang = ctx.lang;
    let by = match by {
        None => By::Total,
        Some(ByArg::Municipality) => By::Municipality,
        Some(ByArg::Month) => By::Month,
    };
    let mut store = ctx.open()?;
    let report = indicators::indicators(&mut store, by, *trained_share)?;
    let mut human = vec![tr(lang, "report.title", &[("share", &trained_share.to_string())])];
    human.extend(lines(lang, &report.total).into_iter().map(|l| format!("  {l}")));
    for (key, group) in &report.groups {
        human.push(String::new());
        human.push(if key.is_empty() { t(lang, "report.no_municipality") } else { key.clone() });
        human.extend(lines(lang, group).into_iter().map(|l| format!("  {l}")));
    }
    let mut json = serde_json::to_value(&report).unwrap_or_default();
    // #16: people with a baseline, a follow-up, and improved, by instrument and municipality.
    let assessed = indicators::assessments::indicators(&mut store)?;
    for a in assessed.iter().filter(|a| a.municipality.is_none()) {
        human.push(tr(
            lang,
            "report.assessments",
            &[
                ("instrument", &a.instrument),
                ("baseline", &a.with_baseline.to_string()),
                ("follow_up", &a.with_follow_up.to_string()),
                ("improved", &a.improved.to_string()),
            ],
        ));
    }
    json["assessments"] = serde_json::to_value(&assessed).unwrap_or_default();
    ctx.emit(json, human.join("\n"));
    Ok(())
}

/// `reintegra report payments`: the reconciliation of payment delivery (#17), by month (default) or municipality,
/// and as a PDF for the donor with `--pdf FILE`.
fn payments(ctx: &Context, by: Option<ByArg>, pdf: Option<&std::path::Path>) -> Result<(), ApiError> {
    use reintegra_core::wire::payments::{ReconBy, ReconLine};
    let lang = ctx.lang;
    let by = match by {
        Some(ByArg::Municipality) => ReconBy::Municipality,
        _ => ReconBy::Month,
    };
    let mut store = ctx.open()?;
    let r = reintegra_store::payments::reconciliation(&mut store, by)?;
    let line = |label: &str, l: &ReconLine| {
        let cell = |x: &reintegra_core::wire::payments::Tally| format!("{} ({} USD)", x.count, x.usd);
        format!(
            "{label}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            cell(&l.approved),
            cell(&l.sent),
            cell(&l.paid),
            cell(&l.failed),
            cell(&l.cancelled),
            cell(&l.pending),
            cell(&l.arrears)
        )
    };
    let mut human = vec![t(lang, "recon.title")];
    let heads: Vec<String> = ["approved", "sent", "paid", "failed", "cancelled"]
        .iter()
        .map(|k| t(lang, &format!("payment.status.{k}")))
        .chain([t(lang, "recon.pending"), t(lang, "recon.arrears")])
        .collect();
    human.push(format!("\t{}", heads.join("\t")));
    for l in &r.lines {
        human.push(line(&l.group, l));
    }
    human.push(line(&t(lang, "recon.total"), &r.total));
    let percent = (r.spent_usd * 100).checked_div(r.budget_usd).unwrap_or(0);
    human.push(tr(
        lang,
        "recon.budget",
        &[
            ("spent", &r.spent_usd.to_string()),
            ("budget", &r.budget_usd.to_string()),
            ("percent", &percent.to_string()),
        ],
    ));
    let mut json = serde_json::to_value(&r).unwrap_or_default();
    if let Some(out) = pdf {
        if out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() != Some("pdf") {
            return Err(ApiError::new("recon.pdf_format"));
        }
        if out.exists() {
            return Err(ApiError::new("payroll.export_exists"));
        }
        let doc = reintegra_pdf::reconciliation(lang, &r, ctx.today);
        reintegra_store::sync::write_atomically(out, &doc.bytes)?;
        reintegra_store::audit::record(&mut store, reintegra_store::audit::Action::Export, "pdf_reconciliation")?;
        json["pdf"] = serde_json::json!({"path": out, "pages": doc.pages});
        human.push(tr(
            lang,
            "recon.pdf_done",
            &[("path", &out.display().to_string()), ("pages", &doc.pages.to_string())],
        ));
    }
    ctx.emit(json, human.join("\n"));
    Ok(())
}
