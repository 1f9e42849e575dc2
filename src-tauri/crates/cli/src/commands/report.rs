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
    let Cmd::Indicators { by, trained_share } = cmd;
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
