use serde_json::json;

use super::*;
use crate::merge::Disputed;

const RECORD: u128 = 100;

/// A change named by a small number, to a record named by a small number, on top of the named bases.
fn ch(n: u128, record: u128, base: &[u128], op: Op, fields: Value) -> Change {
    Change {
        change_id: Uuid::from_u128(n),
        kind: Kind::Referral,
        record_id: Uuid::from_u128(record),
        base: base.iter().map(|b| Uuid::from_u128(*b)).collect(),
        // The clock follows the name, so a change's number is also its place in the total order.
        hlc: n as i64,
        device_id: Uuid::from_u128(1),
        user_id: "u".into(),
        op,
        fields: fields.as_object().cloned().unwrap_or_default(),
    }
}

fn up(n: u128, base: &[u128], fields: Value) -> Change {
    ch(n, RECORD, base, Op::Upsert, fields)
}

fn row(heads: &[u128], disputed: bool) -> Held {
    let mut held = Held::default();
    held.rows.insert(
        (Kind::Referral, Uuid::from_u128(RECORD)),
        Row {
            data: json!({"status": "referred", "organisation": "ISSS"}).as_object().cloned().unwrap_or_default(),
            heads: heads.iter().map(|h| Uuid::from_u128(*h)).collect(),
            disputed,
        },
    );
    held
}

fn holding(mut held: Held, changes: &[Change]) -> Held {
    held.changes.extend(changes.iter().map(|c| (c.change_id, c.clone())));
    held
}

fn purged(record: u128) -> Held {
    let mut held = Held::default();
    held.purged.insert((Kind::Referral, Uuid::from_u128(record)));
    held
}

/// A record's update in a line: "100 fold organisation=ISSS status=accepted", "100 create deleted",
/// "100 create status=rejected conflict:status", "100 reproject".
fn describe(r: &RecordUpdate) -> String {
    let (step, p) = match &r.update {
        Update::Create(p) => ("create", Some(p)),
        Update::Fold(p) => ("fold", Some(p)),
        Update::Reproject => ("reproject", None),
    };
    let mut out = format!("{} {step}", r.id.as_u128());
    if let Some(p) = p {
        for (k, v) in &p.data {
            out.push_str(&format!(" {k}={}", v.as_str().map_or_else(|| v.to_string(), str::to_owned)));
        }
        if p.deleted {
            out.push_str(" deleted");
        }
        for c in &p.conflicts {
            match &c.disputed {
                Disputed::Field(f) => out.push_str(&format!(" conflict:{f}")),
                Disputed::Deleted => out.push_str(" conflict:deleted"),
            }
        }
    }
    out
}

struct Case {
    name: &'static str,
    bundle: Vec<Change>,
    held: Held,
    /// The new changes in the order they go into the log, how many are unchanged, and each record's update; or
    /// the refusal.
    want: Result<(Vec<u128>, usize, Vec<&'static str>), &'static str>,
}

#[test]
fn plan_resolves_each_case() {
    let c1 = up(1, &[], json!({"status": "referred", "organisation": "ISSS"}));
    let c2 = up(2, &[1], json!({"status": "accepted"}));
    let c3 = up(3, &[2], json!({"outcome": "atendida"}));
    let cases = vec![
        Case {
            name: "a record new here is created from the bundle's changes",
            bundle: vec![c1.clone(), c2.clone()],
            held: Held::default(),
            want: Ok((vec![1, 2], 0, vec!["100 create organisation=ISSS status=accepted"])),
        },
        Case {
            name: "a line of edits on the row's only head folds onto the row",
            bundle: vec![c2.clone(), c3.clone()],
            held: row(&[1], false),
            want: Ok((vec![2, 3], 0, vec!["100 fold organisation=ISSS outcome=atendida status=accepted"])),
        },
        Case {
            name: "a line that arrives out of order still folds, and goes into the log as it came",
            bundle: vec![c3.clone(), c2.clone()],
            held: row(&[1], false),
            want: Ok((vec![3, 2], 0, vec!["100 fold organisation=ISSS outcome=atendida status=accepted"])),
        },
        Case {
            name: "a null removes a field and a delete marks the row deleted as they fold",
            bundle: vec![up(2, &[1], json!({"organisation": null})), ch(3, RECORD, &[2], Op::Delete, json!({}))],
            held: row(&[1], false),
            want: Ok((vec![2, 3], 0, vec!["100 fold status=referred deleted"])),
        },
        Case {
            name: "an edit made on an older head is recomputed from the log",
            bundle: vec![up(3, &[1], json!({"status": "rejected"}))],
            held: row(&[2], false),
            want: Ok((vec![3], 0, vec!["100 reproject"])),
        },
        Case {
            name: "a resolution built on two heads is recomputed from the log",
            bundle: vec![up(4, &[2, 3], json!({"status": "accepted"}))],
            held: row(&[2, 3], false),
            want: Ok((vec![4], 0, vec!["100 reproject"])),
        },
        Case {
            name: "a record with open conflicts is recomputed from the log",
            bundle: vec![c2.clone()],
            held: row(&[1], true),
            want: Ok((vec![2], 0, vec!["100 reproject"])),
        },
        Case {
            name: "two edits on the same head (a fork inside the bundle) are recomputed from the log",
            bundle: vec![c2.clone(), up(3, &[1], json!({"status": "rejected"}))],
            held: row(&[1], false),
            want: Ok((vec![2, 3], 0, vec!["100 reproject"])),
        },
        Case {
            name: "a fork in a record new here is created with its conflict",
            bundle: vec![c1.clone(), c2.clone(), up(3, &[1], json!({"status": "rejected"}))],
            held: Held::default(),
            want: Ok((vec![1, 2, 3], 0, vec!["100 create organisation=ISSS status=rejected conflict:status"])),
        },
        Case {
            name: "a change the log holds is unchanged and the rest folds",
            bundle: vec![c1.clone(), c2.clone()],
            held: holding(row(&[1], false), std::slice::from_ref(&c1)),
            want: Ok((vec![2], 1, vec!["100 fold organisation=ISSS status=accepted"])),
        },
        Case {
            name: "a bundle the log holds whole plans nothing",
            bundle: vec![c1.clone(), c2.clone()],
            held: holding(row(&[2], false), &[c1.clone(), c2.clone()]),
            want: Ok((vec![], 2, vec![])),
        },
        Case {
            name: "a change id the log holds with other content is refused",
            bundle: vec![up(1, &[], json!({"status": "accepted"}))],
            held: holding(Held::default(), std::slice::from_ref(&c1)),
            want: Err("error.change_reused"),
        },
        Case {
            name: "the same change twice in a bundle is taken once",
            bundle: vec![c1.clone(), c1.clone()],
            held: Held::default(),
            want: Ok((vec![1], 1, vec!["100 create organisation=ISSS status=referred"])),
        },
        Case {
            name: "one change id twice in a bundle with different content is refused",
            bundle: vec![c1.clone(), up(1, &[], json!({"status": "accepted"}))],
            held: Held::default(),
            want: Err("error.change_reused"),
        },
        Case {
            name: "a late change about a record purged here is not taken in",
            bundle: vec![c2.clone()],
            held: purged(RECORD),
            want: Ok((vec![], 1, vec![])),
        },
        Case {
            name: "a purged record's change is not compared with the log (it is not taken in either way)",
            bundle: vec![up(1, &[], json!({"status": "accepted"}))],
            held: holding(purged(RECORD), std::slice::from_ref(&c1)),
            want: Ok((vec![], 1, vec![])),
        },
        Case {
            name: "records are planned in the order they first appear in the bundle",
            bundle: vec![
                ch(5, 200, &[], Op::Upsert, json!({"status": "referred"})),
                c1.clone(),
                ch(6, 200, &[5], Op::Upsert, json!({"status": "closed"})),
            ],
            held: Held::default(),
            want: Ok((
                vec![5, 1, 6],
                0,
                vec!["200 create status=closed", "100 create organisation=ISSS status=referred"],
            )),
        },
    ];
    for case in cases {
        let got = plan(case.bundle, case.held).map(|p| {
            let new: Vec<u128> = p.new.iter().map(|c| c.change_id.as_u128()).collect();
            let records: Vec<String> = p.records.iter().map(describe).collect();
            let counted: usize = p.records.iter().map(|r| r.changes).sum();
            assert_eq!(counted, new.len(), "{}: every new change belongs to one record", case.name);
            (new, p.unchanged, records)
        });
        let want = case.want.map(|(new, unchanged, records)| {
            (new, unchanged, records.into_iter().map(str::to_owned).collect::<Vec<_>>())
        });
        assert_eq!(got, want, "{}", case.name);
    }
}

#[test]
fn check_refuses_each_malformed_change() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    let sender = Uuid::from_u128(1);
    let good = Change {
        change_id: Uuid::from_u128(10),
        kind: Kind::Referral,
        record_id: Uuid::from_u128(20),
        base: vec![],
        hlc: 5,
        device_id: sender,
        user_id: "local".into(),
        op: Op::Upsert,
        fields: json!({"status": "accepted", "outcome": null}).as_object().cloned().unwrap_or_default(),
    };
    let with = |f: &dyn Fn(&mut Change)| {
        let mut c = good.clone();
        f(&mut c);
        c
    };
    let set = |k: &'static str, v: Value| move |c: &mut Change| _ = c.fields.insert(k.into(), v.clone());
    type Case = (&'static str, Change, Option<Uuid>, Result<(), &'static str>);
    let cases: Vec<Case> = vec![
        ("a sound change", good.clone(), Some(sender), Ok(())),
        ("relayed by a supervisor", with(&|c| c.device_id = Uuid::from_u128(2)), None, Ok(())),
        (
            "a field laptop relaying another's change",
            with(&|c| c.device_id = Uuid::from_u128(2)),
            Some(sender),
            Err("error.change_not_from_sender"),
        ),
        ("unknown field", with(&set("salary", json!(3))), None, Err("error.unknown_field")),
        ("invalid choice", with(&set("status", json!("lost"))), None, Err("error.choice_invalid")),
        ("not canonical", with(&set("organisation", json!("  ISSS  "))), None, Err("error.not_canonical")),
        ("a required field removed", with(&set("status", json!(null))), None, Err("error.required")),
        ("a date in the future", with(&set("date", json!("2027-01-01"))), None, Err("error.date_future")),
        ("a delete with fields", with(&|c| c.op = Op::Delete), None, Err("error.change_malformed")),
        ("built on itself", with(&|c| c.base = vec![c.change_id]), None, Err("error.change_malformed")),
        ("no clock", with(&|c| c.hlc = 0), None, Err("error.change_malformed")),
        ("no user", with(&|c| c.user_id = " ".into()), None, Err("error.change_malformed")),
    ];
    for (name, change, only, want) in cases {
        assert_eq!(check(&change, only, today), want, "{name}");
    }
}
