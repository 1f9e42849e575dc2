use serde_json::json;

use super::*;

/// A change named by a small number (its id and, unless given, its clock), on top of the named bases.
fn ch(n: u128, base: &[u128], hlc: i64, device: u128, op: Op, fields: Value) -> Change {
    Change {
        change_id: Uuid::from_u128(n),
        kind: Kind::Referral,
        record_id: Uuid::from_u128(999),
        base: base.iter().map(|b| Uuid::from_u128(*b)).collect(),
        hlc,
        device_id: Uuid::from_u128(device),
        user_id: "u".into(),
        op,
        fields: fields.as_object().cloned().unwrap_or_default(),
    }
}

fn up(n: u128, base: &[u128], hlc: i64, device: u128, fields: Value) -> Change {
    ch(n, base, hlc, device, Op::Upsert, fields)
}

fn del(n: u128, base: &[u128], hlc: i64, device: u128) -> Change {
    ch(n, base, hlc, device, Op::Delete, json!({}))
}

struct Case {
    name: &'static str,
    changes: Vec<Change>,
    data: Value,
    deleted: bool,
    heads: &'static [u128],
    /// The disputed fields ("_deleted" for a delete beside an edit).
    conflicts: &'static [&'static str],
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "one creation",
            changes: vec![up(1, &[], 10, 1, json!({"status": "referred", "date": "2026-01-05"}))],
            data: json!({"status": "referred", "date": "2026-01-05"}),
            deleted: false,
            heads: &[1],
            conflicts: &[],
        },
        Case {
            name: "a line of edits: the last one wins",
            changes: vec![
                up(1, &[], 10, 1, json!({"status": "referred"})),
                up(2, &[1], 20, 1, json!({"status": "accepted"})),
                up(3, &[2], 30, 2, json!({"status": "attended", "outcome": "ok"})),
            ],
            data: json!({"status": "attended", "outcome": "ok"}),
            deleted: false,
            heads: &[3],
            conflicts: &[],
        },
        Case {
            name: "a null removes the field",
            changes: vec![
                up(1, &[], 10, 1, json!({"status": "referred", "outcome": "x"})),
                up(2, &[1], 20, 1, json!({"outcome": null})),
            ],
            data: json!({"status": "referred"}),
            deleted: false,
            heads: &[2],
            conflicts: &[],
        },
        Case {
            name: "concurrent edits of different fields merge quietly",
            changes: vec![
                up(1, &[], 10, 1, json!({"status": "referred", "outcome": "x"})),
                up(2, &[1], 20, 1, json!({"status": "accepted"})),
                up(3, &[1], 15, 2, json!({"outcome": "y"})),
            ],
            data: json!({"status": "accepted", "outcome": "y"}),
            deleted: false,
            heads: &[2, 3],
            conflicts: &[],
        },
        Case {
            name: "concurrent edits of one field to different values conflict; highest clock shown",
            changes: vec![
                up(1, &[], 10, 1, json!({"status": "referred"})),
                up(2, &[1], 20, 1, json!({"status": "accepted"})),
                up(3, &[1], 25, 2, json!({"status": "rejected"})),
            ],
            data: json!({"status": "rejected"}),
            deleted: false,
            heads: &[2, 3],
            conflicts: &["status"],
        },
        Case {
            name: "concurrent edits to the same value do not conflict",
            changes: vec![
                up(1, &[], 10, 1, json!({"status": "referred"})),
                up(2, &[1], 20, 1, json!({"status": "accepted"})),
                up(3, &[1], 25, 2, json!({"status": "accepted"})),
            ],
            data: json!({"status": "accepted"}),
            deleted: false,
            heads: &[2, 3],
            conflicts: &[],
        },
        Case {
            name: "same clock: the device id breaks the tie",
            changes: vec![
                up(1, &[], 10, 1, json!({"status": "referred"})),
                up(2, &[1], 20, 7, json!({"status": "accepted"})),
                up(3, &[1], 20, 3, json!({"status": "rejected"})),
            ],
            data: json!({"status": "accepted"}),
            deleted: false,
            heads: &[2, 3],
            conflicts: &["status"],
        },
        Case {
            name: "a resolution on both heads settles the conflict",
            changes: vec![
                up(1, &[], 10, 1, json!({"status": "referred"})),
                up(2, &[1], 20, 1, json!({"status": "accepted"})),
                up(3, &[1], 25, 2, json!({"status": "rejected"})),
                up(4, &[2, 3], 30, 9, json!({"status": "accepted"})),
            ],
            data: json!({"status": "accepted"}),
            deleted: false,
            heads: &[4],
            conflicts: &[],
        },
        Case {
            name: "an edit of another field on both heads leaves the conflict open",
            changes: vec![
                up(1, &[], 10, 1, json!({"status": "referred"})),
                up(2, &[1], 20, 1, json!({"status": "accepted"})),
                up(3, &[1], 25, 2, json!({"status": "rejected"})),
                up(4, &[2, 3], 30, 1, json!({"outcome": "z"})),
            ],
            data: json!({"status": "rejected", "outcome": "z"}),
            deleted: false,
            heads: &[4],
            conflicts: &["status"],
        },
        Case {
            name: "a later edit on one branch supersedes its own branch only",
            changes: vec![
                up(1, &[], 10, 1, json!({"status": "referred"})),
                up(2, &[1], 20, 1, json!({"status": "accepted"})),
                up(3, &[1], 25, 2, json!({"status": "rejected"})),
                up(5, &[2], 40, 1, json!({"status": "attended"})),
            ],
            data: json!({"status": "attended"}),
            deleted: false,
            heads: &[3, 5],
            conflicts: &["status"],
        },
        Case {
            name: "a delete on the only head deletes",
            changes: vec![up(1, &[], 10, 1, json!({"status": "referred"})), del(2, &[1], 20, 1)],
            data: json!({"status": "referred"}),
            deleted: true,
            heads: &[2],
            conflicts: &[],
        },
        Case {
            name: "a delete beside a concurrent edit is a conflict, and stays deleted until resolved",
            changes: vec![
                up(1, &[], 10, 1, json!({"status": "referred"})),
                del(2, &[1], 30, 1),
                up(3, &[1], 20, 2, json!({"status": "accepted"})),
            ],
            data: json!({"status": "accepted"}),
            deleted: true,
            heads: &[2, 3],
            conflicts: &["_deleted"],
        },
        Case {
            name: "restoring on both heads settles a delete conflict",
            changes: vec![
                up(1, &[], 10, 1, json!({"status": "referred"})),
                del(2, &[1], 30, 1),
                up(3, &[1], 20, 2, json!({"status": "accepted"})),
                up(4, &[2, 3], 40, 9, json!({})),
            ],
            data: json!({"status": "accepted"}),
            deleted: false,
            heads: &[4],
            conflicts: &[],
        },
        Case {
            name: "two concurrent deletes agree",
            changes: vec![up(1, &[], 10, 1, json!({"status": "referred"})), del(2, &[1], 20, 1), del(3, &[1], 30, 2)],
            data: json!({"status": "referred"}),
            deleted: true,
            heads: &[2, 3],
            conflicts: &[],
        },
        Case {
            name: "two creations of one record with different values conflict",
            changes: vec![
                up(1, &[], 10, 1, json!({"status": "referred", "date": "2026-01-05"})),
                up(2, &[], 20, 2, json!({"status": "referred", "date": "2026-01-06"})),
            ],
            data: json!({"status": "referred", "date": "2026-01-06"}),
            deleted: false,
            heads: &[1, 2],
            conflicts: &["date"],
        },
        Case {
            name: "a base that sorts after its child (a clock set wrong) is still its ancestor",
            changes: vec![
                up(1, &[], 50, 1, json!({"status": "referred"})),
                up(2, &[1], 20, 2, json!({"status": "accepted"})),
            ],
            data: json!({"status": "accepted"}),
            deleted: false,
            heads: &[2],
            conflicts: &[],
        },
        Case {
            name: "a base never received is ignored",
            changes: vec![up(2, &[1], 20, 2, json!({"status": "accepted"}))],
            data: json!({"status": "accepted"}),
            deleted: false,
            heads: &[2],
            conflicts: &[],
        },
        Case {
            name: "a forged cycle does not hang: cut where the walk in clock order closes it",
            changes: vec![
                up(1, &[2], 10, 1, json!({"status": "referred"})),
                up(2, &[1], 20, 2, json!({"status": "accepted"})),
            ],
            data: json!({"status": "referred"}),
            deleted: false,
            heads: &[],
            conflicts: &[],
        },
    ]
}

#[test]
fn projection_cases() {
    for case in cases() {
        let p = project(&case.changes).unwrap_or_else(|| panic!("{}: no projection", case.name));
        assert_eq!(Value::Object(p.data.clone()), case.data, "{}: data", case.name);
        assert_eq!(p.deleted, case.deleted, "{}: deleted", case.name);
        let heads: Vec<Uuid> = case.heads.iter().map(|h| Uuid::from_u128(*h)).collect();
        assert_eq!(p.heads, heads, "{}: heads", case.name);
        let disputed: Vec<String> = p
            .conflicts
            .iter()
            .map(|c| match &c.disputed {
                Disputed::Field(f) => f.clone(),
                Disputed::Deleted => "_deleted".into(),
            })
            .collect();
        assert_eq!(disputed, case.conflicts, "{}: conflicts", case.name);

        // Order-free: any arrival order gives the same state.
        let mut reversed = case.changes.clone();
        reversed.reverse();
        assert_eq!(project(&reversed), Some(p), "{}: reversed order", case.name);
    }
}

#[test]
fn candidates_are_in_winner_order() {
    let p = project(&[
        up(1, &[], 10, 1, json!({"status": "referred"})),
        up(3, &[1], 25, 2, json!({"status": "rejected"})),
        up(2, &[1], 20, 1, json!({"status": "accepted"})),
    ])
    .expect("projection");
    let values: Vec<Value> = p.conflicts[0].candidates.iter().filter_map(|c| c.value.clone()).collect();
    assert_eq!(values, vec![json!("accepted"), json!("rejected")]);
}

#[test]
fn no_changes_no_record() {
    assert_eq!(project(&[]), None);
}

#[test]
fn change_round_trips_as_json_and_refuses_unknown_fields() {
    let c = up(1, &[], 10, 1, json!({"status": "referred"}));
    let text = serde_json::to_string(&c).expect("serialize");
    assert!(text.contains("\"kind\":\"referral\""), "{text}");
    assert_eq!(serde_json::from_str::<Change>(&text).expect("parse"), c);
    let extra = text.replacen('{', "{\"x\":1,", 1);
    assert!(serde_json::from_str::<Change>(&extra).is_err());
    let bad_kind = text.replace("referral", "nonsense");
    assert!(serde_json::from_str::<Change>(&bad_kind).is_err());
}
