//! Archived program runs are read-only.
//!
//! A run is archived once its close-out step is completed with "Archived"
//! answered yes; while the step is still being filled in, nothing is locked,
//! so the keep-until date and the retention rule can be entered after the
//! answer. The program's rules ([`super::program_rules`]) apply [`permits`] to
//! every change, inside `Run::apply`. The way back is to reopen the close-out
//! step, the one change an archived run accepts; after that the run is
//! editable again and "Archived" can be answered no.

use std::fmt;

use crate::domain::change::RunChange;
use crate::domain::run::{Run, StepStatus};
use crate::domain::value::FieldValue;

use super::ids::closure;

/// Whether `run`, a run of the reference program, is archived: its close-out
/// step is done and says "Archived: yes".
pub fn is_archived(run: &Run) -> bool {
    run.step(closure::STEP).is_some_and(|s| {
        s.status == StepStatus::Done
            && s.values.get(closure::ARCHIVED) == Some(&FieldValue::Bool(true))
    })
}

/// A change refused because the run is archived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArchivedRun;

impl fmt::Display for ArchivedRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "This program run is archived and read-only; reopen the close-out step to edit it.",
        )
    }
}

impl std::error::Error for ArchivedRun {}

/// Whether `change` may be applied to `run`. Everything is allowed on a run
/// that is not archived; an archived one only accepts reopening its close-out step.
pub fn permits(run: &Run, change: &RunChange) -> Result<(), ArchivedRun> {
    if !is_archived(run) {
        return Ok(());
    }
    match change {
        RunChange::Reopen { step } if step == closure::STEP => Ok(()),
        _ => Err(ArchivedRun),
    }
}
