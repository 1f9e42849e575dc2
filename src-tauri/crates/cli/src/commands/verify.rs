//! `reintegra verify`: the store's integrity, its progress counters equal to a fresh count, its rows equal to what
//! its log says, and every audit chain whole (its own and those other devices sent).

use reintegra_core::i18n::{t, tr};
use reintegra_core::wire::ApiError;
use serde_json::json;

use crate::context::Context;

pub fn run(ctx: &Context) -> Result<(), ApiError> {
    let lang = ctx.lang;
    let mut store = ctx.open()?;
    let problems = store.integrity_problems()?;
    if !problems.is_empty() {
        return Err(ApiError::new("error.integrity").with("detail", problems.join("; ")));
    }
    if !store.aggregates_match()? {
        return Err(ApiError::new("error.aggregates_differ"));
    }
    if !store.projections_match_log()? {
        return Err(ApiError::new("error.projections_differ"));
    }
    let entries = reintegra_store::audit::verify(&mut store)?;
    // The audit logs other devices sent: each chain whole, from its first entry, without gaps.
    let received = reintegra_store::audit::verify_received(&mut store)?;
    if let Some((device, (seq, what))) = received.iter().find_map(|c| c.broken.map(|b| (&c.device, b))) {
        return Err(ApiError::new("error.audit_received_broken")
            .with("device", device.clone())
            .with("seq", seq.to_string())
            .with("detail", what));
    }
    let mut human =
        format!("{}\n{}", t(lang, "cli.verify.ok"), tr(lang, "cli.verify.audit", &[("count", &entries.to_string())]));
    for c in &received {
        human.push('\n');
        human.push_str(&tr(
            lang,
            "cli.verify.audit_received",
            &[("device", &c.device), ("count", &c.entries.to_string())],
        ));
    }
    let devices: Vec<_> = received.iter().map(|c| json!({"device": c.device, "audit_entries": c.entries})).collect();
    ctx.emit(json!({"ok": true, "audit_entries": entries, "received": devices}), human);
    Ok(())
}
