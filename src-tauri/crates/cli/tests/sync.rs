//! Sync through the real binary: devices trust each other from `keys public --json`, bundles travel as files,
//! conflicts are listed and resolved, refused bundles change nothing.

use std::path::{Path, PathBuf};

mod common;

use common::{fails, ok, on as run};
use serde_json::{Value, json};

struct Device {
    db: PathBuf,
    name: String,
}

struct Net {
    dir: tempfile::TempDir,
    files: usize,
}

impl Net {
    fn new() -> Net {
        Net { dir: tempfile::tempdir().expect("tempdir"), files: 0 }
    }

    fn device(&self, name: &str, role: &str, workers: &[&str]) -> Device {
        let db = self.dir.path().join(format!("{name}.db"));
        let mut cmd = run(&db, &["init", "--device", name, "--role", role]);
        for w in workers {
            cmd.args(["--worker", w]);
        }
        ok(&mut cmd);
        Device { db, name: name.to_owned() }
    }

    fn path(&mut self, ext: &str) -> PathBuf {
        self.files += 1;
        self.dir.path().join(format!("f{}.{ext}", self.files))
    }

    /// Each device registers the other from the document `keys public --json` printed.
    fn trust(&mut self, a: &Device, b: &Device) {
        for (from, to) in [(a, b), (b, a)] {
            let keys = self.path("json");
            std::fs::write(&keys, ok(&mut run(&from.db, &["keys", "public", "--json"]))).expect("write keys");
            let mut add = run(&to.db, &["devices", "add"]);
            add.arg(&keys);
            ok(&mut add);
        }
    }

    fn export(&mut self, from: &Device, to: &Device) -> PathBuf {
        let out = self.path("rgb");
        let mut cmd = run(&from.db, &["bundle", "export", "--to", &to.name, "--json"]);
        cmd.arg("--out").arg(&out);
        ok(&mut cmd);
        out
    }

    fn send(&mut self, from: &Device, to: &Device) -> Value {
        let bundle = self.export(from, to);
        import(to, &[&bundle])
    }

    fn load(&mut self, d: &Device, lines: &[Value]) {
        let f = self.path("jsonl");
        let text: Vec<String> = lines.iter().map(Value::to_string).collect();
        std::fs::write(&f, text.join("\n")).expect("write");
        let mut cmd = run(&d.db, &["load"]);
        cmd.arg(f);
        ok(&mut cmd);
    }
}

fn import(d: &Device, files: &[&Path]) -> Value {
    let mut cmd = run(&d.db, &["bundle", "import", "--json"]);
    cmd.args(files);
    serde_json::from_str(&ok(&mut cmd)).expect("json")
}

fn digest(d: &Device) -> String {
    ok(&mut run(&d.db, &["digest"])).trim().to_owned()
}

fn conflicts(d: &Device) -> Vec<Value> {
    let doc: Value = serde_json::from_str(&ok(&mut run(&d.db, &["conflicts", "list", "--json"]))).expect("json");
    doc["conflicts"].as_array().cloned().unwrap_or_default()
}

const P: &str = "0192a000-0000-7000-8000-000000000001";
const R: &str = "0192a000-0000-7000-8000-000000000009";

fn participant() -> Value {
    json!({"type": "person", "id": P, "role": "participant", "given_names": "José Ángel", "first_surname": "Núñez",
           "birth_date": "1995-02-14", "municipality": "San Salvador Este", "assigned_worker": "Ana Portillo"})
}

fn referral(status: &str) -> Value {
    json!({"type": "referral", "id": R, "person_id": P, "service": "health", "organisation": "Unidad de Salud",
           "date": "2026-01-05", "status": status})
}

#[test]
fn a_laptop_and_the_central_file_converge_and_settle_a_conflict() {
    let mut net = Net::new();
    let central = net.device("Central", "supervisor", &[]);
    let laptop = net.device("Laptop Ana", "field", &["Ana Portillo"]);
    net.trust(&central, &laptop);
    let listed: Value = serde_json::from_str(&ok(&mut run(&central.db, &["devices", "list", "--json"]))).expect("json");
    assert_eq!(listed["devices"][0]["name"], "Laptop Ana");

    net.load(&laptop, &[participant(), referral("referred")]);
    let bundle = net.export(&laptop, &central);
    let report = import(&central, &[&bundle]);
    assert_eq!((report["inserted"].as_u64(), report["conflicts"].as_u64()), (Some(2), Some(0)));
    assert_eq!(digest(&central), digest(&laptop));
    let again = import(&central, &[&bundle]);
    assert_eq!(again["bundles"][0]["report"]["replayed"], true, "a replay changes nothing");
    assert_eq!(again["inserted"], 0);

    // Both edit the referral's status while apart.
    net.load(&laptop, &[referral("accepted")]);
    net.load(&central, &[referral("rejected")]);
    net.send(&laptop, &central);
    net.send(&central, &laptop);
    assert_eq!(digest(&central), digest(&laptop), "same changes, same state, same conflicts");
    let open = conflicts(&central);
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0]["disputed"], "status");
    assert_eq!(conflicts(&laptop), open);

    let id = open[0]["id"].as_str().expect("id");
    let err = fails(run(&central.db, &["conflicts", "resolve", id, "--keep", "perdido"]).env("REINTEGRA_LANG", "es"));
    assert!(err.contains("status"), "{err}");
    ok(&mut run(&central.db, &["conflicts", "resolve", id, "--keep", "accepted"]));
    net.send(&central, &laptop);
    assert!(conflicts(&laptop).is_empty());
    let record: Value =
        serde_json::from_str(&ok(&mut run(&laptop.db, &["records", "get", "referral", R]))).expect("json");
    assert_eq!(record["status"], "accepted");
    assert_eq!(digest(&central), digest(&laptop));
}

#[test]
fn damaged_forged_or_misaddressed_bundles_are_refused_and_change_nothing() {
    let mut net = Net::new();
    let central = net.device("Central", "supervisor", &[]);
    let laptop = net.device("Laptop Ana", "field", &[]);
    let stranger = net.device("Laptop X", "field", &[]);
    net.trust(&central, &laptop);
    let other = net.device("Central 2", "supervisor", &[]);
    net.trust(&other, &stranger);
    net.load(&laptop, &[participant()]);
    net.load(&stranger, &[participant()]);
    let good = net.export(&laptop, &central);
    let bytes = std::fs::read(&good).expect("read");
    let before = digest(&central);

    let truncated = net.path("rgb");
    std::fs::write(&truncated, &bytes[..bytes.len() - 7]).expect("write");
    let flipped = net.path("rgb");
    let mut f = bytes.clone();
    let at = f.len() / 2;
    f[at] ^= 1;
    std::fs::write(&flipped, f).expect("write");
    let garbage = net.path("rgb");
    std::fs::write(&garbage, "hola").expect("write");
    let from_stranger = net.export(&stranger, &other);

    for (file, reason) in [
        (&truncated, "incompleto"),
        (&flipped, "firma"),
        (&garbage, "no es un paquete"),
        (&from_stranger, "no es de confianza"),
    ] {
        let mut cmd = run(&central.db, &["bundle", "import"]);
        cmd.arg(file);
        let out = cmd.output().expect("run");
        assert!(!out.status.success());
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains(reason), "{reason}: {stdout}");
        assert_eq!(digest(&central), before, "{reason}: nothing changed");
    }

    // One bad bundle among good ones: the good ones are merged, the bad one is reported, the exit is non-zero.
    let mut cmd = run(&central.db, &["bundle", "import", "--json"]);
    cmd.arg(&flipped).arg(&good);
    let out = cmd.output().expect("run");
    assert!(!out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!((doc["refused"].as_u64(), doc["inserted"].as_u64()), (Some(1), Some(1)));

    // Revoked: refused from then on.
    ok(&mut run(&central.db, &["devices", "revoke", "Laptop Ana"]));
    net.load(&laptop, &[json!({"type": "person", "id": P, "phone": "7012-3456"})]);
    let later = net.export(&laptop, &central);
    let mut cmd = run(&central.db, &["bundle", "import"]);
    cmd.arg(&later);
    assert!(!cmd.output().expect("run").status.success());
}

#[test]
fn two_coordinators_paying_the_same_month_get_a_conflict_never_two_payments() {
    let mut net = Net::new();
    let a = net.device("Central", "supervisor", &[]);
    let b = net.device("Coordinación 2", "supervisor", &[]);
    net.trust(&a, &b);
    ok(&mut run(&a.db, &["demo", "--participants", "20", "--months", "12"]));
    net.send(&a, &b);
    assert_eq!(digest(&a), digest(&b));

    let eval: Value =
        serde_json::from_str(&ok(&mut run(&a.db, &["vouchers", "evaluate", "--month", "2024-10", "--json"])))
            .expect("json");
    let person = eval["participants"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["payable"] == true))
        .and_then(|p| p["person_id"].as_str())
        .expect("a payable participant in 2024-10")
        .to_owned();
    let pay = |reference: &str| {
        json!({"type": "payment", "person_id": person, "month": "2024-10", "amount_usd": 100,
               "paid_on": "2024-11-05", "reference": reference})
    };
    net.load(&a, &[pay("CAJA-A")]);
    net.load(&b, &[pay("CAJA-B")]);
    // Each store's own guard refuses a second payment of the month (a new record, not a correction of the first).
    let mut again = run(&a.db, &["load"]);
    let f = net.path("jsonl");
    let mut second = pay("CAJA-A2");
    second["id"] = json!("0192a000-0000-7000-8000-0000000000ff");
    std::fs::write(&f, second.to_string()).expect("write");
    again.arg(&f);
    fails(&mut again);

    let at_a = net.send(&b, &a);
    assert_eq!(at_a["conflicts"], 1, "{at_a}");
    net.send(&a, &b);
    assert_eq!(digest(&a), digest(&b));
    let open = conflicts(&a);
    assert_eq!(open.len(), 1);
    assert_eq!(open[0]["disputed"], "month:2024-10");
    let payroll_line = |d: &Device| {
        let out = net_path(d, "payroll.csv");
        ok(run(&d.db, &["vouchers", "payroll", "--month", "2024-10"]).arg("--out").arg(&out));
        std::fs::read_to_string(&out).expect("csv").contains(&person)
    };
    assert!(!payroll_line(&a), "paid (twice, in conflict): not on the payroll again");

    let keep = open[0]["candidates"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["value"]["reference"] == "CAJA-A"))
        .and_then(|c| c["record_id"].as_str())
        .expect("side A")
        .to_owned();
    ok(&mut run(&a.db, &["conflicts", "resolve", open[0]["id"].as_str().expect("id"), "--keep", &keep]));
    net.send(&a, &b);
    assert!(conflicts(&b).is_empty());
    assert_eq!(digest(&a), digest(&b));
}

fn net_path(d: &Device, name: &str) -> PathBuf {
    d.db.with_file_name(name)
}

/// Every page of a SQLCipher file decrypted with its raw data key (SQLCipher 4 defaults: 4096-byte pages, AES-256-CBC
/// with the page's IV in the 80 reserved bytes at its end, the first 16 bytes of page 1 the salt): what someone who
/// has the key sees, free space included.
fn decrypted_pages(db: &Path) -> Vec<u8> {
    use aes::cipher::{BlockDecrypt, KeyInit, generic_array::GenericArray};
    let hex = reintegra_store::data_key_hex(db, common::PASS).expect("data key");
    let digits: String = hex.chars().filter(char::is_ascii_hexdigit).take(64).collect();
    let key: Vec<u8> = (0..32).map(|i| u8::from_str_radix(&digits[2 * i..2 * i + 2], 16).expect("hex")).collect();
    let cipher = aes::Aes256::new(GenericArray::from_slice(&key));
    let file = std::fs::read(db).expect("read store");
    let (size, reserve) = (4096, 80);
    let mut out = Vec::with_capacity(file.len());
    for (n, page) in file.chunks(size).enumerate() {
        if page.len() < size {
            break;
        }
        let start = if n == 0 { 16 } else { 0 };
        let mut previous: [u8; 16] = page[size - reserve..size - reserve + 16].try_into().expect("iv");
        for block in page[start..size - reserve].chunks(16) {
            let mut b = GenericArray::clone_from_slice(block);
            cipher.decrypt_block(&mut b);
            out.extend(b.iter().zip(previous.iter()).map(|(x, p)| x ^ p));
            previous = block.try_into().expect("block");
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

const GONE: &str = "0192a000-0000-7000-8000-00000000900d";
const GONE_NAME: &str = "Purgalina";

/// Minimisation through the real binary: a person reassigned on the central file stays on the laptop while a change
/// made there is unacknowledged, then disappears from it entirely, while the central file receives the laptop's
/// audit log.
#[test]
fn a_person_reassigned_away_leaves_the_laptop_once_the_central_file_has_its_changes() {
    let mut net = Net::new();
    let central = net.device("Central", "supervisor", &[]);
    let laptop = net.device("Laptop Ana", "field", &["Ana Portillo"]);
    net.trust(&central, &laptop);
    let gone = json!({"type": "person", "id": GONE, "role": "participant", "given_names": GONE_NAME,
        "first_surname": "Núñez", "birth_date": "1991-05-02", "municipality": "San Salvador Este",
        "assigned_worker": "Ana Portillo", "address": "Pasaje Purgalina 4"});
    let visit = "0192a000-0000-7000-8000-00000000901d";
    net.load(&central, &[gone.clone(), participant(), referral("referred")]);
    net.send(&central, &laptop);
    assert!(ok(&mut run(&laptop.db, &["persons", "search", GONE_NAME])).contains(GONE));

    // The laptop records a visit; the central file reassigns the person before it hears of it.
    net.load(
        &laptop,
        &[json!({"type": "home_visit", "id": visit, "person_ids": [GONE], "date": "2026-01-10",
        "observations": "Visita a Purgalina"})],
    );
    let mut moved = gone.clone();
    moved["assigned_worker"] = json!("Mario Ayala");
    net.load(&central, &[moved]);
    let report = net.send(&central, &laptop);
    assert_eq!(report["bundles"][0]["report"]["purged"], 0, "{report}");
    assert!(ok(&mut run(&laptop.db, &["persons", "search", GONE_NAME])).contains(GONE), "its visit is not confirmed");
    let dry: Value = serde_json::from_str(&ok(&mut run(&laptop.db, &["purge", "--dry-run", "--json"]))).expect("json");
    assert_eq!((dry["people"].as_u64(), dry["waiting"].as_u64()), (Some(0), Some(1)), "{dry}");
    assert!(contains(&decrypted_pages(&laptop.db), GONE_NAME), "the decryption here reads the store");

    net.send(&laptop, &central);
    let report = net.send(&central, &laptop);
    assert_eq!(report["bundles"][0]["report"]["purged"], 1, "{report}");
    assert!(!ok(&mut run(&laptop.db, &["persons", "search", GONE_NAME])).contains(GONE));
    assert!(ok(&mut run(&laptop.db, &["persons", "search", "José"])).contains(P), "the rest of the caseload stays");
    ok(&mut run(&laptop.db, &["verify"]));

    // Nothing in the laptop's tables names them but the audit log (append-only: ids, never names).
    let key = reintegra_store::data_key_hex(&laptop.db, common::PASS).expect("key");
    let conn = rusqlite::Connection::open(&laptop.db).expect("raw");
    conn.pragma_update(None, "key", key.as_str()).expect("key");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('audit', 'purged', 'released')")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("names");
    for table in &tables {
        let cols: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .expect("columns")
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("cols");
        for col in cols {
            let n: i64 = conn
                .query_row(
                    &format!("SELECT count(*) FROM \"{table}\" WHERE instr(CAST(\"{col}\" AS TEXT), ?1) > 0"),
                    [GONE],
                    |r| r.get(0),
                )
                .expect("count");
            assert_eq!(n, 0, "{table}.{col} still names the purged person");
        }
    }
    drop(conn);
    // Nor do the pages of the file, free space included, read with the key.
    let pages = decrypted_pages(&laptop.db);
    for needle in [GONE_NAME, "Pasaje Purgalina", "Visita a Purgalina"] {
        assert!(!contains(&pages, needle), "{needle} still in the store's pages");
    }

    // The central file keeps everything, and the laptop's audit log with it.
    assert!(ok(&mut run(&central.db, &["persons", "search", GONE_NAME])).contains(GONE));
    let log: Value = serde_json::from_str(&ok(&mut run(
        &central.db,
        &["audit", "list", "--device", "Laptop Ana", "--json", "--limit", "500"],
    )))
    .expect("json");
    let actions: Vec<&str> = log.as_array().expect("entries").iter().filter_map(|e| e["action"].as_str()).collect();
    assert!(actions.contains(&"created") && actions.contains(&"bundle_import"), "{actions:?}");
    let verified: Value = serde_json::from_str(&ok(&mut run(&central.db, &["verify", "--json"]))).expect("json");
    assert!(verified["received"][0]["audit_entries"].as_u64().is_some_and(|n| n >= 5), "{verified}");

    // An entry missing from a laptop's received log (a gap) is detected at the central file.
    let key = reintegra_store::data_key_hex(&central.db, common::PASS).expect("key");
    let conn = rusqlite::Connection::open(&central.db).expect("raw");
    conn.pragma_update(None, "key", key.as_str()).expect("key");
    assert!(conn.execute("DELETE FROM audit_received WHERE seq = 3", []).is_err(), "the trigger refuses");
    conn.execute_batch("DROP TRIGGER audit_received_no_delete; DELETE FROM audit_received WHERE seq = 3;")
        .expect("tamper");
    drop(conn);
    let err = fails(&mut run(&central.db, &["verify"]));
    assert!(err.contains("recibido del dispositivo") && err.contains("entrada 3"), "{err}");
}
