//! Approving a request for execution: only when the reference is eligible,
//! available and within the usage tolerance. The decision is written to the
//! approvals list of the run that holds the reference, naming its request,
//! and the request is marked approved for that reference, so step 7, step 10
//! and the request list agree. Approving is once per request: a second click
//! finds the decision on record and changes nothing.

use std::fmt;

use chrono::NaiveDate;

use crate::domain::change::RunChange;
use crate::domain::run::Run;
use crate::domain::value::FieldValue;

use crate::domain::reference::approval_rule::{ApprovalBlock, can_approve};
use crate::domain::reference::ids::approvals::{
    DECIDED_ON, DECISION, LIST, REFERENCE, REQUEST, REQUEST_TYPE, STEP,
};
use crate::domain::reference::ids::{has_column, requests as req};
use crate::domain::reference::model::{
    Decision, History, ProgramSettings, Reference, Request, RequestStatus,
};

use super::editor::{
    EditError, Editor, add_row, apply_all, choice_in, customer_cell, rows_for_request,
};

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
    if reference.key.run_id != run.id {
        return Err(ApproveError::Edit(EditError::WrongRun {
            expected: reference.key.run_id.clone(),
        }));
    }
    // The request as recorded in this run (not as the page last read it).
    let own = request
        .key
        .as_ref()
        .filter(|k| k.run_id == run.id)
        .map(|k| k.row_id);
    if let Some(row) = own
        && already_approved(run, editor, row)
    {
        return Err(ApproveError::Edit(EditError::AlreadyDone(
            "This request is approved already.".to_owned(),
        )));
    }
    can_approve(reference, request, history, settings, today).map_err(ApproveError::Blocked)?;
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
        // The decision names its request, where the version can say so.
        let names_request = own
            .filter(|_| has_column(editor.template, STEP, LIST, REQUEST))
            .map(|r| (REQUEST, FieldValue::Picks(vec![r])));
        for (column, value) in names_request.into_iter().chain(cells) {
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
        let requests_open = draft.step(req::STEP).is_some_and(|s| !s.status.is_closed());
        if let Some(request_row) = own.filter(|_| requests_open) {
            // The request follows: approved, for this reference.
            let chosen = customer_cell(
                editor,
                draft,
                (req::STEP, req::LIST, req::CHOSEN_REFERENCE),
                reference.display_name(),
                reference,
            )?;
            let status = (
                req::STATUS,
                FieldValue::Choice(RequestStatus::Approved.id().to_owned()),
            );
            for (column, value) in [chosen, status] {
                editor.apply(
                    draft,
                    RunChange::SetRowValue {
                        step: req::STEP.to_owned(),
                        field: req::LIST.to_owned(),
                        row: request_row,
                        column: column.to_owned(),
                        value: Some(value),
                    },
                )?;
            }
        }
        Ok(row)
    })
    .map_err(ApproveError::Edit)
}

/// Whether request row `request` of `run` is approved already: its status
/// says so, or a decision of step 10 approves it.
fn already_approved(run: &Run, editor: &Editor<'_>, request: u32) -> bool {
    let approved = Decision::Approved.id();
    let status = crate::domain::reference::extract::rows_of(run, req::STEP, req::LIST)
        .iter()
        .find(|r| r.id == request)
        .and_then(|r| choice_in(r, req::STATUS))
        == Some(RequestStatus::Approved.id());
    status
        || (has_column(editor.template, STEP, LIST, REQUEST)
            && rows_for_request(run, (STEP, LIST, REQUEST), request)
                .any(|r| choice_in(r, DECISION) == Some(approved)))
}
