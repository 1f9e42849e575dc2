//! The bundle reader on any bytes: its header read without keys (`peek`, what the sync folder does to every file it
//! finds) and the full open (signature, decryption, changes) as a recipient. Must refuse, never panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use reintegra_bundle::{Keys, PublicKeys};
use uuid::Uuid;

struct Pair {
    me: Keys,
    my_id: Uuid,
    sender: PublicKeys,
}

fn pair() -> &'static Pair {
    static PAIR: OnceLock<Pair> = OnceLock::new();
    PAIR.get_or_init(|| {
        let sender = Keys::generate().expect("keys");
        let my_id = Uuid::now_v7();
        let sender = sender.public(Uuid::now_v7(), "Central", "supervisor", Vec::new());
        Pair { me: Keys::generate().expect("keys"), my_id, sender }
    })
}

fuzz_target!(|data: &[u8]| {
    let _ = reintegra_bundle::peek(data);
    let p = pair();
    let _ = reintegra_bundle::open_full(data, &p.sender, &p.me, p.my_id);
});
