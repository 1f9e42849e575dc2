//! `reintegra rebuild`: every row and conflict recomputed from the change log.

use reintegra_core::i18n::tr;
use reintegra_core::wire::ApiError;
use serde_json::json;

use crate::context::Context;

pub fn run(ctx: &Context) -> Result<(), ApiError> {
    let n = ctx.open()?.rebuild()?;
    ctx.emit(json!({"records": n}), tr(ctx.lang, "cli.rebuild.done", &[("records", &n.to_string())]));
    Ok(())
}
