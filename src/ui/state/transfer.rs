//! Files in and out of the runs on screen: downloads are assembled by the
//! domain's export module, imports are written by the save session.

use crate::browser::clock;
use crate::domain::export::{Download, export_run};
use crate::domain::import::{ClashChoice, ImportError, PlanItem, parse_import, plan, resolve};
use crate::domain::run::Run;
use crate::storage::repository::SaveError;
use leptos::prelude::*;

use super::{AppState, shutting_down};

impl AppState {
    /// The downloadable JSON of one run.
    pub fn run_export(&self, id: &str) -> Option<Download> {
        self.handle(id)?.run.with_untracked(|run| {
            let template = Self::template_of(run)?;
            let now = clock::now();
            Some(Download::run(run, template, now.to_utc(), now.date_naive()))
        })
    }

    /// One JSON file with every run that can be read: the runs on screen as
    /// they are, the others read from storage one by one.
    pub fn backup_export(&self) -> Download {
        let local = clock::now();
        let now = local.to_utc();
        let ids: Vec<String> = self
            .runs
            .with_untracked(|runs| runs.iter().map(|e| e.id.clone()).collect());
        let export = |run: &Run| Self::template_of(run).map(|t| export_run(run, t, now));
        let exports = ids
            .iter()
            .filter_map(|id| match self.opened_handle(id) {
                Some(handle) => handle.run.with_untracked(export),
                None => self
                    .session(|s| s.read_whole(id))
                    .flatten()
                    .and_then(|run| export(&run)),
            })
            .collect();
        Download::backup(exports, now, local.date_naive())
    }

    /// Reads and checks a file, and says what importing it would do. Touches nothing.
    pub fn plan_import(&self, size: usize, text: &str) -> Result<Vec<PlanItem>, ImportError> {
        let incoming = parse_import(size, text)?;
        // A plan compares ids and names titles: the runs' summaries suffice.
        let existing: Vec<Run> = incoming
            .iter()
            .filter_map(|i| self.summary(&i.run.id))
            .map(|s| s.outline().clone())
            .collect();
        Ok(plan(incoming, &existing))
    }

    /// Applies an import plan with the person's clash choices, all or nothing.
    /// Returns how many runs were added or replaced.
    pub fn apply_import(
        &self,
        items: Vec<PlanItem>,
        choices: &[ClashChoice],
    ) -> Result<usize, SaveError> {
        let now = clock::now().to_utc();
        let runs = resolve(items, choices, || self.fresh_id(), now);
        let written = self
            .session(|s| s.import(runs, now))
            .unwrap_or_else(|| Err(SaveError::Store(shutting_down())))?;
        let count = written.len();
        for run in written {
            match self.opened_handle(&run.id) {
                Some(handle) => {
                    handle.run.set(run);
                    self.follow(&handle);
                }
                None => self.show(run),
            }
        }
        self.sync();
        Ok(count)
    }
}
