//! What the save session reports: how the latest save went, whether storage
//! works at all, what another tab changed, and why a run was not deleted. Each
//! is a typed value; the words a person reads come from their `Display`.

use std::fmt;

use chrono::{DateTime, Utc};

use super::kv::StoreError;
use super::repository::{LoadedRun, SaveError};
use crate::domain::run::Run;

/// Whether what is on screen is in storage.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveStatus {
    /// Nothing changed since start-up.
    Idle,
    /// Changes are waiting for the next save.
    Pending,
    /// Every change is stored; shown only after a successful write.
    Saved(DateTime<Utc>),
    /// The last save failed; the edit is still on screen.
    Failed(SaveError),
    /// The last save failed because the origin's storage is full; says how full
    /// (the usage description, or why it could not be measured).
    StorageFull(String),
    /// A run was changed here and in another tab; nothing of it is saved until
    /// the person chooses (the conflict banner asks).
    InConflict,
}

/// Whether runs outlive the tab.
#[derive(Clone, Debug, PartialEq)]
pub enum StorageMode {
    /// Runs are kept in the store (localStorage in the browser).
    Persistent,
    /// The store refused: runs live in memory only, with the reason.
    MemoryOnly(StoreError),
}

/// A run changed both here and in another tab: the person chooses.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// The run id.
    pub id: String,
    /// The other tab's saved version.
    pub theirs: LoadedRun,
}

/// What another tab's write or removal of a key means for this tab's screen.
#[derive(Clone, Debug, PartialEq)]
pub enum FromOtherTab {
    /// Nothing on screen changes (not a run key, not newer, unreadable, …).
    Nothing,
    /// A run shown here without unsaved changes: show this newer version.
    Replaced(Run),
    /// A run this tab did not show (created there): show it too.
    Added(Run),
    /// A run removed there (its key is really empty): remove it here too.
    Removed(String),
    /// A run with unsaved changes here: a conflict was raised and its screen
    /// is kept; the person chooses.
    Conflict,
}

/// The outcome of "keep mine as a copy".
#[derive(Clone, Debug, PartialEq)]
pub struct KeptCopy {
    /// The other tab's version, to show under the original id (`None` when the
    /// run is no longer shown or was not in conflict).
    pub theirs: Option<Run>,
    /// This tab's version under its new id, to show; it is written by the next flush.
    pub copy: Run,
}

/// Why a run is shown read-only: it was saved by a newer Runsheet (this schema).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewerSchema(pub u64);

impl fmt::Display for NewerSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "This run was saved by a newer version of Runsheet (schema {}); it is shown read-only so nothing it holds is lost. Update the app to edit it.",
            self.0
        )
    }
}

/// Why a run was not deleted.
#[derive(Clone, Debug, PartialEq)]
pub enum DeleteError {
    /// This tab shows no run with that id.
    NoSuchRun(String),
    /// Saved by a newer app: its record is kept, so "deleted" would be untrue.
    NewerSchema(NewerSchema),
    /// The store refused.
    Store(StoreError),
}

impl fmt::Display for DeleteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeleteError::NoSuchRun(id) => write!(f, "There is no run {id} in this browser."),
            DeleteError::NewerSchema(_) => f.write_str(
                "Not deleted: this run was saved by a newer version of Runsheet and is kept exactly as it is. To remove it, download it and delete it on the Recovery page.",
            ),
            DeleteError::Store(e) => e.fmt(f),
        }
    }
}
