//! Payment delivery over real stores: a month approved, batched, taken back and answered by a results file; the
//! failed payment re-issued on the next payroll as an arrear; no month ever held twice, here or across devices.

use reintegra_core::month::Month;
use reintegra_core::views::PayrollApproval;
use reintegra_core::wire::DeviceRole;
use reintegra_core::wire::payments::{Absent, CashResults, Delivery, DeliveryArgs, ReconBy};
use serde_json::json;

use super::*;
use crate::testing::{self, Programme, add, count, programme, today};
use crate::vouchers::payroll;

fn m(s: &str) -> Month {
    Month::parse(s).expect("month")
}

fn approve(store: &mut Store, month: &str) -> ApprovalDone {
    let p = payroll(store, m(month)).expect("payroll");
    let a = PayrollApproval {
        month: m(month),
        paid_on: String::new(),
        reference: String::new(),
        expected_count: p.lines.len(),
        expected_total_usd: p.total_usd,
    };
    approve_payroll(store, &a, today()).expect("approve")
}

fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines().map(|l| l.split(',').map(str::to_owned).collect()).collect()
}

fn bank(store: &mut Store, person: Uuid) {
    let delivery = Delivery {
        method: DeliveryMethod::Bank,
        bank: Some("Banco Agrícola".into()),
        account: Some("0012-3456".into()),
        holder: Some("Ana Prueba".into()),
        ..Default::default()
    };
    set_delivery(store, &DeliveryArgs { person_id: person, delivery }, today()).expect("delivery");
}

#[test]
fn a_month_approved_batched_taken_back_and_answered_then_the_arrear_paid() {
    let Programme { mut store, ana, beto, .. } = programme();
    bank(&mut store, ana);
    assert_eq!(delivery(&mut store, ana).expect("read").map(|d| d.method), Some(DeliveryMethod::Bank));
    assert_eq!(delivery(&mut store, beto).expect("read"), None, "none recorded: cash");

    // March: Ana (warning) and Beto (eligible); approving makes approved payments, not paid ones.
    let done = approve(&mut store, "2024-03");
    assert_eq!((done.count, done.total_usd, done.reference.as_str()), (2, 200, "PLANILLA-2024-03"));
    assert!(payroll(&mut store, m("2024-03")).expect("payroll").lines.is_empty(), "approved months are held");
    let view = month_view(&mut store, m("2024-03")).expect("view");
    assert!(view.payments.iter().all(|p| p.status == PaymentStatus::Approved));
    let refs: Vec<&str> = view.payments.iter().map(|p| p.reference.as_str()).collect();
    assert_eq!(refs, ["PLANILLA-2024-03-001", "PLANILLA-2024-03-002"]);
    let methods: Vec<DeliveryMethod> = view.batches.iter().map(|b| b.method).collect();
    assert_eq!(methods, [DeliveryMethod::Cash, DeliveryMethod::Bank]);

    // A file that cannot be written leaves everything approved.
    let err = send_batch(&mut store, m("2024-03"), DeliveryMethod::Cash, today(), |_, _| Err("disk full".into()));
    assert!(err.is_err());
    assert!(
        month_view(&mut store, m("2024-03"))
            .expect("view")
            .payments
            .iter()
            .all(|p| p.status == PaymentStatus::Approved)
    );

    // The cash batch: Beto's payment, sent.
    let mut seen = Vec::new();
    let (batch, sent) = send_batch(&mut store, m("2024-03"), DeliveryMethod::Cash, today(), |id, rows| {
        seen = rows.iter().map(|r| (id.to_owned(), r.person_id)).collect();
        Ok(())
    })
    .expect("cash batch");
    assert_eq!((batch.as_str(), sent.len()), ("LOTE-2024-03-cash-1", 1));
    assert_eq!(seen, [(batch.clone(), beto)]);
    let again = send_batch(&mut store, m("2024-03"), DeliveryMethod::Cash, today(), |_, _| Ok(()));
    assert!(matches!(again, Err(Error::Refused("payments.batch_empty"))), "nothing approved left for cash");
    let (_, bank_rows) =
        send_batch(&mut store, m("2024-03"), DeliveryMethod::Bank, today(), |_, _| Ok(())).expect("bank batch");
    let ana_ref = bank_rows[0].reference.clone();
    let beto_ref = sent[0].reference.clone();

    // The cash list taken back: Beto did not come. A bad date or a missing reason changes nothing.
    let absent = |reason: &str| CashResults {
        month: m("2024-03"),
        date: "05/04/2024".into(),
        collected: vec![],
        absent: vec![Absent { payment_id: sent[0].id, reason: reason.into() }],
    };
    assert!(matches!(record_cash(&mut store, &absent(" "), today()), Err(Error::Refused("payments.reason_required"))));
    let bad_date =
        CashResults { collected: vec![sent[0].id], absent: vec![], date: "31/04/2024".into(), ..absent("x") };
    assert!(matches!(record_cash(&mut store, &bad_date, today()), Err(Error::Refused("payments.date_invalid"))));
    let done = record_cash(&mut store, &absent("No se presentó"), today()).expect("cash back");
    assert_eq!((done.paid, done.failed), (0, 1));
    // Ana's is a transfer, not on the cash list: not sent by cash... it is sent, but a failed one cannot be paid.
    let twice = CashResults { collected: vec![sent[0].id], absent: vec![], ..absent("x") };
    assert!(matches!(record_cash(&mut store, &twice, today()), Err(Error::Refused("payments.not_sent"))));

    // The bank's results file: Ana paid; a duplicate line, an unknown reference and an amount that differs.
    let file = format!(
        "referencia,estado,fecha,monto,motivo\n{ana_ref},pagado,06/04/2024,100,\n{ana_ref},pagado,06/04/2024,100,\n\
         NO-EXISTE,pagado,06/04/2024,,\n{beto_ref},pagado,06/04/2024,90,"
    );
    let r = apply_results(&mut store, &rows(&file), today()).expect("results");
    assert_eq!(r.applied.len(), 1);
    assert_eq!((r.applied[0].line, r.applied[0].status), (2, PaymentStatus::Paid));
    let why: Vec<(usize, &str)> = r.mismatches.iter().map(|m| (m.line, m.why.as_str())).collect();
    assert_eq!(why, [(3, "duplicate"), (4, "unknown_reference"), (5, "amount_differs")]);
    let changes = count(&mut store, "SELECT count(*) FROM changes");
    let r = apply_results(&mut store, &rows(&file), today()).expect("the same file again");
    assert!(r.applied.is_empty() && r.unchanged == [2], "{r:?}");
    assert_eq!(count(&mut store, "SELECT count(*) FROM changes"), changes, "the same file again changes nothing");
    // A file that cannot be read is refused whole.
    let unreadable = format!("referencia,estado,fecha\n{ana_ref},pagado,06/04/2024\n{beto_ref},quizás,06/04/2024");
    match apply_results(&mut store, &rows(&unreadable), today()) {
        Err(Error::Line { line: 3, source }) => assert!(matches!(*source, Error::Refused("error.results_status"))),
        other => panic!("expected a refusal at line 3: {other:?}"),
    }

    // April's payroll: Beto's failed March is an arrear, beside his April; Ana's April is withheld.
    let april = payroll(&mut store, m("2024-04")).expect("payroll");
    let lines: Vec<(Uuid, String)> = april.lines.iter().map(|l| (l.person_id, l.month.to_string())).collect();
    assert_eq!(lines, [(beto, "2024-03".to_string()), (beto, "2024-04".to_string())]);
    approve(&mut store, "2024-04");
    assert_eq!(count(&mut store, "SELECT count(*) FROM conflicts"), 0, "a re-issue after a failure is no conflict");
    assert!(payroll(&mut store, m("2024-04")).expect("payroll").lines.is_empty());
    // A second payment holding Beto's March is refused locally.
    let err = store
        .with_tx(|w| {
            let v = json!({"person_id": beto, "month": "2024-03", "amount_usd": 100, "status": "approved"});
            upsert(w, Kind::Payment, Some(Uuid::now_v7()), &fields(v), today())
        })
        .expect_err("a second holding payment");
    assert!(matches!(err, Error::Refused("error.payment_already_paid")), "{err:?}");

    // The re-issue sent and paid in cash.
    let (_, reissued) =
        send_batch(&mut store, m("2024-04"), DeliveryMethod::Cash, today(), |_, _| Ok(())).expect("april cash");
    let march = reissued.iter().find(|p| p.month == m("2024-03")).expect("the arrear in the batch");
    let collected =
        CashResults { month: m("2024-04"), date: "03/05/2024".into(), collected: vec![march.id], absent: vec![] };
    record_cash(&mut store, &collected, today()).expect("collected");

    // Reconciliation equal to hand counts: Ana January (recorded paid) and March paid; Beto March failed then paid
    // on the re-issue; Beto April sent.
    let r = reconciliation(&mut store, ReconBy::Month).expect("reconciliation");
    let t = |count, usd| Tally { count, usd };
    assert_eq!(r.total.approved, t(5, 500));
    assert_eq!((r.total.paid, r.total.failed, r.total.cancelled), (t(3, 300), t(1, 100), t(0, 0)));
    assert_eq!((r.total.sent, r.total.pending, r.total.arrears), (t(1, 100), t(1, 100), t(0, 0)));
    assert_eq!((r.budget_usd, r.spent_usd), (270_000, 300));
    let groups: Vec<(&str, Tally)> = r.lines.iter().map(|l| (l.group.as_str(), l.paid)).collect();
    assert_eq!(groups, [("2024-01", t(1, 100)), ("2024-03", t(2, 200)), ("2024-04", t(0, 0))]);
    let by_place = reconciliation(&mut store, ReconBy::Municipality).expect("by municipality");
    assert_eq!(by_place.lines.len(), 1);
    assert_eq!(by_place.lines[0].approved, t(5, 500));

    // Beto's card: March failed then re-issued and paid, each with its history.
    let mine = person_payments(&mut store, beto).expect("payments");
    let march: Vec<(PaymentStatus, Vec<PaymentStatus>)> = mine
        .iter()
        .filter(|(p, _)| p.month == m("2024-03"))
        .map(|(p, h)| (p.status, h.iter().map(|s| s.status).collect()))
        .collect();
    use PaymentStatus::*;
    assert_eq!(march, [(Failed, vec![Approved, Sent, Failed]), (Paid, vec![Approved, Sent, Paid])]);
    let paid = &mine.iter().find(|(p, _)| p.status == Paid).expect("paid").1;
    assert_eq!(paid.last().map(|s| s.date.to_string()), Some("2024-05-03".into()));
}

#[test]
fn status_moves_forward_only_and_a_paid_payment_never_changes() {
    let Programme { mut store, beto, .. } = programme();
    approve(&mut store, "2024-03");
    let id = month_view(&mut store, m("2024-03"))
        .expect("view")
        .payments
        .iter()
        .find(|p| p.person_id == beto)
        .expect("beto")
        .id;
    let set = |store: &mut Store, v: serde_json::Value| {
        store.with_tx(|w| upsert(w, Kind::Payment, Some(id), &fields(v), today())).map(|_| ())
    };
    assert!(matches!(
        set(&mut store, json!({"status": "paid", "paid_on": "2024-04-02"})),
        Err(Error::Refused("error.payment_transition"))
    ));
    set(&mut store, json!({"status": "sent", "sent_on": "2024-04-01"})).expect("sent");
    set(&mut store, json!({"status": "paid", "paid_on": "2024-04-02"})).expect("paid");
    assert!(matches!(
        set(&mut store, json!({"status": "failed", "reason": "x"})),
        Err(Error::Refused("error.payment_paid_final"))
    ));
    assert!(matches!(set(&mut store, json!({"status": "cancelled"})), Err(Error::Refused("error.payment_paid_final"))));
}

#[test]
fn across_two_devices_a_month_is_never_held_twice() {
    let Programme { mut folder, store: mut a, ana, beto, .. } = programme();
    let mut b = folder.store("Central 2", DeviceRole::Supervisor);
    testing::trust(&mut a, &mut b);
    folder.send(&mut a, &mut b);

    // Both approve March apart: after the exchange two payments hold each month: conflicts, on both sides.
    approve(&mut a, "2024-03");
    approve(&mut b, "2024-03");
    folder.send(&mut a, &mut b);
    folder.send(&mut b, &mut a);
    for s in [&mut a, &mut b] {
        assert_eq!(count(s, "SELECT count(*) FROM conflicts WHERE disputed = 'month:2024-03'"), 2);
        assert!(payroll(s, m("2024-03")).expect("payroll").lines.is_empty(), "never listed again");
    }
    assert_eq!(a.digest().expect("digest"), b.digest().expect("digest"));

    // One side cancels its duplicate: the month is held once and the conflicts close everywhere.
    let dup: Vec<Uuid> = month_view(&mut b, m("2024-03"))
        .expect("view")
        .payments
        .iter()
        .filter(|p| p.person_id == beto || p.person_id == ana)
        .map(|p| p.id)
        .collect();
    assert_eq!(dup.len(), 4);
    let mine: Vec<Uuid> = {
        let dev = b.device().id.to_string();
        dup.into_iter()
            .filter(|id| {
                count(&mut b, &format!("SELECT count(*) FROM payments WHERE id = '{id}' AND device_id = '{dev}'")) == 1
            })
            .collect()
    };
    for id in &mine {
        b.with_tx(|w| upsert(w, Kind::Payment, Some(*id), &fields(json!({"status": "cancelled"})), today()))
            .expect("cancel");
    }
    folder.send(&mut b, &mut a);
    for s in [&mut a, &mut b] {
        assert_eq!(count(s, "SELECT count(*) FROM conflicts"), 0);
    }

    // The same payment marked differently on each device: a conflict on its status, never two outcomes.
    let kept = month_view(&mut a, m("2024-03"))
        .expect("view")
        .payments
        .into_iter()
        .find(|p| p.person_id == beto && p.status == PaymentStatus::Approved)
        .expect("kept");
    send_batch(&mut a, m("2024-03"), DeliveryMethod::Cash, today(), |_, _| Ok(())).expect("batch");
    folder.send(&mut a, &mut b);
    let paid = CashResults { month: m("2024-03"), date: "05/04/2024".into(), collected: vec![kept.id], absent: vec![] };
    record_cash(&mut a, &paid, today()).expect("paid on a");
    let failed = CashResults {
        month: m("2024-03"),
        date: String::new(),
        collected: vec![],
        absent: vec![Absent { payment_id: kept.id, reason: "Ausente".into() }],
    };
    record_cash(&mut b, &failed, today()).expect("failed on b");
    folder.send(&mut a, &mut b);
    folder.send(&mut b, &mut a);
    for s in [&mut a, &mut b] {
        let n = count(
            s,
            &format!("SELECT count(*) FROM conflicts WHERE record_id = '{}' AND disputed = 'status'", kept.id),
        );
        assert_eq!(n, 1, "two devices marking one payment differently is a conflict");
    }
    assert_eq!(a.digest().expect("digest"), b.digest().expect("digest"));
    let _ = add;
}

#[test]
fn the_export_has_the_reconciliation_and_keeps_accounts_out_unless_personal() {
    let Programme { mut store, ana, .. } = programme();
    bank(&mut store, ana);
    approve(&mut store, "2024-03");
    let lang = reintegra_core::i18n::Lang::Es;
    let tables = crate::export::tables(&mut store, false, lang).expect("tables");
    let recon = tables.iter().find(|t| t.name == Some("payment_reconciliation")).expect("the reconciliation sheet");
    // January paid before delivery existed; March's two approved.
    let months: Vec<(&str, &str, &str)> =
        recon.rows.iter().map(|r| (r[0].as_str(), r[1].as_str(), r[5].as_str())).collect();
    assert_eq!(months, [("2024-01", "1", "1"), ("2024-03", "2", "0"), ("Total", "3", "1")]);
    let methods = tables.iter().find(|t| t.kind == Kind::DeliveryMethod).expect("delivery methods");
    assert!(!methods.columns.contains(&"account") && !methods.columns.contains(&"holder"), "{:?}", methods.columns);
    let personal = crate::export::tables(&mut store, true, lang).expect("tables");
    let methods = personal.iter().find(|t| t.kind == Kind::DeliveryMethod).expect("delivery methods");
    assert!(methods.columns.contains(&"account") && methods.rows.len() == 1);
}

#[test]
fn the_progress_figures_count_a_voucher_when_it_is_delivered() {
    use crate::indicators::{By, indicators};
    let Programme { mut store, beto, .. } = programme();
    let paid = |store: &mut Store| {
        let i = indicators(store, By::Total, 50).expect("indicators").total;
        (i.payments, i.paid_usd)
    };
    assert_eq!(paid(&mut store), (1, 100), "Ana's January, recorded paid");
    approve(&mut store, "2024-03");
    assert_eq!(paid(&mut store), (1, 100), "approved is not delivered");
    let (_, sent) = send_batch(&mut store, m("2024-03"), DeliveryMethod::Cash, today(), |_, _| Ok(())).expect("batch");
    assert_eq!(paid(&mut store), (1, 100), "sent is not delivered");
    let beto_id = sent.iter().find(|p| p.person_id == beto).expect("beto").id;
    let c = CashResults { month: m("2024-03"), date: "05/04/2024".into(), collected: vec![beto_id], absent: vec![] };
    record_cash(&mut store, &c, today()).expect("collected");
    assert_eq!(paid(&mut store), (2, 200), "delivered: counted");
    assert!(store.aggregates_match().expect("check"), "the kept figures equal a fresh count");
}
