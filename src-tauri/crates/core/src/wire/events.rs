//! The names of the events the shell emits to the interface, declared once: the shell's `emit` and the interface's
//! `listen` use these constants, so a renamed event cannot leave one side listening for nothing.

/// The window was asked to close while a form holds unsaved input: the interface saves the draft and asks. No
/// payload.
pub const CLOSE_REQUESTED: &str = "close-requested";

/// The shell locked the store by itself (no input reported past the idle limit). No payload.
pub const LOCKED: &str = "locked";

/// A sync moved on, with a [`super::sync::SyncProgress`].
pub const SYNC_PROGRESS: &str = "sync:progress";

/// A sync ended (manual or automatic, done or failed), with the time it ended in milliseconds since the epoch.
pub const SYNC_DONE: &str = "sync:done";
