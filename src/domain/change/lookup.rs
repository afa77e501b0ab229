//! Finding what a change names (its step, field, list, record), once per
//! change, with the error a person is shown when it does not exist.

use crate::domain::activity::subject::Subject;
use crate::domain::run::{Run, StepStatus};
use crate::domain::template::{Field, FieldKind, Step, Template};
use crate::domain::value::{FieldValue, Row};

use super::error::ChangeError;
use super::log::ChangeLog;

/// A template step and its position, which is also its state's position in the run.
#[derive(Clone, Copy)]
pub(super) struct StepAt<'t> {
    /// Position in the template and in `run.steps`.
    pub(super) index: usize,
    /// The step's definition.
    pub(super) step: &'t Step,
}

impl<'t> StepAt<'t> {
    /// The step with id `id`, or why there is none.
    pub(super) fn find(template: &'t Template, id: &str) -> Result<Self, ChangeError> {
        template
            .step_index(id)
            .map(|index| StepAt {
                index,
                step: &template.steps[index],
            })
            .ok_or_else(|| ChangeError::UnknownStep(id.to_owned()))
    }

    /// "Step 3 · Title", the prefix of every log entry about the step.
    pub(super) fn label(&self) -> String {
        format!("Step {} · {}", self.index + 1, self.step.title)
    }

    /// A field of the step.
    pub(super) fn field(&self, id: &str) -> Result<&'t Field, ChangeError> {
        self.step
            .field(id)
            .ok_or_else(|| ChangeError::UnknownItem(id.to_owned()))
    }

    /// A list field of the step.
    pub(super) fn list(&self, id: &str) -> Result<&'t Field, ChangeError> {
        let field = self.field(id)?;
        match field.kind {
            FieldKind::List { .. } => Ok(field),
            _ => Err(ChangeError::WrongValue(field.label.clone())),
        }
    }

    /// Refuses a change to a closed step.
    pub(super) fn ensure_open(&self, run: &Run) -> Result<(), ChangeError> {
        if run.steps[self.index].status.is_closed() {
            Err(ChangeError::StepClosed(self.step.title.clone()))
        } else {
            Ok(())
        }
    }

    /// Refuses edits to a closed step and moves a not-started step to in progress.
    pub(super) fn begin_edit(&self, run: &mut Run, log: &mut ChangeLog) -> Result<(), ChangeError> {
        self.ensure_open(run)?;
        let state = &mut run.steps[self.index];
        if state.status == StepStatus::NotStarted {
            state.status = StepStatus::InProgress;
            log.add(
                format!("{} · status", self.label()),
                Subject::None,
                Some(StepStatus::NotStarted.label().to_owned()),
                Some(StepStatus::InProgress.label().to_owned()),
            );
        }
        Ok(())
    }
}

/// A column of a list field.
pub(super) fn column<'t>(list: &'t Field, id: &str) -> Result<&'t Field, ChangeError> {
    list.sub_fields()
        .iter()
        .find(|f| f.id == id)
        .ok_or_else(|| ChangeError::UnknownItem(id.to_owned()))
}

/// The records of a list field, creating the empty list on first use. A value of
/// another kind already stored there (from a hand-edited file) is never overwritten.
pub(super) fn rows_mut<'r>(
    run: &'r mut Run,
    index: usize,
    field: &Field,
) -> Result<&'r mut Vec<Row>, ChangeError> {
    let slot = run.steps[index]
        .values
        .entry(field.id.clone())
        .or_insert_with(|| FieldValue::Rows(Vec::new()));
    match slot {
        FieldValue::Rows(rows) => Ok(rows),
        _ => Err(ChangeError::WrongValue(field.label.clone())),
    }
}

/// Position of the record with id `row` in list `field` of step `index`, or
/// why there is none. Read only: a change refused for naming a record that
/// does not exist must not leave an empty list behind.
pub(super) fn position_of(
    run: &Run,
    index: usize,
    field: &Field,
    row: u32,
) -> Result<usize, ChangeError> {
    let rows = match run.steps[index].values.get(&field.id) {
        Some(FieldValue::Rows(rows)) => rows.as_slice(),
        Some(_) => return Err(ChangeError::WrongValue(field.label.clone())),
        None => &[],
    };
    rows.iter()
        .position(|r| r.id == row)
        .ok_or_else(|| ChangeError::UnknownItem(format!("record {row}")))
}

/// The next free record id of a list: ids are never reused, so a log entry's
/// record id keeps naming the same record.
pub(super) fn next_row_id(rows: &[Row]) -> u32 {
    rows.iter().map(|r| r.id).max().unwrap_or(0) + 1
}

/// A reason, note or title the person must give, trimmed.
pub(super) fn required_text(text: &str, what: &'static str) -> Result<String, ChangeError> {
    let text = text.trim();
    if text.is_empty() {
        Err(ChangeError::TextRequired(what))
    } else {
        Ok(text.to_owned())
    }
}
