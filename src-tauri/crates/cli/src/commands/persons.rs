//! `reintegra persons search`: people by name, DUI or phone, accents and case aside.

use clap::Subcommand;
use reintegra_core::i18n::{count, t};
use reintegra_core::wire::{ApiError, PersonQuery};
use reintegra_store::persons;

use crate::context::Context;

#[derive(Subcommand)]
pub enum Cmd {
    /// cli.cmd.persons_search
    Search {
        /// cli.arg.text
        #[arg(default_value = "")]
        text: String,
        /// cli.arg.limit
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

pub fn run(ctx: &Context, cmd: &Cmd) -> Result<(), ApiError> {
    let Cmd::Search { text, limit } = cmd;
    let lang = ctx.lang;
    let mut store = ctx.open()?;
    let page = persons::search(&mut store, &PersonQuery { text: text.clone(), offset: 0, limit: *limit })?;
    let human = page
        .items
        .iter()
        .map(|p| {
            format!(
                "{}\t{}\t{}\t{}",
                p.id,
                t(lang, &format!("role.{}", p.role.code())),
                p.name,
                p.dui.as_deref().unwrap_or("-")
            )
        })
        .chain(std::iter::once(count(lang, "persons.count", u64::from(page.total))))
        .collect::<Vec<_>>()
        .join("\n");
    ctx.emit(serde_json::to_value(&page).unwrap_or_default(), human);
    Ok(())
}
