//! Decisions typed into step 10 answer to the same approval rule as the Match
//! page's button ([`super::approval_rule::can_approve`]): an "approved"
//! decision is refused when it is made (inside `Run::apply`, through the
//! program's rules) and the step cannot be completed while one that cannot
//! stand is recorded, so a decision that arrives in an imported run is held
//! to the rule as well.
//!
//! A typed decision names a reference and a type, not a request: it is taken to
//! approve one of the reference's open bookings of that type (the request it was
//! sent for), so that booking does not count against it, while every other
//! approved decision does.

use std::fmt;

use chrono::NaiveDate;

use crate::domain::change::request::RunChange;
use crate::domain::run::Run;
use crate::domain::template::Template;
use crate::domain::value::FieldValue;

use super::approval_rule::{ApprovalBlock, can_approve};
use super::extract::{extract, rows_of};
use super::ids::{approvals as ids, requests};
use super::model::{Decision, History, Request, RequestStatus};

/// Why an approved decision of step 10 cannot stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionProblem {
    /// The record does not name its reference or its type yet.
    Incomplete,
    /// The run's usage tolerance is not set in step 1.
    NoSettings,
    /// No profile of this run is named so.
    NoProfile {
        /// The name as typed.
        name: String,
    },
    /// A condition fails for the reference named.
    Blocked {
        /// The reference, as the directory names it.
        reference: String,
        /// Every failing condition, eligible first.
        blocks: Vec<ApprovalBlock>,
    },
}

impl fmt::Display for DecisionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecisionProblem::Incomplete => {
                f.write_str("name the reference and the reference type before approving")
            }
            DecisionProblem::NoSettings => {
                f.write_str("set the usage tolerance in step 1 first: approval checks it")
            }
            DecisionProblem::NoProfile { name } => {
                write!(f, "no reference profile in step 5 is named “{name}”")
            }
            DecisionProblem::Blocked { reference, blocks } => {
                let parts: Vec<String> = blocks
                    .iter()
                    .map(|b| format!("{} — {}", b.condition.label(), b.because))
                    .collect();
                write!(f, "{reference} cannot be approved: {}", parts.join("; "))
            }
        }
    }
}

/// Whether record `row` of the approvals list holds the decision "approved".
fn is_approved(run: &Run, row: u32) -> bool {
    rows_of(run, ids::STEP, ids::LIST)
        .iter()
        .find(|r| r.id == row)
        .and_then(|r| r.values.get(ids::DECISION))
        == Some(&FieldValue::Choice(Decision::Approved.id().to_owned()))
}

/// Judges the decision in record `row` of step 10 as of `on`: fine when it is
/// not "approved", or when every profile it names may be approved for its
/// type under the run's settings, against everything else the run records.
pub fn judge(
    template: &Template,
    run: &Run,
    row: u32,
    on: NaiveDate,
) -> Result<(), DecisionProblem> {
    if !is_approved(run, row) {
        return Ok(());
    }
    let directory = extract(std::slice::from_ref(run), template).directory;
    let approval = directory
        .approvals
        .iter()
        .find(|a| a.key.row_id == row)
        .ok_or(DecisionProblem::Incomplete)?;
    let settings = directory
        .settings(&run.id)
        .ok_or(DecisionProblem::NoSettings)?;
    let others: Vec<_> = directory
        .approvals
        .iter()
        .filter(|a| a.key != approval.key)
        .cloned()
        .collect();
    let history = History {
        approvals: &others,
        ..directory.history()
    };
    let mut named = directory
        .references
        .iter()
        .filter(|r| match &approval.customer {
            Some(id) => r.customer.as_ref() == Some(id),
            None => r.is_named(&approval.reference),
        })
        .peekable();
    if named.peek().is_none() {
        return Err(DecisionProblem::NoProfile {
            name: approval.reference.clone(),
        });
    }
    for reference in named {
        let request = Request {
            chosen_reference: reference.display_name(),
            status: Some(RequestStatus::Confirmed),
            ..Request::new(approval.kind)
        };
        can_approve(reference, &request, history, settings, on).map_err(|blocks| {
            DecisionProblem::Blocked {
                reference: reference.display_name(),
                blocks,
            }
        })?;
    }
    Ok(())
}

/// "Approvals, record 2: …" for the record with id `row`.
fn placed(run: &Run, row: u32, problem: &DecisionProblem) -> String {
    let position = rows_of(run, ids::STEP, ids::LIST)
        .iter()
        .position(|r| r.id == row)
        .map_or(0, |p| p + 1);
    format!("Approvals, record {position}: {problem}")
}

/// The decision date of record `row`, if recorded.
fn decided_on(run: &Run, row: u32) -> Option<NaiveDate> {
    rows_of(run, ids::STEP, ids::LIST)
        .iter()
        .find(|r| r.id == row)
        .and_then(|r| match r.values.get(ids::DECIDED_ON) {
            Some(FieldValue::Date(d)) => Some(*d),
            _ => None,
        })
}

/// The refusal of a change to record `row` that leaves an approved decision
/// which cannot stand, judged on its decision date (or `today` before one is
/// recorded).
pub fn refusal(template: &Template, run: &Run, row: u32, today: NaiveDate) -> Option<String> {
    let on = decided_on(run, row).unwrap_or(today);
    judge(template, run, row, on)
        .err()
        .map(|problem| placed(run, row, &problem))
}

/// The completion gate of step 10: every approved decision that cannot stand
/// on its decision date, one message each. A decision without a date is left
/// to the required-field check.
pub fn gate(template: &Template, run: &Run) -> Vec<String> {
    rows_of(run, ids::STEP, ids::LIST)
        .iter()
        .filter_map(|row| {
            let on = decided_on(run, row.id)?;
            judge(template, run, row.id, on)
                .err()
                .map(|problem| placed(run, row.id, &problem))
        })
        .collect()
}

/// The follow-up that keeps a request's state with its decision: once record
/// `row` of step 10 approves and names its request (typed, or written by the
/// match page), the request of step 7 is marked approved too, so step 7,
/// step 10 and the request list agree.
pub fn mark_request(run: &Run, change: &RunChange) -> Vec<RunChange> {
    let RunChange::SetRowValue {
        step, field, row, ..
    } = change
    else {
        return Vec::new();
    };
    // A closed step 7 is not written behind the person's back.
    let open = run
        .step(requests::STEP)
        .is_some_and(|s| !s.status.is_closed());
    if step != ids::STEP || field != ids::LIST || !open || !is_approved(run, *row) {
        return Vec::new();
    }
    let Some(FieldValue::Picks(picked)) = rows_of(run, ids::STEP, ids::LIST)
        .iter()
        .find(|r| r.id == *row)
        .and_then(|r| r.values.get(ids::REQUEST))
    else {
        return Vec::new();
    };
    let approved = FieldValue::Choice(RequestStatus::Approved.id().to_owned());
    rows_of(run, requests::STEP, requests::LIST)
        .iter()
        .filter(|r| picked.contains(&r.id))
        .filter(|r| r.values.get(requests::STATUS) != Some(&approved))
        .map(|r| RunChange::SetRowValue {
            step: requests::STEP.to_owned(),
            field: requests::LIST.to_owned(),
            row: r.id,
            column: requests::STATUS.to_owned(),
            value: Some(approved.clone()),
        })
        .collect()
}
