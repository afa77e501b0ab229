//! localStorage behind the [`KeyValueStore`] trait, through `gloo-storage`.
//!
//! `gloo-storage`'s accessor panics when the browser refuses storage (blocked
//! site data, some private modes), so [`LocalStore::open`] first proves with
//! `web-sys` that storage can be used; only then is gloo used. Values are
//! JSON (every record, page and setting the app writes is), so gloo writes
//! them checked; text that is not JSON (another app's value, a damaged record
//! kept for Recovery) is read and put back exactly as it is.

use gloo_storage::errors::StorageError;
use gloo_storage::{LocalStorage, Storage};
use serde_json::value::RawValue;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

use crate::storage::kv::classify_browser_error;
use crate::storage::{KeyValueStore, StoreError};

/// The browser's localStorage. Obtained with [`LocalStore::open`], which reports
/// blocked storage as an error instead of panicking (as `gloo-storage`'s accessor would).
#[derive(Debug, Clone)]
pub struct LocalStore {
    _proven: (),
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
        Ok(LocalStore { _proven: () })
    }
}

/// Turns a thrown JS value into a [`StoreError`] (see [`classify_browser_error`]).
fn classify(error: &JsValue) -> StoreError {
    match error.dyn_ref::<web_sys::DomException>() {
        Some(e) => classify_browser_error(&e.name(), e.code(), &e.message()),
        None => StoreError::Other(js_error_name(error)),
    }
}

/// The same for an error `gloo-storage` reports (it keeps the name and message).
fn classify_gloo(error: StorageError) -> StoreError {
    match error {
        StorageError::JsError(e) => classify_browser_error(&e.name, 0, &e.message),
        other => StoreError::Other(other.to_string()),
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
        // The exact stored text, JSON or not: a record kept for Recovery is
        // downloaded byte for byte.
        LocalStorage::raw().get_item(key).map_err(|e| classify(&e))
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        match RawValue::from_string(value.to_owned()) {
            // (A JSON text with spaces around it would be stored trimmed.)
            Ok(json) if json.get().len() == value.len() => {
                LocalStorage::set(key, &json).map_err(classify_gloo)
            }
            // Only text put back as it was found (a set-aside index, an import
            // undone over another app's value) is not JSON.
            _ => LocalStorage::raw()
                .set_item(key, value)
                .map_err(|e| classify(&e)),
        }
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        LocalStorage::delete(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        // One call for every key, rather than one per key.
        Ok(js_sys::Object::keys(&LocalStorage::raw())
            .iter()
            .filter_map(|k| k.as_string())
            .collect())
    }
}
