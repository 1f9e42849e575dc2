//! The programme's records edited as the window edits them, over real stores on disk: valid saves, refusals that
//! change nothing, and the changes travelling to the other device in a bundle.

use reintegra_core::records::Kind;
use reintegra_core::wire::DeviceRole;
use serde_json::json;

use super::*;
use crate::testing::{self, add, count, paired, person, programme, today};

/// How many changes and audit entries the store holds: a refused edit leaves both as they were.
fn writes(store: &mut Store) -> (i64, i64) {
    (count(store, "SELECT COUNT(*) FROM changes"), count(store, "SELECT COUNT(*) FROM audit"))
}

fn refused_with(r: Result<impl std::fmt::Debug>, field: &str, code: &str) {
    match r {
        Err(Error::Invalid(e)) => {
            assert_eq!(e.for_field(field).map(|e| e.code.as_str()), Some(code), "{e:?}")
        }
        other => panic!("expected {field}: {code}, got {other:?}"),
    }
}

#[test]
fn a_relative_is_enrolled_in_parent_training_and_the_enrolment_is_closed() {
    let mut w = programme();
    let id = enrol(&mut w.store, w.rosa, "parent_training", "01/03/2024", today()).expect("enrolled");
    let (data, _) = records::get(&mut w.store, Kind::Enrolment, id).expect("stored");
    assert_eq!(data["component"], "parent_training");
    assert_eq!((data["start_date"].as_str(), data["status"].as_str()), (Some("2024-03-01"), Some("active")));

    let before = writes(&mut w.store);
    refused_with(
        enrol(&mut w.store, w.rosa, "parent_training", "01/06/2024", today()),
        "component",
        "error.already_enrolled",
    );
    refused_with(enrol(&mut w.store, w.rosa, "voucher", "01/06/2024", today()), "component", "error.component_role");
    refused_with(
        enrol(&mut w.store, w.ana, "parent_training", "01/06/2024", today()),
        "component",
        "error.component_role",
    );
    refused_with(
        enrol(&mut w.store, w.rosa, "psychosocial", "30/02/2024", today()),
        "start_date",
        "error.date_invalid",
    );
    refused_with(
        close_enrolment(&mut w.store, id, "29/02/2024", "completed", today()),
        "end_date",
        "error.end_before_start",
    );
    refused_with(
        close_enrolment(&mut w.store, id, "01/01/2030", "completed", today()),
        "end_date",
        "error.date_future",
    );
    refused_with(close_enrolment(&mut w.store, id, "30/09/2024", "active", today()), "status", "error.choice_invalid");
    assert!(matches!(enrol(&mut w.store, Uuid::now_v7(), "psychosocial", "01/03/2024", today()), Err(Error::NotFound)));
    assert_eq!(writes(&mut w.store), before, "refused edits write nothing, not even an audit entry");

    close_enrolment(&mut w.store, id, "30/09/2024", "completed", today()).expect("closed");
    let view = person_programme(&mut w.store, w.rosa).expect("view");
    assert_eq!(view.enrolments.len(), 1);
    assert_eq!(view.enrolments[0].status, "completed");
    assert_eq!(view.enrolments[0].end_date.map(|d| d.to_string()).as_deref(), Some("2024-09-30"));
    assert!(view.components.contains(&"parent_training".to_owned()));
    refused_with(
        close_enrolment(&mut w.store, id, "30/10/2024", "exited", today()),
        "end_date",
        "error.enrolment_closed",
    );
    // Once closed, the person may be enrolled again.
    enrol(&mut w.store, w.rosa, "parent_training", "01/11/2024", today()).expect("enrolled again");
    let audit: String = w
        .store
        .read(|tx| Ok(tx.query_row("SELECT subject FROM audit ORDER BY seq DESC LIMIT 1", [], |r| r.get(0))?))
        .expect("audit");
    assert!(audit.starts_with("enrolment:"), "each save is audited: {audit}");
}

#[test]
fn a_case_plan_with_two_goals_one_achieved() {
    let mut w = programme();
    let before = writes(&mut w.store);
    refused_with(add_case_plan(&mut w.store, w.ana, &[" ".into()], today()), "goals", "error.required");
    assert_eq!(writes(&mut w.store), before);

    let plan =
        add_case_plan(&mut w.store, w.ana, &["Obtener DUI".into(), "Buscar empleo".into()], today()).expect("plan");
    set_goal_status(&mut w.store, plan, 0, "achieved", today()).expect("achieved");
    let before = writes(&mut w.store);
    refused_with(set_goal_status(&mut w.store, plan, 0, "dropped", today()), "status", "error.goal_transition");
    refused_with(set_goal_status(&mut w.store, plan, 5, "achieved", today()), "goals", "error.goal_unknown");
    refused_with(add_goal(&mut w.store, plan, "  ", today()), "goals", "error.required");
    assert_eq!(writes(&mut w.store), before);
    add_goal(&mut w.store, plan, "Terminar noveno grado", today()).expect("goal added");
    set_goal_status(&mut w.store, plan, 2, "dropped", today()).expect("dropped");

    let (data, _) = records::get(&mut w.store, Kind::CasePlan, plan).expect("stored");
    assert_eq!(
        data["goals"],
        json!([{"text": "Obtener DUI", "status": "achieved"}, {"text": "Buscar empleo", "status": "open"},
               {"text": "Terminar noveno grado", "status": "dropped"}])
    );
    // A second plan is a plan of its own.
    add_case_plan(&mut w.store, w.ana, &["Reconciliación familiar".into()], today()).expect("second plan");
    let view = person_programme(&mut w.store, w.ana).expect("view");
    assert_eq!(view.plans.len(), 2);
    assert_eq!(view.plans.iter().find(|p| p.id == plan).map(|p| p.goals.len()), Some(3));
}

#[test]
fn a_relationship_changes_kind_and_ends() {
    let mut w = programme();
    let link = person_programme(&mut w.store, w.ana).expect("view").family[0].relationship_id;
    set_relationship_kind(&mut w.store, link, "grandparent", today()).expect("kind");
    let before = writes(&mut w.store);
    refused_with(set_relationship_kind(&mut w.store, link, "cousin", today()), "kind", "error.choice_invalid");
    refused_with(end_relationship(&mut w.store, link, "01/01/2030", today()), "end_date", "error.date_future");
    assert_eq!(writes(&mut w.store), before);
    end_relationship(&mut w.store, link, "15/08/2024", today()).expect("ended");
    refused_with(end_relationship(&mut w.store, link, "16/08/2024", today()), "end_date", "error.relationship_ended");

    // Both sides see it, ended.
    let family = person_programme(&mut w.store, w.rosa).expect("view").family;
    assert_eq!(family.len(), 1);
    assert_eq!((family[0].person_id, family[0].kind.as_str()), (w.ana, "grandparent"));
    assert_eq!(family[0].end_date.map(|d| d.to_string()).as_deref(), Some("2024-08-15"));
}

#[test]
fn the_programme_status_and_worker() {
    let mut w = programme();
    set_programme_status(&mut w.store, w.ana, "active", "Marta López", today()).expect("active");
    set_programme_status(&mut w.store, w.ana, "completed", "Marta López", today()).expect("completed");
    let before = writes(&mut w.store);
    refused_with(set_programme_status(&mut w.store, w.ana, "active", "", today()), "status", "error.status_transition");
    refused_with(set_programme_status(&mut w.store, w.ana, "retired", "", today()), "status", "error.choice_invalid");
    refused_with(
        set_programme_status(&mut w.store, w.ana, "completed", &"x".repeat(81), today()),
        "assigned_worker",
        "error.too_long",
    );
    assert_eq!(writes(&mut w.store), before);
    // Only the worker changes; emptied, the assignment goes.
    set_programme_status(&mut w.store, w.ana, "completed", "  ", today()).expect("worker removed");
    let view = person_programme(&mut w.store, w.ana).expect("view");
    assert_eq!((view.status.as_deref(), view.assigned_worker.as_deref()), (Some("completed"), None));
}

#[test]
fn groups_are_created_renamed_and_moved() {
    let (_folder, mut store) = testing::store(DeviceRole::Supervisor);
    let form = GroupForm {
        id: None,
        kind: "parent_training".into(),
        name: "Cohorte 1".into(),
        municipality: "san salvador este".into(),
        facilitator: "".into(),
    };
    let id = save_group(&mut store, &form, today()).expect("created");
    let before = writes(&mut store);
    for (name, bad, field, code) in [
        ("no name", GroupForm { name: " ".into(), ..form.clone() }, "name", "error.required"),
        (
            "unknown municipality",
            GroupForm { municipality: "Santa Ana".into(), ..form.clone() },
            "municipality",
            "error.municipality_unknown",
        ),
        ("unknown kind", GroupForm { kind: "choir".into(), ..form.clone() }, "kind", "error.choice_invalid"),
    ] {
        let r = save_group(&mut store, &bad, today());
        assert!(
            matches!(&r, Err(Error::Invalid(e)) if e.for_field(field).map(|e| e.code.as_str()) == Some(code)),
            "{name}: {r:?}"
        );
    }
    assert_eq!(writes(&mut store), before);
    let edit = GroupForm {
        id: Some(id),
        kind: "support_group".into(),
        name: "Cohorte 1 — Soyapango".into(),
        municipality: "San Salvador Centro".into(),
        facilitator: "Lucía Pérez".into(),
    };
    save_group(&mut store, &edit, today()).expect("renamed");
    let list = groups(&mut store).expect("groups");
    assert_eq!(list.len(), 1);
    let g = &list[0];
    assert_eq!(
        (g.id, g.kind.as_str(), g.name.as_str()),
        (id, "parent_training", "Cohorte 1 — Soyapango"),
        "the kind stays"
    );
    assert_eq!((g.municipality.as_str(), g.facilitator.as_deref()), ("San Salvador Centro", Some("Lucía Pérez")));
    assert!(matches!(
        save_group(&mut store, &GroupForm { id: Some(Uuid::now_v7()), ..edit }, today()),
        Err(Error::NotFound)
    ));
}

#[test]
fn a_district_added_to_a_municipality_is_reference_data() {
    let (_folder, mut store) = testing::store(DeviceRole::Supervisor);
    save_municipality(&mut store, "san salvador oeste", "Apopa\nNejapa\n Santa Tecla Norte \n", today())
        .expect("saved");
    let catalogue = store.read(records::catalogue).expect("catalogue");
    let oeste = catalogue.municipality("San Salvador Oeste").expect("still there");
    assert_eq!(oeste.name, "San Salvador Oeste", "the reference's spelling");
    assert_eq!(oeste.districts, ["Apopa", "Nejapa", "Santa Tecla Norte"]);
    // Saved again: the same record, updated.
    save_municipality(&mut store, "San Salvador Oeste", "Apopa\nNejapa\nSanta Tecla Norte\nEl Ángel", today())
        .expect("again");
    assert_eq!(count(&mut store, "SELECT COUNT(*) FROM municipalities"), 1);
    // A person may now live there.
    add(
        &mut store,
        Kind::Person,
        json!({"role": "relative", "given_names": "Eva", "first_surname": "Prueba", "birth_date": "1980-01-01",
               "municipality": "San Salvador Oeste", "district": "el angel"}),
    );
    let before = writes(&mut store);
    refused_with(save_municipality(&mut store, "San Salvador Oeste", " \n ", today()), "districts", "error.required");
    assert_eq!(writes(&mut store), before);
}

#[test]
fn a_field_user_changes_neither_the_reference_data_nor_records_outside_the_caseload() {
    let mut w = programme();
    let user = crate::users::NewUser { login: "campo", name: None, role: Role::Field, worker: Some("Ana Campo") };
    crate::users::add(&mut w.store, testing::PASS, &user, "otra frase de paso larga").expect("user");
    let path = w.store.path().to_owned();
    drop(w.store);
    let mut field = Store::open_as(&path, Some("campo"), "otra frase de paso larga").expect("open as ana");
    assert!(matches!(
        save_municipality(&mut field, "San Salvador Oeste", "Apopa", today()),
        Err(Error::Refused("error.coordinators_only"))
    ));
    assert!(matches!(
        enrol(&mut field, w.rosa, "psychosocial", "01/03/2024", today()),
        Err(Error::Refused("error.outside_caseload"))
    ));
}

#[test]
fn the_edits_travel_in_a_bundle() {
    let (mut folder, mut central, mut laptop) = paired();
    let participant = person(&mut laptop, "participant", "Luis");
    let mother = person(&mut laptop, "relative", "Marta");
    let link = add(
        &mut laptop,
        Kind::Relationship,
        json!({"participant_id": participant, "relative_id": mother, "kind": "mother"}),
    );
    let enrolment = enrol(&mut laptop, mother, "parent_training", "01/03/2024", today()).expect("enrolled");
    close_enrolment(&mut laptop, enrolment, "30/09/2024", "completed", today()).expect("closed");
    let plan = add_case_plan(&mut laptop, participant, &["Obtener DUI".into(), "Buscar empleo".into()], today())
        .expect("plan");
    set_goal_status(&mut laptop, plan, 1, "achieved", today()).expect("achieved");
    end_relationship(&mut laptop, link, "01/10/2024", today()).expect("ended");
    set_programme_status(&mut laptop, participant, "suspended", "Ana Campo", today()).expect("status");
    folder.send(&mut laptop, &mut central);

    let on_central = person_programme(&mut central, mother).expect("arrived");
    assert_eq!(on_central.enrolments.len(), 1);
    assert_eq!(on_central.enrolments[0].status, "completed");
    assert!(on_central.family[0].end_date.is_some());
    let p = person_programme(&mut central, participant).expect("arrived");
    assert_eq!(p.plans[0].goals[1].status, "achieved");
    assert_eq!((p.status.as_deref(), p.assigned_worker.as_deref()), (Some("suspended"), Some("Ana Campo")));

    // The reference data and a group go the other way.
    save_municipality(&mut central, "San Salvador Norte", "Aguilares\nEl Paisnal\nGuazapa\nCalle Real", today())
        .expect("district");
    let group = GroupForm {
        id: None,
        kind: "support_group".into(),
        name: "Grupo Aguilares".into(),
        municipality: "San Salvador Norte".into(),
        facilitator: "Lucía".into(),
    };
    save_group(&mut central, &group, today()).expect("group");
    folder.send(&mut central, &mut laptop);
    let catalogue = laptop.read(records::catalogue).expect("catalogue");
    assert!(catalogue.municipality("San Salvador Norte").and_then(|m| m.district("calle real")).is_some());
    assert_eq!(groups(&mut laptop).expect("groups")[0].facilitator.as_deref(), Some("Lucía"));
    assert_eq!(central.digest().expect("digest"), laptop.digest().expect("digest"), "both hold the same data");
}
