//! Field work: the home agenda, a home visit, a group session with its attendance, referrals, and form drafts.
//! Every save is one transaction through `records::upsert`.

use chrono::NaiveDate;
use reintegra_core::forms::{
    Draft, GroupItem, HomeView, HomeVisitForm, InitiativeForm, REFERRAL_STATUSES, ReferralForm, ReferralItem,
    RosterEntry, SessionForm,
};
use reintegra_core::person::{PersonForm, validate_form};
use reintegra_core::record_fields::{self, Attendance, ReferralStatus};
use reintegra_core::records::Kind;
use reintegra_core::wire::{ApiError, RegisterOutcome};
use reintegra_store::{agenda, drafts, persons, records};
use uuid::Uuid;

use crate::state::AppState;

impl AppState {
    pub fn home_view(&self, today: NaiveDate) -> Result<HomeView, ApiError> {
        self.with_store(|s| agenda::home(s, today))
    }

    pub fn save_home_visit(&self, form: &HomeVisitForm, today: NaiveDate) -> Result<Uuid, ApiError> {
        let fields = form.to_fields(today)?;
        self.with_store(|s| s.with_tx(|w| records::upsert(w, Kind::HomeVisit, None, &fields, today)).map(|r| r.0))
    }

    pub fn groups(&self) -> Result<Vec<GroupItem>, ApiError> {
        self.with_store(agenda::groups)
    }

    pub fn roster(&self, group: Uuid, today: NaiveDate) -> Result<Vec<RosterEntry>, ApiError> {
        self.with_store(|s| agenda::roster(s, group, today))
    }

    /// The session and every attendance in one transaction: all of it or nothing.
    pub fn save_session(&self, form: &SessionForm, today: NaiveDate) -> Result<Uuid, ApiError> {
        let group = form.group_id.ok_or_else(|| ApiError::new("error.required"))?;
        self.with_store(|s| -> Result<_, ApiError> {
            let kind = agenda::groups(s)?
                .into_iter()
                .find(|g| g.id == group)
                .map(|g| g.kind)
                .ok_or_else(|| ApiError::new("error.not_found"))?;
            let fields = form.to_fields(&kind, today)?;
            let session = s.with_tx(|w| {
                let (session, _) = records::upsert(w, Kind::Session, None, &fields, today)?;
                for (person, status) in &form.attendance {
                    let a = Attendance { session_id: session, person_id: *person, status: status.clone() };
                    records::upsert(w, Kind::Attendance, None, &record_fields::to_fields(&a), today)?;
                }
                Ok(session)
            })?;
            Ok(session)
        })
    }

    pub fn save_referral(&self, form: &ReferralForm, today: NaiveDate) -> Result<Uuid, ApiError> {
        let fields = form.to_fields(today)?;
        self.with_store(|s| s.with_tx(|w| records::upsert(w, Kind::Referral, None, &fields, today)).map(|r| r.0))
    }

    /// A community initiative with the people who took part, in one transaction.
    pub fn save_initiative(&self, form: &InitiativeForm, today: NaiveDate) -> Result<Uuid, ApiError> {
        let fields = form.to_fields(today)?;
        self.with_store(|s| {
            s.with_tx(|w| records::upsert(w, Kind::CommunityInitiative, None, &fields, today)).map(|r| r.0)
        })
    }

    /// A relative of `participant`, registered with the relationship in one transaction.
    pub fn register_relative(
        &self,
        participant: Uuid,
        kind: &str,
        form: &PersonForm,
        confirm_new: bool,
        today: NaiveDate,
    ) -> Result<RegisterOutcome, ApiError> {
        self.with_store(|s| -> Result<_, ApiError> {
            let catalogue = s.read(records::catalogue)?;
            let fields = validate_form(form, today, &catalogue)?;
            Ok(persons::register_relative(s, &fields, participant, kind, confirm_new, today)?)
        })
    }

    /// A referral's new status (and what came of it, when given).
    pub fn set_referral_status(&self, id: Uuid, status: &str, outcome: &str, today: NaiveDate) -> Result<(), ApiError> {
        if !REFERRAL_STATUSES.contains(&status) {
            return Err(ApiError::new("error.choice_invalid"));
        }
        let change = ReferralStatus {
            status: status.to_owned(),
            outcome: Some(outcome.to_owned()).filter(|o| !o.trim().is_empty()),
        };
        let fields = record_fields::to_fields(&change);
        self.with_store(|s| s.with_tx(|w| records::upsert(w, Kind::Referral, Some(id), &fields, today)).map(|_| ()))
    }

    pub fn person_referrals(&self, person: Uuid) -> Result<Vec<ReferralItem>, ApiError> {
        self.with_store(|s| agenda::referrals_of(s, person))
    }

    pub fn get_draft(&self, key: &str) -> Result<Option<Draft>, ApiError> {
        self.with_store(|s| drafts::get(s, key))
    }

    pub fn save_draft(&self, key: &str, data: &str) -> Result<(), ApiError> {
        let now = chrono::Utc::now().timestamp_millis();
        self.with_store(|s| drafts::put(s, key, data, now))
    }

    pub fn delete_draft(&self, key: &str) -> Result<(), ApiError> {
        self.with_store(|s| drafts::delete(s, key))
    }
}

#[cfg(test)]
mod tests {
    use reintegra_core::wire::SetupRequest;

    use super::*;

    #[test]
    fn a_visit_a_session_with_its_roster_a_referral_and_a_draft() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = AppState::new(Some(dir.path().join("f.db")), 10);
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        state
            .setup(
                &SetupRequest { device_name: "l".into(), passphrase: "una frase larga".into(), ..Default::default() },
                today,
            )
            .expect("setup");
        let page = state
            .search_persons(&reintegra_core::wire::PersonQuery { text: String::new(), offset: 0, limit: 5 })
            .expect("people");
        let who = page.items[0].id;

        let bad = HomeVisitForm { date: "99/99/2026".into(), person_ids: vec![who], ..Default::default() };
        let err = state.save_home_visit(&bad, today).expect_err("invalid");
        assert_eq!(err.fields.expect("fields").for_field("date").expect("date").code, "error.date_invalid");
        let visit = HomeVisitForm {
            date: "24/11/2026".into(),
            person_ids: vec![who],
            next_visit: "01/12/2026".into(),
            ..Default::default()
        };
        state.save_home_visit(&visit, today).expect("visit");

        let group = state.groups().expect("groups").into_iter().next().expect("the demo has groups");
        let roster = state.roster(group.id, today).expect("roster");
        assert!(!roster.is_empty());
        let form = SessionForm {
            group_id: Some(group.id),
            date: "24/11/2026".into(),
            modules: vec!["forgiveness".into()],
            notes: String::new(),
            attendance: roster.iter().map(|r| (r.person_id, "present".to_owned())).collect(),
        };
        let mut broken = form.clone();
        broken.attendance.push((Uuid::from_u128(1), "present".into()));
        let digest = state.with_store(|s| s.digest()).expect("digest");
        assert!(state.save_session(&broken, today).is_err(), "an unknown person refuses the whole session");
        assert_eq!(state.with_store(|s| s.digest()).expect("digest"), digest, "nothing written");
        state.save_session(&form, today).expect("session");

        let r = ReferralForm {
            person_id: Some(who),
            service: "documents".into(),
            organisation: "RNPN".into(),
            date: "20/11/2026".into(),
            follow_up: "24/11/2026".into(),
            ..Default::default()
        };
        let id = state.save_referral(&r, today).expect("referral");
        assert!(state.home_view(today).expect("home").referrals_due.iter().any(|x| x.id == id));
        state.set_referral_status(id, "closed", "Obtuvo su DUI", today).expect("close");
        assert!(!state.home_view(today).expect("home").referrals_due.iter().any(|x| x.id == id));
        assert_eq!(state.person_referrals(who).expect("list")[0].status, "closed");

        let bad = InitiativeForm { kind: "sports".into(), ..Default::default() };
        let err = state.save_initiative(&bad, today).expect_err("invalid");
        assert_eq!(err.fields.expect("fields").for_field("name").expect("name").code, "error.required");
        let initiative = InitiativeForm {
            kind: "sports".into(),
            name: "Torneo de fútbol".into(),
            date: "22/11/2026".into(),
            municipality: "San Salvador Este".into(),
            place: "Cancha municipal".into(),
            people: vec![(who, String::new())],
            headcount: "35".into(),
        };
        state.save_initiative(&initiative, today).expect("initiative");
        let stranger = InitiativeForm { people: vec![(Uuid::from_u128(1), String::new())], ..initiative };
        assert!(state.save_initiative(&stranger, today).is_err(), "an unknown person is refused");

        state.save_draft("visit:x", "{}").expect("draft");
        assert!(state.get_draft("visit:x").expect("get").is_some());
        state.delete_draft("visit:x").expect("delete");
        assert!(state.get_draft("visit:x").expect("get").is_none());
    }
}
