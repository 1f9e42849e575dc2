//! Payment delivery through the real binary, over real files (VOUCHER-RULES.md, "Payment delivery"): a month's
//! payroll approved and written as a cash list (PDF) and a bank file (CSV), the cash list taken back with one person
//! absent, a bank results file with paid, failed, unknown, duplicate and mismatched-amount lines, the failed
//! payments re-issued on the next payroll as arrears and paid, no month ever paid twice (here and across two
//! devices through bundles), and the reconciliation equal to hand counts.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::{fails, ok, on as run};
use serde_json::{Value, json};

fn path(p: &Path) -> &str {
    p.to_str().expect("a path in UTF-8")
}

fn id(n: u32) -> String {
    format!("0192a000-0000-7000-8000-0000000000{n:02}")
}

/// Four participants enrolled in January 2024, each seen in January and February (both months eligible).
fn programme() -> Vec<Value> {
    let mut out = Vec::new();
    for (n, name) in [(1, "Ana"), (2, "Beto"), (3, "Carla"), (4, "Dora")] {
        out.push(json!({"type": "person", "id": id(n), "role": "participant", "given_names": name,
                        "first_surname": "Prueba", "birth_date": "1990-01-01", "municipality": "San Salvador Sur"}));
        out.push(json!({"type": "enrolment", "person_id": id(n), "component": "voucher", "start_date": "2024-01-10"}));
        for (k, date) in [(0, "2024-01-15"), (1, "2024-02-15")] {
            let session = id(10 + n * 2 + k);
            out.push(json!({"type": "session", "id": session, "kind": "case_management", "date": date}));
            out.push(json!({"type": "attendance", "session_id": session, "person_id": id(n), "status": "present"}));
        }
    }
    out
}

struct S {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl S {
    fn new(name: &str) -> S {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join(format!("{name}.db"));
        ok(&mut run(&db, &["init", "--device", name, "--role", "supervisor"]));
        S { dir, db }
    }
    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn load(&self, lines: &[Value]) -> Command {
        let f = self.file("in.jsonl");
        std::fs::write(&f, lines.iter().map(Value::to_string).collect::<Vec<_>>().join("\n")).expect("write");
        let mut c = run(&self.db, &["load"]);
        c.arg(f);
        c
    }
    fn json(&self, args: &[&str]) -> Value {
        let mut cmd = run(&self.db, args);
        cmd.arg("--json");
        serde_json::from_str(&ok(&mut cmd)).expect("json")
    }
    fn payments(&self, month: &str) -> Vec<Value> {
        self.json(&["payments", "list", "--month", month])["payments"].as_array().cloned().unwrap_or_default()
    }
    fn payment_of(&self, month: &str, person: u32, paid_month: &str) -> Value {
        self.payments(month)
            .into_iter()
            .find(|p| p["person_id"] == id(person) && p["month"] == paid_month)
            .unwrap_or_else(|| panic!("no payment of {person} for {paid_month} on {month}'s payroll"))
    }
    fn digest(&self) -> String {
        ok(&mut run(&self.db, &["digest"]))
    }
}

fn lines(payroll: &Value) -> Vec<(String, String, u64)> {
    let mut out: Vec<(String, String, u64)> = payroll["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| {
            (
                l["person_id"].as_str().unwrap_or_default().to_owned(),
                l["month"].as_str().unwrap_or_default().to_owned(),
                l["amount_usd"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    out.sort();
    out
}

fn tally(v: &Value) -> (u64, u64) {
    (v["count"].as_u64().unwrap_or(99), v["usd"].as_u64().unwrap_or(99))
}

#[test]
fn a_month_delivered_answered_and_its_failures_paid_as_arrears() {
    let s = S::new("central");
    ok(&mut s.load(&programme()));
    for n in [2, 3, 4] {
        ok(run(&s.db, &["payments", "method", &id(n), "--method", "bank", "--bank", "Banco Agrícola"]).args([
            "--account",
            &format!("00{n}-123456"),
            "--holder",
            "Titular",
        ]));
    }
    // A transfer without its account is refused and changes nothing.
    let before = s.digest();
    fails(&mut run(&s.db, &["payments", "method", &id(1), "--method", "bank", "--bank", "Banco"]));
    assert_eq!(s.digest(), before);

    let jan = s.json(&["vouchers", "payroll", "--month", "2024-01"]);
    let everyone: Vec<(String, String, u64)> = (1..=4).map(|n| (id(n), "2024-01".to_owned(), 100)).collect();
    assert_eq!(lines(&jan), everyone);
    let approved = s.json(&["payments", "approve", "--month", "2024-01"]);
    assert_eq!((approved["count"].as_u64(), approved["total_usd"].as_u64()), (Some(4), Some(400)));
    assert!(lines(&s.json(&["vouchers", "payroll", "--month", "2024-01"])).is_empty(), "approved: held");
    assert!(s.payments("2024-01").iter().all(|p| p["status"] == "approved"), "approved, not paid");

    // The batches: the cash list to sign (PDF) and the bank's file (CSV, one line per payment with its reference).
    let pdf = s.file("efectivo.pdf");
    ok(&mut run(&s.db, &["payments", "batch", "--month", "2024-01", "--method", "cash", "--out", path(&pdf)]));
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF"));
    let csv = s.file("banco.csv");
    ok(&mut run(&s.db, &["payments", "batch", "--month", "2024-01", "--method", "bank", "--out", path(&csv)]));
    let bank_file = std::fs::read_to_string(&csv).expect("csv");
    let mut rows = bank_file.lines();
    assert_eq!(
        rows.next(),
        Some(
            "referencia,nombre,dui,municipio,mes,monto,forma,banco,cuenta,titular,proveedor,telefono,estado,fecha,motivo"
        )
    );
    assert_eq!(rows.count(), 3);
    assert!(bank_file.contains("003-123456"), "the account the bank needs");
    // Written again: nothing approved is left for that method, and no file is written over another.
    let other = s.file("b2.csv");
    fails(&mut run(&s.db, &["payments", "batch", "--month", "2024-01", "--method", "bank", "--out", path(&other)]));
    fails(&mut run(&s.db, &["payments", "batch", "--month", "2024-01", "--method", "cash", "--out", path(&pdf)]));
    assert!(s.payments("2024-01").iter().all(|p| p["status"] == "sent"));

    // The cash list back: Ana did not come.
    let ana = s.payment_of("2024-01", 1, "2024-01");
    let absent = format!("{}=No se presentó", ana["id"].as_str().expect("id"));
    ok(&mut run(&s.db, &["payments", "cash", "--month", "2024-01", "--absent", &absent]));

    // The bank answers: Beto paid, Carla failed, Dora's line with another amount, an unknown reference, Beto twice.
    let reference = |n| s.payment_of("2024-01", n, "2024-01")["reference"].as_str().expect("ref").to_owned();
    let results = s.file("resultados.csv");
    std::fs::write(
        &results,
        format!(
            "referencia,estado,fecha,monto,motivo\n{},pagado,06/02/2024,100,\n{},fallido,06/02/2024,100,Cuenta cerrada\n\
             {},pagado,06/02/2024,90,\nNO-EXISTE,pagado,06/02/2024,,\n{},pagado,06/02/2024,100,\n",
            reference(2),
            reference(3),
            reference(4),
            reference(2)
        ),
    )
    .expect("write");
    let mut cmd = run(&s.db, &["payments", "results", "--json"]);
    let done: Value = serde_json::from_str(&ok(cmd.arg(&results))).expect("json");
    let applied: Vec<(u64, &str)> = done["applied"]
        .as_array()
        .expect("applied")
        .iter()
        .map(|a| (a["line"].as_u64().unwrap_or(0), a["status"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(applied, [(2, "paid"), (3, "failed")]);
    let why: Vec<(u64, &str)> = done["mismatches"]
        .as_array()
        .expect("mismatches")
        .iter()
        .map(|m| (m["line"].as_u64().unwrap_or(0), m["why"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(why, [(4, "amount_differs"), (5, "unknown_reference"), (6, "duplicate")]);
    assert_eq!(s.payment_of("2024-01", 4, "2024-01")["status"], "sent", "a mismatch changes nothing");
    // The same file again changes nothing.
    let before = s.digest();
    let mut cmd = run(&s.db, &["payments", "results", "--json"]);
    let again: Value = serde_json::from_str(&ok(cmd.arg(&results))).expect("json");
    assert_eq!(again["applied"], json!([]));
    assert_eq!(s.digest(), before);
    // A file without its estado column, or with a date that cannot be read, is refused whole with the line.
    let bad = s.file("malo.csv");
    std::fs::write(&bad, format!("referencia,fecha\n{},06/02/2024\n", reference(4))).expect("write");
    assert!(fails(run(&s.db, &["payments", "results"]).arg(&bad)).contains("1"));
    std::fs::write(
        &bad,
        format!("referencia,estado,fecha\n{},pagado,06/02/2024\n{},pagado,31/02/2024\n", reference(4), reference(4)),
    )
    .expect("write");
    let reason = fails(run(&s.db, &["payments", "results"]).arg(&bad));
    assert!(reason.contains('3'), "{reason}");
    assert_eq!(s.digest(), before);

    // A second payment for a held month is refused locally (Beto's January was paid).
    fails(&mut s.load(&[json!({"type": "payment", "id": id(99), "person_id": id(2), "month": "2024-01",
                               "amount_usd": 100, "paid_on": "2024-02-07", "reference": "OTRO"})]));

    // February's payroll: every February, and Ana's and Carla's failed Januaries as arrears (Dora's is still sent).
    let feb = s.json(&["vouchers", "payroll", "--month", "2024-02"]);
    let mut want: Vec<(String, String, u64)> = (1..=4).map(|n| (id(n), "2024-02".to_owned(), 100)).collect();
    want.push((id(1), "2024-01".to_owned(), 100));
    want.push((id(3), "2024-01".to_owned(), 100));
    want.sort();
    assert_eq!(lines(&feb), want);
    s.json(&["payments", "approve", "--month", "2024-02"]);
    let cash = s.file("efectivo-feb.pdf");
    ok(&mut run(&s.db, &["payments", "batch", "--month", "2024-02", "--method", "cash", "--out", path(&cash)]));
    let arrear = s.payment_of("2024-02", 1, "2024-01");
    let february = s.payment_of("2024-02", 1, "2024-02");
    ok(&mut run(
        &s.db,
        &[
            "payments",
            "cash",
            "--month",
            "2024-02",
            "--date",
            "05/03/2024",
            "--collected",
            arrear["id"].as_str().expect("id"),
            "--collected",
            february["id"].as_str().expect("id"),
        ],
    ));
    assert!(lines(&s.json(&["vouchers", "payroll", "--month", "2024-03"])).iter().all(|l| l.1 != "2024-01"));

    // Reconciliation by hand: 10 approved (4 in January, 6 on February's payroll); paid: Beto January, Ana's
    // arrear and Ana February; failed: Ana and Carla in January; sent: Dora January; pending: Dora January and the
    // four approved (Carla's arrear, Beto, Carla, Dora February); no arrear left unpaid; 300 USD spent.
    let r = s.json(&["report", "payments"]);
    let total = &r["total"];
    assert_eq!(tally(&total["approved"]), (10, 1000));
    assert_eq!(tally(&total["paid"]), (3, 300));
    assert_eq!(tally(&total["failed"]), (2, 200));
    assert_eq!(tally(&total["sent"]), (1, 100));
    assert_eq!(tally(&total["cancelled"]), (0, 0));
    assert_eq!(tally(&total["pending"]), (5, 500));
    assert_eq!(tally(&total["arrears"]), (0, 0));
    assert_eq!((r["spent_usd"].as_u64(), r["budget_usd"].as_u64()), (Some(300), Some(270_000)));
    // A month: its group, then approved and paid as (count, USD).
    type Month<'a> = (&'a str, (u64, u64), (u64, u64));
    let months: Vec<Month> = r["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| (l["group"].as_str().unwrap_or(""), tally(&l["approved"]), tally(&l["paid"])))
        .collect();
    assert_eq!(months, [("2024-01", (6, 600), (2, 200)), ("2024-02", (4, 400), (1, 100))]);
    let by_place = s.json(&["report", "payments", "--by", "municipality"]);
    assert_eq!(by_place["lines"][0]["group"], "San Salvador Sur");
    let out = s.file("conciliacion.pdf");
    ok(&mut run(&s.db, &["report", "payments", "--pdf", path(&out)]));
    assert!(std::fs::read(&out).expect("pdf").starts_with(b"%PDF"));
}

#[test]
fn across_two_devices_a_month_is_never_paid_twice() {
    let a = S::new("central");
    let b = S::new("coordinacion");
    for (from, to) in [(&a, &b), (&b, &a)] {
        let keys = from.file("keys.json");
        std::fs::write(&keys, ok(&mut run(&from.db, &["keys", "public", "--json"]))).expect("keys");
        ok(run(&to.db, &["devices", "add"]).arg(&keys));
    }
    let send = |from: &S, to: &S| -> Value {
        let out = from.file("b.rgb");
        let _ = std::fs::remove_file(&out);
        ok(&mut run(
            &from.db,
            &["bundle", "export", "--to", if to.db == a.db { "central" } else { "coordinacion" }, "--out", path(&out)],
        ));
        serde_json::from_str(&ok(run(&to.db, &["bundle", "import", "--json"]).arg(&out))).expect("json")
    };
    ok(&mut a.load(&programme()));
    send(&a, &b);
    // Both approve January apart: after the exchange each month is held twice: conflicts, never a second payroll.
    a.json(&["payments", "approve", "--month", "2024-01"]);
    b.json(&["payments", "approve", "--month", "2024-01"]);
    let report = send(&b, &a);
    assert!(report["conflicts"].as_u64().unwrap_or(0) >= 4, "{report}");
    send(&a, &b);
    assert_eq!(a.digest(), b.digest());
    for s in [&a, &b] {
        assert!(lines(&s.json(&["vouchers", "payroll", "--month", "2024-01"])).is_empty(), "never listed again");
        let open = s.json(&["conflicts", "list"]);
        let months =
            open["conflicts"].as_array().expect("conflicts").iter().filter(|c| c["disputed"] == "month:2024-01");
        assert_eq!(months.count(), 4);
    }
}

#[test]
fn load_takes_payment_statuses_and_a_line_without_status_is_paid() {
    let s = S::new("central");
    ok(&mut s.load(&programme()));
    let pay = |n: u32, month: &str, extra: Value| {
        let mut v = json!({"type": "payment", "person_id": id(n), "month": month, "amount_usd": 100,
                           "reference": format!("P-{n}-{month}")});
        for (k, x) in extra.as_object().cloned().unwrap_or_default() {
            v[k] = x;
        }
        v
    };
    // Without status: paid, as before (its date required); approved needs none.
    ok(&mut s.load(&[
        pay(1, "2024-01", json!({"paid_on": "2024-02-05"})),
        pay(2, "2024-01", json!({"status": "approved", "payroll": "2024-01"})),
    ]));
    fails(&mut s.load(&[pay(3, "2024-01", json!({}))]));
    fails(&mut s.load(&[pay(3, "2024-01", json!({"status": "failed"}))]));
    // The same reference moves the payment forward; backwards is refused and changes nothing.
    ok(&mut s.load(&[pay(2, "2024-01", json!({"status": "sent", "sent_on": "2024-02-01"}))]));
    let before = s.digest();
    fails(&mut s.load(&[pay(2, "2024-01", json!({"status": "approved"}))]));
    fails(&mut s.load(&[pay(1, "2024-01", json!({"status": "failed", "reason": "x"}))]));
    assert_eq!(s.digest(), before);
    ok(&mut s.load(&[pay(2, "2024-01", json!({"status": "failed", "reason": "Cuenta cerrada"}))]));
    // Loading the same file twice changes nothing.
    let before = s.digest();
    ok(&mut s.load(&[pay(2, "2024-01", json!({"status": "failed", "reason": "Cuenta cerrada"}))]));
    assert_eq!(s.digest(), before);
    // Beto's failed January is an arrear of February's payroll; a new payment for it (another reference) is a
    // re-issue, not a change of the failed one.
    let feb = lines(&s.json(&["vouchers", "payroll", "--month", "2024-02"]));
    assert!(feb.contains(&(id(2), "2024-01".to_owned(), 100)), "{feb:?}");
    ok(&mut s.load(&[json!({"type": "payment", "person_id": id(2), "month": "2024-01", "amount_usd": 100,
                            "reference": "REEMISION", "status": "approved", "payroll": "2024-02"})]));
    let statuses: Vec<String> = s
        .payments("2024-01")
        .iter()
        .chain(s.payments("2024-02").iter())
        .filter(|p| p["person_id"] == id(2))
        .map(|p| format!("{}:{}", p["reference"].as_str().unwrap_or(""), p["status"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(statuses, ["P-2-2024-01:failed", "REEMISION:approved"]);
}
