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

/// Names a browser's storage error: every browser's way of saying "full" is
/// quota (Chrome and Safari `QuotaExceededError`, old Firefox
/// `NS_ERROR_DOM_QUOTA_REACHED`, legacy codes 22 and 1014), a `SecurityError`
/// means storage is blocked, anything else is passed on with its name.
pub fn classify_browser_error(name: &str, code: u16, message: &str) -> StoreError {
    match (name, code) {
        ("QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED", _) | (_, 22 | 1014) => {
            StoreError::QuotaExceeded
        }
        ("SecurityError", _) => StoreError::Unavailable(name.to_owned()),
        _ => StoreError::Other(format!("{name}: {message}")),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_browsers_quota_error_is_quota() {
        for (name, code) in [
            ("QuotaExceededError", 22),
            ("NS_ERROR_DOM_QUOTA_REACHED", 1014),
            ("UnknownError", 22),
            ("Whatever", 1014),
            ("QuotaExceededError", 0),
        ] {
            assert_eq!(
                classify_browser_error(name, code, "m"),
                StoreError::QuotaExceeded,
                "{name} {code}"
            );
        }
        assert_eq!(
            classify_browser_error("SecurityError", 18, "m"),
            StoreError::Unavailable("SecurityError".into())
        );
        assert_eq!(
            classify_browser_error("InvalidStateError", 11, "gone"),
            StoreError::Other("InvalidStateError: gone".into())
        );
    }
}
