//! What the sync screen receives from the shell: an overview, the report of a run, and the progress event's payload
//! (the events' names are in [`super::events`]). Nothing here is personal data: device names, bundle file names,
//! counts and times.

use serde::{Deserialize, Serialize};

use super::ApiError;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SyncOverview {
    /// The remembered sync folder, if one was chosen.
    pub folder: Option<String>,
    /// The folder exists now and is a directory.
    pub reachable: bool,
    /// A sync is running at this moment.
    pub running: bool,
    pub devices: Vec<SyncDevice>,
    /// Open conflicts, waiting for a supervisor.
    pub conflicts: usize,
    /// The last run that had something to tell (a manual run always has).
    pub last: Option<SyncRun>,
    /// Why the last attempt failed, if it did.
    pub last_error: Option<ApiError>,
}

/// A trusted device and when bundles last went between it and this one (milliseconds since the epoch, UTC).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SyncDevice {
    pub name: String,
    pub role: String,
    pub last_import_ms: Option<i64>,
    pub last_export_ms: Option<i64>,
    /// Changes of this device the other one has not yet confirmed holding.
    pub unacknowledged: i64,
    /// On a supervisor's store: whether this field laptop has sent nothing for too long (None elsewhere).
    #[serde(default)]
    pub overdue: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SyncRun {
    pub finished_ms: i64,
    pub automatic: bool,
    pub received: Vec<ReceivedBundle>,
    pub refused: Vec<RefusedBundle>,
    pub written: Vec<WrittenBundle>,
    /// Bundles left for the next round (still being copied, held open by another program), with the reason: the
    /// same shape as a refusal, but nothing is wrong with them.
    #[serde(default)]
    pub pending: Vec<RefusedBundle>,
}

impl SyncRun {
    pub fn is_empty(&self) -> bool {
        self.received.is_empty() && self.refused.is_empty() && self.written.is_empty() && self.pending.is_empty()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReceivedBundle {
    pub file: String,
    pub sender: String,
    pub changes: usize,
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub conflicts: usize,
    pub replayed: bool,
    pub clock_ahead: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RefusedBundle {
    pub file: String,
    /// The reason, as a translation key.
    pub reason: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WrittenBundle {
    pub file: String,
    pub recipients: Vec<String>,
    pub changes: usize,
}

/// The payload of [`super::events::SYNC_PROGRESS`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncProgress {
    pub done: u64,
    pub total: u64,
}
