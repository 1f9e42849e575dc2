//! The sync screen's state as a reducer: the overview read from the shell, the folder being typed and whether it
//! was saved, a run on demand with its progress and error. Plain Rust, tested natively.

use std::rc::Rc;

use reintegra_core::wire::ApiError;
use reintegra_core::wire::sync::{SyncOverview, SyncProgress};
use yew::Reducible;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncState {
    pub overview: Option<Result<SyncOverview, ApiError>>,
    /// The folder in the box.
    pub folder: String,
    pub folder_error: Option<ApiError>,
    /// The folder in the box was just saved.
    pub saved: bool,
    /// A run asked for here is on its way.
    pub running: bool,
    pub progress: Option<SyncProgress>,
    pub run_error: Option<ApiError>,
}

pub enum SyncAction {
    /// The overview as the screen opens: the folder box starts with the remembered folder.
    Opened(Result<SyncOverview, ApiError>),
    /// The overview read again (after a run): any progress is over.
    Reloaded(Result<SyncOverview, ApiError>),
    Progress(SyncProgress),
    Folder(String),
    FolderSaved(Result<SyncOverview, ApiError>),
    Started,
    Finished(Result<(), ApiError>),
}

impl SyncState {
    /// Whether a run is going on (asked for here, by the shell on its own, or still reporting progress).
    pub fn busy(&self) -> bool {
        let shell = matches!(&self.overview, Some(Ok(o)) if o.running);
        self.running || shell || self.progress.is_some_and(|p| p.total > 0 && p.done < p.total)
    }
}

impl Reducible for SyncState {
    type Action = SyncAction;

    fn reduce(self: Rc<Self>, action: SyncAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            SyncAction::Opened(o) => {
                if let Ok(o) = &o {
                    next.folder = o.folder.clone().unwrap_or_default();
                }
                next.overview = Some(o);
            }
            SyncAction::Reloaded(o) => {
                next.progress = None;
                next.overview = Some(o);
            }
            SyncAction::Progress(p) => next.progress = Some(p),
            SyncAction::Folder(f) => {
                next.folder = f;
                next.saved = false;
            }
            SyncAction::FolderSaved(Ok(o)) => {
                next.folder_error = None;
                next.saved = true;
                next.overview = Some(Ok(o));
            }
            SyncAction::FolderSaved(Err(e)) => {
                next.saved = false;
                next.folder_error = Some(e);
            }
            SyncAction::Started => {
                next.running = true;
                next.run_error = None;
                next.progress = Some(SyncProgress::default());
            }
            SyncAction::Finished(r) => {
                next.running = false;
                next.run_error = r.err();
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(actions: Vec<SyncAction>) -> SyncState {
        let mut state = Rc::new(SyncState::default());
        for a in actions {
            state = state.reduce(a);
        }
        (*state).clone()
    }

    fn overview(folder: &str) -> Result<SyncOverview, ApiError> {
        Ok(SyncOverview { folder: Some(folder.into()), ..SyncOverview::default() })
    }

    #[test]
    fn the_folder_box_starts_with_the_remembered_folder_and_says_when_saved() {
        let state = run(vec![SyncAction::Opened(overview("/media/usb"))]);
        assert_eq!(state.folder, "/media/usb");
        let state = run(vec![SyncAction::Folder("/mnt/x".into()), SyncAction::FolderSaved(overview("/mnt/x"))]);
        assert!(state.saved && state.folder_error.is_none());
        let state =
            run(vec![SyncAction::FolderSaved(Err(ApiError::new("error.folder"))), SyncAction::Folder("/y".into())]);
        assert!(!state.saved && state.folder_error.is_some());
    }

    #[test]
    fn a_run_is_busy_until_its_overview_is_read_again() {
        let state = run(vec![SyncAction::Opened(overview("/f")), SyncAction::Started]);
        assert!(state.busy());
        let state = run(vec![
            SyncAction::Opened(overview("/f")),
            SyncAction::Started,
            SyncAction::Progress(SyncProgress { done: 1, total: 3 }),
            SyncAction::Finished(Ok(())),
        ]);
        assert!(state.busy(), "progress still short of the total");
        let state = run(vec![SyncAction::Started, SyncAction::Finished(Ok(())), SyncAction::Reloaded(overview("/f"))]);
        assert!(!state.busy() && state.progress.is_none());
    }

    #[test]
    fn a_failed_run_says_why_until_the_next_one_starts() {
        let state = run(vec![SyncAction::Started, SyncAction::Finished(Err(ApiError::new("error.sync")))]);
        assert_eq!(state.run_error.as_ref().map(|e| e.code.as_str()), Some("error.sync"));
        assert_eq!(run(vec![SyncAction::Finished(Err(ApiError::new("x"))), SyncAction::Started]).run_error, None);
    }
}
