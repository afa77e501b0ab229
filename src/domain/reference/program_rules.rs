//! The reference program's rules, consulted by `Run::apply` and the completion
//! check for every run of its template: an archived run is read-only, and
//! outreach waits for verified consent.

use crate::domain::change::request::RunChange;
use crate::domain::procedure::rules::{ProcedureRules, Refusal};
use crate::domain::run::Run;
use crate::domain::template::Template;

use super::archive::{ArchivedRun, is_archived, permits};
use super::ids::{candidates, outreach};
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
        match template.steps.get(index) {
            Some(step) if step.id == outreach::STEP => {
                consent_gate(template, run).into_iter().collect()
            }
            _ => Vec::new(),
        }
    }
}
