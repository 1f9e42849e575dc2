//! Property tests of sync over random histories of several devices, with real stores and real bundles: any import
//! order, duplicates and relays converge to the same digest and the same conflicts; a re-import changes nothing;
//! every change reaches everyone; the incremental state equals the rebuild from the log; conflicts are reported
//! exactly when concurrent changes set a field to different values (checked against a simple oracle).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use proptest::prelude::*;
use reintegra_core::records::Kind;
use reintegra_core::wire::DeviceRole;
use reintegra_store::records;
use reintegra_store::sync::{self, ImportReport};
use reintegra_store::testing::{Folder, fields, today};
use reintegra_store::{Error, Store};
use serde_json::{Map, Value, json};
use uuid::Uuid;

const DEVICES: usize = 3;
const RECORDS: usize = 3;

#[derive(Clone, Debug)]
enum Step {
    /// Device edits a record's status (from a few values, so devices often agree).
    Status(usize, usize, u8),
    /// Device edits a record's outcome text.
    Outcome(usize, usize, u8),
    Delete(usize, usize),
    /// Device a sends what it has to device b.
    Send(usize, usize),
    /// Device a writes a snapshot bundle for the late observer.
    Snapshot(usize),
    /// Device settles its first open conflict by keeping one side.
    Resolve(usize, bool),
}

fn step() -> impl Strategy<Value = Step> {
    let d = 0..DEVICES;
    let r = 0..RECORDS;
    prop_oneof![
        4 => (d.clone(), r.clone(), 0u8..3).prop_map(|(d, r, v)| Step::Status(d, r, v)),
        3 => (d.clone(), r.clone(), 0u8..3).prop_map(|(d, r, v)| Step::Outcome(d, r, v)),
        1 => (d.clone(), r).prop_map(|(d, r)| Step::Delete(d, r)),
        4 => (d.clone(), d.clone()).prop_filter("two devices", |(a, b)| a != b).prop_map(|(a, b)| Step::Send(a, b)),
        1 => d.clone().prop_map(Step::Snapshot),
        1 => (d, any::<bool>()).prop_map(|(d, first)| Step::Resolve(d, first)),
    ]
}

struct World {
    folder: Folder,
    stores: Vec<Store>,
    observer: Store,
    /// Every bundle each device received, to re-import later.
    received: Vec<Vec<PathBuf>>,
    snapshots: Vec<PathBuf>,
    records: Vec<Uuid>,
}

impl World {
    fn new() -> World {
        let mut folder = Folder::new();
        let mut stores: Vec<Store> =
            (0..DEVICES).map(|i| folder.store(&format!("Coordinación {i}"), DeviceRole::Supervisor)).collect();
        let mut observer = folder.store("Observador", DeviceRole::Supervisor);
        let keys: Vec<_> = stores.iter_mut().map(|s| sync::public_keys(s).expect("keys")).collect();
        let observer_keys = sync::public_keys(&mut observer).expect("keys");
        for (i, s) in stores.iter_mut().enumerate() {
            for (j, k) in keys.iter().enumerate() {
                if i != j {
                    sync::add_device(s, k).expect("trust");
                }
            }
            sync::add_device(s, &observer_keys).expect("trust observer");
            sync::add_device(&mut observer, &keys[i]).expect("observer trusts");
        }
        let mut w = World {
            folder,
            stores,
            observer,
            received: vec![Vec::new(); DEVICES],
            snapshots: Vec::new(),
            records: Vec::new(),
        };
        // Device 0 creates a participant and the referrals everyone then edits; all devices start from them.
        let person = w.stores[0]
            .with_tx(|t| {
                records::upsert(
                    t,
                    Kind::Person,
                    None,
                    &fields(json!({"role": "participant", "given_names": "Ana", "first_surname": "López",
                        "birth_date": "1990-01-01", "municipality": "San Salvador Centro"})),
                    today(),
                )
            })
            .expect("person")
            .0;
        for i in 0..RECORDS {
            let id = w.stores[0]
                .with_tx(|t| {
                    records::upsert(
                        t,
                        Kind::Referral,
                        None,
                        &fields(json!({"person_id": person, "service": "health", "organisation": format!("Org {i}"),
                            "date": "2026-01-05", "status": "referred"})),
                        today(),
                    )
                })
                .expect("referral")
                .0;
            w.records.push(id);
        }
        for b in 1..DEVICES {
            w.send(0, b);
        }
        w
    }

    fn send(&mut self, a: usize, b: usize) -> ImportReport {
        let out = self.folder.file();
        let to = self.stores[b].device().id.to_string();
        sync::export(&mut self.stores[a], &[to], &out).expect("export");
        let bytes = std::fs::read(&out).expect("read");
        let report = sync::import(&mut self.stores[b], &bytes, &mut |_, _| {}).expect("import");
        self.received[b].push(out);
        report
    }

    fn apply(&mut self, step: &Step) {
        let edit = |s: &mut Store, id: Uuid, f: Value| match s
            .with_tx(|t| records::upsert(t, Kind::Referral, Some(id), &fields(f), today()))
        {
            Ok(_) | Err(Error::Deleted) => {}
            Err(e) => panic!("edit: {e}"),
        };
        match *step {
            Step::Status(d, r, v) => {
                let status = ["accepted", "attended", "closed"][v as usize];
                edit(&mut self.stores[d], self.records[r], json!({ "status": status }));
            }
            Step::Outcome(d, r, v) => {
                edit(&mut self.stores[d], self.records[r], json!({ "outcome": format!("Resultado {v}") }));
            }
            Step::Delete(d, r) => {
                self.stores[d].with_tx(|t| records::delete(t, Kind::Referral, self.records[r])).expect("delete");
            }
            Step::Send(a, b) => {
                self.send(a, b);
            }
            Step::Resolve(d, first) => {
                let Some(c) = sync::conflicts(&mut self.stores[d]).expect("conflicts").into_iter().next() else {
                    return;
                };
                let side = if first { c.candidates.first() } else { c.candidates.last() };
                let id = side.and_then(|s| s["change_id"].as_str()).expect("a side").to_owned();
                sync::resolve(&mut self.stores[d], &c.id, &sync::Keep::Side(id)).expect("resolve");
            }
            Step::Snapshot(a) => {
                let out = self.folder.file();
                sync::export(&mut self.stores[a], &["Observador".into()], &out).expect("snapshot");
                self.snapshots.push(out);
            }
        }
    }

    fn change_ids(s: &mut Store) -> BTreeSet<String> {
        s.read(|tx| {
            let mut stmt = tx.prepare("SELECT change_id FROM changes")?;
            let ids = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<_, _>>()?;
            Ok(ids)
        })
        .expect("ids")
    }
}

/// The oracle: for each record and field, the writers no other writer of that field was built on (found by
/// walking base links backwards, not by the merge's bit sets); a conflict iff they hold different values. And a
/// delete among the heads beside an edit.
/// A logged change as the oracle reads it: id, base, operation, fields.
type Logged = (String, Vec<String>, String, Map<String, Value>);

fn oracle(s: &mut Store) -> BTreeSet<(String, String)> {
    let rows: Vec<(String, String, String, String, String)> = s
        .read(|tx| {
            let mut stmt =
                tx.prepare("SELECT change_id, record_id, base, op, fields FROM changes WHERE kind = 'referral'")?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        })
        .expect("changes");
    let mut by_record: BTreeMap<String, Vec<Logged>> = BTreeMap::new();
    for (id, record, base, op, f) in rows {
        let base: Vec<String> = serde_json::from_str(&base).expect("base");
        let f: Map<String, Value> = serde_json::from_str(&f).expect("fields");
        by_record.entry(record).or_default().push((id, base, op, f));
    }
    let mut out = BTreeSet::new();
    for (record, changes) in by_record {
        let bases: HashMap<&str, &Vec<String>> = changes.iter().map(|c| (c.0.as_str(), &c.1)).collect();
        let ancestors = |id: &str| -> BTreeSet<String> {
            let mut seen = BTreeSet::new();
            let mut todo: Vec<String> = bases.get(id).map(|b| b.to_vec()).unwrap_or_default();
            while let Some(x) = todo.pop() {
                if seen.insert(x.clone()) {
                    todo.extend(bases.get(x.as_str()).map(|b| b.to_vec()).unwrap_or_default());
                }
            }
            seen
        };
        let anc: HashMap<&str, BTreeSet<String>> = changes.iter().map(|c| (c.0.as_str(), ancestors(&c.0))).collect();
        let fields: BTreeSet<&String> = changes.iter().flat_map(|c| c.3.keys()).collect();
        for field in fields {
            let writers: Vec<&Logged> = changes.iter().filter(|c| c.2 == "upsert" && c.3.contains_key(field)).collect();
            let top: Vec<_> =
                writers.iter().filter(|w| !writers.iter().any(|o| anc[o.0.as_str()].contains(&w.0))).collect();
            let values: BTreeSet<String> = top.iter().map(|w| w.3[field.as_str()].to_string()).collect();
            if values.len() > 1 {
                out.insert((record.clone(), field.clone()));
            }
        }
        let referenced: BTreeSet<&String> = changes.iter().flat_map(|c| c.1.iter()).collect();
        let heads: Vec<_> = changes.iter().filter(|c| !referenced.contains(&c.0)).collect();
        if heads.iter().any(|h| h.2 == "delete") && heads.iter().any(|h| h.2 == "upsert") {
            out.insert((record.clone(), "_deleted".into()));
        }
    }
    out
}

fn reported(s: &mut Store) -> BTreeSet<(String, String)> {
    sync::conflicts(s).expect("conflicts").into_iter().map(|c| (c.record_id, c.disputed)).collect()
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(16)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_histories_converge(
        steps in proptest::collection::vec(step(), 1..30),
        replays in proptest::collection::vec((0..DEVICES, any::<prop::sample::Index>()), 0..4),
        shuffle_seed in any::<u64>(),
    ) {
        let mut w = World::new();
        for s in &steps {
            w.apply(s);
            // Conflicts are reported exactly where the oracle finds them, at every step, on every device.
            for d in 0..DEVICES {
                prop_assert_eq!(reported(&mut w.stores[d]), oracle(&mut w.stores[d]), "device {} after {:?}", d, s);
            }
        }

        // Re-importing any bundle a device already received changes nothing.
        for (d, pick) in replays {
            if w.received[d].is_empty() {
                continue;
            }
            let path = w.received[d][pick.index(w.received[d].len())].clone();
            let before = w.stores[d].digest().expect("digest");
            let r = sync::import(&mut w.stores[d], &std::fs::read(&path).expect("read"), &mut |_, _| {}).expect("replay");
            prop_assert!(r.replayed);
            prop_assert_eq!(w.stores[d].digest().expect("digest"), before);
        }

        // Every device writes a last snapshot for the observer; the observer takes all snapshots in a shuffled
        // order, each twice.
        for d in 0..DEVICES {
            w.apply(&Step::Snapshot(d));
        }
        let mut order: Vec<PathBuf> = w.snapshots.iter().chain(w.snapshots.iter()).cloned().collect();
        let mut rng = shuffle_seed;
        for i in (1..order.len()).rev() {
            rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(i, (rng >> 33) as usize % (i + 1));
        }
        for path in &order {
            sync::import(&mut w.observer, &std::fs::read(path).expect("read"), &mut |_, _| {}).expect("observer import");
        }

        // Two full rounds of exchanges: everyone ends with every change.
        for _ in 0..2 {
            for a in 0..DEVICES {
                for b in 0..DEVICES {
                    if a != b {
                        w.send(a, b);
                    }
                }
            }
        }
        let all: BTreeSet<String> = (0..DEVICES).flat_map(|d| World::change_ids(&mut w.stores[d])).collect();
        let digest = w.stores[0].digest().expect("digest");
        let conflicts = reported(&mut w.stores[0]);
        for d in 0..DEVICES {
            prop_assert_eq!(World::change_ids(&mut w.stores[d]), all.clone(), "device {} holds every change", d);
            prop_assert_eq!(w.stores[d].digest().expect("digest"), digest.clone(), "device {} converged", d);
            prop_assert_eq!(reported(&mut w.stores[d]), conflicts.clone());
            prop_assert!(w.stores[d].projections_match_log().expect("rebuild"), "device {}: incremental = rebuild", d);
        }
        prop_assert_eq!(World::change_ids(&mut w.observer), all, "the observer got everything from snapshots");
        prop_assert_eq!(w.observer.digest().expect("digest"), digest, "any import order, duplicates included");
        prop_assert_eq!(reported(&mut w.observer), oracle(&mut w.observer));
    }
}
