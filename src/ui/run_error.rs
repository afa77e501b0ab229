//! Why a change to a run on screen was not made.

use std::fmt;

use crate::domain::change::ChangeError;
use crate::storage::outcome::NewerSchema;

/// Why [`super::state::AppState`] refused a change; `E` is the domain's reason.
#[derive(Debug, Clone, PartialEq)]
pub enum RunError<E = ChangeError> {
    /// No run with this id is in this browser (any more): deleted here or in another tab.
    NoSuchRun(String),
    /// The run follows a template this version does not include.
    UnknownTemplate,
    /// The run was saved by a newer Runsheet and is shown read-only.
    ReadOnly(NewerSchema),
    /// The app is being torn down.
    ShuttingDown,
    /// The domain refused the change.
    Change(E),
}

impl<E: fmt::Display> fmt::Display for RunError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::NoSuchRun(_) => f.write_str("This run is no longer in this browser."),
            RunError::UnknownTemplate => {
                f.write_str("This run follows a template this version does not include.")
            }
            RunError::ReadOnly(why) => why.fmt(f),
            RunError::ShuttingDown => f.write_str("The app is shutting down."),
            RunError::Change(e) => e.fmt(f),
        }
    }
}
