//! The fields of the records the app writes without a form of their own (a session's attendance, a payroll's
//! payments, a referral's new status), as typed structs: the shell builds no JSON by hand, and a field renamed here
//! is renamed for every writer. The store checks them like any other record ([`crate::records::check`]).

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::month::Month;

/// One person's attendance at a session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Attendance {
    pub session_id: Uuid,
    pub person_id: Uuid,
    /// `present`, `absent` or `justified`.
    pub status: String,
}

/// One voucher payment of a participant for a month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Payment {
    pub person_id: Uuid,
    pub month: Month,
    pub amount_usd: u32,
    pub paid_on: NaiveDate,
    pub reference: String,
}

/// A referral's new status, and what came of it when said.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReferralStatus {
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
}

/// The record's fields as the store takes them. These structs always serialise to an object; were one ever not to,
/// the empty map would fail the record's checks (its required fields missing) rather than write something else.
pub fn to_fields<T: Serialize>(record: &T) -> Map<String, Value> {
    match serde_json::to_value(record) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn each_struct_is_the_record_as_the_store_takes_it() {
        let id = Uuid::from_u128(7);
        let payment = Payment {
            person_id: id,
            month: Month { year: 2024, month: 10 },
            amount_usd: 100,
            paid_on: NaiveDate::from_ymd_opt(2024, 11, 5).expect("date"),
            reference: "PLANILLA-2024-10".into(),
        };
        assert_eq!(
            Value::Object(to_fields(&payment)),
            json!({"person_id": id, "month": "2024-10", "amount_usd": 100, "paid_on": "2024-11-05",
                   "reference": "PLANILLA-2024-10"})
        );
        let attendance = Attendance { session_id: id, person_id: id, status: "present".into() };
        assert_eq!(
            Value::Object(to_fields(&attendance)),
            json!({"session_id": id, "person_id": id, "status": "present"})
        );
        let closed = ReferralStatus { status: "closed".into(), outcome: None };
        assert_eq!(
            Value::Object(to_fields(&closed)),
            json!({"status": "closed"}),
            "no outcome: the field is left as is"
        );
    }
}
