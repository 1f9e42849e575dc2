//! Sync between real stores on disk: trust, export, import, conflicts, refusals.

use std::collections::BTreeMap;

use reintegra_core::records::Kind;
use reintegra_core::wire::DeviceRole;
use serde_json::{Value, json};
use uuid::Uuid;

use super::*;
use crate::records;
use crate::testing::{Folder, add, count, fields, paired, set, today, trust};

fn person(s: &mut Store, given: &str, worker: &str) -> Uuid {
    add(
        s,
        Kind::Person,
        json!({"role": "participant", "given_names": given, "first_surname": "Hernández",
            "birth_date": "1990-03-04", "municipality": "San Salvador Centro", "assigned_worker": worker}),
    )
}

/// The paired stores, and a participant's referral written on the laptop that the central file holds too.
fn shared_referral() -> (Folder, Store, Store, Uuid) {
    let (mut net, mut central, mut laptop) = paired();
    let p = person(&mut laptop, "María", "Ana");
    let r = referral(&mut laptop, p);
    net.send(&mut laptop, &mut central);
    (net, central, laptop, r)
}

fn referral(s: &mut Store, person: Uuid) -> Uuid {
    add(
        s,
        Kind::Referral,
        json!({"person_id": person, "service": "health", "organisation": "Unidad de Salud",
            "date": "2026-01-05", "status": "referred"}),
    )
}

#[test]
fn a_laptops_work_reaches_the_central_file_once() {
    let (mut net, mut central, mut laptop) = paired();
    let p = person(&mut laptop, "María", "Ana");
    referral(&mut laptop, p);

    let out = net.file();
    export(&mut laptop, &[], &out).expect("export to every trusted device");
    let bytes = std::fs::read(&out).expect("read");
    let report = import(&mut central, &bytes, &mut |_, _| {}).expect("import");
    assert_eq!((report.changes, report.inserted, report.updated, report.conflicts), (2, 2, 0, 0));
    assert_eq!(central.digest().expect("digest"), laptop.digest().expect("digest"));

    let again = import(&mut central, &bytes, &mut |_, _| {}).expect("replay");
    assert!(again.replayed);
    assert_eq!(count(&mut central, "SELECT COUNT(*) FROM changes"), 2);

    // Acknowledgements: once the central file has said it holds them, the laptop stops re-sending them.
    let back = net.send(&mut central, &mut laptop);
    assert_eq!(back.changes, 0, "the laptop's own changes are not sent back");
    let out = net.file();
    let r = export(&mut laptop, &[], &out).expect("export");
    assert_eq!(r.changes, 0);
    assert_eq!(devices(&mut laptop).expect("list")[0].unacknowledged, 0);
    assert_eq!(devices(&mut central).expect("list")[0].unacknowledged, 0, "the laptop's own changes are not owed");
}

#[test]
fn concurrent_edits_conflict_and_a_resolution_settles_them_everywhere() {
    let (mut net, mut central, mut laptop, r) = shared_referral();

    set(&mut laptop, Kind::Referral, r, json!({"status": "accepted", "follow_up": "2026-02-01"}));
    set(&mut central, Kind::Referral, r, json!({"status": "rejected"}));
    let at_central = net.send(&mut laptop, &mut central);
    assert_eq!((at_central.updated, at_central.conflicts), (1, 1));
    let at_laptop = net.send(&mut central, &mut laptop);
    assert_eq!(at_laptop.conflicts, 1);
    assert_eq!(central.digest().expect("d"), laptop.digest().expect("d"), "same changes, same state");

    let open = conflicts(&mut central).expect("list");
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].disputed, "status");
    let values: Vec<&Value> = open[0].candidates.iter().map(|c| &c["value"]).collect();
    assert!(values.contains(&&json!("accepted")) && values.contains(&&json!("rejected")));
    // The field nobody disputed merged quietly.
    let (data, _) = records::get(&mut central, Kind::Referral, r).expect("get");
    assert_eq!(data["follow_up"], json!("2026-02-01"));

    assert!(resolve(&mut central, &open[0].id, &Keep::Value(json!("lost"))).is_err(), "an invalid value");
    resolve(&mut central, &open[0].id, &Keep::Value(json!("accepted"))).expect("resolve");
    assert!(conflicts(&mut central).expect("list").is_empty());
    net.send(&mut central, &mut laptop);
    assert!(conflicts(&mut laptop).expect("list").is_empty(), "the resolution travelled");
    assert_eq!(records::get(&mut laptop, Kind::Referral, r).expect("get").0["status"], json!("accepted"));
    assert_eq!(central.digest().expect("d"), laptop.digest().expect("d"));
}

#[test]
fn a_delete_beside_an_edit_waits_for_a_decision() {
    let (mut net, mut central, mut laptop, r) = shared_referral();
    set(&mut laptop, Kind::Referral, r, json!({"status": "accepted"}));
    central.with_tx(|w| records::delete(w, Kind::Referral, r)).expect("delete");
    net.send(&mut laptop, &mut central);
    let open = conflicts(&mut central).expect("list");
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].disputed, "_deleted");
    resolve(&mut central, &open[0].id, &Keep::Value(json!("restaurar"))).expect("restore");
    let (data, deleted) = records::get(&mut central, Kind::Referral, r).expect("get");
    assert!(!deleted);
    assert_eq!(data["status"], json!("accepted"));
}

#[test]
fn a_field_laptop_receives_only_its_caseload() {
    let mut net = Folder::new();
    let mut central = net.store("Central", DeviceRole::Supervisor);
    let mut ana = net.store("Laptop Ana", DeviceRole::Field);
    let mut mario = net.store("Laptop Mario", DeviceRole::Field);
    set_workers(&mut ana, &["Ana Portillo".into()]).expect("workers");
    trust(&mut central, &mut ana);
    trust(&mut central, &mut mario);
    let hers = person(&mut central, "Lucía", "Ana Portillo");
    referral(&mut central, hers);
    let his = person(&mut central, "José", "Mario Ayala");
    referral(&mut central, his);

    let got = net.send(&mut central, &mut ana);
    assert_eq!(got.changes, 2);
    assert!(records::get(&mut ana, Kind::Person, hers).is_ok());
    assert!(records::get(&mut ana, Kind::Person, his).is_err(), "another worker's participant");

    // A supervisor's bundle for two laptops would show each one the other's caseload.
    let out = net.file();
    let both = [ana.device().id.to_string(), "Laptop Mario".to_string()];
    assert!(matches!(export(&mut central, &both, &out), Err(Error::Refused("error.bundle_one_field_recipient"))));
    assert!(!out.exists());

    // Reassigned: the person's whole history follows.
    set(&mut central, Kind::Person, his, json!({"assigned_worker": "Ana Portillo"}));
    let got = net.send(&mut central, &mut ana);
    assert_eq!(got.inserted, 2, "the person and the referral written before the reassignment");
}

#[test]
fn refusals_change_nothing() {
    let mut net = Folder::new();
    let mut central = net.store("Central", DeviceRole::Supervisor);
    let mut laptop = net.store("Laptop Ana", DeviceRole::Field);
    let mut stranger = net.store("Laptop X", DeviceRole::Field);
    let mut other = net.store("Central 2", DeviceRole::Supervisor);
    trust(&mut central, &mut laptop);
    trust(&mut other, &mut stranger);
    trust(&mut other, &mut laptop);
    let p = person(&mut laptop, "María", "Ana");
    referral(&mut laptop, p);
    person(&mut stranger, "Pedro", "X");

    let before = (central.digest().expect("d"), count(&mut central, "SELECT COUNT(*) FROM changes"));
    let refused = |s: &mut Store, bytes: &[u8]| -> String {
        let err = import(s, bytes, &mut |_, _| {}).expect_err("refused");
        format!("{:?}", reintegra_core::wire::ApiError::from(err).code)
    };

    let out = net.file();
    export(&mut stranger, &["Central 2".into()], &out).expect("export");
    let from_stranger = std::fs::read(&out).expect("read");
    assert_eq!(refused(&mut central, &from_stranger), "\"error.bundle_unknown_sender\"");

    let out = net.file();
    export(&mut laptop, &["Central 2".into()], &out).expect("export");
    let for_other = std::fs::read(&out).expect("read");
    assert_eq!(refused(&mut central, &for_other), "\"error.bundle_not_for_us\"");

    let out = net.file();
    export(&mut laptop, &["Central".into()], &out).expect("export");
    let good = std::fs::read(&out).expect("read");
    assert_eq!(refused(&mut central, &good[..good.len() / 2]), "\"error.bundle_truncated\"");
    let mut flipped = good.clone();
    let at = flipped.len() - 100;
    flipped[at] ^= 0x40;
    assert_eq!(refused(&mut central, &flipped), "\"error.bundle_signature\"");

    // Crafted with the laptop's own key: a newer schema, a change id reused with other content, another
    // device's change relayed by a field laptop.
    let keys = super::keys(&mut laptop).expect("keys");
    let central_keys = public_keys(&mut central).expect("keys");
    let mut changes = laptop
        .read(|tx| {
            let mut stmt = tx.prepare(&format!("SELECT {} FROM changes", crate::changes::CHANGE_COLUMNS))?;
            let mut rows = stmt.query([])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                out.push(crate::changes::change_from_row(r, 0)?);
            }
            Ok(out)
        })
        .expect("changes");
    let (laptop_id, central_id) = (laptop.device().id, central.device().id);
    let header = |n: usize, schema: i64| reintegra_bundle::Header {
        bundle_id: Uuid::now_v7(),
        sender: laptop_id,
        recipients: vec![central_id],
        schema,
        created_ms: 0,
        from_seq: 0,
        to_seq: 2,
        acks: BTreeMap::new(),
        changes: n as u64,
        hlc_max: 1,
    };
    let crafted = |h: reintegra_bundle::Header, cs: &[reintegra_core::merge::Change]| {
        reintegra_bundle::seal(&h, cs, &keys, std::slice::from_ref(&central_keys)).expect("seal")
    };
    let newer = crafted(header(changes.len(), crate::migrations::latest() + 1), &changes);
    assert_eq!(refused(&mut central, &newer), "\"error.bundle_schema_newer\"");
    let mut relayed = changes.clone();
    relayed[0].device_id = stranger.device().id;
    assert_eq!(refused(&mut central, &crafted(header(2, 5), &relayed)), "\"error.at_change\"");

    // The good bundle goes in; then the same change id with other content is refused.
    import(&mut central, &good, &mut |_, _| {}).expect("import");
    let after_good = (central.digest().expect("d"), count(&mut central, "SELECT COUNT(*) FROM changes"));
    changes[1].fields.insert("organisation".into(), json!("Otra"));
    assert_eq!(refused(&mut central, &crafted(header(2, 5), &changes)), "\"error.change_reused\"");
    assert_eq!((central.digest().expect("d"), count(&mut central, "SELECT COUNT(*) FROM changes")), after_good);

    // A laptop whose clock is days ahead: merged, and flagged.
    let ahead = reintegra_core::hlc::Hlc::new(chrono::Utc::now().timestamp_millis() + 3 * 86_400_000, 0).0;
    let mut future = changes[0].clone();
    future.change_id = Uuid::now_v7();
    future.record_id = Uuid::now_v7();
    future.hlc = ahead;
    let mut h = header(1, 5);
    h.hlc_max = ahead;
    let r = import(&mut central, &crafted(h, &[future]), &mut |_, _| {}).expect("merged");
    assert!(r.clock_ahead);
    assert!(!import(&mut central, &good, &mut |_, _| {}).expect("replay").clock_ahead);

    // Revoked: refused from now on.
    revoke_device(&mut central, "Laptop Ana").expect("revoke");
    let out = net.file();
    set(&mut laptop, Kind::Person, p, json!({"phone": "7123-4567"}));
    export(&mut laptop, &["Central".into()], &out).expect("export");
    assert_eq!(refused(&mut central, &std::fs::read(&out).expect("read")), "\"error.bundle_revoked_sender\"");
    assert_ne!(before, after_good);
}

#[test]
fn trust_rules() {
    let mut net = Folder::new();
    let mut central = net.store("Central", DeviceRole::Supervisor);
    let mut laptop = net.store("Laptop Ana", DeviceRole::Field);
    let mut twin = net.store("Laptop Ana", DeviceRole::Field);
    let me = public_keys(&mut central).expect("keys");
    assert!(matches!(add_device(&mut central, &me), Err(Error::Refused("error.device_is_self"))));
    let pk = public_keys(&mut laptop).expect("keys");
    assert_eq!(add_device(&mut central, &pk).expect("add"), Added::Added);
    assert_eq!(add_device(&mut central, &pk).expect("again"), Added::Updated);
    let twin_keys = public_keys(&mut twin).expect("keys");
    assert!(matches!(add_device(&mut central, &twin_keys), Err(Error::Refused("error.device_name_taken"))));
    let swapped = reintegra_bundle::PublicKeys { device_id: pk.device_id, ..twin_keys };
    assert!(matches!(add_device(&mut central, &swapped), Err(Error::Refused("error.device_keys_changed"))));
    revoke_device(&mut central, "Laptop Ana").expect("revoke");
    assert!(matches!(add_device(&mut central, &pk), Err(Error::Refused("error.device_revoked"))));
    let listed = devices(&mut central).expect("list");
    assert_eq!(listed.len(), 1);
    assert!(listed[0].revoked_at_ms.is_some());
}

#[test]
fn a_shared_folder_carries_bundles_both_ways_and_is_cleaned_once_confirmed() {
    let (net, mut central, mut laptop) = paired();
    let stick = net.path().join("usb");
    std::fs::create_dir(&stick).expect("mkdir");
    let files = |dir: &std::path::Path| std::fs::read_dir(dir).expect("ls").count();
    let p = person(&mut laptop, "María", "Ana");

    let r = sync_folder(&mut laptop, &stick, &mut |_, _| {}).expect("laptop sync");
    assert_eq!((r.imported.len(), r.exported.len()), (0, 1));
    let again = sync_folder(&mut laptop, &stick, &mut |_, _| {}).expect("nothing new");
    assert!(again.exported.is_empty(), "no new bundle when nothing changed");
    assert_eq!(files(&stick), 1);

    let r = sync_folder(&mut central, &stick, &mut |_, _| {}).expect("central sync");
    assert_eq!((r.imported.len(), r.refused.len(), r.exported.len()), (1, 0, 1));
    assert!(records::get(&mut central, Kind::Person, p).is_ok());
    let r = sync_folder(&mut laptop, &stick, &mut |_, _| {}).expect("laptop takes the acknowledgement");
    assert_eq!(r.imported.len(), 1);
    sync_folder(&mut laptop, &stick, &mut |_, _| {}).expect("laptop cleans");
    assert_eq!(files(&stick), 1, "the laptop's confirmed bundle is gone; the central file's waits for its ack");
    assert_eq!(central.digest().expect("d"), laptop.digest().expect("d"));
}

#[test]
fn a_disk_that_fills_up_during_an_import_leaves_the_store_as_it_was() {
    let (mut net, mut central, mut laptop) = paired();
    let p = person(&mut laptop, "María", "Ana");
    laptop
        .with_tx(|w| {
            for i in 0..1500 {
                records::upsert(
                    w,
                    Kind::Referral,
                    None,
                    &fields(json!({"person_id": p, "service": "health", "organisation": format!("Organización {i}"),
                        "date": "2026-01-05", "status": "referred", "outcome": "x".repeat(200)})),
                    today(),
                )?;
            }
            Ok(())
        })
        .expect("referrals");
    let out = net.file();
    export(&mut laptop, &[], &out).expect("export");
    let bytes = std::fs::read(&out).expect("read");

    let before = (central.digest().expect("d"), count(&mut central, "SELECT COUNT(*) FROM changes"));
    let pages: i64 = central.conn.query_row("PRAGMA page_count", [], |r| r.get(0)).expect("pages");
    // The "disk" has room for a few more pages only.
    central.conn.query_row(&format!("PRAGMA max_page_count = {}", pages + 8), [], |_| Ok(())).expect("limit");
    let err = import(&mut central, &bytes, &mut |_, _| {}).expect_err("disk full");
    assert!(err.to_string().contains("full"), "{err}");
    assert_eq!((central.digest().expect("d"), count(&mut central, "SELECT COUNT(*) FROM changes")), before);
    assert!(central.integrity_problems().expect("check").is_empty());

    central.conn.query_row("PRAGMA max_page_count = 1073741823", [], |_| Ok(())).expect("lift");
    let r = import(&mut central, &bytes, &mut |_, _| {}).expect("room again");
    assert_eq!(r.inserted, 1501);
    assert_eq!(central.digest().expect("d"), laptop.digest().expect("d"));
}

#[test]
fn a_new_value_that_looks_like_an_id_is_still_a_value() {
    let (mut net, mut central, mut laptop, r) = shared_referral();
    set(&mut laptop, Kind::Referral, r, json!({"follow_up": "2026-02-01"}));
    set(&mut central, Kind::Referral, r, json!({"follow_up": "2026-02-15"}));
    net.send(&mut laptop, &mut central);
    let open = conflicts(&mut central).expect("list");
    assert_eq!(open.len(), 1);
    // "2026-03-01" is made of digits and dashes, like the start of an id; it names no side, so it is the new date.
    resolve(&mut central, &open[0].id, &Keep::parse("2026-03-01")).expect("resolve with a new date");
    assert_eq!(records::get(&mut central, Kind::Referral, r).expect("get").0["follow_up"], json!("2026-03-01"));
    assert!(conflicts(&mut central).expect("list").is_empty());
}

#[test]
fn a_person_reassigned_away_is_purged_once_acknowledged_and_comes_back_whole() {
    let mut net = Folder::new();
    let mut central = net.store("Central", DeviceRole::Supervisor);
    let mut ana = net.store("Laptop Ana", DeviceRole::Field);
    set_workers(&mut ana, &["Ana Portillo".into()]).expect("workers");
    trust(&mut central, &mut ana);
    let p = person(&mut central, "Lucía", "Ana Portillo");
    let r = referral(&mut central, p);
    let stays = person(&mut central, "Marta", "Ana Portillo");
    net.send(&mut central, &mut ana);
    assert!(records::get(&mut ana, Kind::Referral, r).is_ok());

    // Ana's laptop edits the referral; meanwhile the central file reassigns the person.
    set(&mut ana, Kind::Referral, r, json!({"status": "accepted"}));
    set(&mut central, Kind::Person, p, json!({"assigned_worker": "Mario Ayala"}));
    let got = net.send(&mut central, &mut ana);
    assert_eq!(got.purged, 0, "the laptop's own change is not acknowledged yet");
    assert!(records::get(&mut ana, Kind::Person, p).is_ok());
    assert_eq!(purge(&mut ana, true).expect("dry run").waiting, 1);

    net.send(&mut ana, &mut central);
    let got = net.send(&mut central, &mut ana);
    assert_eq!(got.purged, 1);
    assert!(records::get(&mut ana, Kind::Person, p).is_err());
    assert!(records::get(&mut ana, Kind::Referral, r).is_err());
    assert!(records::get(&mut ana, Kind::Person, stays).is_ok(), "the rest of the caseload stays");
    let left = count(
        &mut ana,
        &format!("SELECT count(*) FROM changes WHERE record_id IN ('{p}', '{r}') OR instr(fields, '{p}') > 0"),
    );
    assert_eq!(left, 0, "the change log holds nothing about them");
    assert!(ana.projections_match_log().expect("rebuild"));

    // The central file keeps everything, the laptop's edit included.
    assert_eq!(records::get(&mut central, Kind::Referral, r).expect("referral").0["status"], "accepted");
    // A new edit on the laptop still travels (its position is above every one the central file acknowledged).
    set(&mut ana, Kind::Person, stays, json!({"phone": "7012-3456"}));
    assert_eq!(net.send(&mut ana, &mut central).inserted + net.send(&mut central, &mut ana).inserted, 0);
    assert_eq!(records::get(&mut central, Kind::Person, stays).expect("person").0["phone"], "7012-3456");

    // Reassigned back: the whole history comes again.
    set(&mut central, Kind::Person, p, json!({"assigned_worker": "Ana Portillo"}));
    net.send(&mut central, &mut ana);
    assert_eq!(records::get(&mut ana, Kind::Referral, r).expect("referral").0["status"], "accepted");
    assert_eq!(records::get(&mut ana, Kind::Person, p).expect("person").0["assigned_worker"], "Ana Portillo");
    assert!(ana.projections_match_log().expect("rebuild"));

    // The laptop's audit log reached the central file, its chain whole.
    let chains = crate::audit::verify_received(&mut central).expect("verify");
    assert_eq!(chains.len(), 1);
    assert_eq!((chains[0].device.as_str(), chains[0].broken), (ana.device().id.to_string().as_str(), None));
    assert!(chains[0].entries >= 5, "{chains:?}");
}

/// A laptop's bundle for the central file, as bytes, and the folder the central file syncs through.
fn a_bundle_on_the_way() -> (Folder, Store, std::path::PathBuf, Vec<u8>) {
    let (net, central, mut laptop) = paired();
    person(&mut laptop, "María", "Ana");
    let out = net.path().join("from-laptop");
    std::fs::create_dir(&out).expect("mkdir");
    sync_folder(&mut laptop, &out, &mut |_, _| {}).expect("laptop sync");
    let file = std::fs::read_dir(&out).expect("ls").next().expect("one bundle").expect("entry").path();
    let bytes = std::fs::read(file).expect("read");
    let stick = net.path().join("onedrive");
    std::fs::create_dir(&stick).expect("mkdir");
    (net, central, stick, bytes)
}

#[test]
fn a_bundle_still_arriving_in_a_synced_folder_waits_for_the_next_round_and_changes_nothing() {
    let (_net, mut central, stick, bytes) = a_bundle_on_the_way();
    let before = central.digest().expect("digest");
    // Cut short (a cloud client still downloading it), and created at full size but not yet filled.
    std::fs::write(stick.join("cut.rgb"), &bytes[..bytes.len() / 2]).expect("write");
    let mut unfilled = bytes.clone();
    let n = unfilled.len();
    unfilled[n - 200..].fill(0);
    std::fs::write(stick.join("unfilled.rgb"), &unfilled).expect("write");
    std::fs::write(stick.join("empty.rgb"), b"").expect("write");

    let r = sync_folder(&mut central, &stick, &mut |_, _| {}).expect("sync");
    assert!(r.imported.is_empty() && r.refused.is_empty(), "never read, never called forged: {r:?}");
    let mut pending = r.pending.clone();
    pending.sort();
    assert_eq!(
        pending,
        [("cut.rgb", INCOMPLETE), ("empty.rgb", INCOMPLETE), ("unfilled.rgb", INCOMPLETE)]
            .map(|(f, k)| (f.to_owned(), k.to_owned()))
    );
    assert_eq!(central.digest().expect("digest"), before);

    // The next round, once the file is whole, takes it in.
    std::fs::write(stick.join("cut.rgb"), &bytes).expect("write");
    let r = sync_folder(&mut central, &stick, &mut |_, _| {}).expect("sync");
    assert_eq!(r.imported.len(), 1);
    assert_eq!(r.pending.len(), 2, "the other two still wait: {r:?}");
}

#[test]
fn a_bundle_another_program_holds_open_waits_for_the_next_round() {
    let (_net, mut central, stick, bytes) = a_bundle_on_the_way();
    let path = stick.join("scanned.rgb");
    std::fs::write(&path, &bytes).expect("write");
    #[cfg(windows)]
    let held = {
        // An antivirus scanning the file: opened with no sharing, so every other open fails (error 32).
        use std::os::windows::fs::OpenOptionsExt;
        std::fs::OpenOptions::new().read(true).share_mode(0).open(&path).expect("hold")
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        if std::fs::read(&path).is_ok() {
            // Running as root: nothing can be held from root here (the Windows build checks the real case).
            return;
        }
    }
    let r = sync_folder(&mut central, &stick, &mut |_, _| {}).expect("a busy file is no error");
    assert_eq!(r.pending, [("scanned.rgb".to_owned(), BUSY.to_owned())]);
    assert!(r.imported.is_empty() && r.refused.is_empty());

    #[cfg(windows)]
    drop(held);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let r = sync_folder(&mut central, &stick, &mut |_, _| {}).expect("sync");
    assert_eq!((r.imported.len(), r.pending.len()), (1, 0));
}

/// What the log scan with [`caseload::Subjects`] (record by record) sent a laptop before the caseload was found by
/// index: the reference [`caseload::laptop_changes`] must equal.
fn sent_by_subjects(tx: &rusqlite::Transaction<'_>, l: &caseload::Laptop<'_>) -> Result<Vec<i64>> {
    let start = if l.pending.is_empty() { l.from } else { 0 };
    let mut stmt = tx.prepare("SELECT seq, kind, record_id, device_id FROM changes WHERE seq > ?1 ORDER BY seq")?;
    let rows: Vec<(i64, String, String, String)> = stmt
        .query_map([start], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<std::result::Result<_, _>>()?;
    let mut subjects = caseload::Subjects::new(tx);
    let mut out = Vec::new();
    for (seq, kind, id, device) in rows {
        let kind = Kind::from_name(&kind).ok_or(Error::Format("error.kind_unknown"))?;
        let id = Uuid::parse_str(&id).map_err(|_| Error::Format("error.id_invalid"))?;
        let own = device == l.device.to_string();
        let include = (!own && seq > l.from && subjects.concerns(kind, id, l.people)?)
            || (!own && subjects.names_any(kind, id, l.pending)?)
            || (own && subjects.names_any(kind, id, l.returning)?)
            || (!own && seq > l.from && kind == Kind::Person && l.leaving.contains(&id.to_string()));
        if include {
            out.push(seq);
        }
    }
    Ok(out)
}

/// The changes each laptop would be sent now, found by scanning the log, by index, and record by record: the same.
fn same_caseload_every_way(central: &mut Store, laptops: &[&Store]) -> usize {
    let mut sent = 0;
    for laptop in laptops {
        let id = laptop.device().id;
        sent += central
            .read(|tx| {
                let row = devices::find_row(tx, &id.to_string())?.expect("trusted");
                let top: i64 = tx.query_row("SELECT MAX(seq) FROM changes", [], |r| r.get(0))?;
                let scope = export::field_scope(tx, &row, top, None)?;
                // The people read once for a folder's round are the ones read for the laptop alone.
                let directory = caseload::Directory::build(tx)?;
                assert_eq!(directory.people(id, &row.keys.workers), scope.people);
                let laptop = scope.laptop(id, row.acked_seq);
                let reference = sent_by_subjects(tx, &laptop)?;
                for way in [caseload::Way::Scan, caseload::Way::Index, caseload::Way::Cheaper] {
                    // Without and with the folder round's directory (whose shared changes are decoded once).
                    for directory in [None, Some(&directory), Some(&directory)] {
                        let sent = caseload::laptop_changes(tx, &laptop, way, directory)?;
                        assert_eq!(sent.iter().map(|(seq, _)| *seq).collect::<Vec<_>>(), reference, "{way:?}");
                    }
                }
                Ok(reference.len())
            })
            .expect("read");
    }
    sent
}

#[test]
fn each_laptops_caseload_found_by_index_equals_the_one_read_record_by_record() {
    let mut net = Folder::new();
    let mut central = net.store("Central", DeviceRole::Supervisor);
    let mut ana = net.store("Laptop Ana", DeviceRole::Field);
    let mut mario = net.store("Laptop Mario", DeviceRole::Field);
    let mut libre = net.store("Laptop libre", DeviceRole::Field);
    set_workers(&mut ana, &["Ana Portillo".into()]).expect("workers");
    set_workers(&mut mario, &["Mario Ayala".into()]).expect("workers");
    for laptop in [&mut ana, &mut mario, &mut libre] {
        trust(&mut central, laptop);
    }
    // Ana's and Mario's participants, a mother shared by one of each, visits (one deleted), a group's session
    // they both attended, a payment and a referral.
    let lucia = person(&mut central, "Lucía", "Ana Portillo");
    let jose = person(&mut central, "José", "Mario Ayala");
    let marta = person(&mut central, "Marta", "Ana Portillo");
    let rosa = crate::testing::person(&mut central, "relative", "Rosa");
    for p in [lucia, jose] {
        add(&mut central, Kind::Relationship, json!({"participant_id": p, "relative_id": rosa, "kind": "mother"}));
    }
    add(&mut central, Kind::HomeVisit, json!({"date": "2026-02-20", "person_ids": [lucia, rosa]}));
    let gone = add(&mut central, Kind::HomeVisit, json!({"date": "2026-02-21", "person_ids": [jose]}));
    central.with_tx(|w| records::delete(w, Kind::HomeVisit, gone)).expect("delete");
    let group = add(
        &mut central,
        Kind::Group,
        json!({"name": "Grupo de padres", "kind": "parent_training", "municipality": "San Salvador Centro"}),
    );
    let session =
        add(&mut central, Kind::Session, json!({"kind": "group_training", "date": "2026-02-02", "group_id": group}));
    for p in [lucia, jose, rosa] {
        add(&mut central, Kind::Attendance, json!({"session_id": session, "person_id": p, "status": "present"}));
    }
    add(&mut central, Kind::Enrolment, json!({"person_id": jose, "component": "voucher", "start_date": "2026-01-05"}));
    add(
        &mut central,
        Kind::Payment,
        json!({"person_id": jose, "month": "2026-01", "amount_usd": 100, "paid_on": "2026-02-05", "reference": "P-1"}),
    );
    referral(&mut central, marta);
    // Someone registered on the laptop that names no workers, assigned to no one.
    let suelto = add(
        &mut libre,
        Kind::Person,
        json!({"role": "participant", "given_names": "Suelto", "first_surname": "Pérez", "birth_date": "1991-01-01",
            "municipality": "San Salvador Centro"}),
    );
    referral(&mut libre, suelto);
    net.send(&mut libre, &mut central);

    // New laptops: everything about their people, and the shared records.
    assert!(same_caseload_every_way(&mut central, &[&ana, &mario, &libre]) > 0);
    for laptop in [&mut ana, &mut mario, &mut libre] {
        net.send(&mut central, laptop);
        net.send(laptop, &mut central);
    }
    // Acknowledged: only what is new.
    set(&mut central, Kind::Person, lucia, json!({"phone": "7012-3456"}));
    same_caseload_every_way(&mut central, &[&ana, &mario, &libre]);

    // A transfer: Marta to Mario; Ana's laptop edits her referral meanwhile; then back to Ana.
    set(&mut central, Kind::Person, marta, json!({"assigned_worker": "Mario Ayala"}));
    same_caseload_every_way(&mut central, &[&ana, &mario, &libre]);
    for laptop in [&mut ana, &mut mario] {
        net.send(&mut central, laptop);
        net.send(laptop, &mut central);
    }
    same_caseload_every_way(&mut central, &[&ana, &mario, &libre]);
    set(&mut central, Kind::Person, marta, json!({"assigned_worker": "Ana Portillo"}));
    let visit = add(&mut central, Kind::HomeVisit, json!({"date": "2026-03-01", "person_ids": [marta, jose]}));
    same_caseload_every_way(&mut central, &[&ana, &mario, &libre]);
    for laptop in [&mut ana, &mut mario, &mut libre] {
        net.send(&mut central, laptop);
        net.send(laptop, &mut central);
        net.send(&mut central, laptop);
    }
    central.with_tx(|w| records::delete(w, Kind::HomeVisit, visit)).expect("delete");
    assert!(same_caseload_every_way(&mut central, &[&ana, &mario, &libre]) > 0);
}

/// An import leaves copying its pages into the file for later (issue 18: SQLite's automatic checkpoint was a fifth
/// of a month's import) and SQLite's setting as it was, refused or not; a folder's round ends with a checkpoint.
#[test]
fn an_import_puts_off_the_checkpoint_and_a_folder_round_ends_with_one() {
    let (mut net, mut central, mut laptop) = paired();
    let p = person(&mut laptop, "María", "Ana");
    referral(&mut laptop, p);
    let setting = |s: &mut Store| -> i64 {
        s.conn.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0)).expect("wal_autocheckpoint")
    };
    // In WAL mode the store's own file changes only when a checkpoint copies pages into it.
    let file = |s: &Store| std::fs::read(s.path()).expect("store file");
    assert_eq!(setting(&mut central), crate::open::AUTOCHECKPOINT_PAGES);

    assert!(import(&mut central, b"not a bundle", &mut |_, _| {}).is_err());
    assert_eq!(setting(&mut central), crate::open::AUTOCHECKPOINT_PAGES, "restored after a refusal");
    let out = net.file();
    export(&mut laptop, &[], &out).expect("export");
    let before = file(&central);
    import(&mut central, &std::fs::read(&out).expect("read"), &mut |_, _| {}).expect("import");
    assert_eq!(setting(&mut central), crate::open::AUTOCHECKPOINT_PAGES, "restored after an import");
    assert!(file(&central) == before, "the import's pages wait in the log");
    assert!(records::get(&mut central, Kind::Person, p).is_ok(), "and are read from it");

    let stick = net.path().join("usb");
    std::fs::create_dir(&stick).expect("mkdir");
    person(&mut laptop, "Rosa", "Ana");
    sync_folder(&mut laptop, &stick, &mut |_, _| {}).expect("laptop sync");
    let r = sync_folder(&mut central, &stick, &mut |_, _| {}).expect("central sync");
    assert_eq!(r.imported.len(), 1);
    assert!(file(&central) != before, "the round ended with a checkpoint");
    assert_eq!(setting(&mut central), crate::open::AUTOCHECKPOINT_PAGES);
}
