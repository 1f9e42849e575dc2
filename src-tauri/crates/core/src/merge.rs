//! The merge: a record's visible state as a pure function of the set of its changes, whatever order they arrived in.
//!
//! - Each field takes the value of the change with the highest (HLC, device, change id) among the changes that set
//!   it and are not superseded by a descendant that set it too.
//! - Conflicts come from ancestry (the `base` links), not from clocks: two such undominated changes that set a field
//!   to different values are a conflict; so is a delete among the record's heads beside an edit.
//! - A resolution is one more change built on every head that sets the disputed fields.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::records::Kind;

pub mod import;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Upsert,
    Delete,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Upsert => "upsert",
            Op::Delete => "delete",
        }
    }

    pub fn parse(s: &str) -> Option<Op> {
        match s {
            "upsert" => Some(Op::Upsert),
            "delete" => Some(Op::Delete),
            _ => None,
        }
    }
}

/// One immutable edit of one record: the unit of merge.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub change_id: Uuid,
    #[serde(with = "kind_name")]
    pub kind: Kind,
    pub record_id: Uuid,
    /// The heads of the record this edit was made on top of (empty for a creation).
    pub base: Vec<Uuid>,
    pub hlc: i64,
    pub device_id: Uuid,
    pub user_id: String,
    pub op: Op,
    /// Only the fields this change sets; a null removes the field.
    pub fields: Map<String, Value>,
}

impl Change {
    /// The total order every replica uses to pick a winner among concurrent changes.
    pub fn order_key(&self) -> (i64, Uuid, Uuid) {
        (self.hlc, self.device_id, self.change_id)
    }
}

mod kind_name {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::records::Kind;

    pub fn serialize<S: Serializer>(kind: &Kind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(kind.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Kind, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Kind::from_name(&name).ok_or_else(|| serde::de::Error::custom("unknown record type"))
    }
}

/// One side of a conflict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub change_id: Uuid,
    pub device_id: Uuid,
    pub user_id: String,
    pub hlc: i64,
    /// The value this change set; for a delete conflict, the edit's fields, or `None` for the delete itself.
    pub value: Option<Value>,
}

/// What is disputed: a field, or whether the record is deleted.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type", content = "field", rename_all = "snake_case")]
pub enum Disputed {
    Field(String),
    Deleted,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub disputed: Disputed,
    /// Ordered by (HLC, device, change id); the last one is the value shown until the conflict is resolved.
    pub candidates: Vec<Candidate>,
}

/// A record's visible state.
#[derive(Clone, Debug, PartialEq)]
pub struct Projection {
    pub data: Map<String, Value>,
    pub deleted: bool,
    /// The changes no other change was built on, sorted.
    pub heads: Vec<Uuid>,
    /// The latest change (by the total order): when and by whom the record was last changed.
    pub last: (i64, Uuid, String),
    pub conflicts: Vec<Conflict>,
}

/// The visible state of one record from all its changes (any order, no duplicates). `None` for no changes.
pub fn project(changes: &[Change]) -> Option<Projection> {
    project_all(changes.iter().collect())
}

/// [`project`] over borrowed changes (an import plans a record from the bundle's changes without copying them).
fn project_all(mut cs: Vec<&Change>) -> Option<Projection> {
    cs.sort_by_key(|c| c.order_key());
    let last = cs.last()?;
    let last = (last.hlc, last.device_id, last.user_id.clone());
    if is_chain(&cs) {
        return fold_chain(Map::new(), &cs);
    }

    let ancestors = Ancestry::of(&cs);
    let mut referenced = vec![false; cs.len()];
    for c in &cs {
        for b in &c.base {
            if let Some(i) = ancestors.index(*b) {
                referenced[i] = true;
            }
        }
    }
    let heads: Vec<usize> = (0..cs.len()).filter(|i| !referenced[*i]).collect();
    let deleted = heads.iter().any(|i| cs[*i].op == Op::Delete);

    let mut fields: Vec<&String> = cs.iter().flat_map(|c| c.fields.keys()).collect();
    fields.sort();
    fields.dedup();
    let mut data = Map::new();
    let mut conflicts = Vec::new();
    for field in fields {
        let writers: Vec<usize> =
            (0..cs.len()).filter(|i| cs[*i].op == Op::Upsert && cs[*i].fields.contains_key(field)).collect();
        // Undominated writers: no other writer of this field was built on them.
        let top: Vec<usize> =
            writers.iter().copied().filter(|i| !writers.iter().any(|j| ancestors.is_ancestor(*i, *j))).collect();
        let Some(&winner) = top.last() else { continue };
        let value = &cs[winner].fields[field.as_str()];
        if !value.is_null() {
            data.insert(field.clone(), value.clone());
        }
        if top.iter().any(|i| cs[*i].fields[field.as_str()] != *value) {
            conflicts.push(Conflict {
                disputed: Disputed::Field(field.clone()),
                candidates: top
                    .iter()
                    .map(|i| candidate(cs[*i], Some(cs[*i].fields[field.as_str()].clone())))
                    .collect(),
            });
        }
    }
    if deleted && heads.iter().any(|i| cs[*i].op == Op::Upsert) {
        let candidates = heads
            .iter()
            .map(|i| {
                let c = cs[*i];
                candidate(c, (c.op == Op::Upsert).then(|| Value::Object(c.fields.clone())))
            })
            .collect();
        conflicts.push(Conflict { disputed: Disputed::Deleted, candidates });
    }
    conflicts.sort_by(|a, b| a.disputed.cmp(&b.disputed));
    let mut head_ids: Vec<Uuid> = heads.iter().map(|i| cs[*i].change_id).collect();
    head_ids.sort();
    Some(Projection { data, deleted, heads: head_ids, last, conflicts })
}

/// A line of edits (sorted by [`Change::order_key`], each built on the one before) folded onto a record's data: the
/// record's state when the line starts at its only head and nothing is disputed. `None` for no changes.
pub fn fold_chain(mut data: Map<String, Value>, chain: &[&Change]) -> Option<Projection> {
    let tip = chain.last()?;
    for c in chain {
        fold(&mut data, &c.fields);
    }
    Some(Projection {
        data,
        deleted: tip.op == Op::Delete,
        heads: vec![tip.change_id],
        last: (tip.hlc, tip.device_id, tip.user_id.clone()),
        conflicts: Vec::new(),
    })
}

/// Applies one change's fields to a record's data (a null removes the field).
pub fn fold(data: &mut Map<String, Value>, fields: &Map<String, Value>) {
    for (k, v) in fields {
        if v.is_null() {
            data.remove(k);
        } else {
            data.insert(k.clone(), v.clone());
        }
    }
}

fn candidate(c: &Change, value: Option<Value>) -> Candidate {
    Candidate { change_id: c.change_id, device_id: c.device_id, user_id: c.user_id.clone(), hlc: c.hlc, value }
}

/// The common case, one line of edits each on top of the previous: no ancestry to compute.
fn is_chain(cs: &[&Change]) -> bool {
    cs[0].base.is_empty() && cs.windows(2).all(|w| w[1].base.len() == 1 && w[1].base[0] == w[0].change_id)
}

/// Who was built on whom, as one bit set of ancestors per change.
struct Ancestry {
    ids: HashMap<Uuid, usize>,
    sets: Vec<Vec<u64>>,
}

impl Ancestry {
    fn of(cs: &[&Change]) -> Ancestry {
        let ids = cs.iter().enumerate().map(|(i, c)| (c.change_id, i)).collect();
        let words = cs.len().div_ceil(64);
        let mut this = Ancestry { ids, sets: vec![vec![0; words]; cs.len()] };
        let mut state = vec![Visit::New; cs.len()];
        for i in 0..cs.len() {
            this.visit(cs, i, &mut state);
        }
        this
    }

    fn index(&self, id: Uuid) -> Option<usize> {
        self.ids.get(&id).copied()
    }

    /// Depth-first, so a base that sorts after its child (a clock set wrong) is still followed; a cycle (only a
    /// forged history has one) is cut where it closes.
    fn visit(&mut self, cs: &[&Change], i: usize, state: &mut [Visit]) {
        if state[i] != Visit::New {
            return;
        }
        state[i] = Visit::Open;
        for b in &cs[i].base {
            let Some(j) = self.index(*b) else { continue };
            self.visit(cs, j, state);
            if state[j] == Visit::Done {
                let parent = self.sets[j].clone();
                let mine = &mut self.sets[i];
                for (m, p) in mine.iter_mut().zip(parent) {
                    *m |= p;
                }
                mine[j / 64] |= 1 << (j % 64);
            }
        }
        state[i] = Visit::Done;
    }

    /// Whether change `a` is an ancestor of change `b`.
    fn is_ancestor(&self, a: usize, b: usize) -> bool {
        self.sets[b][a / 64] & (1 << (a % 64)) != 0
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    Open,
    Done,
}

#[cfg(test)]
mod tests;
