//! How far a run is and where it stands as a whole, for lists, badges and filters.

use super::run::{Run, StepStatus};
use super::template::{Step, Template};

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
