//! `reintegra assessments list [--person ID]`: every assessment visible to the user, scored, with its band, alerts
//! and change from baseline (`ASSESSMENTS.md`: `--json` prints an array of objects with at least `id`,
//! `person_id`, `instrument`, `date`, `score`, `band`, `alerts`, `change`, `improved`). The look is written to the
//! audit log (ids only).

use clap::Subcommand;
use reintegra_core::date::format_user;
use reintegra_core::i18n::t;
use reintegra_core::wire::ApiError;

use super::parse_id;
use crate::context::Context;

#[derive(Subcommand)]
pub enum Cmd {
    /// cli.cmd.assessments_list
    List {
        /// cli.arg.person
        #[arg(long, value_name = "ID")]
        person: Option<String>,
    },
}

pub fn run(ctx: &Context, cmd: &Cmd) -> Result<(), ApiError> {
    let Cmd::List { person } = cmd;
    let person = person.as_deref().map(parse_id).transpose()?;
    let mut store = ctx.open()?;
    let rows = reintegra_store::assessments::list(&mut store, person)?;
    let dash = || "-".to_owned();
    let human = rows
        .iter()
        .map(|r| {
            let improved = r.improved.map(|i| t(ctx.lang, if i { "value.yes" } else { "value.no" }));
            format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                r.person_id,
                r.instrument,
                format_user(r.date),
                r.score.map_or_else(dash, |s| s.to_string()),
                r.band,
                if r.alerts.is_empty() { dash() } else { r.alerts.join(",") },
                r.change.map_or_else(dash, |c| format!("{c:+}")),
                improved.unwrap_or_else(dash),
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    ctx.emit(serde_json::to_value(&rows).unwrap_or_default(), human);
    Ok(())
}
