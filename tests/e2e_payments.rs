//! Payment delivery in the real window (#17): a participant paid by bank transfer (chosen on their page), the
//! payroll of October 2024 approved, the cash list written as a PDF and the transfer file as a CSV (their payments
//! become sent), the cash list taken back with one person absent, the bank's results file imported with one failure
//! (and one line that matches nothing), the reconciliation (and its PDF), and both failed months owed again as
//! arrears on November's payroll; the participant's card shows the failed payment and its history. The store is
//! asked through the command line where that is the honest check.

use fantoccini::Locator;
use reintegra_tests::*;

/// The figure in a reconciliation cell of the total row (`data-count` of column `col`).
async fn total_count(c: &fantoccini::Client, col: &str) -> u64 {
    attr(c, &format!("#recon-total td[data-col='{col}']"), "data-count").await.parse().expect("a count")
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn a_payroll_delivered_by_cash_and_transfer_reconciled_with_its_arrears() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("central.db");
    init(&db, "Central San Salvador", "supervisor", &[]);
    cli(&db, PASSPHRASE, &[os("demo"), os("--participants"), os("20"), os("--months"), os("12")]);

    // October 2024's payroll: everyone on it collects in cash (the demo gives some a bank or a wallet) until one of
    // them is set to a bank transfer in the window.
    let out = cli(&db, PASSPHRASE, &[os("vouchers"), os("payroll"), os("--month"), os("2024-10"), os("--json")]);
    let payroll: serde_json::Value = serde_json::from_str(&out).expect("json");
    for line in payroll["lines"].as_array().expect("lines") {
        let person = line["person_id"].as_str().expect("person_id");
        cli(&db, PASSPHRASE, &[os("payments"), os("method"), os(person), os("--method"), os("cash")]);
    }

    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    unlock(&c, PASSPHRASE).await;

    // October 2024's payroll: its first participant will be paid by bank transfer.
    click(&c, "#nav-payroll").await;
    type_into(&c, "#payroll-month", "2024-10").await;
    click(&c, "#payroll-show").await;
    wait_for_text(&c, "#payroll-month-label", |t| t == "octubre de 2024").await;
    wait_for(&c, "#payroll-table tbody tr").await;
    let count = c.find_all(Locator::Css("#payroll-table tbody tr")).await.expect("rows").len();
    assert!(count >= 3, "the demo leaves several people to pay in October 2024: {count}");
    let banked = attr(&c, "#payroll-table tbody tr", "data-id").await;
    let name = wait_for(&c, "#payroll-table tbody tr .link-name").await.text().await.expect("name");

    // The participant's page: the delivery method, a bank transfer with its details.
    open_person(&c, &name, &name).await;
    wait_for(&c, "#delivery-card").await;
    select(&c, "#delivery-method", "bank").await;
    type_into(&c, "#delivery-bank", "Banco Agrícola").await;
    type_into(&c, "#delivery-account", "0012345678").await;
    type_into(&c, "#delivery-holder", &name).await;
    click(&c, "#delivery-save").await;
    wait_for_text(&c, "#delivery-saved", |t| t == "Forma de entrega guardada.").await;
    scroll_to(&c, "delivery-card").await;
    screenshot(&c, "payments-01-delivery").await;

    // Approve October: the payments are approved, not paid.
    click(&c, "#nav-payroll").await;
    type_into(&c, "#payroll-month", "2024-10").await;
    click(&c, "#payroll-show").await;
    wait_for_text(&c, "#payroll-month-label", |t| t == "octubre de 2024").await;
    wait_for(&c, "#payroll-table tbody tr").await;
    click(&c, "#payroll-approve").await;
    wait_for(&c, "#payroll-approve-confirm").await;
    click(&c, "#payroll-approve-yes").await;
    wait_for_text(&c, "#payroll-approve-result", |t| t.starts_with(&format!("Pagos aprobados: {count} personas")))
        .await;

    // The batches: one per method, all approved (the participant set to bank is in the bank's).
    click(&c, "#payroll-tab-batches").await;
    wait_for(&c, "#batch-bank-statuses li[data-status='approved']").await;
    let cash: usize =
        attr(&c, "#batch-cash-statuses li[data-status='approved']", "data-count").await.parse().expect("a count");
    assert_eq!(cash, count - 1, "cash for everyone but the banked participant");
    wait_for_text(&c, "#batch-cash-summary", |t| t.starts_with(&format!("{cash} pagos"))).await;
    assert_eq!(
        attr(&c, &format!("#payments-table tr[data-person='{banked}']"), "data-status").await,
        "approved",
        "approved, not paid"
    );
    screenshot(&c, "payments-02-batches").await;
    axe(&c, "payroll batches").await;

    // The cash list to sign, as a PDF, after a confirmation: its payments become sent.
    let list = dir.path().join("lista-efectivo.pdf");
    type_into(&c, "#batch-cash-path", &list.to_string_lossy()).await;
    click(&c, "#batch-cash-write").await;
    wait_for_text(&c, "#batch-cash-question", |t| t.contains("nombres y DUI")).await;
    assert!(!list.exists(), "nothing written before the confirmation");
    click(&c, "#batch-cash-write-yes").await;
    wait_for_text(&c, "#batch-cash-result", |t| t.starts_with("Lote escrito en")).await;
    assert!(std::fs::read(&list).expect("the cash list").starts_with(b"%PDF"), "a PDF");
    wait_for_text(&c, "#batch-cash-statuses", |t| t.contains(&format!("Enviado: {cash}"))).await;

    // The transfer file for the bank, as CSV, with the payment's reference.
    let transfer = dir.path().join("transferencias.csv");
    type_into(&c, "#batch-bank-path", &transfer.to_string_lossy()).await;
    click(&c, "#batch-bank-write").await;
    click(&c, "#batch-bank-write-yes").await;
    wait_for_text(&c, "#batch-bank-result", |t| t.starts_with("Lote escrito en")).await;
    // The payments table is read again after the batch: its row as sent, then the reference it shows.
    wait_for_text(&c, &format!("#payments-table tr[data-person='{banked}']"), |t| t.contains("Enviado")).await;
    let reference = attr(&c, &format!("#payments-table tr[data-person='{banked}']"), "data-reference").await;
    let file = std::fs::read_to_string(&transfer).expect("the transfer file");
    assert!(file.contains(&reference) && file.contains("0012345678"), "reference and account in the file");

    // The cash list taken back: the first person did not come, everyone else collected.
    // The rows' ids read at once in the page: rows found one by one can be drawn again between two reads.
    let ids = c
        .execute("return [...document.querySelectorAll('#cash-table tbody tr')].map(r => r.dataset.id);", vec![])
        .await
        .expect("cash rows");
    let ids: Vec<String> = serde_json::from_value(ids).expect("ids");
    assert_eq!(ids.len(), cash);
    let absent = ids[0].clone();
    let absent_person = attr(&c, &format!("#payments-table tr[data-id='{absent}']"), "data-person").await;
    type_into(&c, "#cash-date", "05/11/2024").await;
    for id in &ids {
        select(&c, &format!("#cash-{id}"), if *id == absent { "absent" } else { "collected" }).await;
    }
    type_into(&c, &format!("#cash-{absent}-reason"), "Viajó a Santa Ana").await;
    scroll_to(&c, "cash-return").await;
    screenshot(&c, "payments-03-cash-return").await;
    click(&c, "#cash-save").await;
    wait_for_text(&c, "#cash-result", |t| t == format!("Registrado. Cobraron: {}. No se presentaron: 1.", cash - 1))
        .await;
    wait_for_text(&c, &format!("#payments-table tr[data-id='{absent}']"), |t| t.contains("Viajó a Santa Ana")).await;

    // The bank's results: the transfer failed (account closed); a line for a reference nobody has changes nothing.
    let results = dir.path().join("resultados.csv");
    std::fs::write(
        &results,
        format!(
            "referencia,estado,fecha,monto,motivo\n{reference},fallido,08/11/2024,100,Cuenta cerrada\n\
             NO-EXISTE-1,pagado,08/11/2024,100,\n"
        ),
    )
    .expect("results file");
    type_into(&c, "#results-path", &results.to_string_lossy()).await;
    click(&c, "#results-import").await;
    wait_for_text(&c, "#results-result", |t| t == "Líneas aplicadas: 1. Con diferencias (no aplicadas): 1.").await;
    assert_eq!(attr(&c, "#results-applied tbody tr", "data-reference").await, reference);
    assert_eq!(attr(&c, "#results-mismatches tbody tr", "data-why").await, "unknown_reference");
    wait_for_text(&c, &format!("#payments-table tr[data-person='{banked}']"), |t| t.contains("Fallido")).await;
    scroll_to(&c, "results-card").await;
    screenshot(&c, "payments-04-results").await;

    // The same file again changes nothing.
    click(&c, "#results-import").await;
    wait_for_text(&c, "#results-unchanged", |t| t.ends_with(": 1.")).await;
    wait_for_text(&c, "#results-result", |t| t.starts_with("Líneas aplicadas: 0.")).await;

    // The reconciliation, by the month the voucher is for: October's cash collected, two failed (the absent person
    // and the closed account), the rest still on its way (the other transfers and the wallets); the PDF for the donor.
    click(&c, "#payroll-tab-reconciliation").await;
    wait_for(&c, "#recon-total").await;
    assert!(total_count(&c, "failed").await >= 2);
    let october = |col: &str| format!("#recon-table tr[data-group='2024-10'] td[data-col='{col}']");
    let mut oct = Vec::new();
    for col in ["paid", "failed", "pending"] {
        oct.push(attr(&c, &october(col), "data-count").await.parse::<usize>().expect("a count"));
    }
    assert_eq!(oct, vec![cash - 1, 2, count - (cash - 1) - 2], "October: paid, failed, pending");
    wait_for_text(&c, "#recon-budget", |t| t.contains("270000 USD")).await;
    screenshot(&c, "payments-05-reconciliation").await;
    axe(&c, "reconciliation").await;
    select(&c, "#recon-by", "municipality").await;
    wait_for(&c, "#recon-table tbody tr:not([data-group^='20'])").await;
    screenshot(&c, "payments-06-reconciliation-municipality").await;
    let pdf = dir.path().join("conciliacion.pdf");
    type_into(&c, "#recon-pdf-path", &pdf.to_string_lossy()).await;
    click(&c, "#recon-pdf-write").await;
    wait_for_text(&c, "#recon-pdf-result", |t| t.starts_with("PDF escrito en")).await;
    assert!(std::fs::read(&pdf).expect("the reconciliation PDF").starts_with(b"%PDF"));

    // November's payroll owes both failed Octobers again, as arrears.
    click(&c, "#payroll-tab-list").await;
    click(&c, "#payroll-next").await;
    wait_for_text(&c, "#payroll-month-label", |t| t == "noviembre de 2024").await;
    for person in [&banked, &absent_person] {
        wait_for_text(&c, &format!("#payroll-table tr[data-id='{person}'][data-month='2024-10']"), |t| {
            t.contains("atraso de octubre de 2024")
        })
        .await;
    }
    screenshot(&c, "payments-07-arrears").await;

    // The participant's card: October failed, with its history.
    open_person(&c, &name, &name).await;
    let cell = "#voucher-card .voucher-cell[data-month='2024-10']";
    wait_for_text(&c, cell, |t| t.contains("Fallido")).await;
    assert_eq!(attr(&c, cell, "data-payment").await, "failed");
    click(&c, cell).await;
    wait_for_text(&c, "#voucher-detail-history", |t| t.contains("Enviado") && t.contains("Fallido (Cuenta cerrada)"))
        .await;
    scroll_to(&c, "voucher-detail").await;
    screenshot(&c, "payments-08-card-history").await;
    c.close().await.expect("close the app");

    // The store agrees: November's payroll holds both Octobers.
    let out = cli(&db, PASSPHRASE, &[os("vouchers"), os("payroll"), os("--month"), os("2024-11"), os("--json")]);
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    let lines = report["lines"].as_array().expect("lines");
    for person in [&banked, &absent_person] {
        assert!(
            lines.iter().any(|l| l["person_id"] == person.as_str() && l["month"] == "2024-10"),
            "October owed again to {person}"
        );
    }
}
