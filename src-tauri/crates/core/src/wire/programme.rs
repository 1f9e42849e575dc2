//! What the screens of the programme's records exchange with the shell: a person's enrolments, case plans, family
//! links and programme status (with the ids to edit them), the groups and cohorts, and the commands' arguments.
//! Codes (components, statuses, kinds) travel as codes; the interface translates them. Dates are typed as the
//! person typed them (dd/mm/aaaa) and read by the core's rules.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::person::PersonRole;
use crate::views::LinkSide;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentItem {
    pub id: Uuid,
    /// `voucher`, `parent_training`, `individual_training`, `psychosocial`, `community`.
    pub component: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    /// `active`, `exited` or `completed`.
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalItem {
    pub text: String,
    /// `open`, `achieved` or `dropped`.
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasePlanItem {
    pub id: Uuid,
    pub goals: Vec<GoalItem>,
}

/// One relationship of the person: the other person, what the relative is to the participant, and whether it ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyItem {
    pub relationship_id: Uuid,
    pub person_id: Uuid,
    pub name: String,
    /// `mother`, `father`, `partner`, `child`, `sibling`, `grandparent`, `other`.
    pub kind: String,
    pub side: LinkSide,
    pub end_date: Option<NaiveDate>,
}

/// The programme's records of one person, as the person page edits them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonProgramme {
    pub person_id: Uuid,
    pub role: PersonRole,
    /// `active`, `suspended`, `exited`, `completed`; none when never set.
    pub status: Option<String>,
    pub assigned_worker: Option<String>,
    /// The components this person may be enrolled in (by role).
    pub components: Vec<String>,
    pub enrolments: Vec<EnrolmentItem>,
    pub plans: Vec<CasePlanItem>,
    pub family: Vec<FamilyItem>,
}

/// A group or cohort, as the groups screen lists and edits it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRow {
    pub id: Uuid,
    /// `parent_training` or `support_group`.
    pub kind: String,
    pub name: String,
    pub municipality: String,
    pub facilitator: Option<String>,
}

/// `enrol`: the person in `component` from the typed `start_date`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolArgs {
    pub person: Uuid,
    pub component: String,
    pub start_date: String,
}

/// `close_enrolment`: enrolment `id` ended on the typed `end_date`, `exited` or `completed`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloseEnrolmentArgs {
    pub id: Uuid,
    pub end_date: String,
    pub status: String,
}

/// `add_case_plan`: a new plan for the person with these goals (empty texts left out).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasePlanArgs {
    pub person: Uuid,
    pub goals: Vec<String>,
}

/// `add_goal`: one more open goal in plan `plan`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddGoalArgs {
    pub plan: Uuid,
    pub text: String,
}

/// `set_goal_status`: goal number `index` (from 0) of plan `plan`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalStatusArgs {
    pub plan: Uuid,
    pub index: usize,
    pub status: String,
}

/// `set_relationship_kind`: what the relative is to the participant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationshipKindArgs {
    pub id: Uuid,
    pub kind: String,
}

/// `end_relationship`: relationship `id` ended on the typed date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndRelationshipArgs {
    pub id: Uuid,
    pub end_date: String,
}

/// `set_programme_status`: the person's status and assigned worker (empty: none).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeStatusArgs {
    pub person: Uuid,
    pub status: String,
    pub worker: String,
}

/// `save_group`: a new group (`id` none) or the changes to one; its kind is set when it is created.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupForm {
    pub id: Option<Uuid>,
    pub kind: String,
    pub name: String,
    pub municipality: String,
    pub facilitator: String,
}

/// `save_municipality`: a municipality's districts, typed one per line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalityArgs {
    pub name: String,
    pub districts: String,
}
