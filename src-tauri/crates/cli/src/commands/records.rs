//! `reintegra records history|get`: one record's changes, or the record as its JSON Lines line. Each look is
//! written to the audit log (the record's type and id only).

use clap::Subcommand;
use reintegra_core::records::Kind;
use reintegra_core::wire::ApiError;
use reintegra_store::Store;
use reintegra_store::audit::{self, Action};
use serde_json::{Map, Value, json};

use super::parse_id;
use crate::context::Context;

#[derive(Subcommand)]
pub enum Cmd {
    /// cli.cmd.records_history
    History {
        /// cli.arg.type
        #[arg(name = "TYPE")]
        kind: String,
        /// cli.arg.id
        id: String,
    },
    /// cli.cmd.records_get
    Get {
        /// cli.arg.type
        #[arg(name = "TYPE")]
        kind: String,
        /// cli.arg.id
        id: String,
    },
}

/// A record named on the command line by its type and id.
fn record_ref(kind: &str, id: &str) -> Result<(Kind, uuid::Uuid), ApiError> {
    let kind = Kind::from_name(kind).ok_or_else(|| ApiError::new("error.type_unknown"))?;
    Ok((kind, parse_id(id)?))
}

/// Records that a record was looked at (its type and id only) in the audit log.
fn view(store: &mut Store, kind: Kind, id: uuid::Uuid) -> Result<(), ApiError> {
    Ok(audit::record(store, Action::ViewPerson, &format!("{}:{id}", kind.name()))?)
}

pub fn run(ctx: &Context, cmd: &Cmd) -> Result<(), ApiError> {
    match cmd {
        Cmd::History { kind, id } => {
            let (kind, id) = record_ref(kind, id)?;
            let mut store = ctx.open()?;
            let entries = reintegra_store::records::history(&mut store, kind, id)?;
            view(&mut store, kind, id)?;
            let human = entries
                .iter()
                .map(|e| {
                    let at = reintegra_core::date::format_user_time_ms(e.at_ms);
                    format!("{at}\t{}\t{}\t{}", e.device_id, e.op, Value::Object(e.fields.clone()))
                })
                .collect::<Vec<_>>()
                .join("\n");
            ctx.emit(serde_json::to_value(&entries).unwrap_or_default(), human);
        }
        Cmd::Get { kind, id } => {
            let (kind, id) = record_ref(kind, id)?;
            let mut store = ctx.open()?;
            let (data, deleted) = reintegra_store::records::get(&mut store, kind, id)?;
            view(&mut store, kind, id)?;
            let mut doc = Map::new();
            doc.insert("type".into(), json!(kind.name()));
            doc.insert("id".into(), json!(id));
            if deleted {
                doc.insert("deleted".into(), json!(true));
            }
            doc.extend(data);
            // A record is printed as its JSON Lines line, whatever --json says: it is already a document.
            println!("{}", Value::Object(doc));
        }
    }
    Ok(())
}
