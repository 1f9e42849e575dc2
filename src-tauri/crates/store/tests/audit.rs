//! The audit screen's reads: the log filtered in the query (who, which person, what, when), newest first and paged;
//! and the chain's state, intact or broken at an entry.

use std::path::Path;

use reintegra_core::wire::DeviceRole;
use reintegra_core::wire::data::AuditQuery;
use reintegra_store::Store;
use reintegra_store::audit::{self, Action};
use reintegra_store::testing::{self, PASS};

fn seqs(store: &mut Store, q: AuditQuery) -> Vec<i64> {
    audit::search(store, &q).expect("search").entries.iter().map(|e| e.seq).collect()
}

#[test]
fn the_log_is_filtered_in_the_query_newest_first_and_paged() {
    let (_dir, mut store) = testing::store(DeviceRole::Supervisor);
    let me = store.user().to_owned();
    let ana = "0192a000-0000-7000-8000-00000000000a";
    audit::record(&mut store, Action::ViewPerson, ana).expect("record");
    audit::record(&mut store, Action::Export, "anonymous:12").expect("record");
    audit::record(&mut store, Action::ViewPerson, "0192a000-0000-7000-8000-00000000000b").expect("record");
    audit::record(&mut store, Action::Export, "personal:12:protected").expect("record");
    let all = audit::search(&mut store, &AuditQuery::default()).expect("search");
    let total = all.total as i64;
    assert!(total >= 5, "the store's creation, then four");
    assert_eq!(all.entries[0].seq, total, "newest first");
    assert!(all.actions.contains(&"export".to_owned()) && all.users.contains(&me));

    let today = chrono::Utc::now().date_naive();
    let cases = [
        ("what: exports", AuditQuery { action: Some("export".into()), ..Default::default() }, vec![total, total - 2]),
        ("which person", AuditQuery { person: Some(ana.to_uppercase()), ..Default::default() }, vec![total - 3]),
        ("who: nobody else acted", AuditQuery { user: Some("otra".into()), ..Default::default() }, vec![]),
        (
            "who and what",
            AuditQuery { user: Some(me.clone()), action: Some("view_person".into()), ..Default::default() },
            vec![total - 1, total - 3],
        ),
        ("when: from tomorrow", AuditQuery { from: today.succ_opt(), ..Default::default() }, vec![]),
        (
            "when: until the day before yesterday",
            AuditQuery { to: today.pred_opt().and_then(|d| d.pred_opt()), ..Default::default() },
            vec![],
        ),
        (
            "a page of two, after the first two",
            AuditQuery { offset: 2, limit: 2, ..Default::default() },
            vec![total - 2, total - 3],
        ),
        (
            "a blank filter is no filter",
            AuditQuery { action: Some("  ".into()), limit: 1, ..Default::default() },
            vec![total],
        ),
    ];
    for (name, q, want) in cases {
        assert_eq!(seqs(&mut store, q), want, "{name}");
    }
    let exports =
        audit::search(&mut store, &AuditQuery { action: Some("export".into()), ..Default::default() }).expect("search");
    assert_eq!(exports.total, 2, "the total counts what the filters match");
    assert_eq!(exports.chain.broken_at, None);
    assert_eq!(exports.chain.entries, total as u64);
}

#[test]
fn a_broken_chain_says_where() {
    let (_folder, mut store) = testing::store(DeviceRole::Field);
    for i in 0..3 {
        audit::record(&mut store, Action::ViewPerson, &format!("id-{i}")).expect("record");
    }
    let db = store.path().to_owned();
    drop(store);
    let key = reintegra_store::data_key_hex(&db, PASS).expect("data key");
    let conn = rusqlite::Connection::open(&db).expect("open raw");
    conn.pragma_update(None, "key", key.as_str()).expect("key");
    conn.execute_batch(
        "DROP TRIGGER audit_no_update; UPDATE audit SET subject = 'id-9' WHERE seq = 3;
         CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'no'); END;",
    )
    .expect("tamper");
    drop(conn);
    let mut store = Store::open(Path::new(&db), PASS).expect("open");
    let state = audit::chain(&mut store).expect("state");
    assert_eq!((state.broken_at, state.broken.as_deref(), state.entries), (Some(3), Some("entry changed"), 2));
    let page = audit::search(&mut store, &AuditQuery::default()).expect("the log is still listed");
    assert_eq!(page.chain, state);
}
