//! One origin's localStorage shared by every tab (session) opened on it: a
//! `MemoryStore` behind a shared handle, so a second session, or a reload,
//! reads what the first one wrote.

use std::cell::RefCell;
use std::rc::Rc;

use runsheet::storage::{KeyValueStore, MemoryStore, StoreError};

/// A store every clone of which sees the same keys.
#[derive(Clone, Default)]
pub struct SharedStore(Rc<RefCell<MemoryStore>>);

impl KeyValueStore for SharedStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.0.borrow().get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.0.borrow_mut().set(key, value)
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.0.borrow_mut().remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        self.0.borrow().keys()
    }
}
