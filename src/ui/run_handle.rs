//! One run on screen, one run in the list, and how a flush reads the runs on screen.

use leptos::prelude::*;

use crate::domain::run::Run;
use crate::storage::LiveRuns;
use crate::storage::outcome::NewerSchema;
use crate::storage::summary::RunSummary;

/// One run on screen. Each run has its own signal so editing one run only
/// re-renders what shows that run.
#[derive(Clone, Debug)]
pub struct RunHandle {
    /// The run id.
    pub id: String,
    /// The run as on screen (may be ahead of storage until the next save).
    pub run: RwSignal<Run>,
    /// Why the run cannot be changed here (written by a newer Runsheet), if so.
    pub read_only: Option<NewerSchema>,
}

impl RunHandle {
    /// The one way a run comes on screen. Its signal belongs to the app's root
    /// owner: runs created later (by a button on some page) would otherwise
    /// vanish with that page.
    pub(super) fn new(owner: &Owner, run: Run, read_only: Option<NewerSchema>) -> RunHandle {
        owner.with(|| RunHandle {
            id: run.id.clone(),
            run: RwSignal::new(run),
            read_only,
        })
    }
}

/// One run in the list of runs: its id from the start, its summary once the
/// Runs page has read it (see `AppState::summaries`).
#[derive(Clone, Debug)]
pub struct RunEntry {
    /// The run id.
    pub id: String,
    /// What the Runs page shows, and why the run is read-only, once read.
    pub summary: RwSignal<Option<(RunSummary, Option<NewerSchema>)>>,
}

impl RunEntry {
    /// An entry whose summary is not read yet, owned by the app's root.
    pub(super) fn new(owner: &Owner, id: String) -> RunEntry {
        owner.with(|| RunEntry {
            id,
            summary: RwSignal::new(None),
        })
    }
}

/// The runs read whole: what a flush writes from.
#[derive(Clone, Copy)]
pub struct Opened(StoredValue<Vec<RunHandle>>);

impl Default for Opened {
    fn default() -> Self {
        Opened(StoredValue::new(Vec::new()))
    }
}

impl Opened {
    /// The handle of an open run.
    pub fn get(&self, id: &str) -> Option<RunHandle> {
        self.0
            .try_with_value(|runs| runs.iter().find(|h| h.id == id).cloned())
            .flatten()
    }

    pub(super) fn insert(&self, handle: RunHandle) {
        self.0.update_value(|runs| {
            runs.retain(|h| h.id != handle.id);
            runs.push(handle);
        });
    }

    pub(super) fn remove(&self, id: &str) {
        self.0.update_value(|runs| runs.retain(|h| h.id != id));
    }
}

/// A flush reads each pending run from its signal, without copying it.
impl LiveRuns for Opened {
    fn with_run<R>(&self, id: &str, f: impl FnOnce(&Run) -> R) -> Option<R> {
        self.get(id)?.run.try_with_untracked(f)
    }
}
