//! The app's addresses, built in one place so a route and its links cannot
//! drift apart. Each is already prefixed with the base path it is served under.

use crate::browser::base_path::href;

/// A step of a run: `/runs/<id>/steps/<step>`.
pub fn step(run_id: &str, step_id: &str) -> String {
    href(&step_path(run_id, step_id))
}

/// The same address without the base path, for `use_navigate`, which adds it.
pub fn step_path(run_id: &str, step_id: &str) -> String {
    format!("/runs/{run_id}/steps/{step_id}")
}

/// The program overview: `/references/overview`.
pub fn references_overview() -> String {
    href("/references/overview")
}
