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
