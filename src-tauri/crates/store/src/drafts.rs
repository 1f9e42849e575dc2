//! Drafts of forms with unsaved input (migration 7): one per form key, local to this device, in the encrypted file.

use reintegra_core::forms::Draft;
use rusqlite::OptionalExtension;

use crate::{Result, Store};

/// The longest draft kept (a form's state as JSON).
pub const MAX_LEN: usize = 256 * 1024;

pub fn get(store: &mut Store, key: &str) -> Result<Option<Draft>> {
    store.read(|tx| {
        Ok(tx
            .prepare_cached("SELECT key, data, saved_ms FROM drafts WHERE key = ?1")?
            .query_row([key], |r| Ok(Draft { key: r.get(0)?, data: r.get(1)?, saved_ms: r.get(2)? }))
            .optional()?)
    })
}

/// Keeps the draft of `key`, replacing the previous one.
pub fn put(store: &mut Store, key: &str, data: &str, saved_ms: i64) -> Result<()> {
    if data.len() > MAX_LEN || key.is_empty() || key.len() > 200 {
        return Err(crate::Error::Format("error.draft_too_large"));
    }
    store.with_tx(|w| {
        w.tx()
            .prepare_cached(
                "INSERT INTO drafts (key, data, saved_ms) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET data = excluded.data, saved_ms = excluded.saved_ms",
            )?
            .execute(rusqlite::params![key, data, saved_ms])?;
        Ok(())
    })
}

pub fn delete(store: &mut Store, key: &str) -> Result<()> {
    store.with_tx(|w| {
        w.tx().prepare_cached("DELETE FROM drafts WHERE key = ?1")?.execute([key])?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use reintegra_core::wire::DeviceRole;

    use super::*;
    use crate::testing;

    #[test]
    fn a_draft_is_kept_replaced_and_deleted_and_survives_reopening() {
        let (_folder, mut store) = testing::store(DeviceRole::Field);
        let path = store.path().to_owned();
        let digest = store.digest().expect("digest");
        assert_eq!(get(&mut store, "visit:1").expect("get"), None);
        put(&mut store, "visit:1", "{\"a\":1}", 5).expect("put");
        put(&mut store, "visit:1", "{\"a\":2}", 6).expect("put again");
        assert_eq!(store.digest().expect("digest"), digest, "a draft is not a record");
        drop(store);
        let mut store = Store::open(&path, testing::PASS).expect("open");
        let d = get(&mut store, "visit:1").expect("get").expect("kept");
        assert_eq!((d.data.as_str(), d.saved_ms), ("{\"a\":2}", 6));
        delete(&mut store, "visit:1").expect("delete");
        assert_eq!(get(&mut store, "visit:1").expect("get"), None);
        assert!(put(&mut store, "big", &"x".repeat(MAX_LEN + 1), 1).is_err());
    }
}
