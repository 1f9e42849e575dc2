//! `reintegra digest`: a hash of the logical data set and its open conflicts, equal on replicas that converged.

use reintegra_core::wire::ApiError;
use serde_json::json;

use crate::context::Context;

pub fn run(ctx: &Context) -> Result<(), ApiError> {
    let digest = ctx.open()?.digest()?;
    ctx.emit(json!({ "digest": digest }), digest.clone());
    Ok(())
}
