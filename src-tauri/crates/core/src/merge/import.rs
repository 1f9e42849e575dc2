//! Taking in a bundle's changes, planned: which changes are new, how each record they touch is brought up to date,
//! and what is refused. Pure: the store reads what it holds ([`Held`]), [`plan`] decides, and the store writes the
//! plan in one transaction, so every decision here is tested on plain data.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::{Change, Op, Projection, fold_chain, project_all};
use crate::records::{self, Kind};

/// What the importing store holds that the plan depends on, read in the import's transaction.
#[derive(Clone, Debug, Default)]
pub struct Held {
    /// The changes of the bundle that the log already holds, as stored.
    pub changes: HashMap<Uuid, Change>,
    /// Records purged here: a late copy of one of their changes is not taken in again.
    pub purged: HashSet<(Kind, Uuid)>,
    /// The rows of the records the bundle touches, where they exist.
    pub rows: HashMap<(Kind, Uuid), Row>,
}

/// A record's row as the plan needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub data: Map<String, Value>,
    pub heads: Vec<Uuid>,
    /// Whether the record has open conflicts.
    pub disputed: bool,
}

/// How one record's row is brought up to date.
#[derive(Clone, Debug, PartialEq)]
pub enum Update {
    /// A record new here: its row is the projection of the bundle's changes.
    Create(Projection),
    /// One line of edits on the row's only head, nothing disputed: the changes folded onto the row.
    Fold(Projection),
    /// Anything else (several heads, a fork, open conflicts): the row is recomputed from the whole log once the new
    /// changes are in it.
    Reproject,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecordUpdate {
    pub kind: Kind,
    pub id: Uuid,
    /// How many of the bundle's new changes are about this record.
    pub changes: usize,
    pub update: Update,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// The changes to add to the log, in the bundle's order.
    pub new: Vec<Change>,
    /// Changes the log already holds, repeated in the bundle, or about records purged here.
    pub unchanged: usize,
    /// Each record with new changes, in the order records first appear in the bundle.
    pub records: Vec<RecordUpdate>,
}

/// Plans the import of a bundle's changes (each already [`check`]ed) into a store holding `held`. A change id the
/// log or the bundle already holds with different content is refused ("error.change_reused"): nothing is written.
pub fn plan(changes: Vec<Change>, mut held: Held) -> Result<Plan, &'static str> {
    let mut plan = Plan::default();
    // Where each new change and each record's group sit, so the bundle is walked once.
    let mut new_at: HashMap<Uuid, usize> = HashMap::new();
    let mut group_at: HashMap<(Kind, Uuid), usize> = HashMap::new();
    let mut groups: Vec<((Kind, Uuid), Vec<usize>)> = Vec::new();
    for c in changes {
        let key = (c.kind, c.record_id);
        if held.purged.contains(&key) {
            plan.unchanged += 1;
            continue;
        }
        let earlier = held.changes.get(&c.change_id).or_else(|| new_at.get(&c.change_id).map(|i| &plan.new[*i]));
        if let Some(earlier) = earlier {
            if *earlier != c {
                return Err("error.change_reused");
            }
            plan.unchanged += 1;
            continue;
        }
        let g = *group_at.entry(key).or_insert_with(|| {
            groups.push((key, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(plan.new.len());
        new_at.insert(c.change_id, plan.new.len());
        plan.new.push(c);
    }
    for ((kind, id), members) in groups {
        let group: Vec<&Change> = members.iter().map(|i| &plan.new[*i]).collect();
        let update = match held.rows.remove(&(kind, id)) {
            None => project_all(group).map(Update::Create),
            Some(row) => match chain_on(group, &row.heads) {
                Some(chain) if !row.disputed => fold_chain(row.data, &chain).map(Update::Fold),
                _ => Some(Update::Reproject),
            },
        };
        // A group is never empty, so neither is its projection.
        let update = update.unwrap_or(Update::Reproject);
        plan.records.push(RecordUpdate { kind, id, changes: members.len(), update });
    }
    Ok(plan)
}

/// The new changes in order, if they form one line of edits on top of the record's single head.
fn chain_on<'c>(mut group: Vec<&'c Change>, heads: &[Uuid]) -> Option<Vec<&'c Change>> {
    let [head] = heads else { return None };
    group.sort_by_key(|c| c.order_key());
    let mut previous = *head;
    for c in &group {
        if c.base.as_slice() != [previous] {
            return None;
        }
        previous = c.change_id;
    }
    Some(group)
}

/// Checks one change received from elsewhere, against the record types and the date `today` (the importer's,
/// with a day of slack). A field device (`only_from`) may only send what was written on it.
pub fn check(c: &Change, only_from: Option<Uuid>, today: NaiveDate) -> Result<(), &'static str> {
    if only_from.is_some_and(|d| d != c.device_id) {
        return Err("error.change_not_from_sender");
    }
    if c.hlc <= 0 || c.base.len() > 64 || c.base.contains(&c.change_id) {
        return Err("error.change_malformed");
    }
    let user = c.user_id.trim();
    if user.is_empty() || user.chars().count() > 120 || user.chars().any(char::is_control) {
        return Err("error.change_malformed");
    }
    match c.op {
        Op::Delete if !c.fields.is_empty() => Err("error.change_malformed"),
        Op::Delete => Ok(()),
        Op::Upsert => {
            for (name, value) in &c.fields {
                records::check_field(c.kind, name, value, today)?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests;
