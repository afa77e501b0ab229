//! Every storage key the app uses, in one place. All carry the app's prefix:
//! a GitHub Pages user site shares one localStorage among all its projects.

/// Prefix of every key the app owns; keys without it are never touched.
pub const PREFIX: &str = "runsheet:";
/// The list of run ids.
pub const INDEX: &str = "runsheet:index";
/// Per-browser preferences such as the person's name.
pub const SETTINGS: &str = "runsheet:settings";
/// Prefix of one run's key.
pub const RUN_PREFIX: &str = "runsheet:run:";

/// Key holding one run.
pub fn run_key(id: &str) -> String {
    format!("{RUN_PREFIX}{id}")
}

/// The run id in a run key, if it is one.
pub fn run_id_of(key: &str) -> Option<&str> {
    key.strip_prefix(RUN_PREFIX).filter(|id| !id.is_empty())
}
