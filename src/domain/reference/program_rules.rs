//! The reference program's rules, consulted by `Run::apply` and the completion
//! check for every run of its template: an archived run is read-only; outreach
//! waits for verified consent; a decision typed into step 10 answers to the
//! approval rule; the usage review shows the engine's count and a decision
//! against it needs a reason; an escalation outcome is recorded in the
//! escalations list; close-out keeps records as long as the policy says, or
//! says why not, and lists what is still open; an approved decision marks its
//! request approved; a profile that picks its customer starts from the
//! candidate's industry and product.
//!
//! The date rules need a day: a change is judged on the person's own calendar
//! day at its moment (`now`, with their UTC offset) unless the record carries
//! its own date (a decision's date, a review's date), which then wins.

use chrono::{DateTime, FixedOffset};

use crate::domain::change::request::RunChange;
use crate::domain::procedure::rules::{ProcedureRules, Refusal, StepImport};
use crate::domain::run::Run;
use crate::domain::template::Template;

use super::archive::{ArchivedRun, is_archived, permits};
use super::ids::{
    CUSTOMER_PICK, approvals, candidates, closure, escalations, has_column, interactions, outreach,
    references, usage,
};
use super::outreach::consent_gate;
use super::{close_out, decisions, escalation_record, profile_defaults, usage_review};

/// The rules of the Customer Reference Program.
pub struct ReferenceProgram;

impl ProcedureRules for ReferenceProgram {
    fn permits(&self, _: &Template, run: &Run, change: &RunChange) -> Result<(), Refusal> {
        permits(run, change).map_err(|e| Refusal(e.to_string()))
    }

    fn locked(&self, _: &Template, run: &Run) -> Option<Refusal> {
        is_archived(run).then(|| Refusal(ArchivedRun.to_string()))
    }

    fn imports(&self, template: &Template, step_id: &str) -> Option<StepImport> {
        // Imported references and interactions pick their customer; a run of
        // version 1 types names instead, so it offers only the candidate import.
        let picks = |step: &str, list: &str| has_column(template, step, list, CUSTOMER_PICK);
        match step_id {
            candidates::STEP => Some(StepImport::Candidates),
            references::STEP if picks(references::STEP, references::LIST) => {
                Some(StepImport::References)
            }
            interactions::STEP if picks(interactions::STEP, interactions::LIST) => {
                Some(StepImport::Interactions)
            }
            _ => None,
        }
    }

    fn completion_gates(&self, template: &Template, run: &Run, index: usize) -> Vec<String> {
        let Some(step) = template.steps.get(index) else {
            return Vec::new();
        };
        match step.id.as_str() {
            outreach::STEP => consent_gate(template, run).into_iter().collect(),
            usage::STEP => usage_review::gate(template, run),
            approvals::STEP => decisions::gate(template, run),
            escalations::STEP => escalation_record::gate(template, run),
            closure::STEP => close_out::gate(run)
                .into_iter()
                .chain(close_out::still_open_gate(template, run))
                .collect(),
            _ => Vec::new(),
        }
    }

    fn after_change(
        &self,
        template: &Template,
        run: &Run,
        change: &RunChange,
        now: DateTime<FixedOffset>,
    ) -> Result<Vec<RunChange>, Refusal> {
        // The person's today, not UTC's: at 17:30 in California UTC is tomorrow.
        let today = now.date_naive();
        if let RunChange::SetRowValue {
            step,
            field,
            row,
            column,
            ..
        } = change
        {
            if self.worked_out(step, field, column) {
                let label = template
                    .step(step)
                    .and_then(|s| s.field(field))
                    .and_then(|f| f.sub_fields().iter().find(|c| &c.id == column))
                    .map_or(column.as_str(), |c| c.label.as_str());
                return Err(Refusal(format!(
                    "“{label}” is worked out from the program's records; it cannot be typed."
                )));
            }
            if step == approvals::STEP
                && field == approvals::LIST
                && let Some(why) = decisions::refusal(template, run, *row, today)
            {
                return Err(Refusal(why));
            }
        }
        let mut follow_ups = usage_review::recount(template, run, change, today);
        follow_ups.extend(close_out::keep_until(run, change));
        follow_ups.extend(escalation_record::link_outcome(
            template, run, change, today,
        ));
        follow_ups.extend(decisions::mark_request(run, change));
        follow_ups.extend(profile_defaults::from_candidate(run, change));
        Ok(follow_ups)
    }

    fn worked_out(&self, step: &str, list: &str, column: &str) -> bool {
        (step == usage::STEP
            && list == usage::LIST
            && [usage::USES, usage::SAME_AUDIENCE].contains(&column))
            // The identity a customer carried over keeps; never typed.
            || (step == candidates::STEP
                && list == candidates::LIST
                && column == candidates::CUSTOMER_ID)
    }
}
