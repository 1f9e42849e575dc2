//! The programme's records from the window: enrolments, case plans, relationships, a person's status and worker,
//! groups and cohorts, the municipalities' districts. Each command is one call of the store's
//! [`reintegra_store::programme`], as the command line would make it; nothing is decided here.

use chrono::NaiveDate;
use reintegra_core::wire::ApiError;
use reintegra_core::wire::programme::{GroupForm, GroupRow, PersonProgramme};
use reintegra_store::programme as p;
use uuid::Uuid;

use crate::state::AppState;

impl AppState {
    pub fn person_programme(&self, person: Uuid) -> Result<PersonProgramme, ApiError> {
        self.with_store(|s| p::person_programme(s, person))
    }

    pub fn enrol(&self, person: Uuid, component: &str, start: &str, today: NaiveDate) -> Result<Uuid, ApiError> {
        self.with_store(|s| p::enrol(s, person, component, start, today))
    }

    pub fn close_enrolment(&self, id: Uuid, end: &str, status: &str, today: NaiveDate) -> Result<(), ApiError> {
        self.with_store(|s| p::close_enrolment(s, id, end, status, today))
    }

    pub fn add_case_plan(&self, person: Uuid, goals: &[String], today: NaiveDate) -> Result<Uuid, ApiError> {
        self.with_store(|s| p::add_case_plan(s, person, goals, today))
    }

    pub fn add_goal(&self, plan: Uuid, text: &str, today: NaiveDate) -> Result<(), ApiError> {
        self.with_store(|s| p::add_goal(s, plan, text, today))
    }

    pub fn set_goal_status(&self, plan: Uuid, index: usize, status: &str, today: NaiveDate) -> Result<(), ApiError> {
        self.with_store(|s| p::set_goal_status(s, plan, index, status, today))
    }

    pub fn set_relationship_kind(&self, id: Uuid, kind: &str, today: NaiveDate) -> Result<(), ApiError> {
        self.with_store(|s| p::set_relationship_kind(s, id, kind, today))
    }

    pub fn end_relationship(&self, id: Uuid, end: &str, today: NaiveDate) -> Result<(), ApiError> {
        self.with_store(|s| p::end_relationship(s, id, end, today))
    }

    pub fn set_programme_status(
        &self,
        person: Uuid,
        status: &str,
        worker: &str,
        today: NaiveDate,
    ) -> Result<(), ApiError> {
        self.with_store(|s| p::set_programme_status(s, person, status, worker, today))
    }

    pub fn group_list(&self) -> Result<Vec<GroupRow>, ApiError> {
        self.with_store(p::groups)
    }

    pub fn save_group(&self, form: &GroupForm, today: NaiveDate) -> Result<Uuid, ApiError> {
        self.with_store(|s| p::save_group(s, form, today))
    }

    pub fn save_municipality(&self, name: &str, districts: &str, today: NaiveDate) -> Result<Uuid, ApiError> {
        self.with_store(|s| p::save_municipality(s, name, districts, today))
    }
}
