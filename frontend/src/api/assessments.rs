//! Psychosocial assessments (#16): the instruments in force, saving an assessment, a person's history, the
//! coordinator's safety alerts, loading a definition file, and the figures of the progress screen.

use reintegra_core::wire::ApiError;
use reintegra_core::wire::args::{AlertFollowupArgs, IdArgs, InstrumentFileArgs, SaveAssessmentArgs};
use reintegra_core::wire::assessments::{
    AssessmentIndicator, AssessmentRow, InstrumentHistory, InstrumentInfo, OpenAlert,
};
use uuid::Uuid;

use super::{call, call_no_args};

pub async fn instruments() -> Result<Vec<InstrumentInfo>, ApiError> {
    call_no_args("instruments").await
}

pub async fn save_assessment(args: SaveAssessmentArgs) -> Result<AssessmentRow, ApiError> {
    call("save_assessment", &args).await
}

pub async fn person_assessments(id: Uuid) -> Result<Vec<InstrumentHistory>, ApiError> {
    call("person_assessments", &IdArgs { id }).await
}

pub async fn open_alerts() -> Result<Vec<OpenAlert>, ApiError> {
    call_no_args("open_alerts").await
}

pub async fn record_alert_followup(args: AlertFollowupArgs) -> Result<Uuid, ApiError> {
    call("record_alert_followup", &args).await
}

pub async fn load_instrument(path: String) -> Result<InstrumentInfo, ApiError> {
    call("load_instrument", &InstrumentFileArgs { path }).await
}

pub async fn assessment_indicators() -> Result<Vec<AssessmentIndicator>, ApiError> {
    call_no_args("assessment_indicators").await
}
