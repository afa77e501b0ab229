//! Approving a request for execution: only when the reference is eligible,
//! available and within the usage tolerance. The decision is written to the
//! approvals list of the run that holds the reference.

use std::fmt;

use chrono::NaiveDate;

use crate::domain::change::RunChange;
use crate::domain::run::Run;
use crate::domain::value::FieldValue;

use crate::domain::reference::approval_rule::{ApprovalBlock, can_approve};
use crate::domain::reference::ids::approvals::{
    DECIDED_ON, DECISION, LIST, REFERENCE, REQUEST_TYPE, STEP,
};
use crate::domain::reference::model::{Decision, History, ProgramSettings, Reference, Request};

use super::editor::{EditError, Editor, add_row, apply_all, customer_cell};

/// Why a request was not approved.
#[derive(Debug, Clone, PartialEq)]
pub enum ApproveError {
    /// A condition fails; each says which and why.
    Blocked(Vec<ApprovalBlock>),
    /// The decision could not be written.
    Edit(EditError),
}

impl fmt::Display for ApproveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApproveError::Blocked(blocks) => {
                write!(f, "Not approved: ")?;
                let parts: Vec<String> = blocks
                    .iter()
                    .map(|b| format!("{} — {}", b.condition.label(), b.because))
                    .collect();
                write!(f, "{}.", parts.join("; "))
            }
            ApproveError::Edit(e) => e.fmt(f),
        }
    }
}

/// Checks the three conditions and, when all hold, records "approved" for the
/// request in the run holding `reference`. Returns the new decision's row id.
/// Nothing is written when a condition fails. The program's rules judge the
/// recorded decision again as any typed one ([`crate::domain::reference::decisions`]),
/// so this button is no way around them.
#[allow(clippy::too_many_arguments)]
pub fn approve_request(
    run: &mut Run,
    editor: &Editor<'_>,
    request: &Request,
    reference: &Reference,
    history: History<'_>,
    settings: &ProgramSettings,
    today: NaiveDate,
) -> Result<u32, ApproveError> {
    can_approve(reference, request, history, settings, today).map_err(ApproveError::Blocked)?;
    if reference.key.run_id != run.id {
        return Err(ApproveError::Edit(EditError::WrongRun {
            expected: reference.key.run_id.clone(),
        }));
    }
    apply_all(run, |draft| {
        let customer = customer_cell(
            editor,
            draft,
            (STEP, LIST, REFERENCE),
            reference.join_name().to_owned(),
            reference,
        )?;
        let row = add_row(draft, editor, STEP, LIST)?;
        // The date first: the decision is judged again, inside `Run::apply`,
        // as of the day it is recorded for.
        let cells = [
            customer,
            (
                REQUEST_TYPE,
                FieldValue::Choice(request.kind.id().to_owned()),
            ),
            (DECIDED_ON, FieldValue::Date(today)),
            (
                DECISION,
                FieldValue::Choice(Decision::Approved.id().to_owned()),
            ),
        ];
        for (column, value) in cells {
            editor.apply(
                draft,
                RunChange::SetRowValue {
                    step: STEP.to_owned(),
                    field: LIST.to_owned(),
                    row,
                    column: column.to_owned(),
                    value: Some(value),
                },
            )?;
        }
        Ok(row)
    })
    .map_err(ApproveError::Edit)
}
