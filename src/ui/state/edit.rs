//! Changes to a run on screen: the domain decides and changes the run in its
//! signal; the save session is told, and the timer writes it. Rules of one
//! SOP (such as the reference program's archive lock) are the domain's, in
//! `Run::apply`; only the newer-schema refusal is decided here.

use leptos::prelude::*;

use crate::browser::clock;
use crate::domain::change::Touched;
use crate::domain::change::{Applied, RunChange};
use crate::domain::run::Run;
use crate::domain::template::Template;
use crate::ui::run_error::RunError;

use super::{AppState, RunHandle};

impl AppState {
    /// A run that may be changed, with its template.
    fn editable<E>(&self, id: &str) -> Result<(RunHandle, &'static Template), RunError<E>> {
        let handle = self
            .handle(id)
            .ok_or_else(|| RunError::NoSuchRun(id.to_owned()))?;
        if let Some(why) = handle.read_only {
            return Err(RunError::ReadOnly(why));
        }
        let template = handle
            .run
            .with_untracked(Self::template_of)
            .ok_or(RunError::UnknownTemplate)?;
        Ok((handle, template))
    }

    /// Applies a change to a run and schedules its save.
    pub fn apply(&self, id: &str, change: RunChange) -> Result<Applied, RunError> {
        let (handle, template) = self.editable(id)?;
        let who = self.actor.get_untracked();
        let now = clock::now();
        // The domain applies a change all or nothing, so the run is changed in
        // place (no copy per keystroke) and subscribers hear only of real changes.
        let applied = handle
            .run
            .try_update_untracked(|run| run.apply(template, change, &who, now))
            .ok_or(RunError::ShuttingDown)?
            .map_err(RunError::Change)?;
        if applied.changed {
            handle.run.notify();
            self.mark_changed(id, applied.touched.clone());
        }
        Ok(applied)
    }

    /// Runs a domain operation that changes a run in several steps (sending a
    /// request, importing candidates…). Such operations are all or nothing, so
    /// the run is saved once when it succeeds and untouched when it fails.
    pub fn apply_with<T, E>(
        &self,
        id: &str,
        work: impl FnOnce(&mut Run, &'static Template) -> Result<T, E>,
    ) -> Result<T, RunError<E>> {
        let (handle, template) = self.editable(id)?;
        let result = handle
            .run
            .try_update_untracked(|run| work(run, template))
            .ok_or(RunError::ShuttingDown)?
            .map_err(RunError::Change)?;
        handle.run.notify();
        self.mark_changed(id, Touched::Everything);
        Ok(result)
    }
}
