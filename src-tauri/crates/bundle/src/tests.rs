use proptest::prelude::*;
use reintegra_core::merge::Op;
use reintegra_core::records::Kind;
use serde_json::json;

use super::*;

struct Device {
    id: Uuid,
    keys: Keys,
}

impl Device {
    fn new(n: u128) -> Device {
        Device { id: Uuid::from_u128(n), keys: Keys::generate().expect("keys") }
    }
    fn public(&self) -> PublicKeys {
        self.keys.public(self.id, "Laptop", "field", vec![])
    }
}

fn changes(n: usize) -> Vec<Change> {
    (0..n)
        .map(|i| Change {
            change_id: Uuid::from_u128(1000 + i as u128),
            kind: Kind::Referral,
            record_id: Uuid::from_u128(7),
            base: vec![],
            hlc: 10 + i as i64,
            device_id: Uuid::from_u128(1),
            user_id: "local".into(),
            op: Op::Upsert,
            fields: json!({"status": "referred", "outcome": "Atención en la unidad de salud"})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        })
        .collect()
}

fn header(sender: &Device, to: &[&Device], n: usize) -> Header {
    Header {
        bundle_id: Uuid::from_u128(55),
        sender: sender.id,
        recipients: to.iter().map(|d| d.id).collect(),
        schema: 5,
        created_ms: 1,
        from_seq: 0,
        to_seq: n as i64,
        acks: BTreeMap::new(),
        changes: n as u64,
        hlc_max: 10 + n as i64,
    }
}

fn sealed(sender: &Device, to: &[&Device], n: usize) -> Vec<u8> {
    let publics: Vec<PublicKeys> = to.iter().map(|d| d.public()).collect();
    seal(&header(sender, to, n), &changes(n), &sender.keys, &publics).expect("seal")
}

#[test]
fn round_trip_to_each_recipient() {
    let (a, b, c) = (Device::new(1), Device::new(2), Device::new(3));
    let bytes = sealed(&a, &[&b, &c], 3);
    for me in [&b, &c] {
        let (h, got) = open(&bytes, &a.public(), &me.keys, me.id).expect("open");
        assert_eq!(h, header(&a, &[&b, &c], 3));
        assert_eq!(got, changes(3));
    }
    assert_eq!(peek(&bytes).expect("peek").sender, a.id);
}

#[test]
fn nothing_personal_in_clear() {
    let (a, b) = (Device::new(1), Device::new(2));
    let bytes = sealed(&a, &[&b], 2);
    let needle = "unidad de salud".as_bytes();
    assert!(!bytes.windows(needle.len()).any(|w| w == needle));
}

#[test]
fn secret_keys_round_trip() {
    let a = Device::new(1);
    let again = Keys::from_secret(&a.keys.to_secret()).expect("parse");
    assert_eq!(again.public(a.id, "Laptop", "field", vec![]), a.public());
    assert!(Keys::from_secret("ed25519:zz AGE-SECRET-KEY-1").is_err());
    assert!(a.public().check().is_ok());
    let mut bad = a.public();
    bad.signing_key.replace_range(0..2, "zz");
    assert_eq!(bad.check(), Err(Error::Key("signing key")));
}

#[test]
fn refusals() {
    let (a, b, c) = (Device::new(1), Device::new(2), Device::new(3));
    let good = sealed(&a, &[&b], 2);
    let open_as_b = |bytes: &[u8]| open(bytes, &a.public(), &b.keys, b.id).map(|_| ());

    let truncated = &good[..good.len() - 10];
    let mut wrong_magic = good.clone();
    wrong_magic[0] = b'X';
    let mut future = good.clone();
    future[16] = 9;
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 1;
    let mut appended = good.clone();
    appended.push(0);
    let mut header_edit = good.clone();
    let pos = header_edit.windows(4).position(|w| w == b"\"sch").expect("schema in header");
    header_edit[pos + 9] = b'4';

    let cases: Vec<(&str, Vec<u8>, Error)> = vec![
        ("empty file", vec![], Error::Truncated),
        ("cut inside the magic", good[..5].to_vec(), Error::Truncated),
        ("truncated", truncated.to_vec(), Error::Truncated),
        ("wrong magic", wrong_magic, Error::Magic),
        ("newer format", future, Error::Version(9)),
        ("a flipped bit in the payload", flipped, Error::Signature),
        ("bytes appended", appended, Error::Signature),
        ("header edited", header_edit, Error::Signature),
    ];
    for (name, bytes, want) in cases {
        assert_eq!(open_as_b(&bytes), Err(want), "{name}");
    }

    // Signed by someone else than the sender it names.
    let forged = sealed(&c, &[&b], 2);
    assert_eq!(open(&forged, &a.public(), &b.keys, b.id).map(|_| ()), Err(Error::Signature), "another sender");
    // A valid bundle for another device.
    assert_eq!(open(&good, &a.public(), &c.keys, c.id).map(|_| ()), Err(Error::NotForThisDevice), "not for us");
    // Listed as recipient in the header but not in the encryption: the header is signed, so only the sender can
    // do that; still refused.
    let mut h = header(&a, &[&b, &c], 1);
    h.changes = 1;
    let only_b = seal(&h, &changes(1), &a.keys, &[b.public()]).expect("seal");
    assert_eq!(open(&only_b, &a.public(), &c.keys, c.id).map(|_| ()), Err(Error::Decrypt), "not encrypted to us");
    // Header and payload disagree on the count.
    let mut h = header(&a, &[&b], 2);
    h.changes = 3;
    let miscounted = seal(&h, &changes(2), &a.keys, &[b.public()]).expect("seal");
    assert_eq!(open_as_b(&miscounted), Err(Error::Count), "count");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Any damage to a bundle is refused with an error, never a panic, never a partial result.
    #[test]
    fn mutated_bundles_are_refused(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let (a, b) = (Device::new(1), Device::new(2));
        let good = sealed(&a, &[&b], 3);
        let mut bytes = good.clone();
        for (at, value) in edits {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        let result = open(&bytes, &a.public(), &b.keys, b.id);
        if bytes == good {
            prop_assert!(result.is_ok());
        } else {
            prop_assert!(result.is_err());
        }
    }

    /// Random bytes, or random bytes behind the magic, are refused without a panic.
    #[test]
    fn garbage_is_refused(tail in proptest::collection::vec(any::<u8>(), 0..300), with_magic in any::<bool>()) {
        let (a, b) = (Device::new(1), Device::new(2));
        let mut bytes = if with_magic { MAGIC.to_vec() } else { Vec::new() };
        bytes.extend(tail);
        prop_assert!(open(&bytes, &a.public(), &b.keys, b.id).is_err());
        let _ = peek(&bytes);
    }
}

#[test]
fn extras_travel_encrypted_beside_the_changes() {
    let (a, b) = (Device::new(1), Device::new(2));
    let extras = Extras {
        audit: vec![AuditEntry {
            seq: 1,
            at: 5,
            device: a.id.to_string(),
            user: "local".into(),
            action: "view_person".into(),
            subject: "person:0192a000-0000-7000-8000-00000000abcd".into(),
            prev_hash: "0".repeat(64),
            hash: "1".repeat(64),
        }],
        audit_acks: BTreeMap::from([(b.id, 4)]),
        released: BTreeMap::from([(Uuid::from_u128(9), 17)]),
    };
    let bytes = seal_with(&header(&a, &[&b], 2), &changes(2), &extras, &a.keys, &[b.public()]).expect("seal");
    assert_eq!(u16::from_le_bytes([bytes[16], bytes[17]]), FORMAT);
    let opened = open_full(&bytes, &a.public(), &b.keys, b.id).expect("open");
    assert_eq!((opened.extras, opened.changes), (extras, changes(2)));
    let needle = b"view_person";
    assert!(!bytes.windows(needle.len()).any(|w| w == needle), "the audit entries are encrypted");
}

/// A bundle written by a version before extras (format 1: the changes only) is still read.
#[test]
fn a_format_1_bundle_is_still_read() {
    let (a, b) = (Device::new(1), Device::new(2));
    let h = header(&a, &[&b], 2);
    let mut plain = Vec::new();
    for c in changes(2) {
        serde_json::to_writer(&mut plain, &c).expect("json");
        plain.push(b'\n');
    }
    let recipient = b.public().recipient().expect("recipient");
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient)).expect("encryptor");
    let mut payload = Vec::new();
    let mut w = encryptor.wrap_output(&mut payload).expect("wrap");
    w.write_all(&plain).expect("write");
    w.finish().expect("finish");
    let header_json = serde_json::to_vec(&h).expect("header");
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&(header_json.len() as u32).to_le_bytes());
    out.extend_from_slice(&header_json);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&payload);
    let signature = a.keys.sign(&signed_message(&out));
    out.extend_from_slice(&signature);
    let opened = open_full(&out, &a.public(), &b.keys, b.id).expect("a format 1 bundle opens");
    assert_eq!((opened.header, opened.changes, opened.extras), (h, changes(2), Extras::default()));
}
