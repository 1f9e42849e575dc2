//! The table an export is made of, apart so that the modules adding their own tables need not depend on the
//! export that calls them.

use reintegra_core::records::Kind;

/// One record type as a table: its field names (the first column is the record id) and one row per live record.
#[derive(Clone, Debug)]
pub struct Table {
    pub kind: Kind,
    /// A table that is not a record type's (the payments' reconciliation): its sheet and file name.
    pub name: Option<&'static str>,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}
