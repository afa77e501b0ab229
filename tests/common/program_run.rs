//! Building a program run change by change through `Run::apply`, as the
//! reference tests do: values, records and the archived close-out.

#![allow(dead_code)] // each test file uses the part it needs

use chrono::{DateTime, FixedOffset};
use runsheet::domain::change::RunChange;
use runsheet::domain::reference::ids::closure;
use runsheet::domain::run::{Run, StepStatus};
use runsheet::domain::template::Template;
use runsheet::domain::value::FieldValue;

/// A text value.
pub fn text(s: &str) -> FieldValue {
    FieldValue::Text(s.into())
}

/// A choice, by option id.
pub fn choice(s: &str) -> FieldValue {
    FieldValue::Choice(s.into())
}

/// A pick of one record, by row id.
pub fn pick(row: u32) -> FieldValue {
    FieldValue::Picks(vec![row])
}

/// Changes made by "Ada" on `template` at `now`; a refused one fails the test.
#[derive(Clone, Copy)]
pub struct Changes {
    /// The template the run follows.
    pub template: &'static Template,
    /// When every change is made, at the person's offset.
    pub now: DateTime<FixedOffset>,
}

impl Changes {
    /// Applies `change`, which must be accepted.
    pub fn apply(&self, run: &mut Run, change: RunChange) {
        run.apply(self.template, change, "Ada", self.now)
            .unwrap_or_else(|e| panic!("change refused: {e}"));
    }

    /// Sets one cell of record `row` of `list` in `step`.
    pub fn set_cell(
        &self,
        run: &mut Run,
        (step, list): (&str, &str),
        row: u32,
        column: &str,
        value: FieldValue,
    ) {
        self.apply(
            run,
            RunChange::SetRowValue {
                step: step.into(),
                field: list.into(),
                row,
                column: column.into(),
                value: Some(value),
            },
        );
    }

    /// Adds a record with `cells` to `list` of `step`; returns its row id.
    pub fn add(
        &self,
        run: &mut Run,
        (step, list): (&str, &str),
        cells: Vec<(&str, FieldValue)>,
    ) -> u32 {
        self.apply(
            run,
            RunChange::AddRow {
                step: step.into(),
                field: list.into(),
            },
        );
        let at = self.template.step_index(step).expect("the step");
        let row = run.rows(at, list).last().expect("the new record").id;
        for (column, value) in cells {
            self.set_cell(run, (step, list), row, column, value);
        }
        row
    }
}

/// Closes the period: step 12 done with "Archived: yes", set directly (the
/// close-out's own checks are tested on their own).
pub fn archive(run: &mut Run) {
    let state = run.step_mut(closure::STEP).expect("step 12");
    state
        .values
        .insert(closure::ARCHIVED.into(), FieldValue::Bool(true));
    state.status = StepStatus::Done;
}
