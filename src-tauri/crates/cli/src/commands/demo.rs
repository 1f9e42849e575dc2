//! `reintegra demo`: a realistic synthetic programme, the same for the same seed.

use clap::Args;
use reintegra_core::i18n::tr;
use reintegra_core::wire::ApiError;
use serde_json::json;

use crate::context::Context;

#[derive(Args)]
pub struct Cmd {
    /// cli.arg.participants
    #[arg(long, default_value_t = 300)]
    participants: usize,
    /// cli.arg.seed
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// cli.arg.months
    #[arg(long, default_value_t = 12)]
    months: u32,
}

pub fn run(ctx: &Context, args: &Cmd) -> Result<(), ApiError> {
    let mut store = ctx.open()?;
    let options = reintegra_demo::Options {
        participants: args.participants,
        seed: args.seed,
        months: args.months,
        ..Default::default()
    };
    let sum = reintegra_demo::generate(&mut store, options, ctx.today)?;
    ctx.emit(
        json!({"participants": sum.participants, "relatives": sum.relatives, "records": sum.records}),
        tr(
            ctx.lang,
            "cli.demo.done",
            &[
                ("participants", &sum.participants.to_string()),
                ("relatives", &sum.relatives.to_string()),
                ("records", &sum.records.to_string()),
            ],
        ),
    );
    Ok(())
}
