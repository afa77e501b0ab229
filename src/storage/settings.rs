//! Per-browser preferences, kept apart from runs.

use serde::{Deserialize, Serialize};

use super::keys;
use super::kv::{KeyValueStore, StoreError};

/// Preferences of the person using this browser.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Name written into activity logs; typed once, remembered.
    #[serde(default)]
    pub name: String,
}

/// Reads the settings; unreadable settings fall back to defaults (they hold
/// nothing a person would miss, unlike runs).
pub fn load_settings(store: &impl KeyValueStore) -> Settings {
    store
        .get(keys::SETTINGS)
        .ok()
        .flatten()
        .and_then(|raw| serde_json::from_str(&raw).ok())
        .unwrap_or_default()
}

/// Writes the settings.
pub fn save_settings(
    store: &mut impl KeyValueStore,
    settings: &Settings,
) -> Result<(), StoreError> {
    let raw = serde_json::to_string(settings).map_err(|e| StoreError::Other(e.to_string()))?;
    store.set(keys::SETTINGS, &raw)
}
