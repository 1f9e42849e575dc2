//! The checks of the assessment records that need the store, called by the one write path
//! ([`crate::records::upsert`]); kept apart from the use cases, which call that path themselves.

use std::collections::HashMap;

use reintegra_core::FieldErrors;
use reintegra_core::assessments::{self, Answers, Instrument, check_answers, score, shipped};
use reintegra_core::records::Kind;
use reintegra_core::wire::DeviceRole;
use reintegra_core::wire::assessments::{InstrumentInfo, InstrumentOrigin};
use rusqlite::Transaction;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::{Error, Result, Writer};

pub(crate) fn invalid(field: &str, code: &str) -> Error {
    let mut e = FieldErrors::default();
    e.push(field, code);
    Error::Invalid(e)
}

pub(crate) fn uuid(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|_| Error::Format("error.id_invalid"))
}

/// The instruments in force: the shipped ones, each replaced by a programme's record of the same code with a higher
/// version, and the programme's own. Shipped first (PHQ-9, GAD-7, WHO-5), then the programme's by code.
pub(crate) fn instruments_in(tx: &Transaction<'_>) -> Result<Vec<InstrumentInfo>> {
    let mut out: Vec<InstrumentInfo> = shipped::all()
        .into_iter()
        .map(|d| InstrumentInfo {
            validated_es: d.validated_es(),
            definition: d,
            origin: InstrumentOrigin::Shipped,
            record_id: None,
        })
        .collect();
    let mut stmt = tx.prepare_cached("SELECT id, data FROM instruments WHERE deleted = 0 ORDER BY code, id")?;
    let mut rows = stmt.query([])?;
    let mut programme: Vec<InstrumentInfo> = Vec::new();
    while let Some(row) = rows.next()? {
        let (id, data): (String, String) = (row.get(0)?, row.get(1)?);
        let data: Map<String, Value> = serde_json::from_str(&data)?;
        // Checked when written here; a record from another device that this build cannot read is left out.
        let Some(Ok(def)) = data.get("definition").map(assessments::validate::parse) else { continue };
        let info = InstrumentInfo {
            validated_es: def.validated_es(),
            definition: def,
            origin: InstrumentOrigin::Programme,
            record_id: Some(uuid(&id)?),
        };
        let code = info.definition.code.clone();
        let slot = out.iter_mut().chain(programme.iter_mut()).find(|i| i.definition.code == code);
        match slot {
            Some(current) if current.definition.version < info.definition.version => *current = info,
            Some(_) => {}
            None => programme.push(info),
        }
    }
    out.extend(programme);
    Ok(out)
}

pub(crate) fn definitions_in(tx: &Transaction<'_>) -> Result<HashMap<String, Instrument>> {
    Ok(instruments_in(tx)?.into_iter().map(|i| (i.definition.code.clone(), i.definition)).collect())
}

/// The checks of an assessment, a follow-up or an instrument that need the store (called by
/// [`crate::records::upsert`] on the record's canonical data, inside its transaction).
pub(crate) fn check_record(w: &Writer<'_>, kind: Kind, data: &Map<String, Value>) -> Result<()> {
    let s = |k: &str| data.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
    match kind {
        Kind::Assessment => {
            let defs = definitions_in(w.tx())?;
            let def = defs
                .get(&s("instrument"))
                .ok_or_else(|| invalid("instrument", "error.assessment_instrument_unknown"))?;
            check_answers(def, &answers_of(data)).map_err(Error::Invalid)
        }
        Kind::AlertFollowup => {
            let id = uuid(&s("assessment_id")).map_err(|_| invalid("assessment_id", "error.id_invalid"))?;
            let Some((assessment, false)) = w.current(Kind::Assessment, id)? else {
                return Err(invalid("assessment_id", "error.ref_unknown"));
            };
            if assessment.get("person_id") != data.get("person_id") {
                return Err(invalid("person_id", "error.alert_person"));
            }
            let defs = definitions_in(w.tx())?;
            let raised = defs
                .get(assessment.get("instrument").and_then(Value::as_str).unwrap_or_default())
                .map(|def| score(def, &answers_of(&assessment)).alerts)
                .unwrap_or_default();
            if !raised.contains(&s("alert")) {
                return Err(invalid("alert", "error.alert_unknown"));
            }
            Ok(())
        }
        Kind::Instrument => {
            // A coordinator's decision: made on the central file, which sends it to the laptops.
            if w.device().role != DeviceRole::Supervisor {
                return Err(Error::Refused("error.instrument_central_only"));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

pub(crate) fn answers_of(data: &Map<String, Value>) -> Answers {
    data.get("answers")
        .and_then(Value::as_object)
        .map(|o| o.iter().map(|(k, v)| (k.clone(), v.as_i64())).collect())
        .unwrap_or_default()
}
