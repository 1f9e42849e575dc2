//! The field-work forms (home visit, group session, referral) as typed by a person, their conversion into record
//! fields checked by [`records::check`] (the same rules in the browser as in the store), and what the home screen,
//! the session roster and the referral list receive from the store.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::month::Month;
use crate::records::{self, Kind};
use crate::reference::Catalogue;
use crate::validation::FieldErrors;
use crate::views::ReviewRow;

/// Referral states a referral can be in; `closed`, `rejected` and `no_show` end it.
pub const REFERRAL_STATUSES: &[&str] = &["referred", "accepted", "attended", "closed", "rejected", "no_show"];
pub const REFERRAL_SERVICES: &[&str] =
    &["health", "mental_health", "legal", "documents", "employment", "education", "addiction", "housing", "other"];
pub const ATTENDANCE: &[&str] = &["present", "absent", "justified"];
pub const INITIATIVE_KINDS: &[&str] = &["cultural", "sports", "recreational"];

/// A home visit as typed: dates in dd/mm/aaaa.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HomeVisitForm {
    pub date: String,
    pub person_ids: Vec<Uuid>,
    pub purpose: String,
    pub modules: Vec<String>,
    pub observations: String,
    pub risk_flags: Vec<String>,
    pub next_visit: String,
}

/// A group session as typed, with the roster's attendance.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionForm {
    pub group_id: Option<Uuid>,
    pub date: String,
    pub modules: Vec<String>,
    pub notes: String,
    /// (person, `present` | `absent` | `justified`).
    pub attendance: Vec<(Uuid, String)>,
}

/// A referral as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReferralForm {
    pub person_id: Option<Uuid>,
    pub service: String,
    pub organisation: String,
    pub date: String,
    pub status: String,
    pub follow_up: String,
    pub outcome: String,
}

/// A community initiative as typed: who took part (people of the programme) and how many came in all.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InitiativeForm {
    /// `cultural`, `sports` or `recreational`.
    pub kind: String,
    pub name: String,
    pub date: String,
    pub municipality: String,
    pub place: String,
    /// (person, full name): the name only for showing who was added.
    pub people: Vec<(Uuid, String)>,
    /// Everyone who came, programme or not; empty when not counted.
    pub headcount: String,
}

/// Puts a typed date into `out` as aaaa-mm-dd, or records why it cannot be read.
fn put_date(out: &mut Map<String, Value>, errors: &mut FieldErrors, field: &str, typed: &str) {
    let t = typed.trim();
    if t.is_empty() {
        return;
    }
    match crate::date::parse_user(t) {
        Some(d) => {
            out.insert(field.into(), Value::String(d.to_string()));
        }
        None => errors.push(field, "error.date_invalid"),
    }
}

fn put_text(out: &mut Map<String, Value>, field: &str, typed: &str) {
    if !typed.trim().is_empty() {
        out.insert(field.into(), Value::String(typed.to_owned()));
    }
}

fn put_codes(out: &mut Map<String, Value>, field: &str, codes: &[String]) {
    if !codes.is_empty() {
        out.insert(field.into(), Value::Array(codes.iter().cloned().map(Value::String).collect()));
    }
}

/// Runs the record's own rules; date errors found while reading the form come first.
fn finish(
    kind: Kind,
    out: Map<String, Value>,
    mut errors: FieldErrors,
    today: NaiveDate,
) -> Result<Map<String, Value>, FieldErrors> {
    match records::check(kind, &out, today, &Catalogue::default()) {
        Ok((canonical, _)) if errors.is_empty() => Ok(canonical),
        Ok(_) => Err(errors),
        Err(e) => {
            for fe in e.0 {
                if errors.for_field(&fe.field).is_none() {
                    errors.0.push(fe);
                }
            }
            Err(errors)
        }
    }
}

impl HomeVisitForm {
    pub fn to_fields(&self, today: NaiveDate) -> Result<Map<String, Value>, FieldErrors> {
        let mut out = Map::new();
        let mut errors = FieldErrors::default();
        put_date(&mut out, &mut errors, "date", &self.date);
        if !self.person_ids.is_empty() {
            out.insert("person_ids".into(), self.person_ids.iter().map(|i| Value::String(i.to_string())).collect());
        }
        put_text(&mut out, "purpose", &self.purpose);
        put_codes(&mut out, "modules", &self.modules);
        put_text(&mut out, "observations", &self.observations);
        put_codes(&mut out, "risk_flags", &self.risk_flags);
        put_date(&mut out, &mut errors, "next_visit", &self.next_visit);
        finish(Kind::HomeVisit, out, errors, today)
    }
}

impl SessionForm {
    /// The session's fields (a group training or support-group session, by the group's kind) and the attendance.
    pub fn to_fields(&self, group_kind: &str, today: NaiveDate) -> Result<Map<String, Value>, FieldErrors> {
        let mut out = Map::new();
        let mut errors = FieldErrors::default();
        let kind = if group_kind == "parent_training" { "group_training" } else { "support_group" };
        out.insert("kind".into(), Value::String(kind.into()));
        match self.group_id {
            Some(g) => {
                out.insert("group_id".into(), Value::String(g.to_string()));
            }
            None => errors.push("group_id", "error.required"),
        }
        put_date(&mut out, &mut errors, "date", &self.date);
        put_codes(&mut out, "modules", &self.modules);
        put_text(&mut out, "notes", &self.notes);
        if self.attendance.is_empty() {
            errors.push("attendance", "error.roster_empty");
        }
        if self.attendance.iter().any(|(_, s)| !ATTENDANCE.contains(&s.as_str())) {
            errors.push("attendance", "error.attendance_missing");
        }
        finish(Kind::Session, out, errors, today)
    }
}

impl ReferralForm {
    pub fn to_fields(&self, today: NaiveDate) -> Result<Map<String, Value>, FieldErrors> {
        let mut out = Map::new();
        let mut errors = FieldErrors::default();
        if let Some(p) = self.person_id {
            out.insert("person_id".into(), Value::String(p.to_string()));
        }
        put_text(&mut out, "service", &self.service);
        put_text(&mut out, "organisation", &self.organisation);
        put_date(&mut out, &mut errors, "date", &self.date);
        let status = if self.status.is_empty() { "referred" } else { &self.status };
        out.insert("status".into(), Value::String(status.into()));
        put_date(&mut out, &mut errors, "follow_up", &self.follow_up);
        put_text(&mut out, "outcome", &self.outcome);
        finish(Kind::Referral, out, errors, today)
    }
}

impl InitiativeForm {
    pub fn to_fields(&self, today: NaiveDate) -> Result<Map<String, Value>, FieldErrors> {
        let mut out = Map::new();
        let mut errors = FieldErrors::default();
        put_text(&mut out, "kind", &self.kind);
        put_text(&mut out, "name", &self.name);
        put_date(&mut out, &mut errors, "date", &self.date);
        put_text(&mut out, "municipality", &self.municipality);
        put_text(&mut out, "place", &self.place);
        if !self.people.is_empty() {
            out.insert("person_ids".into(), self.people.iter().map(|(i, _)| Value::String(i.to_string())).collect());
        }
        let count = self.headcount.trim();
        if !count.is_empty() {
            match count.parse::<u64>() {
                Ok(n) => {
                    out.insert("headcount".into(), Value::from(n));
                }
                Err(_) => errors.push("headcount", "error.count_invalid"),
            }
        }
        if let Some(n) = out.get("headcount").and_then(Value::as_u64)
            && n < self.people.len() as u64
        {
            errors.push("headcount", "error.headcount_below_people");
        }
        finish(Kind::CommunityInitiative, out, errors, today)
    }
}

/// A referral as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralItem {
    pub id: Uuid,
    pub person_id: Uuid,
    pub person_name: String,
    pub service: String,
    pub organisation: String,
    pub date: NaiveDate,
    pub status: String,
    pub follow_up: Option<NaiveDate>,
}

/// A home visit whose next visit is due, with the people it was made to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitDue {
    pub visit_id: Uuid,
    pub last_date: NaiveDate,
    pub next_visit: NaiveDate,
    /// (person, full name), the first being the one the page opens.
    pub people: Vec<(Uuid, String)>,
}

/// The home screen's agenda for a day. Each list holds at most a page; the totals say how many there are.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeView {
    pub today: NaiveDate,
    pub visits_due: Vec<VisitDue>,
    pub visits_total: usize,
    pub referrals_due: Vec<ReferralItem>,
    pub referrals_total: usize,
    pub review_month: Month,
    pub review: Vec<ReviewRow>,
    pub review_total: usize,
    /// Assessments due by their instrument's schedule (#16), overdue or due within a week.
    #[serde(default)]
    pub assessments_due: Vec<crate::wire::assessments::AssessmentDue>,
    #[serde(default)]
    pub assessments_total: usize,
    /// The name of each instrument in `assessments_due` (code, name), read with them: the agenda shows them
    /// without asking for the instruments after (H15, #18).
    #[serde(default)]
    pub instrument_names: Vec<(String, crate::assessments::definition::Text)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupItem {
    pub id: Uuid,
    /// `parent_training` or `support_group`.
    pub kind: String,
    pub name: String,
    pub municipality: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub person_id: Uuid,
    pub name: String,
}

/// A form's draft kept in the encrypted store while it has unsaved input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub key: String,
    /// The form's state as JSON.
    pub data: String,
    pub saved_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).expect("date")
    }

    #[test]
    fn a_home_visit_form_names_each_wrong_field() {
        let f = HomeVisitForm { date: "31/02/2026".into(), next_visit: "x".into(), ..Default::default() };
        let e = f.to_fields(today()).expect_err("invalid");
        assert_eq!(e.for_field("date").expect("date").code, "error.date_invalid");
        assert_eq!(e.for_field("next_visit").expect("next").code, "error.date_invalid");
        assert_eq!(e.for_field("person_ids").expect("people").code, "error.required");
        let ok = HomeVisitForm {
            date: "20/11/2026".into(),
            person_ids: vec![Uuid::from_u128(7)],
            modules: vec!["self_esteem".into()],
            next_visit: "04/12/2026".into(),
            ..Default::default()
        };
        let fields = ok.to_fields(today()).expect("valid");
        assert_eq!(fields["date"], "2026-11-20");
        let before = HomeVisitForm { next_visit: "01/11/2026".into(), ..ok };
        assert_eq!(
            before.to_fields(today()).expect_err("before").for_field("next_visit").expect("f").code,
            "error.end_before_start"
        );
    }

    #[test]
    fn session_and_referral_forms() {
        let s = SessionForm { date: "25/11/2026".into(), ..Default::default() };
        let e = s.to_fields("support_group", today()).expect_err("invalid");
        assert_eq!(e.for_field("date").expect("date").code, "error.date_future");
        assert_eq!(e.for_field("group_id").expect("group").code, "error.required");
        assert_eq!(e.for_field("attendance").expect("roster").code, "error.roster_empty");
        let r = ReferralForm {
            person_id: Some(Uuid::from_u128(7)),
            service: "documents".into(),
            organisation: "RNPN".into(),
            date: "20/11/2026".into(),
            follow_up: "27/11/2026".into(),
            ..Default::default()
        };
        let f = r.to_fields(today()).expect("valid");
        assert_eq!(f["status"], "referred");
        assert_eq!(f["follow_up"], "2026-11-27");
    }

    #[test]
    fn an_initiative_form() {
        let empty = InitiativeForm { headcount: "muchos".into(), ..Default::default() };
        let e = empty.to_fields(today()).expect_err("invalid");
        for field in ["kind", "name", "date", "municipality"] {
            assert_eq!(e.for_field(field).expect(field).code, "error.required");
        }
        assert_eq!(e.for_field("headcount").expect("count").code, "error.count_invalid");
        let ok = InitiativeForm {
            kind: "sports".into(),
            name: "Torneo de fútbol".into(),
            date: "21/11/2026".into(),
            municipality: "San Salvador Este".into(),
            place: "Cancha municipal".into(),
            people: vec![(Uuid::from_u128(7), "Marta".into()), (Uuid::from_u128(8), "Rosa".into())],
            headcount: "40".into(),
        };
        let f = ok.to_fields(today()).expect("valid");
        assert_eq!(f["date"], "2026-11-21");
        assert_eq!(f["headcount"], 40);
        assert_eq!(f["person_ids"].as_array().expect("ids").len(), 2);
        let few = InitiativeForm { headcount: "1".into(), ..ok };
        assert_eq!(
            few.to_fields(today()).expect_err("few").for_field("headcount").expect("c").code,
            "error.headcount_below_people"
        );
    }
}
