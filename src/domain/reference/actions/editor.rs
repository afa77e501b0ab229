//! Who is changing program runs on a person's behalf (adding imported
//! candidates, recording a sent request or an approval), and the helpers those
//! actions share. Every change goes through `Run::apply`, so the program's
//! rules and the activity log still hold, and a multi-change action is all or
//! nothing: a failure part-way leaves the run exactly as it was.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::change::{ChangeError, RunChange};
use crate::domain::run::Run;
use crate::domain::template::Template;
use crate::domain::value::FieldValue;

use crate::domain::reference::archive::{ArchivedRun, is_archived};

/// Who is changing runs, when, and under which template.
#[derive(Debug, Clone, Copy)]
pub struct Editor<'a> {
    /// The template the runs follow.
    pub template: &'a Template,
    /// The person, as in the activity log.
    pub who: &'a str,
    /// The moment, for the activity log.
    pub now: DateTime<Utc>,
    /// The person's local calendar day, for dates recorded in rows.
    pub today: NaiveDate,
}

/// Why a change made on a person's behalf was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum EditError {
    /// The run is archived.
    Archived,
    /// The reducer refused a change (closed step, unknown field…).
    Change(ChangeError),
    /// The reference lives in another run than the one given.
    WrongRun {
        /// The run holding the reference.
        expected: String,
    },
}

impl From<ChangeError> for EditError {
    fn from(e: ChangeError) -> Self {
        EditError::Change(e)
    }
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Archived => write!(f, "{ArchivedRun}"),
            EditError::Change(e) => write!(f, "{e}"),
            EditError::WrongRun { .. } => {
                write!(f, "This reference is recorded in another program run.")
            }
        }
    }
}

impl std::error::Error for EditError {}

impl Editor<'_> {
    /// Applies one change through `Run::apply`; an archived run's refusal is
    /// told apart, so the page can say why nothing happened.
    pub(super) fn apply(&self, run: &mut Run, change: RunChange) -> Result<(), EditError> {
        match run.apply(self.template, change, self.who, self.now) {
            Ok(_) => Ok(()),
            Err(ChangeError::ReadOnly(_)) if is_archived(run) => Err(EditError::Archived),
            Err(e) => Err(EditError::Change(e)),
        }
    }
}

/// Runs `work` on a copy of `run` and keeps the copy only if it succeeds.
pub(super) fn apply_all<T>(
    run: &mut Run,
    work: impl FnOnce(&mut Run) -> Result<T, EditError>,
) -> Result<T, EditError> {
    let mut draft = run.clone();
    let result = work(&mut draft)?;
    *run = draft;
    Ok(result)
}

/// Appends an empty record to a list field and returns its id (the reducer
/// appends, so the new record is the last one).
pub(super) fn add_row(
    run: &mut Run,
    editor: &Editor<'_>,
    step: &str,
    list: &str,
) -> Result<u32, EditError> {
    editor.apply(
        run,
        RunChange::AddRow {
            step: step.to_owned(),
            field: list.to_owned(),
        },
    )?;
    match run.step(step).and_then(|s| s.values.get(list)) {
        Some(FieldValue::Rows(rows)) => rows.last().map(|r| r.id),
        _ => None,
    }
    .ok_or_else(|| EditError::Change(ChangeError::UnknownItem(list.to_owned())))
}
