//! The bookkeeping of one form's draft: what is typed, what the store holds, what is on its way. Plain data, so the
//! rules (when to save, when a save counts) are tested without a browser; [`super::draft`] does the saving.
//!
//! A save counts only once the store answered it: a failed save leaves the draft pending, and the next tick sends
//! it again.

/// One save to send: the draft `data` of the form `key`.
#[derive(Clone, Debug, PartialEq)]
pub struct Save {
    pub key: String,
    pub data: String,
    /// Which life of the form it belongs to: a save answered after the form was saved (or discarded) is stale.
    epoch: u32,
}

#[derive(Debug, Default)]
pub struct DraftBook {
    key: String,
    /// The form's state while it differs from a fresh form.
    pending: Option<String>,
    /// What the store holds, by the last save it answered.
    stored: Option<String>,
    /// Sent and not yet answered (never sent twice at once).
    sending: Option<String>,
    /// Saved or discarded: nothing more is written until the form is fresh again.
    finished: bool,
    epoch: u32,
}

impl DraftBook {
    /// The form `key` as it is now: `data` is its state as JSON while it has unsaved input, `None` while fresh.
    pub fn set_form(&mut self, key: String, data: Option<String>) {
        self.key = key;
        // A form fresh again (after a save) keeps drafts of what is typed next.
        if data.is_none() {
            self.finished = false;
        }
        self.pending = data;
    }

    /// Whether the form holds input that is not saved as a record.
    pub fn unsaved(&self) -> bool {
        self.pending.is_some() && !self.finished
    }

    /// What to send now, if anything: the typed state, unless the store holds it or it is already on its way.
    pub fn next_save(&mut self) -> Option<Save> {
        if self.finished {
            return None;
        }
        let data = self.pending.as_ref()?;
        if self.stored.as_ref() == Some(data) || self.sending.as_ref() == Some(data) {
            return None;
        }
        self.sending = Some(data.clone());
        Some(Save { key: self.key.clone(), data: data.clone(), epoch: self.epoch })
    }

    /// The store answered `save`. Only a success marks it stored. Returns the key of a draft to delete again: one
    /// written after its form was saved or discarded (the delete may have run first).
    pub fn answered(&mut self, save: &Save, ok: bool) -> Option<String> {
        if save.epoch != self.epoch {
            if !ok {
                return None;
            }
            // The same key may hold this life's draft by now: deleting it means saving it again.
            self.stored = None;
            return Some(save.key.clone());
        }
        if self.sending.as_ref() == Some(&save.data) {
            self.sending = None;
        }
        if ok {
            self.stored = Some(save.data.clone());
        }
        None
    }

    /// The form was saved or its draft discarded: returns the key whose draft is to be deleted.
    pub fn finish(&mut self) -> String {
        self.finished = true;
        self.stored = None;
        self.sending = None;
        self.epoch += 1;
        self.key.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(data: &str) -> DraftBook {
        let mut book = DraftBook::default();
        book.set_form("visit:1".into(), Some(data.into()));
        book
    }

    #[test]
    fn a_draft_whose_save_failed_is_saved_again() {
        let mut book = typed("{\"a\":1}");
        let first = book.next_save().expect("sent");
        assert_eq!(book.next_save(), None, "not sent twice while on its way");
        assert_eq!(book.answered(&first, false), None);
        let again = book.next_save().expect("the failed draft is sent again");
        assert_eq!((again.key.as_str(), again.data.as_str()), ("visit:1", "{\"a\":1}"));
        book.answered(&again, true);
        assert_eq!(book.next_save(), None, "stored once the store said so");
    }

    #[test]
    fn a_draft_is_stored_only_when_the_store_answers() {
        let mut book = typed("x");
        let save = book.next_save().expect("sent");
        // No answer yet: the typed state is not taken as stored, and a change is sent as well.
        book.set_form("visit:1".into(), Some("xy".into()));
        let newer = book.next_save().expect("the newer state is sent");
        book.answered(&newer, true);
        book.answered(&save, true);
        // The older answer came last: the store may hold the older state, so the newer one goes again.
        assert_eq!(book.next_save().map(|s| s.data), Some("xy".into()));
    }

    #[test]
    fn a_finished_draft_is_not_written_until_the_form_is_fresh_again() {
        let mut book = typed("x");
        assert!(book.unsaved());
        assert_eq!(book.finish(), "visit:1");
        assert!(!book.unsaved());
        assert_eq!(book.next_save(), None);
        book.set_form("visit:1".into(), None);
        book.set_form("visit:1".into(), Some("y".into()));
        assert_eq!(book.next_save().map(|s| s.data), Some("y".into()));
    }

    #[test]
    fn a_save_answered_after_the_form_was_saved_deletes_the_draft_again() {
        let mut book = typed("x");
        let late = book.next_save().expect("sent");
        book.finish();
        book.set_form("visit:1".into(), None);
        assert_eq!(book.answered(&late, true), Some("visit:1".into()), "written after the delete: delete again");
        let mut failed = typed("x");
        let late = failed.next_save().expect("sent");
        failed.finish();
        assert_eq!(failed.answered(&late, false), None, "nothing was written");
    }

    #[test]
    fn a_fresh_form_has_nothing_to_save() {
        let mut book = DraftBook::default();
        book.set_form("session".into(), None);
        assert!(!book.unsaved());
        assert_eq!(book.next_save(), None);
    }
}
