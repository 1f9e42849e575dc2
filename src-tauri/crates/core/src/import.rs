//! What importing one row of a spreadsheet of people does, decided from the row (its fields checked and made
//! canonical) and the people already stored who look like it. Pure: the store finds the look-alikes, this decides.
//!
//! An import never changes who a person is: names, birth date and role stay as stored. It fills a DUI or a sex that
//! was missing, and brings contact and programme details (address, phone, municipality…) up to date from the sheet.
//! A cell left empty never erases a stored value.

use serde_json::{Map, Value};
use uuid::Uuid;

/// Fields an import fills only when the stored person has none.
pub const FILL_ONLY: &[&str] = &["dui", "sex"];
/// Fields an import brings up to date from the sheet.
pub const UPDATABLE: &[&str] = &[
    "municipality",
    "district",
    "address",
    "phone",
    "release_date",
    "consent_date",
    "consent_scope",
    "assigned_worker",
    "status",
];

/// Why a row is not imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    /// The person is stored and the row brings nothing new.
    Unchanged,
    /// The row looks like several stored people: which one to update is not for an import to guess.
    Ambiguous,
    /// The same person appears on an earlier row of the sheet.
    Repeated,
}

impl Skip {
    pub fn key(self) -> &'static str {
        match self {
            Skip::Unchanged => "import.skip.unchanged",
            Skip::Ambiguous => "import.skip.ambiguous",
            Skip::Repeated => "import.skip.repeated",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Decision {
    Add,
    /// Update the stored person `id` with these fields (their new values).
    Update {
        id: Uuid,
        fields: Map<String, Value>,
    },
    Skip(Skip),
}

/// The decision for `row` given the stored people who look like it (`matches`: id and stored fields).
pub fn decide(row: &Map<String, Value>, matches: &[(Uuid, Map<String, Value>)]) -> Decision {
    let (id, stored) = match matches {
        [] => return Decision::Add,
        [one] => one,
        _ => return Decision::Skip(Skip::Ambiguous),
    };
    let mut fields = Map::new();
    for (name, value) in row {
        let current = stored.get(name).filter(|v| !v.is_null());
        let take = if FILL_ONLY.contains(&name.as_str()) {
            current.is_none()
        } else {
            UPDATABLE.contains(&name.as_str()) && current != Some(value)
        };
        if take && !value.is_null() {
            fields.insert(name.clone(), value.clone());
        }
    }
    if fields.is_empty() { Decision::Skip(Skip::Unchanged) } else { Decision::Update { id: *id, fields } }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn each_row_is_added_updated_or_skipped_for_a_reason() {
        let id = Uuid::from_u128(7);
        let stored = map(json!({"role": "participant", "given_names": "Ana", "first_surname": "Ramos",
            "birth_date": "1990-01-01", "municipality": "San Salvador Sur", "phone": "7000-0000"}));
        let row = |extra: Value| {
            let mut m = map(json!({"role": "participant", "given_names": "Ana", "first_surname": "Ramos",
                "birth_date": "1990-01-01", "municipality": "San Salvador Sur"}));
            m.extend(map(extra));
            m
        };
        let update = |fields: Value| Decision::Update { id, fields: map(fields) };
        let one = vec![(id, stored.clone())];
        type Case<'a> = (&'a str, Map<String, Value>, Vec<(Uuid, Map<String, Value>)>, Decision);
        let cases: Vec<Case> = vec![
            ("nobody like them: added", row(json!({})), vec![], Decision::Add),
            (
                "the same as stored: skipped",
                row(json!({"phone": "7000-0000"})),
                one.clone(),
                Decision::Skip(Skip::Unchanged),
            ),
            ("an empty cell erases nothing", row(json!({})), one.clone(), Decision::Skip(Skip::Unchanged)),
            (
                "a new phone: updated",
                row(json!({"phone": "7111-1111"})),
                one.clone(),
                update(json!({"phone": "7111-1111"})),
            ),
            (
                "another municipality: updated",
                row(json!({"municipality": "La Libertad Sur"})),
                one.clone(),
                update(json!({"municipality": "La Libertad Sur"})),
            ),
            (
                "a missing DUI is filled",
                row(json!({"dui": "00016297-5"})),
                one.clone(),
                update(json!({"dui": "00016297-5"})),
            ),
            (
                "a stored DUI is not replaced",
                row(json!({"dui": "00016297-5"})),
                vec![(id, {
                    let mut s = stored.clone();
                    s.insert("dui".into(), json!("01234567-8"));
                    s
                })],
                Decision::Skip(Skip::Unchanged),
            ),
            (
                "names are never changed",
                row(json!({"given_names": "Ana María"})),
                one.clone(),
                Decision::Skip(Skip::Unchanged),
            ),
            (
                "two look-alikes: skipped",
                row(json!({"phone": "7111-1111"})),
                vec![(id, stored.clone()), (Uuid::from_u128(8), stored.clone())],
                Decision::Skip(Skip::Ambiguous),
            ),
        ];
        for (name, row, matches, want) in cases {
            assert_eq!(decide(&row, &matches), want, "{name}");
        }
    }
}
