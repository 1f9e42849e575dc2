//! The programme's record types and their fields, as data. One table of field specifications per kind drives the
//! checks every record goes through, whatever its source (a form, a JSON Lines file, a spreadsheet, a merge):
//! unknown fields, required fields, types, lengths, dates, choices, references. Rules that need more than one field
//! live in [`rules`].

use chrono::NaiveDate;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::reference::Catalogue;
use crate::validation::{FieldErrors, limits};
use crate::{date, month::Month, text};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Person,
    Relationship,
    Enrolment,
    Group,
    Session,
    Attendance,
    HomeVisit,
    CasePlan,
    Referral,
    CommunityInitiative,
    Exemption,
    Override,
    Payment,
    VoucherRules,
    Municipality,
    DeliveryMethod,
    Assessment,
    Instrument,
    AlertFollowup,
}

impl Kind {
    pub const ALL: [Kind; 19] = [
        Kind::Person,
        Kind::Relationship,
        Kind::Enrolment,
        Kind::Group,
        Kind::Session,
        Kind::Attendance,
        Kind::HomeVisit,
        Kind::CasePlan,
        Kind::Referral,
        Kind::CommunityInitiative,
        Kind::Exemption,
        Kind::Override,
        Kind::Payment,
        Kind::VoucherRules,
        Kind::Municipality,
        Kind::DeliveryMethod,
        Kind::Assessment,
        Kind::Instrument,
        Kind::AlertFollowup,
    ];

    /// The `type` of the JSON Lines contract.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Relationship => "relationship",
            Kind::Enrolment => "enrolment",
            Kind::Group => "group",
            Kind::Session => "session",
            Kind::Attendance => "attendance",
            Kind::HomeVisit => "home_visit",
            Kind::CasePlan => "case_plan",
            Kind::Referral => "referral",
            Kind::CommunityInitiative => "community_initiative",
            Kind::Exemption => "exemption",
            Kind::Override => "override",
            Kind::Payment => "payment",
            Kind::VoucherRules => "voucher_rules",
            Kind::Municipality => "municipality",
            Kind::DeliveryMethod => "delivery_method",
            Kind::Assessment => "assessment",
            Kind::Instrument => "instrument",
            Kind::AlertFollowup => "alert_followup",
        }
    }

    /// The store's projection table.
    pub fn table(self) -> &'static str {
        match self {
            Kind::Person => "persons",
            Kind::Relationship => "relationships",
            Kind::Enrolment => "enrolments",
            Kind::Group => "groups",
            Kind::Session => "sessions",
            Kind::Attendance => "attendance",
            Kind::HomeVisit => "home_visits",
            Kind::CasePlan => "case_plans",
            Kind::Referral => "referrals",
            Kind::CommunityInitiative => "community_initiatives",
            Kind::Exemption => "exemptions",
            Kind::Override => "overrides",
            Kind::Payment => "payments",
            Kind::VoucherRules => "voucher_rules",
            Kind::Municipality => "municipalities",
            Kind::DeliveryMethod => "delivery_methods",
            Kind::Assessment => "assessments",
            Kind::Instrument => "instruments",
            Kind::AlertFollowup => "alert_followups",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    pub fn fields(self) -> &'static [FieldSpec] {
        spec::of(self)
    }
}

/// What a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// Free text up to a number of characters.
    Text(usize),
    /// `YYYY-MM-DD`, not after today.
    PastDate,
    /// `YYYY-MM-DD`, any day (follow-ups, next visits).
    Date,
    Month,
    /// One of the listed codes.
    Choice(&'static [&'static str]),
    /// A list of distinct codes from the listed ones.
    Codes(&'static [&'static str]),
    /// The id of a record of this kind.
    Ref(Kind),
    /// A non-empty list of distinct ids of records of this kind.
    Refs(Kind),
    /// A whole number from 0 to the bound.
    Count(u64),
    /// US dollars, positive, in cents at most.
    Money,
    /// Case-plan goals: a non-empty list of `{"text", "status"}`.
    Goals,
    Bool,
    /// A non-empty list of distinct names (districts), each up to a number of characters.
    Names(usize),
    /// An assessment's answers: an object of item code → whole number, or `null` for "prefers not to answer"
    /// (checked against the instrument's definition by the store, which knows the instruments in force).
    Answers,
    /// A JSON document (an instrument's definition), checked by the kind's rules.
    Document,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: &'static str,
    pub ty: FieldType,
    pub required: bool,
}

pub const MODULES: &[&str] = &[
    "mental_health",
    "emotion_management",
    "assertive_communication",
    "conflict_resolution",
    "self_esteem",
    "forgiveness",
    "positive_parenting",
    "gender_masculinity",
    "protective_family",
    "life_skills",
];
/// The programme's components (their rules live in [`crate::programme`]).
pub use crate::programme::COMPONENTS;
pub const RISK_FLAGS: &[&str] =
    &["violence", "substance_use", "threats", "housing", "health", "school_dropout", "recidivism_risk", "other"];
pub const OUTCOMES: &[&str] = &["eligible", "warning", "withheld", "suspended", "outside_window", "inactive"];

pub mod spec {
    //! The field tables. Names and required fields are those of the JSON Lines contract (`RECORDS-JSONL.md`);
    //! fields after the contract's are additions (allowed: add, never rename).
    use super::FieldType::*;
    use super::{COMPONENTS, FieldSpec, Kind, MODULES, OUTCOMES, RISK_FLAGS};
    use crate::validation::limits::{ADDRESS, NAME, NOTES, SHORT};

    const fn req(name: &'static str, ty: super::FieldType) -> FieldSpec {
        FieldSpec { name, ty, required: true }
    }
    const fn opt(name: &'static str, ty: super::FieldType) -> FieldSpec {
        FieldSpec { name, ty, required: false }
    }

    pub const PERSON: &[FieldSpec] = &[
        req("role", Choice(&["participant", "relative"])),
        req("given_names", Text(NAME)),
        req("first_surname", Text(NAME)),
        opt("second_surname", Text(NAME)),
        req("birth_date", PastDate),
        opt("sex", Choice(&["female", "male", "other"])),
        opt("dui", Text(10)),
        req("municipality", Text(NAME)),
        opt("district", Text(NAME)),
        opt("address", Text(ADDRESS)),
        opt("phone", Text(SHORT)),
        opt("release_date", PastDate),
        opt("consent_date", PastDate),
        opt("consent_scope", Choice(&["programme", "programme_and_referrals", "programme_referrals_and_photos"])),
        opt("assigned_worker", Text(NAME)),
        opt("status", Choice(&["active", "suspended", "exited", "completed"])),
    ];
    pub const RELATIONSHIP: &[FieldSpec] = &[
        req("participant_id", Ref(Kind::Person)),
        req("relative_id", Ref(Kind::Person)),
        req("kind", Choice(&["mother", "father", "partner", "child", "sibling", "grandparent", "other"])),
        opt("end_date", PastDate),
    ];
    pub const ENROLMENT: &[FieldSpec] = &[
        req("person_id", Ref(Kind::Person)),
        req("component", Choice(COMPONENTS)),
        req("start_date", Date),
        opt("end_date", Date),
        opt("status", Choice(&["active", "exited", "completed"])),
    ];
    pub const GROUP: &[FieldSpec] = &[
        req("kind", Choice(&["parent_training", "support_group"])),
        req("name", Text(SHORT)),
        req("municipality", Text(NAME)),
        opt("facilitator", Text(NAME)),
    ];
    pub const SESSION: &[FieldSpec] = &[
        req("kind", Choice(&["group_training", "individual_training", "support_group", "case_management"])),
        req("date", PastDate),
        opt("group_id", Ref(Kind::Group)),
        opt("modality", Choice(&["in_person", "virtual"])),
        opt("modules", Codes(MODULES)),
        opt("notes", Text(NOTES)),
        opt("facilitator", Text(NAME)),
    ];
    pub const ATTENDANCE: &[FieldSpec] = &[
        req("session_id", Ref(Kind::Session)),
        req("person_id", Ref(Kind::Person)),
        req("status", Choice(&["present", "absent", "justified"])),
    ];
    pub const HOME_VISIT: &[FieldSpec] = &[
        req("date", PastDate),
        req("person_ids", Refs(Kind::Person)),
        opt("purpose", Text(SHORT)),
        opt("modules", Codes(MODULES)),
        opt("observations", Text(NOTES)),
        opt("next_visit", Date),
        opt("risk_flags", Codes(RISK_FLAGS)),
        opt("worker", Text(NAME)),
    ];
    pub const CASE_PLAN: &[FieldSpec] = &[req("person_id", Ref(Kind::Person)), req("goals", Goals)];
    pub const REFERRAL: &[FieldSpec] = &[
        req("person_id", Ref(Kind::Person)),
        req(
            "service",
            Choice(&[
                "health",
                "mental_health",
                "legal",
                "documents",
                "employment",
                "education",
                "addiction",
                "housing",
                "other",
            ]),
        ),
        req("organisation", Text(SHORT)),
        req("date", PastDate),
        req("status", Choice(&["referred", "accepted", "attended", "closed", "rejected", "no_show"])),
        opt("follow_up", Date),
        opt("outcome", Text(NOTES)),
    ];
    pub const COMMUNITY_INITIATIVE: &[FieldSpec] = &[
        req("kind", Choice(&["cultural", "sports", "recreational"])),
        req("name", Text(SHORT)),
        req("date", PastDate),
        req("municipality", Text(NAME)),
        opt("person_ids", Refs(Kind::Person)),
        opt("headcount", Count(100_000)),
        opt("place", Text(ADDRESS)),
    ];
    pub const EXEMPTION: &[FieldSpec] =
        &[req("person_id", Ref(Kind::Person)), req("month", Month), req("reason", Text(NOTES))];
    pub const OVERRIDE: &[FieldSpec] = &[
        req("person_id", Ref(Kind::Person)),
        req("month", Month),
        req("outcome", Choice(OUTCOMES)),
        req("reason", Text(NOTES)),
        opt("decided_by", Text(NAME)),
    ];
    pub const VOUCHER_RULES: &[FieldSpec] = &[
        req("version", Count(10_000)),
        req("effective_from", Month),
        opt("window_months", Count(60)),
        opt("amount_usd", Count(100_000)),
        opt("max_total_usd", Count(1_000_000)),
        opt("contacts", Codes(&["case_management", "home_visit", "individual_training"])),
        opt("min_contacts", Count(31)),
        opt("min_group_share_percent", Count(100)),
        opt("justified_counts", Bool),
        opt("ladder", Codes(&["warning", "withheld", "suspended"])),
        opt("payable", Codes(OUTCOMES)),
        opt("reason", Text(NOTES)),
    ];
    pub const MUNICIPALITY: &[FieldSpec] = &[req("name", Text(NAME)), req("districts", Names(NAME))];
    /// #16 (`ASSESSMENTS.md`): a questionnaire given to a person.
    pub const ASSESSMENT: &[FieldSpec] = &[
        req("person_id", Ref(Kind::Person)),
        req("instrument", Text(32)),
        req("date", PastDate),
        req("answers", Answers),
        opt("home_visit_id", Ref(Kind::HomeVisit)),
        opt("session_id", Ref(Kind::Session)),
        opt("notes", Text(NOTES)),
    ];
    /// A programme's own or revised instrument definition (central file only).
    pub const INSTRUMENT: &[FieldSpec] =
        &[req("code", Text(32)), req("version", Count(10_000)), req("definition", Document)];
    /// What was done about an assessment's safety alert; closes it.
    pub const ALERT_FOLLOWUP: &[FieldSpec] = &[
        req("person_id", Ref(Kind::Person)),
        req("assessment_id", Ref(Kind::Assessment)),
        req("alert", Text(32)),
        req("date", PastDate),
        req("action", Choice(crate::wire::assessments::FOLLOWUP_ACTIONS)),
        opt("notes", Text(NOTES)),
    ];
    /// `paid_on` is required when the payment is `paid` (or has no `status`), `reason` when it `failed`
    /// (VOUCHER-RULES.md, "Payment delivery"; checked in [`super::rules`]).
    pub const PAYMENT: &[FieldSpec] = &[
        req("person_id", Ref(Kind::Person)),
        req("month", Month),
        req("amount_usd", Money),
        opt("paid_on", PastDate),
        opt("reference", Text(SHORT)),
        opt("status", Choice(crate::vouchers::delivery::PaymentStatus::CODES)),
        opt("reason", Text(NOTES)),
        opt("method", Choice(crate::vouchers::delivery::DeliveryMethod::CODES)),
        opt("batch_id", Text(SHORT)),
        opt("payroll", Month),
        opt("approved_on", PastDate),
        opt("sent_on", PastDate),
    ];
    /// How a participant receives the voucher, with the details the method needs (personal data).
    pub const DELIVERY_METHOD: &[FieldSpec] = &[
        req("person_id", Ref(Kind::Person)),
        req("method", Choice(crate::vouchers::delivery::DeliveryMethod::CODES)),
        opt("bank", Text(SHORT)),
        opt("account", Text(SHORT)),
        opt("holder", Text(NAME)),
        opt("wallet_provider", Text(SHORT)),
        opt("phone", Text(SHORT)),
    ];

    pub fn of(kind: Kind) -> &'static [FieldSpec] {
        match kind {
            Kind::Person => PERSON,
            Kind::Relationship => RELATIONSHIP,
            Kind::Enrolment => ENROLMENT,
            Kind::Group => GROUP,
            Kind::Session => SESSION,
            Kind::Attendance => ATTENDANCE,
            Kind::HomeVisit => HOME_VISIT,
            Kind::CasePlan => CASE_PLAN,
            Kind::Referral => REFERRAL,
            Kind::CommunityInitiative => COMMUNITY_INITIATIVE,
            Kind::Exemption => EXEMPTION,
            Kind::Override => OVERRIDE,
            Kind::Payment => PAYMENT,
            Kind::VoucherRules => VOUCHER_RULES,
            Kind::Municipality => MUNICIPALITY,
            Kind::DeliveryMethod => DELIVERY_METHOD,
            Kind::Assessment => ASSESSMENT,
            Kind::Instrument => INSTRUMENT,
            Kind::AlertFollowup => ALERT_FOLLOWUP,
        }
    }
}

/// A reference from a record to another, for the store to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub field: &'static str,
    pub kind: Kind,
    pub id: Uuid,
}

/// Checks and normalises one record's full data (after a change is merged into it). On success returns the data in
/// canonical form (text tidied, codes de-duplicated in order, nulls dropped) and the references to check.
pub fn check(
    kind: Kind,
    data: &Map<String, Value>,
    today: NaiveDate,
    catalogue: &Catalogue,
) -> Result<(Map<String, Value>, Vec<Reference>), FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut out = Map::new();
    let mut refs = Vec::new();
    let specs = kind.fields();
    for key in data.keys() {
        if !specs.iter().any(|s| s.name == key) {
            errors.push(key, "error.unknown_field");
        }
    }
    for spec in specs {
        match data.get(spec.name) {
            None | Some(Value::Null) => {
                if spec.required {
                    errors.push(spec.name, "error.required");
                }
            }
            Some(v) => match check_value(spec, v, today, &mut refs) {
                Ok(Some(v)) => {
                    out.insert(spec.name.to_owned(), v);
                }
                Ok(None) if spec.required => errors.push(spec.name, "error.required"),
                Ok(None) => {}
                Err(code) => errors.push(spec.name, code),
            },
        }
    }
    if errors.is_empty() {
        rules::check(kind, &mut out, today, catalogue, &mut errors);
    }
    errors.into_result((out, refs))
}

/// Checks one field of a change received from another device: a known field holding a value already in the
/// canonical form this build writes (a null removes an optional field). The whole record is not checked: concurrent
/// edits may combine into a record no single device wrote, and refusing it would lose both.
pub fn check_field(kind: Kind, name: &str, value: &Value, today: NaiveDate) -> Result<(), &'static str> {
    let spec = kind.fields().iter().find(|s| s.name == name).ok_or("error.unknown_field")?;
    if value.is_null() {
        return if spec.required { Err("error.required") } else { Ok(()) };
    }
    let mut refs = Vec::new();
    match check_value(spec, value, today, &mut refs)? {
        Some(v) if v == *value => Ok(()),
        _ => Err("error.not_canonical"),
    }
}

fn check_value(
    spec: &FieldSpec,
    v: &Value,
    today: NaiveDate,
    refs: &mut Vec<Reference>,
) -> Result<Option<Value>, &'static str> {
    let as_str = || v.as_str().ok_or("error.type_text");
    Ok(Some(match spec.ty {
        FieldType::Text(max) => {
            let s = as_str()?;
            if s.chars().count() > max {
                return Err("error.too_long");
            }
            if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
                return Err("error.control_chars");
            }
            // Names and one-line fields are tidied; long text keeps its line breaks.
            let t = if max > limits::ADDRESS { s.trim().to_owned() } else { text::tidy(s) };
            if t.is_empty() {
                return Ok(None);
            }
            Value::String(t)
        }
        FieldType::PastDate | FieldType::Date => {
            let d = date::parse_iso(as_str()?).ok_or("error.date_invalid")?;
            if spec.ty == FieldType::PastDate && d > today {
                return Err("error.date_future");
            }
            if date::age_on(d, today) > 120 {
                return Err("error.date_too_old");
            }
            if (d - today).num_days() > 3660 {
                return Err("error.date_too_far");
            }
            Value::String(d.to_string())
        }
        FieldType::Month => Value::String(Month::parse(as_str()?).ok_or("error.month_invalid")?.to_string()),
        FieldType::Choice(codes) => {
            let s = as_str().map_err(|_| "error.choice_invalid")?;
            if !codes.contains(&s) {
                return Err("error.choice_invalid");
            }
            Value::String(s.to_owned())
        }
        FieldType::Codes(codes) => {
            let items = v.as_array().ok_or("error.type_list")?;
            let mut seen: Vec<&str> = Vec::new();
            for item in items {
                let s = item.as_str().filter(|s| codes.contains(s)).ok_or("error.choice_invalid")?;
                // A list is a set, except the voucher rules' ladder, whose steps repeat on purpose (two warnings).
                if !seen.contains(&s) || spec.name == "ladder" {
                    seen.push(s);
                }
            }
            Value::Array(seen.into_iter().map(|s| Value::String(s.to_owned())).collect())
        }
        FieldType::Ref(kind) => {
            let id = as_str().ok().and_then(|s| Uuid::parse_str(s).ok()).ok_or("error.id_invalid")?;
            refs.push(Reference { field: spec.name, kind, id });
            Value::String(id.to_string())
        }
        FieldType::Refs(kind) => {
            let items = v.as_array().ok_or("error.type_list")?;
            if items.len() > 500 {
                return Err("error.too_long");
            }
            let mut ids: Vec<Uuid> = Vec::new();
            for item in items {
                let id = item.as_str().and_then(|s| Uuid::parse_str(s).ok()).ok_or("error.id_invalid")?;
                if !ids.contains(&id) {
                    ids.push(id);
                    refs.push(Reference { field: spec.name, kind, id });
                }
            }
            if ids.is_empty() {
                return Ok(None);
            }
            Value::Array(ids.into_iter().map(|id| Value::String(id.to_string())).collect())
        }
        FieldType::Count(max) => {
            let n = v.as_u64().filter(|n| *n <= max).ok_or("error.count_invalid")?;
            Value::from(n)
        }
        FieldType::Money => {
            let x =
                v.as_f64().filter(|x| x.is_finite() && *x > 0.0 && *x <= 1_000_000.0).ok_or("error.amount_invalid")?;
            let cents = (x * 100.0).round();
            if (cents - x * 100.0).abs() > 1e-6 {
                return Err("error.amount_invalid");
            }
            if cents % 100.0 == 0.0 { Value::from((cents / 100.0) as u64) } else { Value::from(cents / 100.0) }
        }
        FieldType::Bool => Value::Bool(v.as_bool().ok_or("error.type_bool")?),
        FieldType::Names(max) => {
            let items = v.as_array().filter(|a| a.len() <= 200).ok_or("error.type_list")?;
            let mut names: Vec<String> = Vec::new();
            for item in items {
                let n = text::tidy(item.as_str().ok_or("error.type_text")?);
                if n.is_empty() || n.chars().count() > max {
                    return Err("error.too_long");
                }
                if !names.iter().any(|x| text::fold(x) == text::fold(&n)) {
                    names.push(n);
                }
            }
            if names.is_empty() {
                return Ok(None);
            }
            Value::Array(names.into_iter().map(Value::String).collect())
        }
        FieldType::Goals => {
            let items = v.as_array().filter(|a| !a.is_empty() && a.len() <= 50).ok_or("error.goals_invalid")?;
            let mut goals = Vec::new();
            for g in items {
                let obj = g.as_object().ok_or("error.goals_invalid")?;
                if obj.keys().any(|k| k != "text" && k != "status") {
                    return Err("error.goals_invalid");
                }
                let t = obj.get("text").and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty());
                let t = t.filter(|t| t.chars().count() <= limits::SHORT * 2).ok_or("error.goals_invalid")?;
                let status = obj.get("status").and_then(Value::as_str).unwrap_or("open");
                if !["open", "achieved", "dropped"].contains(&status) {
                    return Err("error.goals_invalid");
                }
                goals.push(serde_json::json!({"text": t, "status": status}));
            }
            Value::Array(goals)
        }
        FieldType::Answers => {
            let obj = v.as_object().filter(|o| o.len() <= 200).ok_or("error.answers_invalid")?;
            for (k, a) in obj {
                let code_ok = !k.is_empty() && k.chars().count() <= 32 && !k.chars().any(char::is_control);
                if !code_ok || !(a.is_null() || a.as_i64().is_some()) {
                    return Err("error.answers_invalid");
                }
            }
            Value::Object(obj.clone())
        }
        FieldType::Document => {
            let obj = v.as_object().ok_or("error.document_invalid")?;
            if serde_json::to_string(obj).map_or(true, |s| s.len() > 200_000) {
                return Err("error.too_long");
            }
            Value::Object(obj.clone())
        }
    }))
}

pub mod rules {
    //! Rules across fields of one record.
    use chrono::NaiveDate;
    use serde_json::{Map, Value};

    use super::Kind;
    use crate::person::{PersonFields, validate_fields};
    use crate::reference::Catalogue;
    use crate::validation::FieldErrors;

    fn date(data: &Map<String, Value>, field: &str) -> Option<NaiveDate> {
        data.get(field).and_then(Value::as_str).and_then(crate::date::parse_iso)
    }

    pub fn check(
        kind: Kind,
        data: &mut Map<String, Value>,
        today: NaiveDate,
        catalogue: &Catalogue,
        errors: &mut FieldErrors,
    ) {
        match kind {
            Kind::Person => match serde_json::from_value::<PersonFields>(Value::Object(data.clone())) {
                Ok(p) => match validate_fields(&p, today, catalogue) {
                    Ok(canonical) => {
                        // The person rules canonicalise municipality, district and DUI.
                        for (k, v) in [
                            ("municipality", Some(canonical.municipality)),
                            ("district", canonical.district),
                            ("dui", canonical.dui),
                        ] {
                            if let Some(v) = v {
                                data.insert(k.to_owned(), Value::String(v));
                            }
                        }
                    }
                    Err(e) => errors.0.extend(e.0),
                },
                Err(_) => errors.push("role", "error.choice_invalid"),
            },
            Kind::Enrolment => {
                if let (Some(start), Some(end)) = (date(data, "start_date"), date(data, "end_date"))
                    && end < start
                {
                    errors.push("end_date", "error.end_before_start");
                }
            }
            Kind::Relationship => {
                if data.get("participant_id") == data.get("relative_id") {
                    errors.push("relative_id", "error.self_relationship");
                }
            }
            Kind::Group | Kind::CommunityInitiative => {
                if let Some(m) = data.get("municipality").and_then(Value::as_str) {
                    match catalogue.municipality(m) {
                        Some(canon) => {
                            data.insert("municipality".into(), Value::String(canon.name.clone()));
                        }
                        None => errors.push("municipality", "error.municipality_unknown"),
                    }
                }
            }
            Kind::Referral => {
                if let (Some(d), Some(f)) = (date(data, "date"), date(data, "follow_up"))
                    && f < d
                {
                    errors.push("follow_up", "error.end_before_start");
                }
            }
            Kind::HomeVisit => {
                if let (Some(d), Some(n)) = (date(data, "date"), date(data, "next_visit"))
                    && n < d
                {
                    errors.push("next_visit", "error.end_before_start");
                }
            }
            Kind::VoucherRules => {
                if let Err(code) = crate::vouchers::VoucherRules::from_record(data) {
                    errors.push("ladder", code);
                }
            }
            Kind::Instrument => {
                // The definition must be valid and say the same code and version as the record.
                match data.get("definition").map(crate::assessments::validate::parse) {
                    Some(Ok(def)) => {
                        if data.get("code").and_then(Value::as_str) != Some(def.code.as_str()) {
                            errors.push("code", "error.instrument_code");
                        }
                        if data.get("version").and_then(Value::as_u64) != Some(u64::from(def.version)) {
                            errors.push("version", "error.instrument_version");
                        }
                    }
                    Some(Err(problems)) => {
                        for p in problems {
                            errors.push("definition", p.kind.key());
                        }
                    }
                    None => {}
                }
            }
            Kind::Payment => {
                let status = data.get("status").and_then(Value::as_str);
                if matches!(status, None | Some("paid")) && !data.contains_key("paid_on") {
                    errors.push("paid_on", "error.required");
                }
                if status == Some("failed") && !data.contains_key("reason") {
                    errors.push("reason", "error.required");
                }
            }
            Kind::DeliveryMethod => {
                let method = data.get("method").and_then(Value::as_str);
                let needed = method.and_then(crate::vouchers::delivery::DeliveryMethod::parse);
                for field in needed.map(|m| m.required_details()).unwrap_or_default() {
                    if !data.contains_key(*field) {
                        errors.push(field, "error.required");
                    }
                }
            }
            Kind::Session
            | Kind::Attendance
            | Kind::CasePlan
            | Kind::Exemption
            | Kind::Override
            | Kind::Municipality
            | Kind::Assessment
            | Kind::AlertFollowup => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).expect("date")
    }

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().expect("object")
    }

    const ID: &str = "01890a5d-ac96-774b-bcce-b302099a8057";

    #[test]
    fn valid_records_of_every_kind() {
        let cases = [
            (
                Kind::Person,
                json!({"role": "relative", "given_names": "Ana", "first_surname": "Ramos", "birth_date": "1970-05-01", "municipality": "San Salvador Oeste"}),
            ),
            (
                Kind::Relationship,
                json!({"participant_id": ID, "relative_id": "01890a5d-ac96-774b-bcce-b302099a8058", "kind": "mother"}),
            ),
            (Kind::Enrolment, json!({"person_id": ID, "component": "voucher", "start_date": "2024-01-15"})),
            (
                Kind::Group,
                json!({"kind": "support_group", "name": "Grupo Soyapango 1", "municipality": "san salvador este"}),
            ),
            (
                Kind::Session,
                json!({"kind": "group_training", "date": "2024-03-31", "group_id": ID, "modules": ["self_esteem", "forgiveness"]}),
            ),
            (Kind::Attendance, json!({"session_id": ID, "person_id": ID, "status": "justified"})),
            (
                Kind::HomeVisit,
                json!({"date": "2024-02-01", "person_ids": [ID], "risk_flags": ["housing"], "next_visit": "2024-03-01"}),
            ),
            (Kind::CasePlan, json!({"person_id": ID, "goals": [{"text": "Obtener DUI", "status": "open"}]})),
            (
                Kind::Referral,
                json!({"person_id": ID, "service": "documents", "organisation": "RNPN", "date": "2024-02-01", "status": "referred", "follow_up": "2024-02-15"}),
            ),
            (
                Kind::CommunityInitiative,
                json!({"kind": "sports", "name": "Torneo", "date": "2024-04-06", "municipality": "San Salvador Sur", "headcount": 40}),
            ),
            (Kind::Exemption, json!({"person_id": ID, "month": "2024-03", "reason": "Hospitalización"})),
            (
                Kind::Override,
                json!({"person_id": ID, "month": "2024-03", "outcome": "eligible", "reason": "Apelación aceptada"}),
            ),
            (Kind::Payment, json!({"person_id": ID, "month": "2024-03", "amount_usd": 100, "paid_on": "2024-04-02"})),
            (Kind::Payment, json!({"person_id": ID, "month": "2024-03", "amount_usd": 100, "status": "approved"})),
            (
                Kind::Payment,
                json!({"person_id": ID, "month": "2024-03", "amount_usd": 100, "status": "failed", "reason": "Ausente"}),
            ),
            (Kind::DeliveryMethod, json!({"person_id": ID, "method": "cash"})),
            (
                Kind::DeliveryMethod,
                json!({"person_id": ID, "method": "wallet", "wallet_provider": "Tigo Money", "phone": "7012-3456"}),
            ),
            (
                Kind::VoucherRules,
                json!({"version": 2, "effective_from": "2024-06", "min_group_share_percent": 50, "ladder": ["withheld", "suspended"]}),
            ),
            (
                Kind::Assessment,
                json!({"person_id": ID, "instrument": "phq9", "date": "2024-02-01", "answers": {"1": 2, "9": null}}),
            ),
            (
                Kind::Instrument,
                json!({"code": "phq9", "version": 1, "definition": serde_json::from_str::<Value>(crate::assessments::shipped::PHQ9).expect("json")}),
            ),
            (
                Kind::AlertFollowup,
                json!({"person_id": ID, "assessment_id": ID, "alert": "self_harm", "date": "2024-02-01", "action": "safety_plan"}),
            ),
        ];
        for (kind, v) in cases {
            let r = check(kind, &obj(v), today(), &Catalogue::default());
            assert!(r.is_ok(), "{}: {:?}", kind.name(), r.err());
        }
        assert_eq!(Kind::ALL.len(), 19);
    }

    #[test]
    fn invalid_records_name_the_field_and_reason() {
        let cases = [
            (
                "unknown field",
                Kind::Group,
                json!({"kind": "support_group", "name": "G", "municipality": "San Salvador Sur", "colour": "red"}),
                "colour",
                "error.unknown_field",
            ),
            (
                "missing required",
                Kind::Attendance,
                json!({"session_id": ID, "status": "present"}),
                "person_id",
                "error.required",
            ),
            (
                "february 30",
                Kind::Session,
                json!({"kind": "support_group", "date": "2024-02-30"}),
                "date",
                "error.date_invalid",
            ),
            (
                "future session",
                Kind::Session,
                json!({"kind": "support_group", "date": "2027-01-01"}),
                "date",
                "error.date_future",
            ),
            (
                "bad choice",
                Kind::Attendance,
                json!({"session_id": ID, "person_id": ID, "status": "late"}),
                "status",
                "error.choice_invalid",
            ),
            (
                "bad module",
                Kind::Session,
                json!({"kind": "support_group", "date": "2024-02-01", "modules": ["karate"]}),
                "modules",
                "error.choice_invalid",
            ),
            (
                "bad id",
                Kind::Enrolment,
                json!({"person_id": "123", "component": "voucher", "start_date": "2024-01-01"}),
                "person_id",
                "error.id_invalid",
            ),
            (
                "text too long",
                Kind::Group,
                json!({"kind": "support_group", "name": "x".repeat(201), "municipality": "San Salvador Sur"}),
                "name",
                "error.too_long",
            ),
            (
                "number as text",
                Kind::Group,
                json!({"kind": "support_group", "name": 5, "municipality": "San Salvador Sur"}),
                "name",
                "error.type_text",
            ),
            (
                "bad month",
                Kind::Exemption,
                json!({"person_id": ID, "month": "2024-13", "reason": "x"}),
                "month",
                "error.month_invalid",
            ),
            (
                "negative amount",
                Kind::Payment,
                json!({"person_id": ID, "month": "2024-03", "amount_usd": -5, "paid_on": "2024-04-02"}),
                "amount_usd",
                "error.amount_invalid",
            ),
            (
                "fraction of a cent",
                Kind::Payment,
                json!({"person_id": ID, "month": "2024-03", "amount_usd": 100.001, "paid_on": "2024-04-02"}),
                "amount_usd",
                "error.amount_invalid",
            ),
            (
                "paid without a date",
                Kind::Payment,
                json!({"person_id": ID, "month": "2024-03", "amount_usd": 100, "status": "paid"}),
                "paid_on",
                "error.required",
            ),
            (
                "no status is paid: a date is needed",
                Kind::Payment,
                json!({"person_id": ID, "month": "2024-03", "amount_usd": 100}),
                "paid_on",
                "error.required",
            ),
            (
                "failed without a reason",
                Kind::Payment,
                json!({"person_id": ID, "month": "2024-03", "amount_usd": 100, "status": "failed"}),
                "reason",
                "error.required",
            ),
            (
                "unknown status",
                Kind::Payment,
                json!({"person_id": ID, "month": "2024-03", "amount_usd": 100, "status": "lost"}),
                "status",
                "error.choice_invalid",
            ),
            (
                "a transfer without account",
                Kind::DeliveryMethod,
                json!({"person_id": ID, "method": "bank", "bank": "Banco Agrícola"}),
                "account",
                "error.required",
            ),
            ("empty goals", Kind::CasePlan, json!({"person_id": ID, "goals": []}), "goals", "error.goals_invalid"),
            (
                "end before start",
                Kind::Enrolment,
                json!({"person_id": ID, "component": "voucher", "start_date": "2024-02-01", "end_date": "2024-01-01"}),
                "end_date",
                "error.end_before_start",
            ),
            (
                "own relative",
                Kind::Relationship,
                json!({"participant_id": ID, "relative_id": ID, "kind": "other"}),
                "relative_id",
                "error.self_relationship",
            ),
            (
                "unknown municipality",
                Kind::CommunityInitiative,
                json!({"kind": "sports", "name": "T", "date": "2024-04-06", "municipality": "Santa Ana"}),
                "municipality",
                "error.municipality_unknown",
            ),
            (
                "invalid dui",
                Kind::Person,
                json!({"role": "participant", "given_names": "A", "first_surname": "B", "birth_date": "1990-01-01", "municipality": "San Salvador Sur", "dui": "12345678-0"}),
                "dui",
                "error.dui_invalid",
            ),
            (
                "control characters",
                Kind::Group,
                json!({"kind": "support_group", "name": "a\u{0007}b", "municipality": "San Salvador Sur"}),
                "name",
                "error.control_chars",
            ),
        ];
        for (name, kind, v, field, code) in cases {
            let errors = check(kind, &obj(v), today(), &Catalogue::default()).expect_err(name);
            let e = errors.for_field(field).unwrap_or_else(|| panic!("{name}: no error on {field}: {errors:?}"));
            assert_eq!(e.code, code, "{name}");
        }
    }

    #[test]
    fn canonical_form() {
        let (data, refs) = check(
            Kind::Session,
            &obj(json!({"kind": "support_group", "date": "2024-02-01", "modules": ["forgiveness", "forgiveness"], "notes": "  línea 1\nlínea 2  ", "group_id": ID.to_uppercase()})),
            today(),
            &Catalogue::default(),
        )
        .expect("valid");
        assert_eq!(data["modules"], json!(["forgiveness"]));
        assert_eq!(data["notes"], json!("línea 1\nlínea 2"));
        assert_eq!(data["group_id"], json!(ID));
        assert_eq!(
            refs,
            vec![Reference { field: "group_id", kind: Kind::Group, id: Uuid::parse_str(ID).expect("id") }]
        );
        let (pay, _) = check(
            Kind::Payment,
            &obj(json!({"person_id": ID, "month": "2024-03", "amount_usd": 100.0, "paid_on": "2024-04-02"})),
            today(),
            &Catalogue::default(),
        )
        .expect("valid");
        assert_eq!(pay["amount_usd"], json!(100));
    }
}

#[cfg(test)]
mod docs_tests {
    use super::Kind;

    /// The format page must list every type and field the app accepts.
    #[test]
    fn the_format_page_lists_every_type_and_field() {
        let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../docs/records-jsonl.md"))
            .expect("docs/records-jsonl.md");
        for kind in Kind::ALL {
            let row = page
                .lines()
                .find(|l| l.starts_with(&format!("| `{}` |", kind.name())))
                .unwrap_or_else(|| panic!("no row for {}", kind.name()));
            for f in kind.fields() {
                let shown = if f.required { format!("**`{}`**", f.name) } else { format!("`{}`", f.name) };
                assert!(row.contains(&shown), "{}: {} (required: {})", kind.name(), f.name, f.required);
            }
        }
    }
}
