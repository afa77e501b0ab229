//! An in-memory store: for native tests, and the fallback when the browser
//! refuses localStorage (nothing is kept, but the app still works).

use std::collections::BTreeMap;

use super::kv::{KeyValueStore, StoreError};

/// Keys and values in a map, with optional failure injection for tests.
#[derive(Debug, Default, Clone)]
pub struct MemoryStore {
    entries: BTreeMap<String, String>,
    /// When set, every write fails with this error; lets tests prove that a
    /// failed save leaves earlier data intact.
    pub fail_writes: Option<StoreError>,
    /// Every key written, in order; lets tests prove which keys a save touched.
    pub writes: Vec<String>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Direct read of all entries, for assertions.
    pub fn entries(&self) -> &BTreeMap<String, String> {
        &self.entries
    }
}

impl KeyValueStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.entries.get(key).cloned())
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if let Some(error) = &self.fail_writes {
            return Err(error.clone());
        }
        self.writes.push(key.to_owned());
        self.entries.insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        if let Some(error) = &self.fail_writes {
            return Err(error.clone());
        }
        self.writes.push(key.to_owned());
        self.entries.remove(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.entries.keys().cloned().collect())
    }
}
