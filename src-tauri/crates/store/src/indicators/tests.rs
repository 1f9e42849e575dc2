//! The indicators of a small programme built by hand, against figures counted by hand.

use reintegra_core::indicators::Figure;
use reintegra_core::records::{Kind, MODULES};
use reintegra_core::wire::DeviceRole;
use serde_json::json;
use uuid::Uuid;

use super::*;
use crate::testing::{self, Folder, put};
use crate::{Op, Writer};

fn person(w: &mut Writer<'_>, role: &str, name: &str, municipality: &str) -> Uuid {
    put(
        w,
        Kind::Person,
        json!({"role": role, "given_names": name, "first_surname": "Prueba", "birth_date": "1980-01-01",
               "municipality": municipality}),
    )
}

fn attend(w: &mut Writer<'_>, session: Uuid, people: &[Uuid]) {
    for p in people {
        put(w, Kind::Attendance, json!({"session_id": session, "person_id": p, "status": "present"}));
    }
}

fn store() -> (Folder, Store) {
    let mut folder = Folder::new();
    let mut s = folder.store("Central", DeviceRole::Supervisor);
    let (centro, este) = ("San Salvador Centro", "San Salvador Este");
    s.with_tx(|w| {
        let p1 = person(w, "participant", "Uno", centro);
        let p2 = person(w, "participant", "Dos", este);
        let r1 = person(w, "relative", "Rosa", centro);
        let r2 = person(w, "relative", "Raúl", centro);
        let r3 = person(w, "relative", "Rita", este);
        let g1 = put(w, Kind::Group, json!({"kind": "parent_training", "name": "Escuela A", "municipality": centro}));
        let g2 = put(w, Kind::Group, json!({"kind": "parent_training", "name": "Escuela B", "municipality": este}));
        let session = |w: &mut Writer<'_>, group: Uuid, date: &str, modules: &[&str]| {
            put(
                w,
                Kind::Session,
                json!({"kind": "group_training", "date": date, "group_id": group, "modules": modules}),
            )
        };
        // Rosa attends both halves (8 of 10 modules: trained in February); Raúl only the first (4: not trained);
        // the participant's attendance does not count; Rita attends a full session in March.
        let s1 = session(w, g1, "2024-01-10", &MODULES[..4]);
        attend(w, s1, &[r1, r2, p1]);
        let s2 = session(w, g1, "2024-02-10", &MODULES[4..8]);
        attend(w, s2, &[r1]);
        let s3 = session(w, g2, "2024-03-05", MODULES);
        attend(w, s3, &[r3]);
        let s4 = put(w, Kind::Session, json!({"kind": "case_management", "date": "2024-01-25"}));
        attend(w, s4, &[p2]);
        put(w, Kind::HomeVisit, json!({"date": "2024-01-20", "person_ids": [p1, r1, r2]}));
        put(w, Kind::HomeVisit, json!({"date": "2024-02-20", "person_ids": [r1]}));
        put(w, Kind::HomeVisit, json!({"date": "2024-03-15", "person_ids": [p2, r3]}));
        put(
            w,
            Kind::Referral,
            json!({"person_id": p1, "service": "health", "organisation": "Unidad de Salud", "date": "2024-01-05",
                   "status": "accepted"}),
        );
        put(
            w,
            Kind::Referral,
            json!({"person_id": p2, "service": "health", "organisation": "Unidad de Salud", "date": "2024-02-07",
                   "status": "referred"}),
        );
        put(
            w,
            Kind::CommunityInitiative,
            json!({"kind": "cultural", "name": "Festival", "date": "2024-02-14", "municipality": centro,
                   "person_ids": [p1, r1], "headcount": 40}),
        );
        put(
            w,
            Kind::CommunityInitiative,
            json!({"kind": "sports", "name": "Torneo", "date": "2024-03-01", "municipality": este,
                   "person_ids": [p2, r3]}),
        );
        // Payments as they arrive from another device (the local payment guard is tested elsewhere).
        for (p, month) in [(p1, "2024-01"), (p1, "2024-02"), (p2, "2024-02")] {
            let fields = json!({"person_id": p, "month": month, "amount_usd": 100, "paid_on": format!("{month}-20")});
            w.append(Kind::Payment, Uuid::now_v7(), Op::Upsert, testing::fields(fields))?;
        }
        Ok(())
    })
    .expect("programme");
    (folder, s)
}

fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn figure(value: u64) -> Figure {
    Figure { value, target: 0 }
}

#[test]
fn the_whole_programme() {
    let (_dir, mut s) = store();
    let r = indicators(&mut s, By::Total, 75).expect("indicators");
    let t = &r.total;
    assert_eq!(t.participants_paid, Figure { value: 2, target: 300 });
    assert_eq!((t.payments, t.paid_usd), (3, 300));
    assert_eq!(t.relatives_trained, Figure { value: 2, target: 600 });
    assert_eq!(t.relatives_visited, Figure { value: 3, target: 300 });
    assert_eq!(t.sessions, counts(&[("group_training", 3), ("case_management", 1)]));
    assert_eq!(t.referrals, counts(&[("accepted", 1), ("referred", 1)]));
    assert_eq!((t.initiatives, t.initiative_participants), (2, 42));
    assert!(r.groups.is_empty());

    // A lower share makes Raúl (4 of 10 modules) trained too.
    assert_eq!(indicators(&mut s, By::Total, 40).expect("indicators").total.relatives_trained.value, 3);
}

#[test]
fn by_municipality() {
    let (_dir, mut s) = store();
    let r = indicators(&mut s, By::Municipality, 75).expect("indicators");
    let centro = &r.groups["San Salvador Centro"];
    assert_eq!((centro.participants_paid.clone(), centro.payments, centro.paid_usd), (figure(1), 2, 200));
    assert_eq!((centro.relatives_trained.value, centro.relatives_visited.value), (1, 2));
    assert_eq!(centro.sessions, counts(&[("group_training", 2)]));
    assert_eq!(centro.referrals, counts(&[("accepted", 1)]));
    assert_eq!((centro.initiatives, centro.initiative_participants), (1, 40));
    let este = &r.groups["San Salvador Este"];
    assert_eq!((este.participants_paid.clone(), este.payments, este.paid_usd), (figure(1), 1, 100));
    assert_eq!((este.relatives_trained.value, este.relatives_visited.value), (1, 1));
    assert_eq!(este.sessions, counts(&[("group_training", 1), ("case_management", 1)]));
    assert_eq!(este.referrals, counts(&[("referred", 1)]));
    assert_eq!((este.initiatives, este.initiative_participants), (1, 2));
    assert_eq!(r.groups.len(), 2);
}

#[test]
fn by_month_adds_up_to_the_total() {
    let (_dir, mut s) = store();
    let r = indicators(&mut s, By::Month, 75).expect("indicators");
    let jan = &r.groups["2024-01"];
    assert_eq!((jan.participants_paid.value, jan.payments, jan.relatives_visited.value), (1, 1, 2));
    assert_eq!(jan.sessions, counts(&[("group_training", 1), ("case_management", 1)]));
    let feb = &r.groups["2024-02"];
    assert_eq!((feb.participants_paid.value, feb.payments, feb.relatives_trained.value), (1, 2, 1));
    assert_eq!((feb.initiatives, feb.initiative_participants), (1, 40));
    let mar = &r.groups["2024-03"];
    assert_eq!((mar.relatives_trained.value, mar.relatives_visited.value, mar.initiatives), (1, 1, 1));
    let sum = |f: &dyn Fn(&Indicators) -> u64| r.groups.values().map(f).sum::<u64>();
    assert_eq!(sum(&|i| i.participants_paid.value), r.total.participants_paid.value);
    assert_eq!(sum(&|i| i.relatives_trained.value), r.total.relatives_trained.value);
    assert_eq!(sum(&|i| i.relatives_visited.value), r.total.relatives_visited.value);
}

mod reference;

/// The report as JSON, to compare two of them whole.
fn json_of(r: &Report) -> serde_json::Value {
    serde_json::to_value(r).expect("a report as JSON")
}

/// The counters equal a fresh count, and the report equals the one counted from scratch over every record, for
/// each breakdown and a few shares of the curriculum.
fn check(s: &mut Store, context: &str) {
    assert!(s.aggregates_match().expect("aggregates_match"), "counters differ from a fresh count: {context}");
    for by in [By::Total, By::Municipality, By::Month] {
        for share in [0, 40, 75, 100, 101] {
            let kept = indicators(s, by, share).expect("indicators");
            let counted = reference::reference(s, by, share).expect("reference");
            assert_eq!(json_of(&kept), json_of(&counted), "{context}, {by:?}, share {share}");
        }
    }
}

#[test]
fn the_hand_counted_programme_equals_a_count_from_scratch() {
    let (_dir, mut s) = store();
    check(&mut s, "hand-counted programme");
    s.rebuild().expect("rebuild");
    check(&mut s, "after rebuild");
}

/// Random records written and rewritten the ways the programme does (forms, loads and bundles all come through
/// `Writer::append`), people moving municipality and role, groups changing kind, records deleted, in transactions
/// of one to a dozen writes: after every few transactions the counters equal a fresh count.
#[test]
fn counters_equal_a_fresh_count_after_random_records() {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    const PLACES: &[&str] = &["San Salvador Centro", "San Salvador Este", "San Salvador Sur"];
    const MONTHS: &[&str] = &["2024-01", "2024-02", "2024-03", "2024-04"];
    const SESSION_KINDS: &[&str] = &["group_training", "case_management", "psychosocial"];

    for seed in [1_u64, 2, 3] {
        let mut rng = StdRng::seed_from_u64(seed);
        let (_dir, mut s) = testing::store(DeviceRole::Supervisor);
        let (mut people, mut groups, mut sessions) = (Vec::<Uuid>::new(), Vec::<Uuid>::new(), Vec::<Uuid>::new());
        let mut others: Vec<(Kind, Uuid)> = Vec::new();
        for round in 0..60 {
            s.with_tx(|w| {
                for _ in 0..rng.random_range(1..12) {
                    let pick = |rng: &mut StdRng, v: &[Uuid]| v.get(rng.random_range(0..v.len().max(1))).copied();
                    let place = |rng: &mut StdRng| PLACES[rng.random_range(0..PLACES.len())];
                    let date = |rng: &mut StdRng| {
                        format!("{}-{:02}", MONTHS[rng.random_range(0..MONTHS.len())], rng.random_range(1..29))
                    };
                    let mut write = |kind: Kind, id: Uuid, v: serde_json::Value| {
                        w.append(kind, id, Op::Upsert, testing::fields(v)).map(|_| ())
                    };
                    match rng.random_range(0..14) {
                        0 | 1 => {
                            let id = Uuid::now_v7();
                            let role = if rng.random_bool(0.5) { "relative" } else { "participant" };
                            write(Kind::Person, id, json!({"role": role, "given_names": "Azar",
                                "first_surname": "Prueba", "birth_date": "1980-01-01", "municipality": place(&mut rng)}))?;
                            people.push(id);
                        }
                        2 => {
                            // A person moves, changes role, or is deleted and perhaps comes back.
                            let Some(p) = pick(&mut rng, &people) else { continue };
                            match rng.random_range(0..4) {
                                0 => write(Kind::Person, p, json!({"municipality": place(&mut rng)}))?,
                                1 => write(Kind::Person, p, json!({"role": "relative"}))?,
                                2 => write(Kind::Person, p, json!({"phone": "7012 3456"}))?,
                                _ => {
                                    w.append(Kind::Person, p, Op::Delete, testing::fields(json!({})))?;
                                }
                            }
                        }
                        3 => {
                            let id = Uuid::now_v7();
                            let kind = if rng.random_bool(0.7) { "parent_training" } else { "vocational" };
                            let mut g = json!({"kind": kind, "name": "Grupo"});
                            if rng.random_bool(0.7) {
                                g["municipality"] = json!(place(&mut rng));
                            }
                            write(Kind::Group, id, g)?;
                            groups.push(id);
                        }
                        4 => {
                            let Some(g) = pick(&mut rng, &groups) else { continue };
                            let v = match rng.random_range(0..3) {
                                0 => json!({"kind": "vocational"}),
                                1 => json!({"kind": "parent_training"}),
                                _ => json!({"municipality": place(&mut rng)}),
                            };
                            write(Kind::Group, g, v)?;
                        }
                        5 | 6 => {
                            let id = Uuid::now_v7();
                            let n = rng.random_range(0..=MODULES.len());
                            let from = rng.random_range(0..=MODULES.len() - n);
                            let mut v = json!({"kind": SESSION_KINDS[rng.random_range(0..SESSION_KINDS.len())],
                                "date": date(&mut rng), "modules": &MODULES[from..from + n]});
                            if let Some(g) = pick(&mut rng, &groups).filter(|_| rng.random_bool(0.7)) {
                                v["group_id"] = json!(g);
                            }
                            write(Kind::Session, id, v)?;
                            sessions.push(id);
                        }
                        7 => {
                            let Some(x) = pick(&mut rng, &sessions) else { continue };
                            match rng.random_range(0..4) {
                                0 => write(Kind::Session, x, json!({"date": date(&mut rng)}))?,
                                1 => write(Kind::Session, x, json!({"group_id": pick(&mut rng, &groups)}))?,
                                2 => write(Kind::Session, x, json!({"modules": &MODULES[..rng.random_range(0..4)]}))?,
                                _ => {
                                    w.append(Kind::Session, x, Op::Delete, testing::fields(json!({})))?;
                                }
                            }
                        }
                        8 | 9 => {
                            let (Some(x), Some(p)) = (pick(&mut rng, &sessions), pick(&mut rng, &people)) else {
                                continue;
                            };
                            let status = if rng.random_bool(0.8) { "present" } else { "absent" };
                            let id = Uuid::now_v7();
                            write(Kind::Attendance, id, json!({"session_id": x, "person_id": p, "status": status}))?;
                            others.push((Kind::Attendance, id));
                        }
                        10 => {
                            let Some(p) = pick(&mut rng, &people) else { continue };
                            let month = MONTHS[rng.random_range(0..MONTHS.len())];
                            let usd = [100.0, 99.5, 50.25, 0.0][rng.random_range(0..4)];
                            let id = Uuid::now_v7();
                            write(Kind::Payment, id, json!({"person_id": p, "month": month, "amount_usd": usd}))?;
                            others.push((Kind::Payment, id));
                        }
                        11 => {
                            let met: Vec<Uuid> = (0..rng.random_range(1..4)).filter_map(|_| pick(&mut rng, &people)).collect();
                            let id = Uuid::now_v7();
                            write(Kind::HomeVisit, id, json!({"date": date(&mut rng), "person_ids": met}))?;
                            others.push((Kind::HomeVisit, id));
                        }
                        12 => {
                            let Some(p) = pick(&mut rng, &people) else { continue };
                            let status = ["referred", "accepted", "closed"][rng.random_range(0..3)];
                            let id = Uuid::now_v7();
                            write(Kind::Referral, id, json!({"person_id": p, "status": status, "date": date(&mut rng)}))?;
                            others.push((Kind::Referral, id));
                            if rng.random_bool(0.3) {
                                let id = Uuid::now_v7();
                                let named: Vec<Uuid> = pick(&mut rng, &people).into_iter().collect();
                                write(Kind::CommunityInitiative, id, json!({"kind": "sports", "name": "Torneo",
                                    "date": date(&mut rng), "municipality": place(&mut rng), "person_ids": named,
                                    "headcount": rng.random_range(0..5)}))?;
                                others.push((Kind::CommunityInitiative, id));
                            }
                        }
                        _ => {
                            // Something written earlier changes: a person named instead of another, a status, a
                            // date, or it is deleted.
                            let Some(&(kind, id)) = others.get(rng.random_range(0..others.len().max(1))) else {
                                continue;
                            };
                            let v = match (kind, rng.random_range(0..3)) {
                                (_, 0) => None,
                                (Kind::Attendance, _) => Some(json!({"status": "absent", "person_id": pick(&mut rng, &people)})),
                                (Kind::Payment, _) => Some(json!({"month": MONTHS[rng.random_range(0..MONTHS.len())], "person_id": pick(&mut rng, &people)})),
                                (Kind::HomeVisit, _) => Some(json!({"person_ids": pick(&mut rng, &people).into_iter().collect::<Vec<_>>()})),
                                (Kind::Referral, _) => Some(json!({"status": "closed", "date": date(&mut rng)})),
                                _ => Some(json!({"headcount": 9, "date": date(&mut rng)})),
                            };
                            match v {
                                Some(v) => write(kind, id, v)?,
                                None => {
                                    w.append(kind, id, Op::Delete, testing::fields(json!({})))?;
                                }
                            }
                        }
                    }
                }
                Ok(())
            })
            .expect("random records");
            if round % 10 == 9 {
                check(&mut s, &format!("seed {seed}, round {round}"));
            }
        }
        s.rebuild().expect("rebuild");
        check(&mut s, &format!("seed {seed}, after rebuild"));
    }
}

/// A field laptop's records reach the central file in a bundle: the central file's counters follow the import.
#[test]
fn a_bundle_keeps_the_central_files_counters() {
    let (mut folder, mut central, mut laptop) = testing::paired();
    laptop
        .with_tx(|w| {
            let r = person(w, "relative", "Rosa", "San Salvador Sur");
            let g = put(
                w,
                Kind::Group,
                json!({"kind": "parent_training", "name": "Escuela", "municipality": "San Salvador Sur"}),
            );
            let x = put(
                w,
                Kind::Session,
                json!({"kind": "group_training", "date": "2024-05-10", "group_id": g,
                "modules": MODULES}),
            );
            attend(w, x, &[r]);
            put(w, Kind::HomeVisit, json!({"date": "2024-05-20", "person_ids": [r]}));
            Ok(())
        })
        .expect("laptop records");
    folder.send(&mut laptop, &mut central);
    check(&mut central, "after the import");
    let r = indicators(&mut central, By::Municipality, 75).expect("indicators");
    let sur = &r.groups["San Salvador Sur"];
    assert_eq!((sur.relatives_trained.value, sur.relatives_visited.value), (1, 1));
    assert_eq!(sur.sessions, counts(&[("group_training", 1)]));
}

/// The rows of records a bundle creates are written without looking for what they counted before (they had no row,
/// nor links): every counted kind created in one bundle, among records the central file held already, gives the
/// counters a fresh count gives and the rows, links and conflicts a rebuild gives; so does the laptop that saved
/// them by form (its first saves take the same path).
#[test]
fn a_bundle_of_new_records_of_every_counted_kind_counts_as_a_rebuild_would() {
    let (mut folder, mut central, mut laptop) = testing::paired();
    let (centro, este) = ("San Salvador Centro", "San Salvador Este");
    central
        .with_tx(|w| {
            let ana = person(w, "participant", "Ana", centro);
            let g = put(w, Kind::Group, json!({"kind": "parent_training", "name": "Escuela", "municipality": este}));
            let x = put(
                w,
                Kind::Session,
                json!({"kind": "group_training", "date": "2024-04-10", "group_id": g, "modules": MODULES}),
            );
            attend(w, x, &[ana]);
            put(w, Kind::HomeVisit, json!({"date": "2024-04-20", "person_ids": [ana]}));
            Ok(())
        })
        .expect("central records");
    laptop
        .with_tx(|w| {
            let uno = person(w, "participant", "Uno", centro);
            let rosa = person(w, "relative", "Rosa", centro);
            let g =
                put(w, Kind::Group, json!({"kind": "parent_training", "name": "Escuela B", "municipality": centro}));
            let x = put(
                w,
                Kind::Session,
                json!({"kind": "group_training", "date": "2024-05-10", "group_id": g, "modules": MODULES}),
            );
            attend(w, x, &[rosa, uno]);
            // Without a group: placed where its first attendee lives.
            let cm = put(w, Kind::Session, json!({"kind": "case_management", "date": "2024-05-12"}));
            attend(w, cm, &[uno]);
            put(w, Kind::HomeVisit, json!({"date": "2024-05-20", "person_ids": [uno, rosa]}));
            // Created and deleted before it travels: a tombstone without links.
            let gone = put(w, Kind::HomeVisit, json!({"date": "2024-05-21", "person_ids": [rosa]}));
            w.append(Kind::HomeVisit, gone, Op::Delete, serde_json::Map::new())?;
            put(
                w,
                Kind::Referral,
                json!({"person_id": uno, "service": "health", "organisation": "Unidad de Salud",
                       "date": "2024-05-05", "status": "accepted"}),
            );
            put(
                w,
                Kind::CommunityInitiative,
                json!({"kind": "cultural", "name": "Festival", "date": "2024-05-14", "municipality": centro,
                       "person_ids": [uno, rosa], "headcount": 30}),
            );
            // Two payments of one month: an open conflict, found for records that are both new.
            for _ in 0..2 {
                let fields = json!({"person_id": uno, "month": "2024-05", "amount_usd": 100, "paid_on": "2024-05-20"});
                w.append(Kind::Payment, Uuid::now_v7(), Op::Upsert, testing::fields(fields))?;
            }
            Ok(())
        })
        .expect("laptop records");
    let report = folder.send(&mut laptop, &mut central);
    assert_eq!((report.inserted, report.updated), (14, 0), "every record of the bundle is new to the central file");
    for (s, context) in [(&mut central, "the central file after the import"), (&mut laptop, "the laptop")] {
        check(s, context);
        assert!(s.projections_match_log().expect("projections"), "{context}: rows differ from a rebuild");
        let month = "SELECT count(*) FROM conflicts WHERE kind = 'payment' AND disputed = 'month:2024-05'";
        assert_eq!(testing::count(s, month), 1, "{context}: the two payments of May are one open conflict");
        let links =
            "SELECT count(*) FROM person_links WHERE record_id IN (SELECT id FROM home_visits WHERE deleted = 1)";
        assert_eq!(testing::count(s, links), 0, "{context}: the deleted visit names nobody");
    }
    // The visit and the initiative of the bundle name both people; Ana's visit is the central file's own.
    assert_eq!(testing::count(&mut central, "SELECT count(*) FROM person_links"), 5);
    let r = indicators(&mut central, By::Municipality, 75).expect("indicators");
    assert_eq!(r.groups[centro].relatives_trained.value, 1);
}

/// The counters are a few rows by figure, place and month: the report reads them, not the records.
#[test]
fn the_report_reads_the_counters() {
    let (_dir, mut s) = store();
    let before = json_of(&indicators(&mut s, By::Municipality, 75).expect("indicators"));
    // Counters changed behind the records' back show in the report (and verify finds them).
    s.conn.execute("UPDATE indicator_counts SET amount = amount + 5 WHERE figure = 'payments'", []).expect("edit");
    let after = indicators(&mut s, By::Municipality, 75).expect("indicators");
    assert_ne!(json_of(&after), before);
    // Three counters of payments: San Salvador Centro in January and February, San Salvador Este in February.
    assert_eq!(after.total.payments, 3 + 5 * 3);
    assert!(!s.aggregates_match().expect("aggregates_match"));
    s.rebuild().expect("rebuild");
    assert!(s.aggregates_match().expect("aggregates_match"));
    assert_eq!(json_of(&indicators(&mut s, By::Municipality, 75).expect("indicators")), before);
}
