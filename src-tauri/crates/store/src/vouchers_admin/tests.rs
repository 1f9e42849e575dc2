use chrono::NaiveDate;
use reintegra_core::month::Month;
use reintegra_core::records::Kind;
use reintegra_core::vouchers::Outcome;
use reintegra_core::vouchers::preview::Why;
use reintegra_core::wire::DeviceRole;
use reintegra_core::wire::vouchers::RulesForm;
use serde_json::json;
use uuid::Uuid;

use super::*;
use crate::testing::{self, add, count, paired, programme, today};
use crate::vouchers::{evaluate_month, payroll};

fn m(s: &str) -> Month {
    Month::parse(s).expect("a month")
}

fn outcome(store: &mut Store, person: Uuid, month: &str) -> (Outcome, bool) {
    let report = evaluate_month(store, m(month)).expect("evaluated");
    let p = report.participants.into_iter().find(|p| p.person_id == person).expect("evaluated");
    (p.evaluation.outcome, p.evaluation.payable)
}

fn code(e: Error) -> String {
    match e {
        Error::Invalid(f) => f.0.iter().map(|e| format!("{}:{}", e.field, e.code)).collect::<Vec<_>>().join(","),
        Error::Refused(c) => c.to_owned(),
        other => format!("{other:?}"),
    }
}

/// "Today" in the programme's March 2024: a new version from next month takes effect in April.
fn in_march() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 3, 20).expect("date")
}

#[test]
fn an_exemption_makes_a_withheld_month_payable() {
    let mut p = programme();
    // Ana: nothing in March or April, so April is her second non-compliant month in a row.
    assert_eq!(outcome(&mut p.store, p.ana, "2024-04"), (Outcome::Withheld, false));
    assert!(!payroll(&mut p.store, m("2024-04")).expect("payroll").lines.iter().any(|l| l.person_id == p.ana));
    let id = record_exemption(&mut p.store, p.ana, m("2024-04"), "Hospitalizada dos semanas", today()).expect("saved");
    assert_eq!(outcome(&mut p.store, p.ana, "2024-04"), (Outcome::Eligible, true));
    assert!(payroll(&mut p.store, m("2024-04")).expect("payroll").lines.iter().any(|l| l.person_id == p.ana));
    let audited = count(&mut p.store, &format!("SELECT COUNT(*) FROM audit WHERE subject = 'exemption:{id}'"));
    assert_eq!(audited, 1, "one audit entry names the exemption");
}

#[test]
fn an_override_grants_its_outcome_and_says_who_decided() {
    let mut p = programme();
    let id = record_override(&mut p.store, p.ana, m("2024-04"), "eligible", "Apelación aceptada", " ", today())
        .expect("saved");
    assert_eq!(outcome(&mut p.store, p.ana, "2024-04"), (Outcome::Eligible, true));
    let (data, _) = crate::records::get(&mut p.store, Kind::Override, id).expect("the record");
    assert_eq!(data.get("decided_by").and_then(Value::as_str), Some(p.store.user()), "blank: the user who unlocked");
    // The run is not reset: May is still the third non-compliant month.
    assert_eq!(outcome(&mut p.store, p.ana, "2024-05").0, Outcome::Suspended);
    let again =
        record_override(&mut p.store, p.ana, m("2024-04"), "warning", "Revisado", "Comité de apelación", today())
            .expect("saved");
    assert_eq!(again, id, "a second decision for the month replaces the first");
    let (data, _) = crate::records::get(&mut p.store, Kind::Override, id).expect("the record");
    assert_eq!(data.get("decided_by").and_then(Value::as_str), Some("Comité de apelación"));
    assert_eq!(outcome(&mut p.store, p.ana, "2024-04"), (Outcome::Warning, true));
}

fn screen_after(store: &mut Store) -> reintegra_core::wire::vouchers::RulesScreen {
    rules_screen(store, in_march()).expect("the screen")
}

fn stricter_ladder(screen_today: NaiveDate, store: &mut Store) -> RulesForm {
    let screen = rules_screen(store, screen_today).expect("the screen");
    let mut form = screen.draft;
    form.ladder = vec!["withheld".into(), "withheld".into(), "suspended".into()];
    form.reason = "Retener desde el primer mes sin cumplir".into();
    form
}

#[test]
fn a_version_from_next_month_previews_then_changes_the_evaluation() {
    let mut p = programme();
    let screen = rules_screen(&mut p.store, in_march()).expect("the screen");
    assert_eq!(screen.versions.len(), 1, "the programme's default only");
    assert!(screen.central);
    assert_eq!((screen.draft.version.as_str(), screen.draft.effective_from.as_str()), ("2", "04/2024"));
    let form = stricter_ladder(in_march(), &mut p.store);
    // Beto: March attended, April nothing: his first non-compliant month, a warning today.
    assert_eq!(outcome(&mut p.store, p.beto, "2024-04"), (Outcome::Warning, true));
    let digest = p.store.digest().expect("digest");
    let changes = count(&mut p.store, "SELECT COUNT(*) FROM changes");
    let preview = preview_rules(&mut p.store, &form, in_march()).expect("a preview");
    assert_eq!((preview.version, preview.effective_from, preview.to), (2, m("2024-04"), m("2024-04")));
    assert_eq!(preview.participants, 2);
    let beto = preview.changes.iter().find(|r| r.change.person_id == p.beto).expect("Beto changes");
    assert_eq!((beto.change.before, beto.change.after), (Outcome::Warning, Outcome::Withheld));
    assert_eq!(beto.change.why, vec![Why::Ladder]);
    assert!(beto.name.contains("Beto"));
    assert!(!preview.changes.iter().any(|r| r.change.person_id == p.ana), "Ana's April is withheld either way");
    assert_eq!(p.store.digest().expect("digest"), digest, "a preview writes nothing");
    assert_eq!(count(&mut p.store, "SELECT COUNT(*) FROM changes"), changes);
    assert_eq!(outcome(&mut p.store, p.beto, "2024-04"), (Outcome::Warning, true));

    let id = save_rules(&mut p.store, &form, in_march()).expect("saved");
    assert_eq!(outcome(&mut p.store, p.beto, "2024-04"), (Outcome::Withheld, false));
    assert_eq!(outcome(&mut p.store, p.beto, "2024-03"), (Outcome::Eligible, true), "March keeps its rules");
    let screen = rules_screen(&mut p.store, in_march()).expect("the screen");
    let ladder = &screen_after(&mut p.store).versions[1].rules.ladder;
    assert_eq!(ladder, &vec![Outcome::Withheld, Outcome::Withheld, Outcome::Suspended], "a step may repeat");
    let listed: Vec<(Option<Uuid>, u32)> = screen.versions.iter().map(|v| (v.id, v.rules.version)).collect();
    assert_eq!(listed, vec![(None, 1), (Some(id), 2)]);
    assert_eq!(screen.versions[1].reason.as_deref(), Some("Retener desde el primer mes sin cumplir"));
    assert_eq!(screen.draft.version, "3", "the next number");
    assert_eq!(screen.draft.effective_from, "05/2024", "the month after the latest version's");
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let mut p = programme();
    let first = stricter_ladder(in_march(), &mut p.store);
    save_rules(&mut p.store, &first, in_march()).expect("a first version");
    let digest = p.store.digest().expect("digest");
    let ana = p.ana;
    let rosa = p.rosa;
    let s = &mut p.store;
    let blank = record_exemption(s, ana, m("2024-04"), "  ", today()).map(|_| ()).map_err(code);
    assert_eq!(blank, Err("reason:error.required".into()));
    let relative = record_exemption(s, rosa, m("2024-04"), "Motivo", today()).map(|_| ()).map_err(code);
    assert_eq!(relative, Err("person_id:error.ref_not_participant".into()));
    let nobody = record_exemption(s, Uuid::now_v7(), m("2024-04"), "Motivo", today()).map(|_| ()).map_err(code);
    assert_eq!(nobody, Err("person_id:error.ref_unknown".into()));
    let bad = record_override(s, ana, m("2024-04"), "paid", "Motivo", "", today()).map(|_| ()).map_err(code);
    assert_eq!(bad, Err("outcome:error.choice_invalid".into()));

    let form = |edit: &dyn Fn(&mut RulesForm)| {
        let mut f = RulesForm::from_rules(&Default::default(), 3, m("2024-06"));
        edit(&mut f);
        f
    };
    let cases: Vec<(&str, RulesForm, &str)> = vec![
        (
            "a month that already has a version",
            form(&|f| f.effective_from = "04/2024".into()),
            "effective_from:error.rules_month_taken",
        ),
        ("the default's number", form(&|f| f.version = "1".into()), "version:error.rules_version_taken"),
        ("a number taken", form(&|f| f.version = "2".into()), "version:error.rules_version_taken"),
        (
            "a month that does not read",
            form(&|f| f.effective_from = "junio".into()),
            "effective_from:error.month_invalid",
        ),
        ("no month", form(&|f| f.effective_from = String::new()), "effective_from:error.required"),
        (
            "a number that does not read",
            form(&|f| f.window_months = "nueve".into()),
            "window_months:error.count_invalid",
        ),
        ("an empty ladder", form(&|f| f.ladder = Vec::new()), "ladder:error.rules_ladder"),
        (
            "a ladder step that is no sanction",
            form(&|f| f.ladder = vec!["eligible".into()]),
            "ladder:error.choice_invalid",
        ),
        ("a total under the monthly amount", form(&|f| f.max_total_usd = "50".into()), "ladder:error.rules_amount"),
    ];
    for (name, f, want) in cases {
        assert_eq!(preview_rules(s, &f, today()).map(|_| ()).map_err(code), Err(want.to_owned()), "preview: {name}");
        assert_eq!(save_rules(s, &f, today()).map(|_| ()).map_err(code), Err(want.to_owned()), "save: {name}");
    }
    assert_eq!(s.digest().expect("digest"), digest, "nothing was written");
}

#[test]
fn only_the_central_file_decides() {
    let (_folder, mut laptop) = testing::store(DeviceRole::Field);
    let ana = testing::person(&mut laptop, "participant", "Ana");
    let refused = record_exemption(&mut laptop, ana, m("2024-04"), "Motivo", today()).map_err(code);
    assert_eq!(refused, Err("error.central_only".into()));
    let refused = record_override(&mut laptop, ana, m("2024-04"), "eligible", "Motivo", "", today()).map_err(code);
    assert_eq!(refused, Err("error.central_only".into()));
    let form = RulesForm::from_rules(&Default::default(), 2, m("2024-06"));
    assert_eq!(save_rules(&mut laptop, &form, today()).map_err(code), Err("error.central_only".into()));
    assert_eq!(preview_rules(&mut laptop, &form, today()).map(|_| ()).map_err(code), Err("error.central_only".into()));
    assert!(!rules_screen(&mut laptop, today()).expect("the list").central);
    assert_eq!(count(&mut laptop, "SELECT COUNT(*) FROM exemptions"), 0);
}

#[test]
fn the_decisions_travel_to_the_laptop() {
    let (mut folder, mut central, mut laptop) = paired();
    let ana = testing::person(&mut laptop, "participant", "Ana");
    add(&mut laptop, Kind::Enrolment, json!({"person_id": ana, "component": "voucher", "start_date": "2024-01-10"}));
    folder.send(&mut laptop, &mut central);
    record_exemption(&mut central, ana, m("2024-02"), "Enfermedad", today()).expect("exemption");
    record_override(&mut central, ana, m("2024-03"), "eligible", "Apelación", "Coordinación", today())
        .expect("override");
    let mut form = RulesForm::from_rules(&Default::default(), 2, m("2024-05"));
    form.payable = vec!["eligible".into(), "warning".into(), "suspended".into()];
    save_rules(&mut central, &form, today()).expect("rules");
    folder.send(&mut central, &mut laptop);
    let laptop_says: Vec<(Outcome, bool)> =
        ["2024-02", "2024-03", "2024-05"].iter().map(|mo| outcome(&mut laptop, ana, mo)).collect();
    let central_says: Vec<(Outcome, bool)> =
        ["2024-02", "2024-03", "2024-05"].iter().map(|mo| outcome(&mut central, ana, mo)).collect();
    assert_eq!(laptop_says, central_says);
    // February exempted, March granted; May suspended (a run of three) and paid under version 2.
    assert_eq!(laptop_says, vec![(Outcome::Eligible, true), (Outcome::Eligible, true), (Outcome::Suspended, true)]);
}
