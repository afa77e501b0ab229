//! The reference program's rules, consulted by `Run::apply` and the completion
//! check for every run of its template: an archived run is read-only; outreach
//! waits for verified consent; a decision typed into step 10 answers to the
//! approval rule.
//!
//! The date rules need a day: a change is judged on the day of its moment
//! (`now`, in UTC) unless the record carries its own date (a decision's date),
//! which then wins.

use chrono::{DateTime, Utc};

use crate::domain::change::request::RunChange;
use crate::domain::procedure::rules::{ProcedureRules, Refusal};
use crate::domain::run::Run;
use crate::domain::template::Template;

use super::archive::{ArchivedRun, is_archived, permits};
use super::decisions;
use super::ids::{approvals, candidates, outreach};
use super::outreach::consent_gate;

/// The rules of the Customer Reference Program.
pub struct ReferenceProgram;

impl ProcedureRules for ReferenceProgram {
    fn permits(&self, _: &Template, run: &Run, change: &RunChange) -> Result<(), Refusal> {
        permits(run, change).map_err(|e| Refusal(e.to_string()))
    }

    fn locked(&self, _: &Template, run: &Run) -> Option<Refusal> {
        is_archived(run).then(|| Refusal(ArchivedRun.to_string()))
    }

    fn imports_candidates(&self, step_id: &str) -> bool {
        step_id == candidates::STEP
    }

    fn completion_gates(&self, template: &Template, run: &Run, index: usize) -> Vec<String> {
        let Some(step) = template.steps.get(index) else {
            return Vec::new();
        };
        match step.id.as_str() {
            outreach::STEP => consent_gate(template, run).into_iter().collect(),
            approvals::STEP => decisions::gate(template, run),
            _ => Vec::new(),
        }
    }

    fn after_change(
        &self,
        template: &Template,
        run: &Run,
        change: &RunChange,
        now: DateTime<Utc>,
    ) -> Result<Vec<RunChange>, Refusal> {
        if let RunChange::SetRowValue {
            step, field, row, ..
        } = change
            && step == approvals::STEP
            && field == approvals::LIST
            && let Some(why) = decisions::refusal(template, run, *row, now.date_naive())
        {
            return Err(Refusal(why));
        }
        Ok(Vec::new())
    }
}
