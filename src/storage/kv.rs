//! The storage capability the app needs, and how it fails.

use std::fmt;

/// A string key-value store: exactly what localStorage offers, nothing more.
pub trait KeyValueStore {
    /// Reads a key; `Ok(None)` when absent.
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    /// Writes a key; on error nothing is written.
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError>;
    /// Removes a key; absent keys are fine.
    fn remove(&mut self, key: &str) -> Result<(), StoreError>;
    /// Every key currently stored, including other apps' keys on a shared origin.
    fn keys(&self) -> Result<Vec<String>, StoreError>;
}

/// Why the store refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// Storage cannot be used at all (blocked site data, some private modes).
    Unavailable(String),
    /// The origin's storage budget is used up.
    QuotaExceeded,
    /// Anything else the browser reported.
    Other(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Unavailable(why) => {
                write!(f, "This browser does not allow saving data here ({why}).")
            }
            StoreError::QuotaExceeded => write!(f, "This browser's storage for the site is full."),
            StoreError::Other(why) => write!(f, "Saving failed: {why}"),
        }
    }
}

/// Lets the app choose its store at start-up (localStorage, or memory when the
/// browser refuses storage) and still use one repository type.
impl<S: KeyValueStore + ?Sized> KeyValueStore for Box<S> {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        (**self).get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        (**self).set(key, value)
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        (**self).remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        (**self).keys()
    }
}
