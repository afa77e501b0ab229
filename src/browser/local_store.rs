//! localStorage behind the [`KeyValueStore`] trait, through `gloo-storage`.
//!
//! `gloo-storage`'s accessor panics when the browser refuses storage (blocked
//! site data, some private modes), so [`LocalStore::open`] first proves with
//! `web-sys` that storage can be used; only then is gloo used. The repository
//! stores text it has serialised (and compressed) itself, so keys are read and
//! written as text through gloo's `Storage` (its typed `get`/`set` would parse
//! and serialise every value again as JSON: a tenth of a millisecond per save
//! of a large run, measured); removal and listing go through gloo as well.

use gloo_storage::{LocalStorage, Storage};
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
        LocalStorage::raw()
            .set_item(key, value)
            .map_err(|e| classify(&e))
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        LocalStorage::delete(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        // One call for every key (half the time of asking key by key, with a
        // thousand runs stored).
        Ok(js_sys::Object::keys(&LocalStorage::raw())
            .iter()
            .filter_map(|k| k.as_string())
            .collect())
    }
}
