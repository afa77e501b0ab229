//! What the Runs page shows of a run without decoding it: the run's own fields
//! (title, SOP, dates, target) and each step's status, completion time
//! and due date, read from the head of its stored record.

use crate::domain::run::Run;

/// A run as the Runs page lists it: a `Run` holding its own fields and the
/// outline of its steps (status, completion time, hand-set due date), with no
/// values and no log. Enough for the domain's progress, status, overdue and
/// filter rules; never a run to show, edit or save.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSummary(Run);

impl RunSummary {
    /// The summary of a whole run.
    pub fn of(run: &Run) -> RunSummary {
        match crate::storage::codec::installed() {
            Some(codec) => RunSummary(codec.outline(run)),
            // Only before the codec is installed, which nothing that has a
            // whole run comes before: the run's fields as they are.
            None => RunSummary(Run {
                steps: Vec::new(),
                activity: Vec::new(),
                assignments: Default::default(),
                ..run.clone()
            }),
        }
    }

    /// A summary read from a stored record's heading.
    pub(crate) fn from_outline(outline: Run) -> RunSummary {
        RunSummary(outline)
    }

    /// The outline, as a `Run` without values or log.
    pub fn outline(&self) -> &Run {
        &self.0
    }

    /// The run id.
    pub fn id(&self) -> &str {
        &self.0.id
    }
}
