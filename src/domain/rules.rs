//! Completion rules: what a step still lacks, how far a run is, and whether it is finished.

use std::fmt;

use super::run::{Run, StepState, StepStatus};
use super::template::{Step, Template};

/// One thing that stops a step from being completed; the UI lists them all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// A check is not ticked.
    Check {
        /// The check's label.
        label: String,
    },
    /// A required field is empty.
    Field {
        /// The field's label.
        label: String,
    },
    /// A record of a list lacks a required column.
    RowField {
        /// The list's label.
        list: String,
        /// 1-based position of the record.
        row: usize,
        /// The missing column's label.
        label: String,
    },
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::Check { label } => write!(f, "Tick “{label}”"),
            Missing::Field { label } => write!(f, "Fill in “{label}”"),
            Missing::RowField { list, row, label } => {
                write!(f, "Fill in “{label}” in {list}, record {row}")
            }
        }
    }
}

/// Everything `state` still needs before `step` can be marked done, in screen order.
pub fn missing_for_completion(step: &Step, state: &StepState) -> Vec<Missing> {
    let mut missing: Vec<Missing> = step
        .checks
        .iter()
        .filter(|c| !state.checks.contains(&c.id))
        .map(|c| Missing::Check {
            label: c.label.clone(),
        })
        .collect();
    for field in step.fields.iter().filter(|f| f.required) {
        match state.values.get(&field.id) {
            Some(super::value::FieldValue::Rows(rows)) if !rows.is_empty() => {
                for (i, row) in rows.iter().enumerate() {
                    for sub in row.missing(field.sub_fields()) {
                        missing.push(Missing::RowField {
                            list: field.label.clone(),
                            row: i + 1,
                            label: sub.label.clone(),
                        });
                    }
                }
            }
            Some(value) if value.is_filled(field) => {}
            _ => missing.push(Missing::Field {
                label: field.label.clone(),
            }),
        }
    }
    missing
}

/// Steps closed (done or not applicable) out of all steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Closed steps.
    pub closed: usize,
    /// All steps.
    pub total: usize,
}

impl Progress {
    /// Whole percent, for the progress bar.
    pub fn percent(&self) -> u32 {
        if self.total == 0 {
            return 100;
        }
        (self.closed * 100 / self.total) as u32
    }
}

/// How far the run is: done and not-applicable steps both count.
pub fn progress(run: &Run) -> Progress {
    Progress {
        closed: run.steps.iter().filter(|s| s.status.is_closed()).count(),
        total: run.steps.len(),
    }
}

/// Where a run stands as a whole; used for badges and the status filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RunStatus {
    /// No step has begun.
    NotStarted,
    /// Some work done, nothing blocked.
    InProgress,
    /// At least one step is blocked.
    Blocked,
    /// Every step is done or not applicable.
    Complete,
}

impl RunStatus {
    /// All statuses, in filter order.
    pub const ALL: [RunStatus; 4] = [
        RunStatus::NotStarted,
        RunStatus::InProgress,
        RunStatus::Blocked,
        RunStatus::Complete,
    ];

    /// Label for badges and filters.
    pub fn label(self) -> &'static str {
        match self {
            RunStatus::NotStarted => "Not started",
            RunStatus::InProgress => "In progress",
            RunStatus::Blocked => "Blocked",
            RunStatus::Complete => "Complete",
        }
    }

    /// Stable machine name, for CSS classes and filter values.
    pub fn key(self) -> &'static str {
        match self {
            RunStatus::NotStarted => "not-started",
            RunStatus::InProgress => "in-progress",
            RunStatus::Blocked => "blocked",
            RunStatus::Complete => "complete",
        }
    }
}

/// Overall status: complete when every step is closed.
pub fn run_status(run: &Run) -> RunStatus {
    if !run.steps.is_empty() && run.steps.iter().all(|s| s.status.is_closed()) {
        RunStatus::Complete
    } else if run
        .steps
        .iter()
        .any(|s| matches!(s.status, StepStatus::Blocked { .. }))
    {
        RunStatus::Blocked
    } else if run.steps.iter().all(|s| s.status == StepStatus::NotStarted) {
        RunStatus::NotStarted
    } else {
        RunStatus::InProgress
    }
}

/// The step a returning person most likely wants: the first one not closed.
pub fn current_step<'a>(template: &'a Template, run: &Run) -> Option<&'a Step> {
    template
        .steps
        .iter()
        .find(|s| !run.step(&s.id).is_some_and(|st| st.status.is_closed()))
}
