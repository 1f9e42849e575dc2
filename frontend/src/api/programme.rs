//! The programme's records of a person, and the groups and municipalities screens.

use reintegra_core::wire::ApiError;
use reintegra_core::wire::args::IdArgs;
use reintegra_core::wire::programme::{
    AddGoalArgs, CasePlanArgs, CloseEnrolmentArgs, EndRelationshipArgs, EnrolArgs, GoalStatusArgs, GroupForm, GroupRow,
    MunicipalityArgs, PersonProgramme, ProgrammeStatusArgs, RelationshipKindArgs,
};
use uuid::Uuid;

use super::{call, call_no_args};

pub async fn person_programme(id: Uuid) -> Result<PersonProgramme, ApiError> {
    call("person_programme", &IdArgs { id }).await
}

pub async fn enrol(args: EnrolArgs) -> Result<Uuid, ApiError> {
    call("enrol", &args).await
}

pub async fn close_enrolment(args: CloseEnrolmentArgs) -> Result<(), ApiError> {
    call("close_enrolment", &args).await
}

pub async fn add_case_plan(args: CasePlanArgs) -> Result<Uuid, ApiError> {
    call("add_case_plan", &args).await
}

pub async fn add_goal(args: AddGoalArgs) -> Result<(), ApiError> {
    call("add_goal", &args).await
}

pub async fn set_goal_status(args: GoalStatusArgs) -> Result<(), ApiError> {
    call("set_goal_status", &args).await
}

pub async fn set_relationship_kind(args: RelationshipKindArgs) -> Result<(), ApiError> {
    call("set_relationship_kind", &args).await
}

pub async fn end_relationship(args: EndRelationshipArgs) -> Result<(), ApiError> {
    call("end_relationship", &args).await
}

pub async fn set_programme_status(args: ProgrammeStatusArgs) -> Result<(), ApiError> {
    call("set_programme_status", &args).await
}

pub async fn group_list() -> Result<Vec<GroupRow>, ApiError> {
    call_no_args("group_list").await
}

pub async fn save_group(args: GroupForm) -> Result<Uuid, ApiError> {
    call("save_group", &args).await
}

pub async fn save_municipality(args: MunicipalityArgs) -> Result<Uuid, ApiError> {
    call("save_municipality", &args).await
}
