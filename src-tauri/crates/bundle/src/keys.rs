//! A device's keys: Ed25519 to sign what it sends, X25519 (age) to receive what is sent to it. The secret half
//! lives only inside the device's encrypted store; the public half is what another store registers to trust it.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use rand::TryRngCore;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use zeroize::{Zeroize, Zeroizing};

use crate::{Error, Result};

pub struct Keys {
    signing: SigningKey,
    identity: age::x25519::Identity,
}

impl Keys {
    /// Fresh keys from the operating system's random source.
    pub fn generate() -> Result<Keys> {
        let mut seed = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng.try_fill_bytes(seed.as_mut()).map_err(|_| Error::Key("no random source"))?;
        Ok(Keys { signing: SigningKey::from_bytes(&seed), identity: age::x25519::Identity::generate() })
    }

    /// The secret keys as one line of text, for the encrypted store only.
    pub fn to_secret(&self) -> Zeroizing<String> {
        use age::secrecy::ExposeSecret;
        let mut signing = hex::encode(self.signing.to_bytes());
        let line = Zeroizing::new(format!("ed25519:{signing} {}", self.identity.to_string().expose_secret()));
        signing.zeroize();
        line
    }

    pub fn from_secret(line: &str) -> Result<Keys> {
        let (signing, identity) = line.split_once(' ').ok_or(Error::Key("secret keys"))?;
        let signing = signing.strip_prefix("ed25519:").ok_or(Error::Key("signing key"))?;
        let mut bytes = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(signing, bytes.as_mut()).map_err(|_| Error::Key("signing key"))?;
        let identity = identity.parse().map_err(|_| Error::Key("encryption key"))?;
        Ok(Keys { signing: SigningKey::from_bytes(&bytes), identity })
    }

    /// What another device needs to trust this one.
    pub fn public(&self, device_id: Uuid, name: &str, role: &str, workers: Vec<String>) -> PublicKeys {
        PublicKeys {
            device_id,
            name: name.to_owned(),
            role: role.to_owned(),
            signing_key: hex::encode(self.signing.verifying_key().to_bytes()),
            encryption_key: self.identity.to_public().to_string(),
            workers,
        }
    }

    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }

    pub(crate) fn identity(&self) -> &age::x25519::Identity {
        &self.identity
    }
}

/// The public keys of a device, as `reintegra keys public --json` prints them and `reintegra devices add` reads
/// them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicKeys {
    pub device_id: Uuid,
    pub name: String,
    /// `field` or `supervisor`.
    pub role: String,
    /// Ed25519, 32 bytes in hex.
    pub signing_key: String,
    /// age X25519 recipient (`age1…`).
    pub encryption_key: String,
    /// The workers whose caseload this device carries (field devices).
    #[serde(default)]
    pub workers: Vec<String>,
}

impl PublicKeys {
    /// Checks that every key parses and the role is known.
    pub fn check(&self) -> Result<()> {
        self.verifying_key()?;
        self.recipient()?;
        if !["field", "supervisor"].contains(&self.role.as_str()) {
            return Err(Error::Key("role"));
        }
        if self.name.trim().is_empty() || self.name.chars().count() > 120 {
            return Err(Error::Key("name"));
        }
        Ok(())
    }

    /// A short fingerprint people can read aloud to compare keys over the phone.
    pub fn fingerprint(&self) -> String {
        let hash = hex::encode(self.fingerprint_bytes());
        let h = hash.as_str();
        format!("{}-{}-{}-{}", &h[0..4], &h[4..8], &h[8..12], &h[12..16])
    }

    /// The hash the fingerprint shows the start of (BLAKE3 of the signing key as written in the card).
    pub fn fingerprint_bytes(&self) -> [u8; 32] {
        *blake3::hash(self.signing_key.as_bytes()).as_bytes()
    }

    /// The fingerprint as words to read aloud ([`reintegra_core::pairing::fingerprint_words`]).
    pub fn fingerprint_words(&self) -> Vec<String> {
        reintegra_core::pairing::fingerprint_words(&self.fingerprint_bytes())
    }

    fn verifying_key(&self) -> Result<VerifyingKey> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(&self.signing_key, &mut bytes).map_err(|_| Error::Key("signing key"))?;
        VerifyingKey::from_bytes(&bytes).map_err(|_| Error::Key("signing key"))
    }

    pub(crate) fn recipient(&self) -> Result<age::x25519::Recipient> {
        self.encryption_key.parse().map_err(|_| Error::Key("encryption key"))
    }

    pub(crate) fn verify(&self, message: &[u8], signature: &[u8]) -> Result<()> {
        let signature: [u8; 64] = signature.try_into().map_err(|_| Error::Signature)?;
        self.verifying_key()?.verify_strict(message, &Signature::from_bytes(&signature)).map_err(|_| Error::Signature)
    }
}
