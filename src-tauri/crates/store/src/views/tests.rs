//! The page and payroll reads over a real store on disk, with records written through the one write path.

use reintegra_core::records::Kind;
use reintegra_core::views::LinkSide;
use serde_json::json;

use super::*;
use crate::testing::{add, programme};

fn month(s: &str) -> Month {
    Month::parse(s).expect("month")
}

#[test]
fn a_participants_page_has_the_family_the_card_with_evidence_and_payment_and_the_timeline() {
    let mut w = programme();
    let page = person_view(&mut w.store, w.ana).expect("page");
    assert_eq!(page.person.given_names, "Ana");
    assert_eq!(page.family.len(), 1);
    assert_eq!(
        (page.family[0].person_id, page.family[0].kind.as_str(), page.family[0].side),
        (w.rosa, "mother", LinkSide::Relative)
    );
    assert_eq!(page.enrolments.len(), 1);
    assert_eq!(page.enrolments[0].component, "voucher");

    assert_eq!(page.voucher.len(), 9, "one cell per month of the window");
    assert_eq!(page.voucher[0].evaluation.month, month("2024-01"));
    assert_eq!(page.voucher[8].evaluation.month, month("2024-09"));
    let jan = &page.voucher[0];
    assert_eq!(jan.evaluation.outcome, Outcome::Eligible);
    let paid = jan.payment.as_ref().expect("january paid");
    assert_eq!(paid.amount_cents, 10_000);
    assert_eq!(paid.paid_on.to_string(), "2024-02-05");
    assert_eq!(paid.reference.as_deref(), Some("PLANILLA-2024-01"));
    let follow_up = &jan.evaluation.requirements[0];
    assert!(follow_up.met);
    let proof = jan.evidence(follow_up.evidence[0]).expect("evidence resolved");
    assert_eq!((proof.kind.as_str(), proof.status.as_deref()), ("case_management", Some("present")));
    assert_eq!(proof.date.map(|d| d.to_string()).as_deref(), Some("2024-01-15"));

    let feb = &page.voucher[1];
    assert_eq!(feb.evaluation.outcome, Outcome::Eligible);
    assert!(feb.payment.is_none());
    assert_eq!(feb.evidence.len(), 1);
    assert_eq!(feb.evidence[0].kind, "home_visit");
    assert_eq!(feb.evidence[0].date.map(|d| d.to_string()).as_deref(), Some("2024-02-20"));

    let mar = &page.voucher[2];
    assert_eq!(mar.evaluation.outcome, Outcome::Warning);
    assert!(!mar.evaluation.requirements[0].met && mar.evidence.is_empty());
    assert_eq!(page.voucher[3].evaluation.outcome, Outcome::Withheld);

    let kinds: Vec<&str> = page.timeline.iter().map(|t| t.kind.as_str()).collect();
    assert_eq!(kinds, ["home_visit", "payment", "case_management"], "newest first");
    assert_eq!(page.timeline[1].detail.as_deref(), Some("2024-01"));
}

#[test]
fn the_timeline_has_referrals_initiatives_taken_part_in_and_case_plan_goals() {
    let mut w = programme();
    let (ana, rosa, beto) = (w.ana, w.rosa, w.beto);
    add(
        &mut w.store,
        Kind::Referral,
        json!({"person_id": ana, "service": "documents", "organisation": "RNPN", "date": "2024-04-02",
               "status": "referred"}),
    );
    add(
        &mut w.store,
        Kind::CommunityInitiative,
        json!({"kind": "sports", "name": "Torneo de la colonia", "date": "2024-04-06",
               "municipality": "San Salvador Sur", "person_ids": [ana, rosa]}),
    );
    add(
        &mut w.store,
        Kind::CommunityInitiative,
        json!({"kind": "cultural", "name": "Sin Ana", "date": "2024-04-07", "municipality": "San Salvador Sur",
               "person_ids": [beto]}),
    );
    add(
        &mut w.store,
        Kind::CasePlan,
        json!({"person_id": ana, "goals": [{"text": "Obtener su DUI", "status": "achieved"},
                                           {"text": "Buscar empleo", "status": "open"}]}),
    );
    let page = person_view(&mut w.store, ana).expect("page");
    let entries: Vec<(&str, Option<&str>, Option<&str>)> =
        page.timeline.iter().map(|t| (t.kind.as_str(), t.detail.as_deref(), t.text.as_deref())).collect();
    assert_eq!(
        entries,
        [
            ("case_plan_goal", Some("achieved"), Some("Obtener su DUI")),
            ("case_plan_goal", Some("open"), Some("Buscar empleo")),
            ("community_initiative", Some("sports"), Some("Torneo de la colonia")),
            ("referral", Some("documents"), None),
            ("home_visit", None, None),
            ("payment", Some("2024-01"), None),
            ("case_management", Some("present"), None),
        ],
        "newest first; the goals dated by the plan's last change (today), the initiative Ana was not in left out"
    );
    assert_eq!(page.timeline[2].date.to_string(), "2024-04-06");
    let rosa_page = person_view(&mut w.store, rosa).expect("page");
    let kinds: Vec<&str> = rosa_page.timeline.iter().map(|t| t.kind.as_str()).collect();
    assert_eq!(kinds, ["community_initiative", "home_visit"], "a relative's initiatives too");
}

#[test]
fn a_relatives_page_links_back_to_the_participant_and_has_no_card() {
    let mut w = programme();
    let page = person_view(&mut w.store, w.rosa).expect("page");
    assert_eq!(page.family.len(), 1);
    assert_eq!((page.family[0].person_id, page.family[0].side), (w.ana, LinkSide::Participant));
    assert!(page.voucher.is_empty());
    assert_eq!(page.timeline.len(), 1, "the home visit that met her");
    assert!(matches!(person_view(&mut w.store, Uuid::now_v7()), Err(Error::NotFound)));
}

#[test]
fn the_payroll_view_lists_the_payable_unpaid_and_the_ones_to_review() {
    let mut w = programme();
    let march = payroll_view(&mut w.store, month("2024-03")).expect("march");
    let names: Vec<&str> = march.lines.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["Ana Prueba", "Beto Prueba"]);
    assert_eq!(march.total_usd, 200);
    assert_eq!((march.lines[0].month_index, march.lines[1].month_index), (3, 1));
    assert_eq!(march.review.len(), 1);
    let ana = &march.review[0];
    assert_eq!((ana.person_id, ana.outcome, ana.run), (w.ana, Outcome::Warning, 1));
    assert_eq!(ana.unmet, ["follow_up"]);
    assert_eq!(march.paid, 0);

    let april = payroll_view(&mut w.store, month("2024-04")).expect("april");
    assert_eq!(april.lines.iter().map(|l| l.person_id).collect::<Vec<_>>(), [w.beto]);
    assert_eq!(april.total_usd, 100);
    let outcomes: Vec<(Uuid, Outcome)> = april.review.iter().map(|r| (r.person_id, r.outcome)).collect();
    assert_eq!(outcomes, [(w.ana, Outcome::Withheld), (w.beto, Outcome::Warning)]);

    let january = payroll_view(&mut w.store, month("2024-01")).expect("january");
    assert!(january.lines.is_empty() && january.review.is_empty());
    assert_eq!((january.total_usd, january.paid), (0, 1));
}
