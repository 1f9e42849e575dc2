//! Psychosocial assessments from the window (#16): the instruments in force, saving an assessment, a person's
//! history, the coordinator's safety alerts and what was done about them, a definition file loaded on the central
//! file, and the progress screen's figures. Each command is one call of the store's
//! [`reintegra_store::assessments`], as the command line would make it; nothing is decided here.

use std::path::Path;

use chrono::NaiveDate;
use reintegra_core::wire::ApiError;
use reintegra_core::wire::assessments::{
    AlertFollowupArgs, AssessmentIndicator, AssessmentRow, InstrumentHistory, InstrumentInfo, OpenAlert,
    SaveAssessmentArgs,
};
use reintegra_store::assessments as a;
use uuid::Uuid;

use crate::state::AppState;

impl AppState {
    pub fn instruments(&self) -> Result<Vec<InstrumentInfo>, ApiError> {
        self.with_store(a::instruments)
    }

    pub fn save_assessment(&self, args: &SaveAssessmentArgs, today: NaiveDate) -> Result<AssessmentRow, ApiError> {
        self.with_store(|s| a::save(s, args, today))
    }

    pub fn person_assessments(&self, person: Uuid) -> Result<Vec<InstrumentHistory>, ApiError> {
        self.with_store(|s| a::for_person(s, person))
    }

    pub fn open_alerts(&self) -> Result<Vec<OpenAlert>, ApiError> {
        self.with_store(a::open_alerts)
    }

    pub fn record_alert_followup(&self, args: &AlertFollowupArgs, today: NaiveDate) -> Result<Uuid, ApiError> {
        self.with_store(|s| a::record_followup(s, args, today))
    }

    pub fn load_instrument(&self, path: &str, today: NaiveDate) -> Result<InstrumentInfo, ApiError> {
        self.with_store(|s| a::load_instrument(s, Path::new(path), today))
    }

    pub fn assessment_indicators(&self) -> Result<Vec<AssessmentIndicator>, ApiError> {
        self.with_store(reintegra_store::indicators::assessments::indicators)
    }
}
