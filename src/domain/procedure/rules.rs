//! What a procedure may add to the generic rules of a run. Every method has a
//! no-op default, so an SOP with nothing special needs no code at all.

use std::fmt;

use chrono::{DateTime, FixedOffset};

use crate::domain::change::request::RunChange;
use crate::domain::run::Run;
use crate::domain::template::Template;

/// A spreadsheet import a step can offer. Only the reference program offers
/// any; the run page shows the one a step names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepImport {
    /// Candidates from a CRM export.
    Candidates,
    /// References: each customer with its profile and consents.
    References,
    /// Past interactions with references.
    Interactions,
}

/// Rules a procedure adds to every run of its template. [`Run::apply`] and
/// the completion check consult them for every change, so no caller can
/// bypass them.
///
/// [`Run::apply`]: crate::domain::run::Run::apply
pub trait ProcedureRules: Sync {
    /// Refuses `change` before it is applied, e.g. because the run is locked.
    fn permits(&self, template: &Template, run: &Run, change: &RunChange) -> Result<(), Refusal> {
        let _ = (template, run, change);
        Ok(())
    }

    /// Why the run as a whole accepts no edits (other than the way back that
    /// [`permits`](Self::permits) still allows), so the view can disable its inputs.
    fn locked(&self, template: &Template, run: &Run) -> Option<Refusal> {
        let _ = (template, run);
        None
    }

    /// Which spreadsheet (CSV) import the step `step_id` of `template` offers
    /// besides typed records, if any, so the run page shows that import there.
    fn imports(&self, template: &Template, step_id: &str) -> Option<StepImport> {
        let _ = (template, step_id);
        None
    }

    /// What else the step at `index` needs before it can be completed, as
    /// messages for the person, beyond what its template declares.
    fn completion_gates(&self, template: &Template, run: &Run, index: usize) -> Vec<String> {
        let _ = (template, run, index);
        Vec::new()
    }

    /// Consulted by [`Run::apply`] once `change` has changed `run` (the run as
    /// it now stands), before the change is kept: refuses it, and the run goes
    /// back exactly as it was; or asks for follow-up changes (a value the
    /// procedure works out itself, a record the change implies), which are
    /// applied within the same all-or-nothing change and logged under the same
    /// author. Follow-ups are not passed through this hook again. `now` is the
    /// moment of the change with the person's UTC offset, so `now.date_naive()`
    /// is their today, whatever the day is in UTC.
    ///
    /// [`Run::apply`]: crate::domain::run::Run::apply
    fn after_change(
        &self,
        template: &Template,
        run: &Run,
        change: &RunChange,
        now: DateTime<FixedOffset>,
    ) -> Result<Vec<RunChange>, Refusal> {
        let _ = (template, run, change, now);
        Ok(Vec::new())
    }

    /// Whether column `column` of list `list` in step `step` is worked out by
    /// the procedure rather than typed, so the view shows it read-only (the
    /// procedure refuses a person's edit of it in [`after_change`](Self::after_change)).
    fn worked_out(&self, step: &str, list: &str, column: &str) -> bool {
        let _ = (step, list, column);
        false
    }
}

/// A change a procedure refuses, with the reason shown to the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refusal {}

/// The rules of a procedure that adds nothing to its template.
pub struct TemplateOnly;

impl ProcedureRules for TemplateOnly {}
