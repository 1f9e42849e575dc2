//! `reintegra report indicators` through the real binary, on the documented example records.

mod common;

use common::ok;
use serde_json::Value;

#[test]
fn indicators_total_and_by_municipality_agree() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = common::example_store(dir.path());
    let total: Value = serde_json::from_str(&ok(&mut run(&["report", "indicators", "--json"]))).expect("json");
    assert_eq!(total["total"]["participants_paid"]["target"], 300);
    assert_eq!(total["total"]["relatives_trained"]["target"], 600);
    assert_eq!(total["total"]["relatives_visited"]["target"], 300);
    assert!(total["groups"].as_object().is_some_and(|g| g.is_empty()));
    let by: Value =
        serde_json::from_str(&ok(&mut run(&["report", "indicators", "--by", "municipality", "--json"]))).expect("json");
    for figure in ["relatives_visited", "relatives_trained", "participants_paid"] {
        let sum: u64 =
            by["groups"].as_object().map(|g| g.values().filter_map(|v| v[figure]["value"].as_u64()).sum()).unwrap_or(0);
        assert_eq!(Some(sum), total["total"][figure]["value"].as_u64(), "{figure}");
    }
    let human = ok(&mut run(&["report", "indicators"]));
    assert!(human.contains("Familiares formados"), "{human}");
    let refused = run(&["report", "indicators", "--trained-share", "0"]).output().expect("run");
    assert!(!refused.status.success());
}
