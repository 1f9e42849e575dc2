//! The supervisor's desk: indicators against the targets and the conflict inbox.

use reintegra_core::hlc::Hlc;
use reintegra_core::wire::ApiError;
use reintegra_core::wire::desk::{ConflictItem, ConflictSide, DeskReport, ReportBy};
use reintegra_store::indicators::{By, indicators};
use reintegra_store::sync::{self, Keep};
use serde_json::Value;

use crate::state::AppState;

/// Shares outside this range make no sense as a definition of "trained".
const SHARE_RANGE: std::ops::RangeInclusive<u32> = 1..=100;

/// A value as a person reads it: text as is, objects as `field: value` pairs.
fn show(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => Some(
            map.iter()
                .filter(|(k, _)| !k.starts_with('_'))
                .map(|(k, v)| format!("{k}: {}", show(v).unwrap_or_default()))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        other => Some(other.to_string()),
    }
}

impl AppState {
    pub fn desk_report(&self, by: ReportBy, share: u32) -> Result<DeskReport, ApiError> {
        if !SHARE_RANGE.contains(&share) {
            return Err(ApiError::new("error.share_range"));
        }
        let by = By::from(by);
        self.with_store(|s| -> reintegra_store::Result<_> {
            let r = indicators(s, by, share)?;
            Ok(DeskReport { trained_share_percent: r.trained_share_percent, total: r.total, groups: r.groups })
        })
    }

    pub fn conflict_inbox(&self) -> Result<Vec<ConflictItem>, ApiError> {
        self.with_store(|s| -> reintegra_store::Result<_> {
            let me = s.device().clone();
            let devices = sync::devices(s)?;
            let name = |id: &str| {
                if id == me.id.to_string() {
                    return me.name.clone();
                }
                devices.iter().find(|d| d.device_id.to_string() == id).map(|d| d.name.clone()).unwrap_or(id.to_owned())
            };
            let open = sync::conflicts(s)?;
            Ok(open
                .into_iter()
                .map(|c| {
                    let sides = c
                        .candidates
                        .iter()
                        .map(|v| {
                            let text = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
                            let keep =
                                if c.disputed.starts_with("month:") { text("record_id") } else { text("change_id") };
                            ConflictSide {
                                keep,
                                device: name(&text("device_id")),
                                time_ms: Hlc(v.get("hlc").and_then(Value::as_i64).unwrap_or_default()).wall_ms(),
                                value: v.get("value").and_then(show),
                            }
                        })
                        .collect();
                    ConflictItem { id: c.id, kind: c.kind, record_id: c.record_id, disputed: c.disputed, sides }
                })
                .collect())
        })
    }

    /// Keeps one side (`keep`, as the inbox gave it) or a new value written by the person.
    pub fn resolve_conflict(&self, id: &str, keep: Option<String>, value: Option<String>) -> Result<(), ApiError> {
        let keep = match (keep, value) {
            (Some(side), _) => Keep::Side(side),
            (None, Some(v)) if !v.trim().is_empty() => {
                Keep::Value(serde_json::from_str(v.trim()).unwrap_or_else(|_| Value::String(v.trim().to_owned())))
            }
            _ => return Err(ApiError::new("error.required")),
        };
        self.with_store(|s| sync::resolve(s, id, &keep).map(|_| ()))
    }
}
