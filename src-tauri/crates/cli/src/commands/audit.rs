//! `reintegra audit list [--device D]`: the newest entries of this store's audit log, or of one another device sent.

use clap::Subcommand;
use reintegra_core::wire::ApiError;
use reintegra_store::audit;

use crate::context::Context;

#[derive(Subcommand)]
pub enum Cmd {
    /// cli.cmd.audit_list
    List {
        /// cli.arg.limit
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// cli.arg.audit_device
        #[arg(long, value_name = "DEVICE")]
        device: Option<String>,
    },
}

pub fn run(ctx: &Context, cmd: &Cmd) -> Result<(), ApiError> {
    let Cmd::List { limit, device } = cmd;
    let mut store = ctx.open()?;
    let entries = match device {
        Some(d) => audit::received(&mut store, d, *limit),
        None => audit::recent(&mut store, *limit),
    }?;
    let human = entries
        .iter()
        .map(|e| {
            let at = reintegra_core::date::format_user_time_ms(e.at);
            format!("{}\t{at}\t{}\t{}\t{}", e.seq, e.user, e.action, e.subject)
        })
        .collect::<Vec<_>>()
        .join("\n");
    ctx.emit(serde_json::to_value(&entries).unwrap_or_default(), human);
    Ok(())
}
