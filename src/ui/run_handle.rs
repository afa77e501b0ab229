//! One run on screen, and how a flush reads it.

use leptos::prelude::*;

use crate::domain::run::Run;
use crate::storage::LiveRuns;
use crate::storage::outcome::NewerSchema;

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

/// A flush reads each pending run from its signal, without copying it.
impl LiveRuns for RwSignal<Vec<RunHandle>> {
    fn with_run<R>(&self, id: &str, f: impl FnOnce(&Run) -> R) -> Option<R> {
        let run = self.with_untracked(|runs| runs.iter().find(|h| h.id == id).map(|h| h.run))?;
        run.try_with_untracked(f)
    }
}
