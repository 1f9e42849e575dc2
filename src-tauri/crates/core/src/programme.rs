//! The rules of the programme's records edited from a person's page (enrolments, case plans, relationships, the
//! programme status): who may be enrolled in which component, when an enrolment or a relationship may be closed,
//! how a goal's or a person's status may change. Pure functions over what the store read; the store then writes the
//! result through the one write path, where the record's field specification ([`crate::records`]) checks it again,
//! exactly as for a loaded file.

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use crate::FieldErrors;
use crate::person::PersonRole;
use crate::wire::programme::{EnrolmentItem, GoalItem};

/// The programme's components, the codes of the JSON Lines contract.
pub const COMPONENTS: &[&str] = &["voucher", "parent_training", "individual_training", "psychosocial", "community"];

/// The components a person of this role takes part in (`PROGRAMME.md`): the voucher is for released people; the
/// parent training and the individual training with home visits are for their relatives; psychosocial support
/// and community initiatives are for both.
pub fn components_for(role: PersonRole) -> &'static [&'static str] {
    match role {
        PersonRole::Participant => &["voucher", "psychosocial", "community"],
        PersonRole::Relative => &["parent_training", "individual_training", "psychosocial", "community"],
    }
}

/// The statuses that close an enrolment.
pub const CLOSING: &[&str] = &["exited", "completed"];

/// A person's programme statuses, in the order the screen offers them.
pub const PERSON_STATUSES: &[&str] = &["active", "suspended", "exited", "completed"];

pub const GOAL_STATUSES: &[&str] = &["open", "achieved", "dropped"];

/// A date as a person types it (dd/mm/aaaa, or aaaa-mm-dd), required.
pub fn typed_date(errors: &mut FieldErrors, field: &str, typed: &str) -> Option<NaiveDate> {
    let t = typed.trim();
    if t.is_empty() {
        errors.push(field, "error.required");
        return None;
    }
    let d = crate::date::parse_user(t);
    if d.is_none() {
        errors.push(field, "error.date_invalid");
    }
    d
}

/// A new enrolment of a person of `role` in `component` from the typed start date: the component must be one of
/// the role's, and the person must not already be in it (an open enrolment: no end date).
pub fn enrolment(
    role: PersonRole,
    existing: &[EnrolmentItem],
    component: &str,
    start: &str,
) -> Result<Map<String, Value>, FieldErrors> {
    let mut errors = FieldErrors::default();
    if component.is_empty() {
        errors.push("component", "error.required");
    } else if !components_for(role).contains(&component) {
        errors.push("component", "error.component_role");
    } else if existing.iter().any(|e| e.component == component && e.end_date.is_none()) {
        errors.push("component", "error.already_enrolled");
    }
    let start = typed_date(&mut errors, "start_date", start);
    errors.into_result(())?;
    let mut out = Map::new();
    out.insert("component".into(), json!(component));
    out.insert("start_date".into(), json!(start.map(|d| d.to_string())));
    out.insert("status".into(), json!("active"));
    Ok(out)
}

/// The fields that close an open enrolment on the typed end date with a closing status. The end date is a fact:
/// not after today, not before the start.
pub fn closing(
    current: &EnrolmentItem,
    end: &str,
    status: &str,
    today: NaiveDate,
) -> Result<Map<String, Value>, FieldErrors> {
    let mut errors = FieldErrors::default();
    if current.end_date.is_some() {
        errors.push("end_date", "error.enrolment_closed");
        return Err(errors);
    }
    if !CLOSING.contains(&status) {
        errors.push("status", if status.is_empty() { "error.required" } else { "error.choice_invalid" });
    }
    if let Some(end) = typed_date(&mut errors, "end_date", end) {
        if end > today {
            errors.push("end_date", "error.date_future");
        } else if end < current.start_date {
            errors.push("end_date", "error.end_before_start");
        }
        errors.into_result(())?;
        let mut out = Map::new();
        out.insert("end_date".into(), json!(end.to_string()));
        out.insert("status".into(), json!(status));
        return Ok(out);
    }
    Err(errors)
}

/// A goal's text as typed: trimmed, not empty.
fn goal_text(errors: &mut FieldErrors, text: &str) -> Option<String> {
    let t = text.trim();
    if t.is_empty() {
        errors.push("goals", "error.required");
        return None;
    }
    Some(t.to_owned())
}

/// The goals of a new case plan from the typed texts (empty lines left out); at least one.
pub fn new_goals(texts: &[String]) -> Result<Vec<GoalItem>, FieldErrors> {
    let goals: Vec<GoalItem> = texts
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .map(|t| GoalItem { text: t.to_owned(), status: "open".into() })
        .collect();
    let mut errors = FieldErrors::default();
    if goals.is_empty() {
        errors.push("goals", "error.required");
    }
    errors.into_result(goals)
}

/// The plan's goals with one more, open.
pub fn add_goal(goals: &[GoalItem], text: &str) -> Result<Vec<GoalItem>, FieldErrors> {
    let mut errors = FieldErrors::default();
    let text = goal_text(&mut errors, text);
    errors.into_result(())?;
    let mut out = goals.to_vec();
    out.extend(text.map(|text| GoalItem { text, status: "open".into() }));
    Ok(out)
}

/// Whether a goal may go from one status to another: an open goal is achieved or dropped; an achieved or dropped
/// goal may be opened again (a mistake corrected), not turned straight into the other outcome.
pub fn goal_transition_allowed(from: &str, to: &str) -> bool {
    matches!((from, to), ("open", "achieved") | ("open", "dropped") | ("achieved", "open") | ("dropped", "open"))
}

/// The plan's goals with goal `index` set to `status`.
pub fn set_goal(goals: &[GoalItem], index: usize, status: &str) -> Result<Vec<GoalItem>, FieldErrors> {
    let mut errors = FieldErrors::default();
    let Some(goal) = goals.get(index) else {
        errors.push("goals", "error.goal_unknown");
        return Err(errors);
    };
    if !GOAL_STATUSES.contains(&status) {
        errors.push("status", "error.choice_invalid");
    } else if !goal_transition_allowed(&goal.status, status) {
        errors.push("status", "error.goal_transition");
    }
    errors.into_result(())?;
    let mut out = goals.to_vec();
    out[index].status = status.to_owned();
    Ok(out)
}

/// Goals as the record holds them.
pub fn goals_value(goals: &[GoalItem]) -> Value {
    Value::Array(goals.iter().map(|g| json!({"text": g.text, "status": g.status})).collect())
}

/// Whether a person's programme status may go from `from` (none: never set) to `to`: active people are suspended,
/// leave or complete; suspended people come back or leave; people who left may come back; completing the programme
/// is final. Staying the same is always allowed (only the worker may have changed).
pub fn status_transition_allowed(from: Option<&str>, to: &str) -> bool {
    if !PERSON_STATUSES.contains(&to) {
        return false;
    }
    match from {
        None => true,
        Some(f) if f == to => true,
        Some("active") => matches!(to, "suspended" | "exited" | "completed"),
        Some("suspended") => matches!(to, "active" | "exited"),
        Some("exited") => to == "active",
        Some(_) => false,
    }
}

/// The person's programme status and assigned worker as typed (an empty worker removes the assignment).
pub fn programme_status(current: Option<&str>, status: &str, worker: &str) -> Result<Map<String, Value>, FieldErrors> {
    let mut errors = FieldErrors::default();
    if status.is_empty() {
        errors.push("status", "error.required");
    } else if !PERSON_STATUSES.contains(&status) {
        errors.push("status", "error.choice_invalid");
    } else if !status_transition_allowed(current, status) {
        errors.push("status", "error.status_transition");
    }
    errors.into_result(())?;
    let mut out = Map::new();
    out.insert("status".into(), json!(status));
    let w = worker.trim();
    out.insert("assigned_worker".into(), if w.is_empty() { Value::Null } else { json!(w) });
    Ok(out)
}

/// The fields that end a relationship on the typed date (not after today; once).
pub fn relationship_end(
    current_end: Option<NaiveDate>,
    end: &str,
    today: NaiveDate,
) -> Result<Map<String, Value>, FieldErrors> {
    let mut errors = FieldErrors::default();
    if current_end.is_some() {
        errors.push("end_date", "error.relationship_ended");
        return Err(errors);
    }
    let end = typed_date(&mut errors, "end_date", end);
    if let Some(end) = end
        && end > today
    {
        errors.push("end_date", "error.date_future");
    }
    errors.into_result(())?;
    let mut out = Map::new();
    out.insert("end_date".into(), json!(end.map(|d| d.to_string())));
    Ok(out)
}

/// Lines typed one item each (districts, goals): trimmed, empty ones left out (the record's specification refuses an
/// empty list, tidies spaces and drops repeats).
pub fn typed_lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        crate::date::parse_iso(s).expect("date")
    }

    fn enrolment_item(component: &str, start: &str, end: Option<&str>) -> EnrolmentItem {
        EnrolmentItem {
            id: uuid::Uuid::nil(),
            component: component.into(),
            start_date: day(start),
            end_date: end.map(day),
            status: if end.is_some() { "exited".into() } else { "active".into() },
        }
    }

    /// The field and code a case is refused with (none: accepted).
    type Refused = Option<(&'static str, &'static str)>;

    fn code(r: Result<Map<String, Value>, FieldErrors>, field: &str) -> Option<String> {
        r.err().and_then(|e| e.for_field(field).map(|e| e.code.clone()))
    }

    #[test]
    #[allow(clippy::type_complexity, reason = "a table of named cases reads best as tuples")]
    fn who_is_enrolled_in_what() {
        use PersonRole::{Participant, Relative};
        let open_parent = [enrolment_item("parent_training", "2024-01-01", None)];
        let closed_parent = [enrolment_item("parent_training", "2024-01-01", Some("2024-05-01"))];
        let cases: &[(&str, PersonRole, &[EnrolmentItem], &str, &str, Refused)] = &[
            ("relative in parent training", Relative, &[], "parent_training", "01/02/2024", None),
            ("participant in the voucher", Participant, &[], "voucher", "2024-02-01", None),
            ("both in psychosocial support", Relative, &[], "psychosocial", "01/02/2024", None),
            (
                "relative not in the voucher",
                Relative,
                &[],
                "voucher",
                "01/02/2024",
                Some(("component", "error.component_role")),
            ),
            (
                "participant not in parent training",
                Participant,
                &[],
                "parent_training",
                "01/02/2024",
                Some(("component", "error.component_role")),
            ),
            ("unknown component", Relative, &[], "karate", "01/02/2024", Some(("component", "error.component_role"))),
            ("no component", Relative, &[], "", "01/02/2024", Some(("component", "error.required"))),
            (
                "already in it",
                Relative,
                &open_parent,
                "parent_training",
                "01/06/2024",
                Some(("component", "error.already_enrolled")),
            ),
            ("again after it ended", Relative, &closed_parent, "parent_training", "01/06/2024", None),
            ("no start date", Relative, &[], "parent_training", " ", Some(("start_date", "error.required"))),
            ("31 February", Relative, &[], "parent_training", "31/02/2024", Some(("start_date", "error.date_invalid"))),
        ];
        for (name, role, existing, component, start, expected) in cases {
            let r = enrolment(*role, existing, component, start);
            match expected {
                None => {
                    let f = r.unwrap_or_else(|e| panic!("{name}: {e:?}"));
                    assert_eq!(f["status"], "active", "{name}");
                    assert_eq!(f["component"], *component, "{name}");
                }
                Some((field, c)) => assert_eq!(code(r, field).as_deref(), Some(*c), "{name}"),
            }
        }
    }

    #[test]
    fn when_an_enrolment_may_close() {
        let today = day("2026-11-24");
        let open = enrolment_item("voucher", "2024-01-10", None);
        let closed = enrolment_item("voucher", "2024-01-10", Some("2024-09-30"));
        let cases: &[(&str, &EnrolmentItem, &str, &str, Refused)] = &[
            ("completed", &open, "30/09/2024", "completed", None),
            ("exited on the start day", &open, "10/01/2024", "exited", None),
            ("exited today", &open, "24/11/2026", "exited", None),
            ("already closed", &closed, "01/10/2024", "exited", Some(("end_date", "error.enrolment_closed"))),
            ("before the start", &open, "09/01/2024", "exited", Some(("end_date", "error.end_before_start"))),
            ("in the future", &open, "25/11/2026", "exited", Some(("end_date", "error.date_future"))),
            ("closed as active", &open, "30/09/2024", "active", Some(("status", "error.choice_invalid"))),
            ("no status", &open, "30/09/2024", "", Some(("status", "error.required"))),
            ("no date", &open, "", "completed", Some(("end_date", "error.required"))),
            ("not a date", &open, "ayer", "completed", Some(("end_date", "error.date_invalid"))),
        ];
        for (name, current, end, status, expected) in cases {
            let r = closing(current, end, status, today);
            match expected {
                None => {
                    let f = r.unwrap_or_else(|e| panic!("{name}: {e:?}"));
                    assert_eq!(f["status"], *status, "{name}");
                }
                Some((field, c)) => assert_eq!(code(r, field).as_deref(), Some(*c), "{name}"),
            }
        }
    }

    #[test]
    fn goal_status_changes() {
        let cases = [
            ("open to achieved", "open", "achieved", true),
            ("open to dropped", "open", "dropped", true),
            ("achieved reopened", "achieved", "open", true),
            ("dropped reopened", "dropped", "open", true),
            ("achieved to dropped", "achieved", "dropped", false),
            ("dropped to achieved", "dropped", "achieved", false),
            ("open to open", "open", "open", false),
            ("achieved again", "achieved", "achieved", false),
        ];
        for (name, from, to, allowed) in cases {
            assert_eq!(goal_transition_allowed(from, to), allowed, "{name}");
        }
        let goals = new_goals(&["Obtener DUI".into(), " ".into(), " Buscar empleo ".into()]).expect("goals");
        assert_eq!(goals.len(), 2, "empty lines left out");
        assert_eq!(goals[1].text, "Buscar empleo");
        let set = set_goal(&goals, 0, "achieved").expect("achieved");
        assert_eq!((set[0].status.as_str(), set[1].status.as_str()), ("achieved", "open"));
        let e = set_goal(&goals, 2, "achieved").expect_err("no third goal");
        assert_eq!(e.for_field("goals").map(|e| e.code.as_str()), Some("error.goal_unknown"));
        let e = set_goal(&goals, 0, "won").expect_err("unknown status");
        assert_eq!(e.for_field("status").map(|e| e.code.as_str()), Some("error.choice_invalid"));
        assert!(new_goals(&[" ".into()]).is_err(), "a plan needs a goal");
        assert!(add_goal(&goals, "  ").is_err(), "an empty goal");
        assert_eq!(add_goal(&goals, "Terminar noveno grado").expect("added").len(), 3);
    }

    #[test]
    fn programme_status_changes() {
        let cases = [
            ("first status", None, "active", true),
            ("first status completed", None, "completed", true),
            ("active suspended", Some("active"), "suspended", true),
            ("active exited", Some("active"), "exited", true),
            ("active completed", Some("active"), "completed", true),
            ("suspended back", Some("suspended"), "active", true),
            ("suspended exited", Some("suspended"), "exited", true),
            ("suspended completed", Some("suspended"), "completed", false),
            ("exited back", Some("exited"), "active", true),
            ("exited completed", Some("exited"), "completed", false),
            ("completed is final", Some("completed"), "active", false),
            ("same status (worker changed)", Some("completed"), "completed", true),
            ("unknown status", Some("active"), "retired", false),
        ];
        for (name, from, to, allowed) in cases {
            assert_eq!(status_transition_allowed(from, to), allowed, "{name}");
        }
        let f = programme_status(Some("active"), "suspended", "  ").expect("valid");
        assert_eq!(f["assigned_worker"], Value::Null, "an empty worker removes the assignment");
        let e = programme_status(Some("completed"), "active", "Ana").expect_err("final");
        assert_eq!(e.for_field("status").map(|e| e.code.as_str()), Some("error.status_transition"));
    }

    #[test]
    fn when_a_relationship_may_end() {
        let today = day("2026-11-24");
        let cases = [
            ("ended today", None, "24/11/2026", None),
            ("ended last year", None, "2025-03-01", None),
            ("already ended", Some(day("2025-01-01")), "24/11/2026", Some("error.relationship_ended")),
            ("tomorrow", None, "25/11/2026", Some("error.date_future")),
            ("no date", None, "", Some("error.required")),
        ];
        for (name, current, end, expected) in cases {
            let r = relationship_end(current, end, today);
            assert_eq!(code(r, "end_date").as_deref(), expected, "{name}");
        }
    }

    #[test]
    fn components_by_role_and_typed_lines() {
        assert!(components_for(PersonRole::Relative).contains(&"parent_training"));
        assert!(!components_for(PersonRole::Participant).contains(&"parent_training"));
        for role in [PersonRole::Participant, PersonRole::Relative] {
            assert!(components_for(role).iter().all(|c| crate::records::COMPONENTS.contains(c)));
        }
        assert_eq!(typed_lines(" Apopa \n\n Nejapa\r\n"), vec!["Apopa".to_owned(), "Nejapa".to_owned()]);
    }
}
