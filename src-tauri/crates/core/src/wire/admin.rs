//! What the administration screens receive: devices (this one's card, the trusted ones, a card read from a file
//! before trusting it) and the users of this device. Device names, worker names, logins and fingerprints only.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A device card as a person checks it: who it says it is, and its fingerprint as words to read aloud.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceCard {
    pub device_id: Uuid,
    pub name: String,
    /// `field` or `supervisor`.
    pub role: String,
    /// The workers whose caseload the device carries (field laptops).
    pub workers: Vec<String>,
    /// The fingerprint as the command line prints it (hex groups).
    pub fingerprint: String,
    /// The fingerprint as words ([`crate::pairing::fingerprint_words`]).
    pub words: Vec<String>,
}

/// Where a trusted device stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceState {
    /// Trusted, but no bundle from it has arrived yet: the pairing completes with its first bundle.
    #[default]
    Waiting,
    Paired,
    /// Its bundles are refused.
    Revoked,
}

impl DeviceState {
    pub fn of(revoked_at_ms: Option<i64>, last_import_ms: Option<i64>) -> DeviceState {
        match (revoked_at_ms, last_import_ms) {
            (Some(_), _) => DeviceState::Revoked,
            (None, None) => DeviceState::Waiting,
            (None, Some(_)) => DeviceState::Paired,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DeviceState::Waiting => "waiting",
            DeviceState::Paired => "paired",
            DeviceState::Revoked => "revoked",
        }
    }
}

/// A trusted (or formerly trusted) device in the list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceItem {
    pub card: DeviceCard,
    pub state: DeviceState,
    pub added_at_ms: i64,
    pub revoked_at_ms: Option<i64>,
    /// Milliseconds since the epoch (UTC) of the last bundle from it, and to it.
    pub last_import_ms: Option<i64>,
    pub last_export_ms: Option<i64>,
    /// Changes of this device it has not yet confirmed holding.
    pub pending: i64,
}

/// The devices screen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevicesView {
    pub me: DeviceCard,
    /// This store is the programme's central file (it says which workers each laptop carries, and revokes).
    pub central: bool,
    /// Where the card is saved by default: the sync folder, when one was chosen.
    pub folder: Option<String>,
    /// The card's default file name (`tarjeta-<device>.json`).
    pub card_file_name: String,
    pub devices: Vec<DeviceItem>,
}

/// A card read from a file, checked, not yet trusted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardPreview {
    pub card: DeviceCard,
    /// Already trusted with the same keys: adding it again refreshes its name and workers.
    pub known: bool,
}

/// A user of this device.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserItem {
    pub login: String,
    pub name: Option<String>,
    /// `field`, `supervisor` or `admin`.
    pub role: String,
    pub worker: Option<String>,
    pub created_ms: i64,
    pub disabled_ms: Option<i64>,
    /// The user who is unlocked now.
    pub me: bool,
}

/// The users screen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersView {
    pub users: Vec<UserItem>,
    pub idle_lock_minutes: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_states() {
        let cases: &[(&str, Option<i64>, Option<i64>, DeviceState)] = &[
            ("added, nothing received yet", None, None, DeviceState::Waiting),
            ("a bundle received from it", None, Some(5), DeviceState::Paired),
            ("revoked before pairing", Some(9), None, DeviceState::Revoked),
            ("revoked after pairing", Some(9), Some(5), DeviceState::Revoked),
        ];
        for (name, revoked, import, expected) in cases {
            assert_eq!(DeviceState::of(*revoked, *import), *expected, "{name}");
        }
    }
}
