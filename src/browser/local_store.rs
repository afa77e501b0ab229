//! localStorage behind the [`KeyValueStore`] trait.

use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

use crate::storage::kv::classify_browser_error;
use crate::storage::{KeyValueStore, StoreError};

/// The browser's localStorage. Obtained with [`LocalStore::open`], which reports
/// blocked storage as an error instead of panicking (as `gloo-storage`'s accessor would).
#[derive(Debug, Clone)]
pub struct LocalStore {
    storage: web_sys::Storage,
}

impl LocalStore {
    /// Opens localStorage and proves it works with a read; a SecurityError
    /// (site data blocked) or a missing storage object becomes `Unavailable`.
    pub fn open() -> Result<LocalStore, StoreError> {
        let window =
            web_sys::window().ok_or_else(|| StoreError::Unavailable("no window".into()))?;
        let storage = window
            .local_storage()
            .map_err(|e| StoreError::Unavailable(js_error_name(&e)))?
            .ok_or_else(|| StoreError::Unavailable("localStorage is missing".into()))?;
        storage
            .length()
            .map_err(|e| StoreError::Unavailable(js_error_name(&e)))?;
        Ok(LocalStore { storage })
    }
}

/// Turns a thrown JS value into a [`StoreError`] (see [`classify_browser_error`]).
fn classify(error: &JsValue) -> StoreError {
    match error.dyn_ref::<web_sys::DomException>() {
        Some(e) => classify_browser_error(&e.name(), e.code(), &e.message()),
        None => StoreError::Other(js_error_name(error)),
    }
}

fn js_error_name(error: &JsValue) -> String {
    error
        .dyn_ref::<web_sys::DomException>()
        .map(|e| e.name())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

impl KeyValueStore for LocalStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.storage.get_item(key).map_err(|e| classify(&e))
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.storage.set_item(key, value).map_err(|e| classify(&e))
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.storage.remove_item(key).map_err(|e| classify(&e))
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        let length = self.storage.length().map_err(|e| classify(&e))?;
        let mut keys = Vec::with_capacity(length as usize);
        for i in 0..length {
            if let Some(key) = self.storage.key(i).map_err(|e| classify(&e))? {
                keys.push(key);
            }
        }
        Ok(keys)
    }
}
