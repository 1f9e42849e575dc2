//! A store found damaged at unlock, set aside from the unlock screen (#18): the store moves the file to a dated name
//! beside it ([`reintegra_store::damaged::set_aside`]); the interface then shows the first-run setup.

use reintegra_core::wire::args::UnlockArgs;
use reintegra_core::wire::{ApiError, AppStatus};

use crate::state::AppState;

impl AppState {
    /// Sets the damaged store aside with the login and passphrase that just failed to open it for damage; an intact
    /// store or a wrong passphrase is refused and nothing moves. Answers the status: no store, so the setup follows.
    pub fn set_aside_damaged(&self, args: &UnlockArgs) -> Result<AppStatus, ApiError> {
        let login = args.login.as_deref().map(str::trim).filter(|l| !l.is_empty());
        {
            let guard = self.guard()?;
            // The button is only on the locked screen; an open store is never moved from under the app.
            if guard.is_some() {
                return Err(ApiError::new("error.store_not_damaged"));
            }
            reintegra_store::damaged::set_aside(
                self.path()?,
                login,
                &args.passphrase,
                chrono::Local::now().naive_local(),
            )?;
        }
        self.status()
    }
}
