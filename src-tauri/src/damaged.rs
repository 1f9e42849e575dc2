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

#[cfg(test)]
mod tests {
    use std::io::{Read, Seek, SeekFrom, Write};

    use chrono::NaiveDate;
    use reintegra_core::wire::{DeviceRole, SetupRequest};

    use super::*;

    const PASS: &str = "una frase larga";

    /// Flips bytes in the middle of the store's third page (what a bad sector leaves).
    fn damage(db: &std::path::Path) {
        let mut f = std::fs::OpenOptions::new().read(true).write(true).open(db).expect("open file");
        let mut bytes = [0u8; 16];
        f.seek(SeekFrom::Start(2 * 4096 + 1000)).expect("seek");
        f.read_exact(&mut bytes).expect("read");
        bytes.iter_mut().for_each(|b| *b ^= 0x5a);
        f.seek(SeekFrom::Start(2 * 4096 + 1000)).expect("seek");
        f.write_all(&bytes).expect("write");
    }

    #[test]
    fn a_damaged_store_is_set_aside_and_the_app_asks_for_a_new_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("reintegra.db");
        let state = AppState::new(Some(path.clone()), 0);
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        let req = SetupRequest {
            device_name: "Laptop".into(),
            passphrase: PASS.into(),
            role: DeviceRole::Field,
            ..Default::default()
        };
        state.setup(&req, today).expect("setup");
        let args = UnlockArgs { login: None, passphrase: PASS.into() };
        // Open, then intact: refused, nothing moved.
        assert_eq!(state.set_aside_damaged(&args).expect_err("open").code, "error.store_not_damaged");
        state.lock(false).expect("lock");
        assert_eq!(state.set_aside_damaged(&args).expect_err("intact").code, "error.store_not_damaged");
        assert!(path.exists());

        damage(&path);
        assert_eq!(state.unlock(None, PASS).expect_err("damaged").code, "error.store_damaged");
        let wrong = UnlockArgs { login: None, passphrase: "otra frase larga".into() };
        assert_eq!(state.set_aside_damaged(&wrong).expect_err("wrong").code, "error.wrong_passphrase");
        assert!(path.exists(), "a wrong passphrase moves nothing");

        let status = state.set_aside_damaged(&args).expect("set aside");
        assert!(!status.store_exists && !status.unlocked, "the setup follows");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
        assert!(names.iter().any(|n| n.starts_with("reintegra-dañado-") && n.ends_with(".db")), "{names:?}");
        assert!(names.iter().any(|n| n.starts_with("reintegra-dañado-") && n.ends_with(".db.keys")), "{names:?}");
    }
}
