//! Archived program runs are read-only.
//!
//! A run is archived when its close-out step says so. The change reducer does
//! not know about this template, so whoever applies changes to a run asks
//! [`permits`] first; the only way back is to reopen the close-out step and
//! answer "no", which is the one change an archived run still accepts.

use std::fmt;

use crate::domain::change::RunChange;
use crate::domain::run::Run;
use crate::domain::value::FieldValue;

use super::ids::{TEMPLATE_ID, closure};

/// Whether `run` is an archived run of the reference program.
pub fn is_archived(run: &Run) -> bool {
    run.template_id == TEMPLATE_ID
        && run
            .step(closure::STEP)
            .and_then(|s| s.values.get(closure::ARCHIVED))
            == Some(&FieldValue::Bool(true))
}

/// A change refused because the run is archived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArchivedRun;

impl fmt::Display for ArchivedRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "This program run is archived and read-only; reopen the close-out step and set “Archived” to no to edit it.",
        )
    }
}

impl std::error::Error for ArchivedRun {}

/// Whether `change` may be applied to `run`. Everything is allowed on a run
/// that is not archived; an archived one only accepts reopening the close-out
/// step and changing its archived answer.
pub fn permits(run: &Run, change: &RunChange) -> Result<(), ArchivedRun> {
    if !is_archived(run) {
        return Ok(());
    }
    match change {
        RunChange::Reopen { step } if step == closure::STEP => Ok(()),
        RunChange::SetValue { step, field, .. }
            if step == closure::STEP && field == closure::ARCHIVED =>
        {
            Ok(())
        }
        _ => Err(ArchivedRun),
    }
}
