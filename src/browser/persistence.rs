//! Asking the browser not to evict this site's storage under pressure.

use wasm_bindgen_futures::JsFuture;

/// The browser's answer to `navigator.storage.persist()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persistence {
    /// Runs are kept until the person clears site data.
    Granted,
    /// The browser may clear runs when space runs low.
    NotGranted,
    /// The browser has no such API (or refused to answer).
    Unknown,
}

/// Asks for persistent storage once; browsers may grant it silently, ask the
/// person, or refuse.
pub async fn request_persistence() -> Persistence {
    let Some(window) = web_sys::window() else {
        return Persistence::Unknown;
    };
    let storage = window.navigator().storage();
    let Ok(promise) = storage.persist() else {
        return Persistence::Unknown;
    };
    match JsFuture::from(promise).await.map(|v| v.as_bool()) {
        Ok(Some(true)) => Persistence::Granted,
        Ok(Some(false)) => Persistence::NotGranted,
        _ => Persistence::Unknown,
    }
}
