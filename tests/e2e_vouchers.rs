//! The voucher in the real window: a participant's page with the 9-month card (a paid month and why it was paid),
//! and the payroll screen of a month with payable participants: the total, the export (after a confirmation), the
//! approval (after a confirmation stating the people and the total), the list empty afterwards and the month
//! approved (not yet paid: delivery is the «Lotes» tab's, tests/e2e_payments.rs) on the participant's card.

use fantoccini::Locator;
use reintegra_tests::*;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn voucher_card_and_the_monthly_payroll_approved_in_the_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("central.db");
    init(&db, "Central San Salvador", "supervisor", &[]);
    cli(&db, PASSPHRASE, &[os("demo"), os("--participants"), os("20"), os("--months"), os("12")]);

    // What the CLI says October 2024 owes: who and how much (the same payroll the screen must show).
    let csv = dir.path().join("cli-planilla.csv");
    let out = cli(
        &db,
        PASSPHRASE,
        &[os("vouchers"), os("payroll"), os("--month"), os("2024-10"), os("--out"), csv.as_os_str(), os("--json")],
    );
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    let count = report["participants"].as_u64().expect("count");
    let total = report["total_usd"].as_u64().expect("total");
    assert!(count > 0, "the demo leaves October 2024 to be paid");
    // A participant of that payroll a few months into the window: earlier months are paid.
    let text = std::fs::read_to_string(&csv).expect("csv");
    let (name, index) = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|cols| cols.len() >= 8 && !cols[0].is_empty())
        .filter_map(|cols| Some((cols[1].to_owned(), cols[7].parse::<u32>().ok()?)))
        .find(|(_, i)| *i >= 3)
        .expect("a participant at month 3 or later");

    let driver = Driver::start(&db, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0")]);
    let c = driver.session(Lang::Es).await;
    unlock(&c, PASSPHRASE).await;
    wait_for_text(&c, "#nav-payroll", |t| t == "Planilla").await;

    // The participant's page: profile, family, and the card with nine months, one of them paid.
    open_person(&c, &name, &name).await;
    wait_for_text(&c, "#person-profile", |t| t.contains("DUI") && t.contains("Fecha de nacimiento")).await;
    wait_for(&c, "#person-family li").await;
    // The card's payments, read after the page, have arrived: month 1 is paid by its payment record.
    wait_for(&c, "#voucher-month-1[data-payment='paid']").await;
    let cells = c.find_all(Locator::Css("#voucher-card .voucher-cell")).await.expect("cells");
    assert_eq!(cells.len(), 9, "one cell per month of the window");
    let paid_before = wait_for_text(&c, "#voucher-month-1", |t| t.contains("Mes 1")).await;
    assert!(paid_before.contains("Pagado: 100 USD el "), "month 1 paid: {paid_before}");
    let october = wait_for_text(&c, &format!("#voucher-month-{index}"), |t| t.contains("octubre de 2024")).await;
    assert!(october.contains("Pendiente de pago"), "October not paid yet: {october}");
    click(&c, "#voucher-month-1").await;
    let detail = wait_for_text(&c, "#voucher-detail", |t| t.contains("Seguimiento psicosocial")).await;
    assert!(detail.contains("Participación en el grupo de apoyo") && detail.contains("Pagado"), "{detail}");
    let pressed = wait_for(&c, "#voucher-month-1").await.attr("aria-pressed").await.expect("attr");
    assert_eq!(pressed.as_deref(), Some("true"));
    screenshot(&c, "vouchers-01-card").await;

    // The payroll of October 2024: the same people and total as the CLI's, and who needs a review.
    click(&c, "#nav-payroll").await;
    wait_for(&c, "#payroll-month").await;
    type_into(&c, "#payroll-month", "2024-10").await;
    click(&c, "#payroll-show").await;
    wait_for_text(&c, "#payroll-month-label", |t| t == "octubre de 2024").await;
    wait_for_text(&c, "#payroll-total", |t| t == total.to_string()).await;
    let rows = c.find_all(Locator::Css("#payroll-table tbody tr")).await.expect("rows");
    assert_eq!(rows.len() as u64, count);
    wait_for_text(&c, "#payroll-table tbody", |t| t.contains(&name)).await;
    wait_for_text(&c, "#payroll-summary", |t| t.contains(&format!("Total: {total} USD"))).await;
    screenshot(&c, "vouchers-02-payroll").await;

    // Export, after a confirmation that says the file holds personal data.
    let file = dir.path().join("planilla-octubre.csv");
    type_into(&c, "#payroll-export-path", &file.to_string_lossy()).await;
    click(&c, "#payroll-export").await;
    wait_for_text(&c, "#payroll-export-confirm", |t| t.contains("nombres y DUI")).await;
    assert!(!file.exists(), "nothing written before the confirmation");
    click(&c, "#payroll-export-yes").await;
    wait_for_text(&c, "#payroll-export-result", |t| t.starts_with("Planilla escrita en")).await;
    let written = std::fs::read_to_string(&file).expect("payroll file");
    assert!(written.contains(&name) && written.contains(&format!("Total ({count})")));

    // Approve: the confirmation states the people and the total; afterwards nothing is left to approve.
    click(&c, "#payroll-approve").await;
    let question = wait_for_text(&c, "#payroll-approve-confirm", |t| t.contains("USD")).await;
    assert!(
        question.contains(&format!("{count} personas")) && question.contains(&format!("{total} USD")),
        "{question}"
    );
    assert!(question.contains("PLANILLA-2024-10"), "{question}");
    screenshot(&c, "vouchers-03-approve-confirm").await;
    click(&c, "#payroll-approve-yes").await;
    wait_for_text(&c, "#payroll-approve-result", |t| t.starts_with(&format!("Pagos aprobados: {count} personas")))
        .await;
    wait_for_text(&c, "#payroll-summary", |t| t.starts_with("No hay pagos pendientes para este mes.")).await;
    assert!(c.find(Locator::Css("#payroll-table")).await.is_err(), "the list is empty");
    screenshot(&c, "vouchers-04-approved").await;

    // The participant's card shows October approved (not paid until delivered), with its reference.
    open_person(&c, &name, &name).await;
    let october = wait_for_text(&c, &format!("#voucher-month-{index}"), |t| t.contains("Aprobado: 100 USD")).await;
    assert!(october.contains("octubre de 2024"), "{october}");
    click(&c, &format!("#voucher-month-{index}")).await;
    wait_for_text(&c, "#voucher-detail-history", |t| t.contains("Aprobado") && t.contains("PLANILLA-2024-10-")).await;
    screenshot(&c, "vouchers-05-card-paid").await;
    // The rest of the page: the month's evidence and the recent activity.
    wait_for(&c, "#person-timeline").await;
    c.execute("document.getElementById('person-timeline').scrollIntoView()", vec![]).await.expect("scroll");
    screenshot(&c, "vouchers-06-timeline").await;
    c.close().await.expect("close the app");

    // The store agrees: October's payroll is now empty.
    let again = dir.path().join("again.csv");
    let out = cli(
        &db,
        PASSPHRASE,
        &[os("vouchers"), os("payroll"), os("--month"), os("2024-10"), os("--out"), again.as_os_str(), os("--json")],
    );
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(report["participants"].as_u64(), Some(0), "{report}");
}
