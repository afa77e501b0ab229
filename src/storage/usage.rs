//! How much of the origin's storage budget is used. Browsers allow about five
//! million UTF-16 code units of keys plus values per origin (shared by every app
//! on it), so that is what is counted.

use super::kv::{KeyValueStore, StoreError};

/// The budget browsers give one origin, in UTF-16 code units (~5 MiB).
pub const ORIGIN_BUDGET_UNITS: usize = 5 * 1024 * 1024;

/// Space used, for the "storage is full" banner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// UTF-16 code units of every key and value on the origin (all apps).
    pub used_units: usize,
    /// The part used by this app's own keys.
    pub app_units: usize,
}

impl Usage {
    /// Used share of the budget, rounded to whole percent (may exceed 100 on
    /// generous browsers).
    pub fn percent(&self) -> usize {
        (self.used_units * 100 + ORIGIN_BUDGET_UNITS / 2) / ORIGIN_BUDGET_UNITS
    }

    /// "4.80 MiB of about 5 MiB used (96%), 0.20 MiB by Runsheet".
    pub fn describe(&self) -> String {
        let mib = |units: usize| units as f64 / (1024.0 * 1024.0);
        format!(
            "{:.2} MiB of about 5 MiB used ({}%), {:.2} MiB by Runsheet",
            mib(self.used_units),
            self.percent(),
            mib(self.app_units)
        )
    }
}

/// Counts keys plus values, as the browser does for its quota.
pub fn usage(store: &impl KeyValueStore, app_prefix: &str) -> Result<Usage, StoreError> {
    let mut used_units = 0;
    let mut app_units = 0;
    for key in store.keys()? {
        let units =
            key.encode_utf16().count() + store.get(&key)?.map_or(0, |v| v.encode_utf16().count());
        used_units += units;
        if key.starts_with(app_prefix) {
            app_units += units;
        }
    }
    Ok(Usage {
        used_units,
        app_units,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;

    #[test]
    fn usage_counts_utf16_units_of_keys_and_values_for_all_apps() {
        let mut store = MemoryStore::new();
        store.set("runsheet:a", "🚀é").unwrap(); // 10 + 3 units (the rocket is a surrogate pair)
        store.set("other", "xyz").unwrap(); // 5 + 3
        let u = usage(&store, "runsheet:").unwrap();
        assert_eq!(
            u,
            Usage {
                used_units: 21,
                app_units: 13
            }
        );
        let full = Usage {
            used_units: ORIGIN_BUDGET_UNITS * 96 / 100,
            app_units: 1024 * 1024,
        };
        assert_eq!(
            full.describe(),
            "4.80 MiB of about 5 MiB used (96%), 1.00 MiB by Runsheet"
        );
    }
}
